"""收訖明細 (receipt details) confirmation: states, who answers a doubt, and who is a minor.

Sources: seed 001 §六(三) — after submission the registry (註冊組 / 進修部教務組) has the receipt details
confirmed; a doubt is answered with the help of the office that submitted that data (§六(二): 學籍資料,
學業成績 and 課程學習成果 by the registry, 幹部經歷 and 多元表現 by 訓育組 / 進修部學務組); DOMAIN.md
"Receipt confirmation"; seed 001 §九(三)3 (departed students get a paper notice by post).
"""

from __future__ import annotations

from collections.abc import Iterable

from datetime import date
from enum import Enum

from portfolio_desktop.errors import RuleError

AGE_OF_MAJORITY = 18  # 民法 §12 as amended in force 2023-01-01


class ReceiptState(str, Enum):
    PENDING = "pending"  # 待確認
    CONFIRMED = "confirmed"  # 確認無誤
    DISPUTED = "disputed"  # 有疑義

    @property
    def zh(self) -> str:
        return {"pending": "待確認", "confirmed": "確認無誤", "disputed": "有疑義"}[self.value]


class ConfirmVia(str, Enum):
    ONLINE = "online"  # 線上確認 (students still at school)
    REPLY_SLIP = "reply_slip"  # 郵寄回條
    OFFICE = "office"  # 到校／電話向承辦人確認

    @property
    def zh(self) -> str:
        return {"online": "線上確認", "reply_slip": "回條", "office": "到校或電話確認"}[self.value]


def parse_via(text: str) -> ConfirmVia:
    t = text.strip().lower()
    for v in ConfirmVia:
        if t in (v.value, v.zh, v.value.replace("_", "-")):
            return v
    aliases = {"回條": ConfirmVia.REPLY_SLIP, "郵寄": ConfirmVia.REPLY_SLIP, "線上": ConfirmVia.ONLINE,
               "到校": ConfirmVia.OFFICE, "電話": ConfirmVia.OFFICE}  # fmt: skip
    if text.strip() in aliases:
        return aliases[text.strip()]
    raise RuleError(f"不認得的確認方式「{text}」；可用：線上、回條、到校", f"unknown way '{text}'; use online, reply-slip or office")


# The receipt categories the central database returns, and which office submitted them (seed 001 §六(二)).
REGISTRY, ACADEMIC, ACTIVITIES = "registry", "academic", "activities"
CATEGORY_OFFICE: dict[str, str] = {
    "學籍資料": REGISTRY,
    "學業成績": REGISTRY,
    "修課紀錄": REGISTRY,
    "課程學習成果": REGISTRY,
    "多元表現": ACTIVITIES,
    "幹部經歷": ACTIVITIES,
}
OFFICE_ZH: dict[str, tuple[str, str]] = {  # (日間部, 進修部)
    REGISTRY: ("註冊組", "進修部教務組"),
    ACADEMIC: ("教學組", "教學組"),
    ACTIVITIES: ("訓育組", "進修部學務組"),
}


def office_name(office: str, division_code: str | None) -> str:
    day, night = OFFICE_ZH[office]
    return night if division_code == "night" else day


def parse_office(text: str) -> str:
    """"registry" / 註冊組 / 進修部教務組 / 教學組 / 訓育組 / 進修部學務組 → the office code."""
    t = text.strip()
    for code, names in OFFICE_ZH.items():
        if t.lower() == code or t in names:
            return code
    if t in ("社團組", "學務處"):
        return ACTIVITIES
    if t in ("教務處", "註冊"):
        return REGISTRY
    raise RuleError(
        f"不認得的處室「{text}」；可用：註冊組（進修部教務組）、教學組、訓育組（進修部學務組）",
        f"unknown office '{text}'; use registry, academic or activities",
    )


def office_for_categories(categories: list[str]) -> str:
    """Who should answer a doubt about these categories: the submitting office when they agree,
    else the registry, which coordinates the confirmation (seed 001 §六(三))."""
    offices = {CATEGORY_OFFICE.get(c, REGISTRY) for c in categories}
    return offices.pop() if len(offices) == 1 else REGISTRY


def check_decision(state: ReceiptState, reason: str | None) -> None:
    """A dispute must say what is in doubt; confirming and disputing are the only decisions."""
    if state is ReceiptState.PENDING:
        raise RuleError("只能記錄「確認無誤」或「有疑義」", "only 'confirmed' or 'disputed' can be recorded")
    if state is ReceiptState.DISPUTED and not (reason or "").strip():
        raise RuleError("記錄「有疑義」時請寫明疑義內容（--reason）", "a dispute needs the question (--reason)")


def is_minor(birth_date: date | None, on: date) -> bool:
    """Under 18 on *on*; an unknown birth date counts as a minor (the letter then also addresses the
    parent or guardian, which is the safe side)."""
    if birth_date is None:
        return True
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return age < AGE_OF_MAJORITY


def answering_offices(categories: Iterable[str], division: str) -> str:
    """The offices that submitted these categories in this division, who answer doubts about them
    (seed 001 §六(二), §六(三)): 註冊組、訓育組 for 日間部, 進修部教務組、進修部學務組 for 進修部."""
    names: dict[str, None] = {}
    for category in [*categories, "學籍資料"]:  # the registry coordinates every confirmation
        names[office_name(CATEGORY_OFFICE.get(category, REGISTRY), division)] = None
    return "、".join(sorted(names, key=lambda n: (n != office_name(REGISTRY, division), n)))


def doc_serial(batch_id: int, issued_on: date) -> str:
    """The number in the batch's 發文字號: the ROC year and the batch number (1130000007)."""
    return f"{issued_on.year - 1911:03d}{batch_id:07d}"
