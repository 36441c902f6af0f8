"""Names of domain values as the UI shows them (學籍狀態, item kinds and states, 多元表現 categories,
window kinds, receipt states, roles, 部別 …), in the UI language.

The domain keeps the zh_TW name (``member.zh``); :func:`label` looks it up in Qt's translation system
under one fixed context per kind (the enum's name), so the English catalogue gives the English name.
The ``QT_TRANSLATE_NOOP`` tables below list every value so that ``lupdate`` collects them;
tests/gui/test_translations.py checks that they cover every member of every kind in :data:`KINDS`.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.compliance import Audience, Check, CheckStatus, SessionKind
from portfolio_desktop.domain.evaluation import Candidate, Completion, Duty, Office
from portfolio_desktop.domain.items import Action, ItemKind, ItemState, MPCategory, state_label
from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.domain.roles import Permission, Role, role_label
from portfolio_desktop.domain.status import Status
from portfolio_desktop.domain.windows import Behind, WindowKind
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.services.items.followup import FollowupKind

# The translation context of each kind: its enum's name (never an alias such as items.S).
KINDS: dict[type[Enum], str] = {
    Status: "Status", ItemKind: "ItemKind", ItemState: "ItemState", Action: "Action", MPCategory: "MPCategory",
    WindowKind: "WindowKind", Behind: "Behind", ReceiptState: "ReceiptState", ConfirmVia: "ConfirmVia",
    SessionKind: "SessionKind", Audience: "Audience", CheckStatus: "CheckStatus", Duty: "Duty",
    Permission: "Permission", FollowupKind: "FollowupKind",
}

TABLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Status", "在學"), QT_TRANSLATE_NOOP("Status", "休學"),
    QT_TRANSLATE_NOOP("Status", "復學"), QT_TRANSLATE_NOOP("Status", "轉入"),
    QT_TRANSLATE_NOOP("Status", "轉出"), QT_TRANSLATE_NOOP("Status", "重讀"),
    QT_TRANSLATE_NOOP("Status", "借讀"), QT_TRANSLATE_NOOP("Status", "退學"),
    QT_TRANSLATE_NOOP("Status", "畢業"), QT_TRANSLATE_NOOP("Status", "離校"),
    QT_TRANSLATE_NOOP("ItemKind", "課程學習成果"), QT_TRANSLATE_NOOP("ItemKind", "多元表現"),
    QT_TRANSLATE_NOOP("ItemKind", "幹部經歷"), QT_TRANSLATE_NOOP("ItemKind", "修課紀錄"),
    QT_TRANSLATE_NOOP("ItemKind", "課程諮詢紀錄"),
    QT_TRANSLATE_NOOP("ItemState", "已上傳"), QT_TRANSLATE_NOOP("ItemState", "認證通過"),
    QT_TRANSLATE_NOOP("ItemState", "未通過認證"), QT_TRANSLATE_NOOP("ItemState", "已勾選"),
    QT_TRANSLATE_NOOP("ItemState", "已提交"), QT_TRANSLATE_NOOP("ItemState", "已確認收訖"),
    QT_TRANSLATE_NOOP("ItemState", "已登錄"),  # domain.items.state_label: office-entered records
    QT_TRANSLATE_NOOP("Action", "上傳"), QT_TRANSLATE_NOOP("Action", "認證通過"),
    QT_TRANSLATE_NOOP("Action", "認證不通過"), QT_TRANSLATE_NOOP("Action", "勾選"),
    QT_TRANSLATE_NOOP("Action", "取消勾選"), QT_TRANSLATE_NOOP("Action", "提交"),
    QT_TRANSLATE_NOOP("Action", "確認收訖"), QT_TRANSLATE_NOOP("Action", "匯入"),  # services.items HistoryRow
    QT_TRANSLATE_NOOP("MPCategory", "幹部經歷"), QT_TRANSLATE_NOOP("MPCategory", "競賽參與"),
    QT_TRANSLATE_NOOP("MPCategory", "檢定證照"), QT_TRANSLATE_NOOP("MPCategory", "志工服務"),
    QT_TRANSLATE_NOOP("MPCategory", "彈性學習時間"), QT_TRANSLATE_NOOP("MPCategory", "團體活動時間"),
    QT_TRANSLATE_NOOP("MPCategory", "職場學習"), QT_TRANSLATE_NOOP("MPCategory", "作品成果"),
    QT_TRANSLATE_NOOP("MPCategory", "其他多元表現"),
    QT_TRANSLATE_NOOP("WindowKind", "上傳"), QT_TRANSLATE_NOOP("WindowKind", "認證"),
    QT_TRANSLATE_NOOP("WindowKind", "勾選"), QT_TRANSLATE_NOOP("WindowKind", "提交"),
    QT_TRANSLATE_NOOP("WindowKind", "收訖確認"), QT_TRANSLATE_NOOP("WindowKind", "自我檢核"),
    QT_TRANSLATE_NOOP("Behind", "尚未上傳課程學習成果"), QT_TRANSLATE_NOOP("Behind", "有成果待教師認證"),
    QT_TRANSLATE_NOOP("Behind", "尚未勾選"), QT_TRANSLATE_NOOP("Behind", "尚未確認收訖"),
    QT_TRANSLATE_NOOP("ReceiptState", "待確認"), QT_TRANSLATE_NOOP("ReceiptState", "確認無誤"),
    QT_TRANSLATE_NOOP("ReceiptState", "有疑義"),
    QT_TRANSLATE_NOOP("ConfirmVia", "線上確認"), QT_TRANSLATE_NOOP("ConfirmVia", "回條"),
    QT_TRANSLATE_NOOP("ConfirmVia", "到校或電話確認"),
    QT_TRANSLATE_NOOP("SessionKind", "宣導說明"), QT_TRANSLATE_NOOP("SessionKind", "系統操作訓練"),
    QT_TRANSLATE_NOOP("SessionKind", "專業研習"), QT_TRANSLATE_NOOP("SessionKind", "成果發表"),
    QT_TRANSLATE_NOOP("Audience", "學生"), QT_TRANSLATE_NOOP("Audience", "教師"),
    QT_TRANSLATE_NOOP("Audience", "家長"),
    QT_TRANSLATE_NOOP("CheckStatus", "已完成"), QT_TRANSLATE_NOOP("CheckStatus", "待辦"),
    QT_TRANSLATE_NOOP("CheckStatus", "逾期"),
    QT_TRANSLATE_NOOP("Duty", "課程學習成果認證"), QT_TRANSLATE_NOOP("Duty", "資料提交"),
    QT_TRANSLATE_NOOP("Permission", "查看學籍資料"), QT_TRANSLATE_NOOP("Permission", "登錄學籍資料"),
    QT_TRANSLATE_NOOP("Permission", "學籍異動"), QT_TRANSLATE_NOOP("Permission", "登錄修課紀錄及成績"),
    QT_TRANSLATE_NOOP("Permission", "維護課程及選課"), QT_TRANSLATE_NOOP("Permission", "課程學習成果勾選作業"),
    QT_TRANSLATE_NOOP("Permission", "認證課程學習成果"), QT_TRANSLATE_NOOP("Permission", "提交課程學習成果"),
    QT_TRANSLATE_NOOP("Permission", "登錄幹部經歷"), QT_TRANSLATE_NOOP("Permission", "提交多元表現及幹部經歷"),
    QT_TRANSLATE_NOOP("Permission", "登錄出缺勤"), QT_TRANSLATE_NOOP("Permission", "登錄課程諮詢紀錄"),
    QT_TRANSLATE_NOOP("Permission", "查看進度追蹤"), QT_TRANSLATE_NOOP("Permission", "確認收訖明細"),
    QT_TRANSLATE_NOOP("Permission", "製作及登錄郵寄通知"), QT_TRANSLATE_NOOP("Permission", "訂定作業期程"),
    QT_TRANSLATE_NOOP("Permission", "期程外補登（逾期放行）"),
    QT_TRANSLATE_NOOP("Permission", "維護代理人名單及代理順位"),
    QT_TRANSLATE_NOOP("Permission", "自我檢核及成效評核"), QT_TRANSLATE_NOOP("Permission", "管理帳號及職務"),
    QT_TRANSLATE_NOOP("Permission", "變更學校設定"), QT_TRANSLATE_NOOP("Permission", "備份資料"),
    QT_TRANSLATE_NOOP("Permission", "查看稽核紀錄"),
    QT_TRANSLATE_NOOP("Permission", "查看學校作業資料（期程、課程、工作小組）"),
    QT_TRANSLATE_NOOP("FollowupKind", "未上傳課程學習成果名單"),
    QT_TRANSLATE_NOOP("FollowupKind", "待認證課程學習成果（依任課教師）"),
    QT_TRANSLATE_NOOP("FollowupKind", "尚未勾選名單"), QT_TRANSLATE_NOOP("FollowupKind", "待提交項目（依提交單位）"),
)

# Office names (domain/roles.py role_label) and 部別 (domain/roles.py DIVISIONS).
ROLE_CONTEXT = "Role"
ROLE_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Role", "註冊組"), QT_TRANSLATE_NOOP("Role", "進修部教務組"),
    QT_TRANSLATE_NOOP("Role", "註冊組／進修部教務組"), QT_TRANSLATE_NOOP("Role", "教學組"),
    QT_TRANSLATE_NOOP("Role", "訓育組"), QT_TRANSLATE_NOOP("Role", "進修部學務組"),
    QT_TRANSLATE_NOOP("Role", "訓育組／進修部學務組"), QT_TRANSLATE_NOOP("Role", "生輔組"),
    QT_TRANSLATE_NOOP("Role", "進修部生輔組"), QT_TRANSLATE_NOOP("Role", "生輔組／進修部生輔組"),
    QT_TRANSLATE_NOOP("Role", "導師"), QT_TRANSLATE_NOOP("Role", "任課教師"),
    QT_TRANSLATE_NOOP("Role", "課程諮詢教師"), QT_TRANSLATE_NOOP("Role", "資訊媒體組"),
    QT_TRANSLATE_NOOP("Role", "教務主任（執行秘書）"), QT_TRANSLATE_NOOP("Role", "系統管理者"),
)
DIVISION_CONTEXT = "Division"
DIVISION_NAMES: dict[str, str] = {
    "day": QT_TRANSLATE_NOOP("Division", "日間部"), "night": QT_TRANSLATE_NOOP("Division", "進修部"),
}


def label(value: Enum) -> str:
    """The UI name of one domain value: ``label(Status.ENROLLED)`` → 在學 / enrolled."""
    context = KINDS.get(type(value))
    zh: str = value.zh  # type: ignore[attr-defined]
    return QCoreApplication.translate(context, zh) if context is not None else zh


def item_state(kind: ItemKind, state: ItemState) -> str:
    """An item's state as listed (已登錄 for records the office enters, domain.items.state_label)."""
    return QCoreApplication.translate("ItemState", state_label(kind, state))


