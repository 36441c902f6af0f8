"""The audit log in words: one stored row (action code, record key, before → after) as a sentence a
dean reads, in Chinese or English, with people's names instead of account names.

Pure: the caller hands over the names it looked up (:class:`Names`); dates are shown by a function it
passes (ROC by default). Every action code the services write has a phrase in :data:`PHRASES`
(tests/unit/test_audit_words.py walks the code for the codes and fails on one without a phrase).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.items import ItemKind, ItemState
from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.domain.roc import format_roc
from portfolio_desktop.domain.status import Status


@dataclass(frozen=True)
class ItemRef:
    """What names one portfolio item in a sentence."""

    student_no: str
    student_name: str
    kind: str  # ItemKind value
    title: str


@dataclass(frozen=True)
class Names:
    """The names a service looked up for the rows it shows: account → display name, 學號 → name,
    item id → its student, kind and title."""

    people: Mapping[str, str] = field(default_factory=dict)
    students: Mapping[str, str] = field(default_factory=dict)
    items: Mapping[str, ItemRef] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    actor: str
    on_behalf_of: str | None
    action: str
    entity: str
    key: str | None
    before: Any
    after: Any


# What each action does, said after the person: (zh, en). ``{target}`` is the record (a student, a
# person, an item…); a phrase without it names no record. An item's or a receipt's state change and a
# status change are said as "將 X 由 A 改為 B" (see :func:`sentence`).
PHRASES: dict[str, tuple[str, str]] = {
    "account.bootstrap": ("建立第一位管理者帳號 {target}", "created the first administrator account {target}"),
    "account.passwd": ("變更了 {target} 的密碼", "changed the password of {target}"),
    "account.reset": ("重設 {target} 的密碼（下次登入須自行設定）",
                      "reset the password of {target} (to be set at the next sign-in)"),
    "account.sign_in": ("登入", "signed in"),
    "account.sign_in_failed": ("登入失敗", "failed to sign in"),
    "account.unlock": ("解除 {target} 的帳號鎖定", "unlocked the account of {target}"),
    "audit.export": ("匯出稽核紀錄", "exported the audit log"),
    "authz.denied": ("想「{target}」，遭拒", "tried to {target} and was refused"),
    "backup.restore": ("還原備份", "restored a backup"),
    "consultation.add": ("登錄課程諮詢紀錄 {target}", "recorded consultation {target}"),
    "consultation.edit": ("修改課程諮詢紀錄 {target}", "edited consultation {target}"),
    "consultation.remove": ("刪除課程諮詢紀錄 {target}", "deleted consultation {target}"),
    "consultation.assign": ("指派諮詢學生給 {target}", "assigned students for consultation to {target}"),
    "consultation.unassign": ("取消指派 {target} 的諮詢學生", "withdrew students for consultation from {target}"),
    "consultation.export": ("匯出課程諮詢紀錄", "exported consultation records"),
    "course.add": ("新增課程 {target}", "added course {target}"),
    "course.update": ("修改課程 {target}", "changed course {target}"),
    "courses.import": ("匯入課程及選課檔 {target}", "imported courses and enrolments from {target}"),
    "db.copy": ("複製資料庫", "copied the database"),
    "demo.generate": ("產生示範名冊", "generated the demo roster"),
    "demo.items": ("產生示範學習歷程資料", "generated demo portfolio items"),
    "demo.receipts": ("產生示範收訖明細", "generated demo receipts"),
    "followup.export": ("匯出未完成名單", "exported a follow-up list"),
    "item.import": ("以匯入檔登錄 {target}", "recorded {target} from an imported file"),
    "item.upload": ("上傳 {target}", "uploaded {target}"),
    "item.certify": ("認證 {target}", "certified {target}"),
    "item.reject": ("認證 {target}", "certified {target}"),
    "item.select": ("勾選 {target}", "selected {target}"),
    "item.deselect": ("取消勾選 {target}", "deselected {target}"),
    "item.submit": ("提交 {target}", "submitted {target}"),
    "item.confirm": ("確認收訖 {target}", "confirmed the receipt of {target}"),
    "items.import": ("匯入學習歷程資料檔 {target}", "imported portfolio items from {target}"),
    "notice.print": ("列印郵寄通知", "printed mailed notices"),
    "notice.reprint": ("重印 {target} 的郵寄通知", "reprinted the notice of {target}"),
    "notice.mailing_list": ("匯出郵寄清單", "exported the mailing list"),
    "notice.labels": ("匯出地址標籤", "exported address labels"),
    "notice.mailed": ("登錄通知已寄出", "recorded notices as mailed"),
    "notice.reply": ("登錄 {target} 的回條", "recorded the reply slip of {target}"),
    "notice.returned": ("登錄 {target} 的通知退件", "recorded the returned notice of {target}"),
    "proxies.set": ("設定 {target} 的代理人名單", "set the proxy list of {target}"),
    "proxies.import": ("匯入 {target} 的代理人名單", "imported the proxy list of {target}"),
    "receipt.import": ("匯入收訖明細檔 {target}", "imported receipts from {target}"),
    "receipt.pending": ("登錄 {target} 的收訖", "recorded the receipt of {target}"),
    "receipt.confirmed": ("登錄 {target} 的收訖", "recorded the receipt of {target}"),
    "receipt.disputed": ("登錄 {target} 的收訖", "recorded the receipt of {target}"),
    "receipt.resolved": ("處理 {target} 的收訖疑義", "resolved the receipt question of {target}"),
    "roster.import": ("匯入名冊檔 {target}", "imported the roster file {target}"),
    "roster.export": ("匯出名冊", "exported the roster"),
    "roster.central_import": ("匯入中央資料庫名冊 {target}", "imported the central roster {target}"),
    "roster.submission": ("產生提交名冊", "made the submission roster"),
    "setting.set": ("變更設定「{target}」", "changed the setting \u201c{target}\u201d"),
    "setup.first_run": ("完成首次設定", "completed the first-run setup"),
    "setup.departments": ("設定科別", "set the departments"),
    "staff.create": ("新增人員 {target}", "added {target} to the staff"),
    "staff.roles": ("變更 {target} 的職務", "changed the roles of {target}"),
    "staff.departure": ("登錄 {target} 離職", "recorded the departure of {target}"),
    "staff.leave": ("登錄 {target} 請假", "recorded leave for {target}"),
    "student.add": ("新增學生 {target}", "added student {target}"),
    "student.update": ("更新學生 {target} 的資料", "updated the record of student {target}"),
    "student.status_change": ("登錄 {target} 的學籍異動", "recorded a status change of {target}"),
    "attendance.kept": ("登錄本學期出缺勤紀錄已建置", "recorded the term's attendance as kept"),
    "student.status_change_withdrawn": ("撤銷 {target} 誤登錄的學籍異動", "withdrew a status change of {target} "
                                        "recorded by mistake"),
    "window.set": ("設定作業期程 {target}", "set the schedule {target}"),
    "window.export": ("匯出作業期程", "exported the schedule"),
    "window.override": ("期程外補辦 {target}", "did late work {target}"),
    "window.countersign": ("會簽期程外補辦 {target}", "countersigned late work {target}"),
    "workgroup.member.add": ("新增工作小組成員 {target}", "added working-group member {target}"),
    "workgroup.member.update": ("修改工作小組成員 {target}", "changed working-group member {target}"),
    "workgroup.member.remove": ("移除工作小組成員 {target}", "removed working-group member {target}"),
    "workgroup.meeting.add": ("登錄工作小組會議 {target}", "recorded working-group meeting {target}"),
    "workgroup.meeting.minutes": ("更新會議 {target} 的紀錄檔", "updated the minutes of meeting {target}"),
    "workgroup.meeting.remove": ("刪除工作小組會議 {target}", "deleted working-group meeting {target}"),
    "workgroup.session.add": ("登錄宣導及研習場次 {target}", "recorded session {target}"),
    "workgroup.session.remove": ("刪除宣導及研習場次 {target}", "deleted session {target}"),
    "workgroup.self_check": ("設定 {target} 自我檢核日期", "set the self-check date of {target}"),
}

# The names of the fields the services put into before / after: (zh, en).
FIELDS: dict[str, tuple[str, str]] = {
    "account": ("帳號", "account"), "action": ("動作", "action"), "agenda": ("議題", "agenda"),
    "answer": ("答覆", "answer"), "at": ("時間", "time"), "at_school": ("在校", "at school"),
    "attachment": ("附件", "attachment"), "attachment_sha256": ("附件檢查碼", "attachment checksum"),
    "attachments_restored": ("還原附件數", "attachments restored"), "attendance": ("出席", "attendance"),
    "audiences": ("對象", "audiences"), "behind": ("未完成", "behind"), "category": ("類別", "category"),
    "changed_on": ("異動日期", "date of change"), "class": ("班級", "class"), "class_code": ("班級", "class"),
    "class_id": ("班級", "class"), "classes": ("班級", "classes"), "content": ("內容", "content"),
    "counts": ("筆數", "counts"), "course_code": ("課程代碼", "course code"), "deadline": ("截止日", "deadline"),
    "departed": ("離職", "departed"), "departed_on": ("離職日", "departure date"),
    "departments": ("科別", "departments"), "display_name": ("姓名", "name"), "division": ("學部", "division"),
    "division_id": ("學部", "division"), "divisions": ("學部", "divisions"), "duty": ("職掌", "duty"),
    "ends_at": ("截止", "ends"), "ends_on": ("迄日", "until"), "failed_count": ("失敗次數", "failed attempts"),
    "failures": ("失敗次數", "failed attempts"), "file": ("檔案", "file"), "from": ("原", "from"),
    "grace_until": ("帳號保留至", "kept until"), "grade": ("年級", "grade"), "held_on": ("日期", "date"),
    "ids_masked": ("身分證號遮蔽", "IDs masked"), "issued_on": ("發文日期", "issued on"),
    "item_id": ("項目", "item"), "items": ("項目", "items"), "kind": ("種類", "kind"), "label": ("名稱", "label"),
    "left_on": ("離校日", "left on"), "locked_until": ("鎖定至", "locked until"), "mailed_on": ("寄出日", "mailed on"),
    "mentor": ("導師", "mentor"), "minutes_sha256": ("紀錄檔檢查碼", "minutes checksum"), "mode": ("方式", "mode"),
    "must_change": ("須變更密碼", "must change password"), "name": ("名稱", "name"), "narrowed": ("限範圍", "narrowed"),
    "note": ("備註", "note"), "office": ("承辦處室", "office"), "on": ("日期", "date"),
    "opinions": ("意見", "opinions"), "organiser": ("主辦", "organiser"), "outcome": ("結果", "outcome"),
    "override_id": ("期程外放行", "late-entry permit"), "pages": ("頁數", "pages"),
    "permission": ("權限", "permission"), "person": ("人員", "person"), "place": ("地點", "place"),
    "position": ("職稱", "position"), "question": ("疑義", "question"), "reason": ("原因", "reason"),
    "reason_zh": ("原因", "reason"), "countersign": ("會簽", "countersignature"),
    "countersigned_at": ("會簽時間", "countersigned at"), "records": ("筆數", "records"), "removed": ("移除", "removed"),
    "reply": ("回覆", "reply"), "reprints": ("重印", "reprints"), "restored_from": ("還原自", "restored from"),
    "returned_on": ("退件日", "returned on"), "revision": ("版次", "revision"), "role": ("職務", "role"),
    "roles": ("職務", "roles"), "round": ("梯次", "round"), "rows": ("筆數", "rows"),
    "safety_backup": ("保險備份", "safety backup"), "school": ("學校", "school"),
    "school_year": ("學年度", "school year"), "scope": ("範圍", "scope"), "seat_no": ("座號", "seat"),
    "seed": ("亂數種子", "seed"), "sha256": ("檢查碼", "checksum"), "source": ("來源", "source"),
    "staff": ("人員", "staff"), "starts_at": ("開始", "starts"), "starts_on": ("起日", "from"),
    "state": ("狀態", "state"), "status": ("學籍狀態", "status"), "student_id": ("學生", "student"),
    "student_no": ("學號", "student no."), "students": ("學生數", "students"),
    "students_selected": ("已勾選學生數", "students selected"),
    "students_submitted": ("已提交學生數", "students submitted"),
    "students_uploaded": ("已上傳學生數", "students uploaded"), "teacher": ("教師", "teacher"),
    "term": ("學期", "term"), "term_id": ("學期", "term"), "title": ("標題", "title"), "via": ("方式", "via"),
    "window": ("期程", "window"),
    "address": ("地址", "address"),
    "birth_date": ("生日", "date of birth"),
    "class_kind": ("班別", "class type"),
    "department": ("科別", "department"),
    "gender": ("性別", "gender"),
    "guardian": ("監護人", "guardian"),
    "national_id": ("身分證字號", "national ID"),
    "special_status": ("特殊身分別", "special status"),
    "certification": ("認證達成門檻", "certification threshold"),
    "contact": ("承辦人", "contact"),
    "courses": ("課程", "courses"),
    "doc_prefix": ("發文字號", "reference prefix"),
    "email": ("電子郵件", "email"),
    "enrolments": ("修課紀錄", "enrolments"),
    "fax": ("傳真", "fax"),
    "logo_path": ("校徽圖檔", "school emblem file"),
    "min_items": ("最少件數", "minimum items"),
    "phone": ("電話", "phone"),
    "postal_code": ("郵遞區號", "postal code"),
    "rare_names": ("罕用字姓名", "rare-character names"),
    "resident_ids": ("居留證號", "resident certificate numbers"),
    "school_name": ("校名", "school name"),
    "states": ("各狀態件數", "items by state"),
    "status_changes": ("學籍異動", "status changes"),
    "submission": ("提交達成門檻", "submission threshold"),
}

# The school settings by key (services/settings.py set_setting): (zh, en).
SETTINGS: dict[str, tuple[str, str]] = {
    "school.name": ("學校名稱", "school name"), "school.code": ("學校代碼", "school code"),
    "school.divisions": ("學部", "divisions"), "school.current_term": ("目前學期", "current term"),
    "notices.letterhead": ("通知信頭", "notice letterhead"), "notices.envelope": ("信封", "envelope"),
    "notices.reply_days": ("回條期限天數", "days to reply"), "notices.options": ("通知選項", "notice options"),
    "items.caps": ("項目上限", "item caps"), "items.submit_roles": ("提交承辦處室", "submitting offices"),
    "dashboard.behind_days": ("落後提醒天數", "days before behind"),
    "evaluation.thresholds": ("評鑑門檻", "evaluation thresholds"),
    "workgroup.compliance": ("工作小組規定", "working-group rules"),
    "backup.folder": ("備份資料夾", "backup folder"), "backup.keep": ("備份保留份數", "backups kept"),
    "backup.encrypt": ("備份加密", "encrypted backups"), "backup.daily": ("每日自動備份", "daily backup"),
    "backup.on_exit": ("結束時備份", "backup on exit"),
}


_DIVISION_WORDS = {"day": ("日間部", "day division"), "night": ("進修部", "night division")}

# A student's record (entity "student"): the fields whose generic name or stored code says less than
# the roster's own words, and the values stored as codes.
_STUDENT_FIELDS: dict[str, tuple[str, str]] = {"name": ("姓名", "name"), "division": ("部別", "division")}
_STUDENT_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "gender": {"F": ("女", "female"), "M": ("男", "male")},
    "division": _DIVISION_WORDS,
}


def setting_name(key: str, *, english: bool = False) -> str:
    """A setting by its name; a per-division letterhead (notices.letterhead.night) and an import
    mapping (import_mapping.<kind>) by their families."""
    if key in SETTINGS:
        return _pick(SETTINGS[key], english)
    head, _, rest = key.rpartition(".")
    if head in SETTINGS:
        part = _DIVISION_WORDS.get(rest, (rest, rest))  # notices.letterhead.night: 進修部
        return f"{_pick(SETTINGS[head], english)}（{part[0]}）" if not english else f"{_pick(SETTINGS[head], True)} ({part[1]})"
    if key.startswith("import"):
        return ("匯入欄位對應" if not english else "import column mapping") + f"（{key.rpartition('.')[2]}）"
    return key


# Stored codes shown as words: item states, 學籍狀態, receipt states, sign-in failure reasons.
_VALUES: dict[str, tuple[str, str]] = {
    **{s.value: (s.zh, s.en) for s in ItemState},
    **{s.value: (s.zh, s.value.replace("_", " ")) for s in Status},
    **{s.value: (s.zh, s.value) for s in ReceiptState},
    **{k.value: (k.zh, k.en) for k in ItemKind},
    "unknown user": ("無此帳號", "unknown user"), "disabled": ("帳號已停用", "account disabled"),
    "throttled": ("嘗試過多暫停登入", "too many attempts"), "wrong password": ("密碼錯誤", "wrong password"),
    "departed": ("已離職", "departed"), "first password not changed": ("首次密碼未變更", "first password not changed"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?$")
_STATE_ACTIONS = ("item.", "receipt.")
_SKIPPED = {"reason_zh", "override_id", "item_id", "student_id", "term_id", "class_id", "division_id"}


def _pick(pair: tuple[str, str], english: bool) -> str:
    return pair[1] if english else pair[0]


def field_name(key: str, *, english: bool = False) -> str:
    """A before/after field in words; a key no table knows is made readable (``foo_bar`` → foo bar)."""
    pair = FIELDS.get(key) or _VALUES.get(key)  # a code used as a key (items by state) reads as its name
    return _pick(pair, english) if pair else key.replace("_", " ")


def value_text(value: Any, *, english: bool = False, date_text: Callable[[dt.date], str] = format_roc) -> str:
    """One stored value in words: a code as its name, a date (ISO text) as ``date_text`` shows it,
    yes/no, a list joined, nothing as （空）."""
    none = "(none)" if english else "（空）"
    if value is None or value == "" or value == [] or value == {}:
        return none
    if isinstance(value, bool):
        return ("yes" if value else "no") if english else ("是" if value else "否")
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()
    if isinstance(value, str):
        if value in _VALUES:
            return _pick(_VALUES[value], english)
        if _ISO_DATE.match(value):
            return date_text(dt.date.fromisoformat(value))
        if m := _ISO_TIME.match(value):
            return f"{date_text(dt.date.fromisoformat(m.group(1)))} {m.group(2)}"
        return value
    if isinstance(value, list):
        return ("、" if not english else ", ").join(value_text(v, english=english, date_text=date_text) for v in value)
    if isinstance(value, dict) and "role" in value:  # a held role, as the accounts write it
        return _role_text(value, english)
    if isinstance(value, dict):
        sep = "；" if not english else "; "
        colon = "：" if not english else ": "
        return sep.join(f"{field_name(str(k), english=english)}{colon}{value_text(v, english=english, date_text=date_text)}"
                        for k, v in value.items() if k not in _SKIPPED and v not in (None, "", [], {}))
    return str(value)


def _role_text(value: dict[str, Any], english: bool) -> str:
    """導師（班級 #3）, 註冊組, 任課教師（C101）: a role held, by the school's office names."""
    from portfolio_desktop.domain.roles import Role, role_label, role_label_en

    try:
        role = Role(str(value.get("role")))
    except ValueError:
        return str(value.get("role"))
    division = value.get("division")
    text = role_label_en(role, division) if english else role_label(role, division)
    detail = value.get("course_code") or (f"#{value['class_id']}" if value.get("class_id") else "")
    return f"{text} ({detail})" if english and detail else f"{text}（{detail}）" if detail else text


