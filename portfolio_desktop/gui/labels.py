"""Names of domain values as the UI shows them (學籍狀態, item kinds and states, 多元表現 categories,
window kinds, receipt states, roles, 部別 …), in the UI language.

The domain keeps the zh_TW name (``member.zh``); :func:`label` looks it up in Qt's translation system
under one fixed context per kind (the enum's name), so the English catalogue gives the English name.
The ``QT_TRANSLATE_NOOP`` tables below list every value so that ``lupdate`` collects them;
tests/gui/test_translations.py checks that they cover every member of every kind in :data:`KINDS`.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from portfolio_desktop.domain.compliance import Audience, CheckStatus, SessionKind
from portfolio_desktop.domain.evaluation import Duty
from portfolio_desktop.domain.items import Action, ItemKind, ItemState, MPCategory, state_label
from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.domain.roles import Permission, Role, role_label
from portfolio_desktop.domain.status import Status
from portfolio_desktop.domain.windows import Behind, WindowKind
from portfolio_desktop.services.followup import FollowupKind

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


def division_name(code: str) -> str:
    """日間部 / 進修部 (day school / continuing-education division) by code; another code as it is."""
    zh = DIVISION_NAMES.get(code)
    return QCoreApplication.translate(DIVISION_CONTEXT, zh) if zh is not None else code


def division_text(name: str) -> str:
    """A division's name as the services hand it over (日間部), translated when the catalogue knows it;
    a division the school named itself stays as written."""
    return QCoreApplication.translate(DIVISION_CONTEXT, name) if name else name


GENDERS: dict[str, str] = {"M": QT_TRANSLATE_NOOP("Gender", "男"), "F": QT_TRANSLATE_NOOP("Gender", "女")}


def gender(code: str | None) -> str:
    """男 / 女 from the stored M / F; anything else as stored."""
    zh = GENDERS.get(code or "")
    return QCoreApplication.translate("Gender", zh) if zh is not None else (code or "")