def item_kind(kind: ItemKind, category: MPCategory | None = None) -> str:
    """課程學習成果, or 多元表現（競賽參與） with its category."""
    if category is None:
        return label(kind)
    return QCoreApplication.translate("labels", "{kind}（{category}）").format(kind=label(kind), category=label(category))


def action_name(action: str) -> str:
    """An item history action: an Action code, or "import" (匯入)."""
    if action == "import":
        return QCoreApplication.translate("Action", "匯入")
    return label(Action(action))


def labels(values: object, separator: str | None = None) -> str:
    """Several values joined the way the UI language lists things (、 in Chinese, ", " in English)."""
    joiner = separator if separator is not None else list_separator()
    return joiner.join(label(v) for v in values)  # type: ignore[attr-defined]


def list_separator() -> str:
    return QCoreApplication.translate("labels", "、")


def role_name(role: Role, division: str | None = None) -> str:
    """The office name as the school writes it (註冊組 / 進修部教務組), in the UI language."""
    return QCoreApplication.translate(ROLE_CONTEXT, role_label(role, division))


def grant_text(text: str) -> str:
    """A held role as the services write it (導師（301）, 註冊組（兩部）, 任課教師（C1234）) in the UI
    language: the office name translated, the detail in brackets kept."""
    for zh in sorted(ROLE_NAMES, key=len, reverse=True):
        if not text.startswith(zh):
            continue
        role, rest = QCoreApplication.translate(ROLE_CONTEXT, zh), text[len(zh):]
        if rest == "（兩部）":  # not UI: the form staff_store writes
            return QCoreApplication.translate("labels", "{role}（兩部）").format(role=role)
        if rest.startswith("（") and rest.endswith("）"):  # not UI: the form staff_store writes
            return QCoreApplication.translate("labels", "{role}（{detail}）").format(role=role, detail=rest[1:-1])
        return role + rest
    return text