def changes(before: Any, after: Any, *, english: bool = False,
            date_text: Callable[[dt.date], str] = format_roc, entity: str | None = None) -> list[str]:
    """Before → after as short lines (「狀態：待確認 → 確認無誤」): for two records the fields that differ,
    for a new one its fields, for a removed one what it was. A student's record (``entity`` "student")
    names its fields as the roster does, its codes in words and the national ID masked."""
    student = entity == "student"

    def show(v: Any, key: str = "") -> str:
        if student:
            if key == "national_id" and isinstance(v, str) and v:
                return mask_id(v)
            pair = _STUDENT_VALUES.get(key, {}).get(v) if isinstance(v, str) else None
            if pair is not None:
                return _pick(pair, english)
        return value_text(v, english=english, date_text=date_text)

    def name(k: str) -> str:
        pair = _STUDENT_FIELDS.get(k) if student else None
        return _pick(pair, english) if pair else field_name(k, english=english)

    colon = ": " if english else "："
    if isinstance(before, dict) or isinstance(after, dict):
        b = before if isinstance(before, dict) else {}
        a = after if isinstance(after, dict) else {}
        lines = []
        for key in [*a.keys(), *(k for k in b if k not in a)]:
            if key in _SKIPPED or b.get(key) == a.get(key) and before is not None:
                continue
            if before is None and a.get(key) in (None, "", [], {}):
                continue  # a new record's empty fields say nothing
            if before is None or (after is None and key in b):
                lines.append(f"{name(key)}{colon}{show(a.get(key, b.get(key)), key)}")
            else:
                lines.append(f"{name(key)}{colon}{show(b.get(key), key)} → {show(a.get(key), key)}")
        return lines
    if before is None and after is None:
        return []
    if before is None:
        return [show(after)]
    if after is None:
        return [show(before)]
    return [f"{show(before)} → {show(after)}"] if before != after else []


def person(username: str | None, names: Names) -> str:
    """A person by display name; an account no one has (a failed sign-in) as typed."""
    if not username:
        return ""
    return names.people.get(username, username)


def student(student_no: str, names: Names) -> str:
    name = names.students.get(student_no)
    return f"{student_no} {name}" if name else student_no


def target(entry: Entry, names: Names, *, english: bool = False) -> str:
    """The record a row is about, named as a person reads it."""
    key = entry.key or ""
    if entry.entity == "student" or (entry.entity in ("notice", "receipt") and key[:1].isdigit()):
        head, _, rest = key.partition(" ")
        return student(head, names) + (f" {rest}" if rest else "")
    if entry.entity == "proxy_list" and key.startswith("person:"):
        return person(key[len("person:"):], names)
    if entry.entity == "proxy_list" and key.startswith("function:"):
        from portfolio_desktop.domain.roles import Role, role_label, role_label_en

        _, code, division = (key.split(":") + [""])[:3]
        try:
            role = Role(code)
        except ValueError:
            return key
        return role_label_en(role, division or None) if english else role_label(role, division or None)
    if entry.entity in ("staff", "account", "proxy_list") or entry.action.startswith("consultation.") and \
            entry.entity == "consultant_assignment":
        return person(key, names)
    if entry.entity == "portfolio_item":
        ref = names.items.get(key)
        if ref is None:
            return f"#{key}"
        kind = _pick(_VALUES[ref.kind], english) if ref.kind in _VALUES else ref.kind
        who = f"{ref.student_no} {ref.student_name}".strip()
        return f"{who}'s {kind} \u201c{ref.title}\u201d" if english else f"{who} 的 {kind}『{ref.title}』"
    if entry.entity == "setting":
        return setting_name(key, english=english)
    if entry.entity == "permission":
        from portfolio_desktop.domain.roles import Permission

        try:
            perm = Permission(key)
        except ValueError:
            return key
        return perm.value.replace(".", " ") if english else perm.zh
    return key