def division_text(name: str) -> str:
    """A division's name as the services hand it over (日間部), translated when the catalogue knows it;
    a division the school named itself stays as written."""
    return QCoreApplication.translate(DIVISION_CONTEXT, name) if name else name


GENDERS: dict[str, str] = {"M": QT_TRANSLATE_NOOP("Gender", "男"), "F": QT_TRANSLATE_NOOP("Gender", "女")}


def gender(code: str | None) -> str:
    """男 / 女 from the stored M / F; anything else as stored."""
    zh = GENDERS.get(code or "")
    return QCoreApplication.translate("Gender", zh) if zh is not None else (code or "")


# --- the audit log (services/accounts/audit_log.py): action and entity codes as the audit page shows them ----------
# Every code a service writes (grep `action=` / `insert_audit(`); item.<Action> and receipt.<ReceiptState>
# are written with the enum's value. tests/gui/test_translations.py scans the code for the codes and
# checks that each one is listed here (and so has an English name in the catalogue).
AUDIT_ACTION_CONTEXT = "AuditAction"
AUDIT_ACTIONS: dict[str, str] = {
    "account.bootstrap": QT_TRANSLATE_NOOP("AuditAction", "建立第一位管理者"),
    "account.passwd": QT_TRANSLATE_NOOP("AuditAction", "變更密碼"),
    "account.reset": QT_TRANSLATE_NOOP("AuditAction", "重設密碼"),
    "account.sign_in": QT_TRANSLATE_NOOP("AuditAction", "登入"),
    "account.sign_in_failed": QT_TRANSLATE_NOOP("AuditAction", "登入失敗"),
    "account.unlock": QT_TRANSLATE_NOOP("AuditAction", "解除帳號鎖定"),
    "audit.export": QT_TRANSLATE_NOOP("AuditAction", "匯出稽核紀錄"),
    "authz.denied": QT_TRANSLATE_NOOP("AuditAction", "權限不足遭拒"),
    "backup.restore": QT_TRANSLATE_NOOP("AuditAction", "還原備份"),
    "consultation.add": QT_TRANSLATE_NOOP("AuditAction", "登錄課程諮詢紀錄"),
    "consultation.edit": QT_TRANSLATE_NOOP("AuditAction", "修改課程諮詢紀錄"),
    "consultation.remove": QT_TRANSLATE_NOOP("AuditAction", "刪除課程諮詢紀錄"),
    "consultation.assign": QT_TRANSLATE_NOOP("AuditAction", "指派諮詢學生"),
    "consultation.unassign": QT_TRANSLATE_NOOP("AuditAction", "取消指派諮詢學生"),
    "consultation.export": QT_TRANSLATE_NOOP("AuditAction", "匯出課程諮詢紀錄"),
    "course.add": QT_TRANSLATE_NOOP("AuditAction", "新增課程"),
    "course.update": QT_TRANSLATE_NOOP("AuditAction", "修改課程"),
    "courses.import": QT_TRANSLATE_NOOP("AuditAction", "匯入課程及選課"),
    "db.copy": QT_TRANSLATE_NOOP("AuditAction", "複製資料庫"),
    "demo.generate": QT_TRANSLATE_NOOP("AuditAction", "產生示範名冊"),
    "demo.items": QT_TRANSLATE_NOOP("AuditAction", "產生示範學習歷程資料"),
    "demo.receipts": QT_TRANSLATE_NOOP("AuditAction", "產生示範收訖明細"),
    "followup.export": QT_TRANSLATE_NOOP("AuditAction", "匯出未完成名單"),
    "item.import": QT_TRANSLATE_NOOP("AuditAction", "項目匯入"),
    "item.upload": QT_TRANSLATE_NOOP("AuditAction", "項目上傳"),
    "item.certify": QT_TRANSLATE_NOOP("AuditAction", "項目認證通過"),
    "item.reject": QT_TRANSLATE_NOOP("AuditAction", "項目認證不通過"),
    "item.select": QT_TRANSLATE_NOOP("AuditAction", "項目勾選"),
    "item.deselect": QT_TRANSLATE_NOOP("AuditAction", "項目取消勾選"),
    "item.submit": QT_TRANSLATE_NOOP("AuditAction", "項目提交"),
    "item.confirm": QT_TRANSLATE_NOOP("AuditAction", "項目確認收訖"),
    "items.import": QT_TRANSLATE_NOOP("AuditAction", "匯入學習歷程資料"),
    "notice.print": QT_TRANSLATE_NOOP("AuditAction", "列印郵寄通知"),
    "notice.reprint": QT_TRANSLATE_NOOP("AuditAction", "重印郵寄通知"),
    "notice.mailing_list": QT_TRANSLATE_NOOP("AuditAction", "匯出郵寄清單"),
    "notice.labels": QT_TRANSLATE_NOOP("AuditAction", "匯出地址標籤"),
    "notice.mailed": QT_TRANSLATE_NOOP("AuditAction", "登錄通知寄出"),
    "notice.reply": QT_TRANSLATE_NOOP("AuditAction", "登錄回條"),
    "notice.returned": QT_TRANSLATE_NOOP("AuditAction", "登錄通知退件"),
    "proxies.set": QT_TRANSLATE_NOOP("AuditAction", "設定代理人名單"),
    "proxies.import": QT_TRANSLATE_NOOP("AuditAction", "匯入代理人名單"),
    "receipt.import": QT_TRANSLATE_NOOP("AuditAction", "匯入收訖明細"),
    "receipt.pending": QT_TRANSLATE_NOOP("AuditAction", "收訖改為待確認"),
    "receipt.confirmed": QT_TRANSLATE_NOOP("AuditAction", "收訖確認無誤"),
    "receipt.disputed": QT_TRANSLATE_NOOP("AuditAction", "收訖有疑義"),
    "receipt.resolved": QT_TRANSLATE_NOOP("AuditAction", "收訖疑義處理"),
    "roster.import": QT_TRANSLATE_NOOP("AuditAction", "匯入名冊"),
    "roster.export": QT_TRANSLATE_NOOP("AuditAction", "匯出名冊"),
    "roster.central_import": QT_TRANSLATE_NOOP("AuditAction", "匯入中央資料庫名冊"),
    "roster.submission": QT_TRANSLATE_NOOP("AuditAction", "產生提交名冊"),
    "setting.set": QT_TRANSLATE_NOOP("AuditAction", "變更設定"),
    "setup.first_run": QT_TRANSLATE_NOOP("AuditAction", "首次設定"),
    "setup.departments": QT_TRANSLATE_NOOP("AuditAction", "設定科別"),
    "staff.create": QT_TRANSLATE_NOOP("AuditAction", "新增人員"),
    "staff.roles": QT_TRANSLATE_NOOP("AuditAction", "變更職務"),
    "staff.departure": QT_TRANSLATE_NOOP("AuditAction", "登錄離職"),
    "staff.leave": QT_TRANSLATE_NOOP("AuditAction", "登錄請假"),
    "student.add": QT_TRANSLATE_NOOP("AuditAction", "新增學生"),
    "student.update": QT_TRANSLATE_NOOP("AuditAction", "更新學生資料"),
    "student.status_change": QT_TRANSLATE_NOOP("AuditAction", "登錄學籍異動"),
    "attendance.kept": QT_TRANSLATE_NOOP("AuditAction", "登錄出缺勤"),
    "student.status_change_withdrawn": QT_TRANSLATE_NOOP("AuditAction", "撤銷學籍異動"),
    "window.set": QT_TRANSLATE_NOOP("AuditAction", "設定作業期程"),
    "window.export": QT_TRANSLATE_NOOP("AuditAction", "匯出作業期程"),
    "window.override": QT_TRANSLATE_NOOP("AuditAction", "期程外補辦"),
    "window.countersign": QT_TRANSLATE_NOOP("AuditAction", "會簽期程外補辦"),
    "workgroup.member.add": QT_TRANSLATE_NOOP("AuditAction", "新增工作小組成員"),
    "workgroup.member.update": QT_TRANSLATE_NOOP("AuditAction", "修改工作小組成員"),
    "workgroup.member.remove": QT_TRANSLATE_NOOP("AuditAction", "移除工作小組成員"),
    "workgroup.meeting.add": QT_TRANSLATE_NOOP("AuditAction", "登錄工作小組會議"),
    "workgroup.meeting.minutes": QT_TRANSLATE_NOOP("AuditAction", "更新會議紀錄檔"),
    "workgroup.meeting.remove": QT_TRANSLATE_NOOP("AuditAction", "刪除工作小組會議"),
    "workgroup.session.add": QT_TRANSLATE_NOOP("AuditAction", "登錄宣導及研習場次"),
    "workgroup.session.remove": QT_TRANSLATE_NOOP("AuditAction", "刪除宣導及研習場次"),
    "workgroup.self_check": QT_TRANSLATE_NOOP("AuditAction", "設定自我檢核日期"),
}
# The families (the part before the first dot), for the audit page's kind filter.
AUDIT_KIND_CONTEXT = "AuditKind"
AUDIT_KINDS: dict[str, str] = {
    "account": QT_TRANSLATE_NOOP("AuditKind", "帳號"), "attendance": QT_TRANSLATE_NOOP("AuditKind", "出缺勤"),
    "audit": QT_TRANSLATE_NOOP("AuditKind", "稽核紀錄"),
    "authz": QT_TRANSLATE_NOOP("AuditKind", "權限"), "backup": QT_TRANSLATE_NOOP("AuditKind", "備份"),
    "consultation": QT_TRANSLATE_NOOP("AuditKind", "課程諮詢"), "course": QT_TRANSLATE_NOOP("AuditKind", "課程"),
    "courses": QT_TRANSLATE_NOOP("AuditKind", "課程匯入"), "db": QT_TRANSLATE_NOOP("AuditKind", "資料庫"),
    "demo": QT_TRANSLATE_NOOP("AuditKind", "示範資料"), "followup": QT_TRANSLATE_NOOP("AuditKind", "未完成名單"),
    "item": QT_TRANSLATE_NOOP("AuditKind", "學習歷程項目"), "items": QT_TRANSLATE_NOOP("AuditKind", "項目匯入"),
    "notice": QT_TRANSLATE_NOOP("AuditKind", "郵寄通知"), "proxies": QT_TRANSLATE_NOOP("AuditKind", "代理人"),
    "receipt": QT_TRANSLATE_NOOP("AuditKind", "收訖明細"), "roster": QT_TRANSLATE_NOOP("AuditKind", "名冊"),
    "setting": QT_TRANSLATE_NOOP("AuditKind", "設定"), "setup": QT_TRANSLATE_NOOP("AuditKind", "首次設定"),
    "staff": QT_TRANSLATE_NOOP("AuditKind", "人員"), "student": QT_TRANSLATE_NOOP("AuditKind", "學生"),
    "window": QT_TRANSLATE_NOOP("AuditKind", "作業期程"), "workgroup": QT_TRANSLATE_NOOP("AuditKind", "工作小組"),
}
AUDIT_ENTITY_CONTEXT = "AuditEntity"
AUDIT_ENTITIES: dict[str, str] = {
    "account": QT_TRANSLATE_NOOP("AuditEntity", "帳號"), "audit_log": QT_TRANSLATE_NOOP("AuditEntity", "稽核紀錄"),
    "consultant_assignment": QT_TRANSLATE_NOOP("AuditEntity", "諮詢學生指派"),
    "consultation": QT_TRANSLATE_NOOP("AuditEntity", "課程諮詢紀錄"), "course": QT_TRANSLATE_NOOP("AuditEntity", "課程"),
    "database": QT_TRANSLATE_NOOP("AuditEntity", "資料庫"), "department": QT_TRANSLATE_NOOP("AuditEntity", "科別"),
    "followup": QT_TRANSLATE_NOOP("AuditEntity", "未完成名單"), "notice": QT_TRANSLATE_NOOP("AuditEntity", "郵寄通知"),
    "notice_batch": QT_TRANSLATE_NOOP("AuditEntity", "通知批次"), "permission": QT_TRANSLATE_NOOP("AuditEntity", "權限"),
    "portfolio_item": QT_TRANSLATE_NOOP("AuditEntity", "學習歷程項目"),
    "proxy_list": QT_TRANSLATE_NOOP("AuditEntity", "代理人名單"), "receipt": QT_TRANSLATE_NOOP("AuditEntity", "收訖明細"),
    "roster": QT_TRANSLATE_NOOP("AuditEntity", "名冊"), "school": QT_TRANSLATE_NOOP("AuditEntity", "學校"),
    "setting": QT_TRANSLATE_NOOP("AuditEntity", "設定"), "staff": QT_TRANSLATE_NOOP("AuditEntity", "人員"),
    "student": QT_TRANSLATE_NOOP("AuditEntity", "學生"), "term_window": QT_TRANSLATE_NOOP("AuditEntity", "作業期程"),
    "submission_round": QT_TRANSLATE_NOOP("AuditEntity", "提交回合"),
    "wg_meeting": QT_TRANSLATE_NOOP("AuditEntity", "工作小組會議"),
    "wg_member": QT_TRANSLATE_NOOP("AuditEntity", "工作小組成員"),
    "wg_self_check": QT_TRANSLATE_NOOP("AuditEntity", "自我檢核"),
    "wg_session": QT_TRANSLATE_NOOP("AuditEntity", "宣導及研習場次"),
    "window_override": QT_TRANSLATE_NOOP("AuditEntity", "期程外補辦"),
}