def _who(entry: Entry, names: Names, english: bool) -> str:
    who = person(entry.actor, names) or ("(someone)" if english else "（不明）")
    if entry.on_behalf_of:
        joiner = " for " if english else " 代 "
        who += joiner + person(entry.on_behalf_of, names)
    return who


def _state(data: Any) -> str | None:
    return data.get("state") if isinstance(data, dict) else None


def sentence(entry: Entry, names: Names, *, english: bool = False,
             date_text: Callable[[dt.date], str] = format_roc) -> str:
    """The row as one sentence: 「陳註冊 代 王老師 將 1130005 彭宸家 的 課程學習成果『…』由 已上傳 改為 認證通過」.

    A state change (items, receipts, 學籍異動) names the before and after state; a refusal says what was
    refused and why, in the reader's language; other rows say what was done to which record."""
    who = _who(entry, names, english)
    what = target(entry, names, english=english)
    old, new = _state(entry.before), _state(entry.after)
    if entry.action == "student.status_change" and isinstance(entry.after, dict):
        old = entry.before.get("status") if isinstance(entry.before, dict) else None
        new = entry.after.get("status")
    gap = "" if what.endswith("』") else " "  # 「…『標題』由 A 改為 B」
    if entry.action.startswith(_STATE_ACTIONS) and new is not None or entry.action == "student.status_change":
        shown_new = value_text(new, english=english)
        if old is not None and old != new:
            shown_old = value_text(old, english=english)
            return (f"{who} changed {what} from {shown_old} to {shown_new}" if english
                    else f"{who} 將 {what}{gap}由 {shown_old} 改為 {shown_new}")
        if new is not None:
            return f"{who} set {what} to {shown_new}" if english else f"{who} 將 {what}{gap}設為 {shown_new}"
    phrase = PHRASES.get(entry.action)
    if phrase is None:  # a code this table does not know: still a sentence, never the bare code
        verb = ("did {0} on {target}" if english else "執行 {0}：{target}").format(entry.action, target=what)
    else:
        verb = _pick(phrase, english).format(target=what).strip()
    text = f"{who} {verb}"
    if entry.action == "authz.denied" and isinstance(entry.after, dict):
        reason = entry.after.get("reason") if english else entry.after.get("reason_zh") or entry.after.get("reason")
        if reason:
            text += f": {reason}" if english else f"：{reason}"
    elif entry.action == "student.status_change_withdrawn" and isinstance(entry.after, dict) \
            and isinstance(entry.before, dict):
        was = value_text(entry.before.get("status"), english=english)
        back = value_text(entry.after.get("status"), english=english)
        why = entry.after.get("reason") or ""
        text += (f" ({was} back to {back}; reason: {why})" if english
                 else f"（由 {was} 改回 {back}；原因：{why}）")
    elif entry.action == "account.sign_in_failed" and isinstance(entry.after, dict):
        reason = entry.after.get("reason")
        if reason:
            text += f" ({value_text(reason, english=True)})" if english else f"（{value_text(reason)}）"
    return text