def _coded(context: str, table: dict[str, str], code: str) -> str:
    zh = table.get(code)
    return QCoreApplication.translate(context, zh) if zh is not None else code


def audit_action(code: str) -> str:
    """An audit row's action (``staff.roles`` → 變更職務 / Change roles); an unknown code as stored."""
    return _coded(AUDIT_ACTION_CONTEXT, AUDIT_ACTIONS, code)


def audit_kind(code: str) -> str:
    """An action family (``staff`` → 人員 / Staff) for the audit page's filter."""
    return _coded(AUDIT_KIND_CONTEXT, AUDIT_KINDS, code)


def audit_entity(code: str) -> str:
    """An audit row's entity (``portfolio_item`` → 學習歷程項目 / Portfolio item); unknown as stored."""
    return _coded(AUDIT_ENTITY_CONTEXT, AUDIT_ENTITIES, code)


# --- the working group (services/workgroup/compliance.py, services/workgroup/evaluation.py) ----------------------------------
def office_name(office: Office) -> str:
    """A submitting office with its people: 註冊組（陳註冊） / Registry Office (陳註冊)."""
    name = role_name(office.role, office.division)
    if not office.holders:
        return name
    return QCoreApplication.translate("labels", "{role}（{detail}）").format(
        role=name, detail=list_separator().join(office.holders))


def responsible(completion: Completion | Candidate) -> str:
    """Who an evaluation row or a 敘獎 candidate is: the teacher's name, or the office named in the UI language."""
    return office_name(completion.office) if completion.office is not None else completion.person


def evaluation_detail(completion: Completion) -> str:
    """What a count covers: the course codes, or the item kinds in the UI language."""
    if completion.kinds:
        return labels(completion.kinds)
    return list_separator().join(completion.detail)


def check_note(check: Check) -> str:
    """A compliance row's remark in the UI language and date format: a self-check's planned and done
    dates; for the others, the dates recorded for later (scheduled, not done yet)."""
    if check.kind != "self_check":
        return list_separator().join(show_date(d) for d in check.scheduled)
    if check.planned_on is not None:
        text = QCoreApplication.translate("labels", "預定 {date}").format(date=show_date(check.planned_on))
    else:
        text = QCoreApplication.translate("labels", "未訂自我檢核日期")
    if check.done_on is not None:
        text = QCoreApplication.translate("labels", "{note}；已於 {date} 完成").format(
            note=text, date=show_date(check.done_on))
    return text
