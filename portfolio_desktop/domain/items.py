"""Portfolio items: kinds, states, the transitions between them, and the per-student caps.

Sources: DOMAIN.md "The portfolio items and their states"; seed 000 附表二 §四–§六 and seed 001 §五–§六.
- 課程學習成果 (CLO): uploaded → certified / not certified by the course teacher → selected by the
  student → submitted by the office → receipt confirmed (seed 001 §五(三), §六).
- 多元表現 (MP): uploaded → selected → submitted → receipt confirmed (seed 001 §五(四), §六(一)).
- 幹部經歷 (cadre record, entered by 訓育組) and 修課紀錄/學業成績 (entered by 註冊組): entered →
  submitted → receipt confirmed (seed 001 §五(一)2, §五(二)1, §六(二)).
- 課程諮詢紀錄: kept, never submitted (seed 000 附表二 四(二) "不須提交").

Caps (per student; per-school settings, seed defaults):
- CLO uploads ≤ 6 per semester (seed 000 附表二 五, seed 001 §五(三)1); selected ≤ 6 per school
  year (seed 001 §六(一)).
- MP uploads ≤ 10 per semester (seed 000 附表二 六 only; seed 001 has none) and ≤ 20 per school
  year (seed 001 §五(四)); selected ≤ 10 per school year (seed 000 附表二 六, seed 001 §六(一)).

No Qt, no SQLAlchemy: the services count the items and ask these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, Literal, TypeVar

from portfolio_desktop.errors import RuleError


class ItemKind(str, Enum):
    CLO = "clo"  # 課程學習成果
    MP = "mp"  # 多元表現
    CADRE = "cadre"  # 幹部經歷 (校內幹部, entered by 訓育組 / 進修部學務組)
    COURSE_RECORD = "course_record"  # 修課紀錄 / 學業成績
    CONSULTATION = "consultation"  # 課程諮詢紀錄 (never submitted)

    @property
    def zh(self) -> str:
        return _KIND_ZH[self]

    @property
    def en(self) -> str:
        return _KIND_EN[self]

    @property
    def student_uploaded(self) -> bool:
        """Uploaded by the student within the upload window (the others are entered by an office)."""
        return self in (ItemKind.CLO, ItemKind.MP)


_KIND_ZH = {
    ItemKind.CLO: "課程學習成果",
    ItemKind.MP: "多元表現",
    ItemKind.CADRE: "幹部經歷",
    ItemKind.COURSE_RECORD: "修課紀錄",
    ItemKind.CONSULTATION: "課程諮詢紀錄",
}
_KIND_EN = {
    ItemKind.CLO: "course learning outcome",
    ItemKind.MP: "multiple performance",
    ItemKind.CADRE: "cadre record",
    ItemKind.COURSE_RECORD: "course record",
    ItemKind.CONSULTATION: "consultation record",
}


class ItemState(str, Enum):
    UPLOADED = "uploaded"  # 已上傳 (or 已登錄 for office-entered kinds)
    CERTIFIED = "certified"  # 認證通過
    NOT_CERTIFIED = "not_certified"  # 未通過認證 (with a reason)
    SELECTED = "selected"  # 已勾選
    SUBMITTED = "submitted"  # 已提交
    CONFIRMED = "confirmed"  # 已確認收訖

    @property
    def zh(self) -> str:
        return _STATE_ZH[self]

    @property
    def en(self) -> str:
        return self.value.replace("_", " ")


_STATE_ZH = {
    ItemState.UPLOADED: "已上傳",
    ItemState.CERTIFIED: "認證通過",
    ItemState.NOT_CERTIFIED: "未通過認證",
    ItemState.SELECTED: "已勾選",
    ItemState.SUBMITTED: "已提交",
    ItemState.CONFIRMED: "已確認收訖",
}


def state_label(kind: ItemKind, state: ItemState) -> str:
    """The zh label shown for an item: office-entered records are 已登錄 rather than 已上傳."""
    if state is ItemState.UPLOADED and not kind.student_uploaded:
        return "已登錄"
    return state.zh


class Action(str, Enum):
    UPLOAD = "upload"
    CERTIFY = "certify"
    REJECT = "reject"
    SELECT = "select"
    DESELECT = "deselect"
    SUBMIT = "submit"
    CONFIRM = "confirm"

    @property
    def zh(self) -> str:
        return _ACTION_ZH[self]

    @property
    def past(self) -> str:
        """English past participle: "certified", "submitted" …"""
        return {Action.SUBMIT: "submitted"}.get(self, self.value.removesuffix("e").removesuffix("y") + (
            "ied" if self.value.endswith("y") else "ed"))


_ACTION_ZH = {
    Action.UPLOAD: "上傳",
    Action.CERTIFY: "認證通過",
    Action.REJECT: "認證不通過",
    Action.SELECT: "勾選",
    Action.DESELECT: "取消勾選",
    Action.SUBMIT: "提交",
    Action.CONFIRM: "確認收訖",
}

S = ItemState
# (kind, action) → {from state: to state}. Anything not listed is refused.
# A teacher may change their mind within the certification window (certified ↔ not certified) as long
# as the student has not selected the item yet; a student may un-select before the office submits.
_CLO = {
    Action.CERTIFY: {S.UPLOADED: S.CERTIFIED, S.NOT_CERTIFIED: S.CERTIFIED},
    Action.REJECT: {S.UPLOADED: S.NOT_CERTIFIED, S.CERTIFIED: S.NOT_CERTIFIED},
    Action.SELECT: {S.CERTIFIED: S.SELECTED},
    Action.DESELECT: {S.SELECTED: S.CERTIFIED},
    Action.SUBMIT: {S.SELECTED: S.SUBMITTED},
    Action.CONFIRM: {S.SUBMITTED: S.CONFIRMED},
}
_MP = {
    Action.SELECT: {S.UPLOADED: S.SELECTED},
    Action.DESELECT: {S.SELECTED: S.UPLOADED},
    Action.SUBMIT: {S.SELECTED: S.SUBMITTED},
    Action.CONFIRM: {S.SUBMITTED: S.CONFIRMED},
}
_OFFICE = {
    Action.SUBMIT: {S.UPLOADED: S.SUBMITTED},
    Action.CONFIRM: {S.SUBMITTED: S.CONFIRMED},
}
TRANSITIONS: dict[ItemKind, dict[Action, dict[ItemState, ItemState]]] = {
    ItemKind.CLO: _CLO,
    ItemKind.MP: _MP,
    ItemKind.CADRE: _OFFICE,
    ItemKind.COURSE_RECORD: _OFFICE,
    ItemKind.CONSULTATION: {},
}

# "At least" semantics used by the dashboard: an item that is submitted was also selected and (CLO) certified.
CERTIFIED_OR_LATER = frozenset({S.CERTIFIED, S.SELECTED, S.SUBMITTED, S.CONFIRMED})
SELECTED_OR_LATER = frozenset({S.SELECTED, S.SUBMITTED, S.CONFIRMED})
SUBMITTED_OR_LATER = frozenset({S.SUBMITTED, S.CONFIRMED})


def receipt_confirmed(state: ItemState, term_receipt_confirmed: bool) -> bool:
    """The one definition of 已確認 (收訖確認) for an item, used by every figure that counts it
    (dashboard, class home, its JSON): confirmed item by item (items confirm), or submitted and the
    student's 收訖明細 of that term confirmed as a whole — online, at the office or by the reply slip
    (seed 001 §六(三); services/notices/receipts.py)."""
    return state is S.CONFIRMED or (term_receipt_confirmed and state in SUBMITTED_OR_LATER)


def valid_states(kind: ItemKind) -> frozenset[ItemState]:
    """Every state an item of this kind can be in (what an import may bring)."""
    states = {S.UPLOADED}
    for table in TRANSITIONS[kind].values():
        states.update(table.values())
    return frozenset(states)


def next_state(kind: ItemKind, state: ItemState, action: Action) -> ItemState:
    """The state after ``action``, or RuleError saying why the action makes no sense now."""
    table = TRANSITIONS[kind].get(action)
    if not table:
        if kind is ItemKind.CONSULTATION:
            raise RuleError(
                f"課程諮詢紀錄只留存，不{action.zh}、不提交",
                f"consultation records are kept only; they cannot be {action.past} or submitted",
            )
        raise RuleError(
            f"{kind.zh}不需要「{action.zh}」",
            f"a {kind.en} has no '{action.value}' step",
        )
    if state in table:
        return table[state]
    if action is Action.SELECT and kind is ItemKind.CLO and state in (S.UPLOADED, S.NOT_CERTIFIED):
        raise RuleError(
            f"只有認證通過的課程學習成果可以勾選；此件為「{state.zh}」",
            f"only certified course learning outcomes can be selected; this one is '{state.en}'",
        )
    if state in table.values():
        raise RuleError(
            f"此件{kind.zh}已是「{state_label(kind, state)}」，不能再{action.zh}",
            f"this {kind.en} is already {state.en}; it cannot be {action.past} again",
        )
    allowed = "、".join(state_label(kind, s) for s in table)
    raise RuleError(
        f"{kind.zh}在「{state_label(kind, state)}」狀態不能{action.zh}；只有「{allowed}」的可以",
        f"a {kind.en} that is '{state.en}' cannot be {action.past}; only "
        f"{', '.join(s.en for s in table)} ones can",
    )


class MPCategory(str, Enum):
    """多元表現 categories (DOMAIN.md; seed 000 附表二 六)."""

    CADRE = "cadre"  # 幹部經歷
    COMPETITION = "competition"  # 競賽參與
    CERTIFICATE = "certificate"  # 檢定證照
    VOLUNTEER = "volunteer"  # 志工服務
    FLEXIBLE = "flexible"  # 彈性學習時間
    GROUP_ACTIVITY = "group_activity"  # 團體活動時間
    WORKPLACE = "workplace"  # 職場學習
    WORK = "work"  # 作品成果
    OTHER = "other"  # 其他多元表現

    @property
    def zh(self) -> str:
        return _CATEGORY_ZH[self]


_CATEGORY_ZH = {
    MPCategory.CADRE: "幹部經歷",
    MPCategory.COMPETITION: "競賽參與",
    MPCategory.CERTIFICATE: "檢定證照",
    MPCategory.VOLUNTEER: "志工服務",
    MPCategory.FLEXIBLE: "彈性學習時間",
    MPCategory.GROUP_ACTIVITY: "團體活動時間",
    MPCategory.WORKPLACE: "職場學習",
    MPCategory.WORK: "作品成果",
    MPCategory.OTHER: "其他多元表現",
}


def _norm(text: str) -> str:
    return "".join(text.split()).lower()


_KIND_ALIASES: dict[str, ItemKind] = {_norm(k.zh): k for k in ItemKind} | {k.value: k for k in ItemKind}
_KIND_ALIASES.update(
    {
        "學習成果": ItemKind.CLO,
        "課程成果": ItemKind.CLO,
        "多元學習表現": ItemKind.MP,
        "校內幹部經歷": ItemKind.CADRE,
        "幹部": ItemKind.CADRE,
        "學業成績": ItemKind.COURSE_RECORD,
        "修課紀錄/學業成績": ItemKind.COURSE_RECORD,
        "成績": ItemKind.COURSE_RECORD,
        "諮詢紀錄": ItemKind.CONSULTATION,
        "課程諮詢": ItemKind.CONSULTATION,
    }
)
_CATEGORY_ALIASES: dict[str, MPCategory] = {_norm(c.zh): c for c in MPCategory} | {c.value: c for c in MPCategory}
_CATEGORY_ALIASES.update(
    {
        "競賽": MPCategory.COMPETITION,
        "競賽參與紀錄": MPCategory.COMPETITION,
        "檢定": MPCategory.CERTIFICATE,
        "證照": MPCategory.CERTIFICATE,
        "志工": MPCategory.VOLUNTEER,
        "服務學習": MPCategory.VOLUNTEER,
        "自主學習": MPCategory.FLEXIBLE,
        "選手培訓": MPCategory.FLEXIBLE,
        "充實/增廣/補強": MPCategory.FLEXIBLE,
        "充實課程": MPCategory.FLEXIBLE,
        "增廣補強": MPCategory.FLEXIBLE,
        "微課程": MPCategory.FLEXIBLE,
        "學校特色活動": MPCategory.FLEXIBLE,
        "團體活動": MPCategory.GROUP_ACTIVITY,
        "社團活動": MPCategory.GROUP_ACTIVITY,
        "作品": MPCategory.WORK,
        "其他": MPCategory.OTHER,
    }
)
_STATE_ALIASES: dict[str, ItemState] = {_norm(s.zh): s for s in ItemState} | {s.value: s for s in ItemState}
_STATE_ALIASES.update(
    {
        "上傳": S.UPLOADED,
        "已登錄": S.UPLOADED,
        "登錄": S.UPLOADED,
        "待認證": S.UPLOADED,
        "認證中": S.UPLOADED,
        "未認證": S.UPLOADED,
        "已認證": S.CERTIFIED,
        "通過": S.CERTIFIED,
        "認證": S.CERTIFIED,
        "未通過": S.NOT_CERTIFIED,
        "不通過": S.NOT_CERTIFIED,
        "認證未通過": S.NOT_CERTIFIED,
        "認證不通過": S.NOT_CERTIFIED,
        "勾選": S.SELECTED,
        "提交": S.SUBMITTED,
        "已確認": S.CONFIRMED,
        "收訖確認": S.CONFIRMED,
        "已收訖": S.CONFIRMED,
        "確認收訖": S.CONFIRMED,
    }
)


def parse_kind(text: str) -> tuple[ItemKind, MPCategory | None]:
    """類別 as written in a platform export; an MP category name alone means 多元表現 of that category.

    "幹部經歷" alone is the office's cadre record; a student's own cadre MP is 多元表現 + 細項 幹部經歷.
    """
    key = _norm(text)
    if key in _KIND_ALIASES:
        return _KIND_ALIASES[key], None
    if key in _CATEGORY_ALIASES:
        return ItemKind.MP, _CATEGORY_ALIASES[key]
    raise RuleError(
        f"不認得的類別「{text}」；應為：{'、'.join(k.zh for k in ItemKind)}，或多元表現的細項"
        f"（{'、'.join(c.zh for c in MPCategory)}）",
        f"unknown item kind '{text}'; expected one of: {', '.join(k.zh for k in ItemKind)} or an MP category",
    )


E = TypeVar("E", "MPCategory", "ItemState")


def _lookup(text: str, aliases: dict[str, E], values: type[E], what_zh: str, what_en: str) -> E:
    """The member ``text`` names (any alias), or a refusal that lists what is accepted."""
    key = _norm(text)
    if key in aliases:
        return aliases[key]
    raise RuleError(
        f"不認得的{what_zh}「{text}」；應為：{'、'.join(v.zh for v in values)}",
        f"unknown {what_en} '{text}'; expected one of: {', '.join(v.value for v in values)}",
    )


def parse_category(text: str) -> MPCategory:
    return _lookup(text, _CATEGORY_ALIASES, MPCategory, "多元表現類別", "multiple-performance category")


def parse_state(text: str) -> ItemState:
    return _lookup(text, _STATE_ALIASES, ItemState, "狀態", "item state")


# ----------------------------------------------------------------------------------------- caps

Scope = Literal["semester", "year"]


@dataclass(frozen=True)
class CapRule:
    key: str  # the field of Caps holding the limit
    kind: ItemKind
    scope: Scope
    counts: Literal["uploads", "selected"]
    zh: str
    en: str

    def counted_states(self) -> frozenset[ItemState]:
        """Uploads count every item of the kind, whatever its state; selections count selected or later."""
        return frozenset(ItemState) if self.counts == "uploads" else SELECTED_OR_LATER


CAP_RULES: tuple[CapRule, ...] = (
    CapRule("clo_uploads_per_semester", ItemKind.CLO, "semester", "uploads",
            "課程學習成果每學期上傳", "course learning outcomes uploaded per semester"),
    CapRule("clo_selected_per_year", ItemKind.CLO, "year", "selected",
            "課程學習成果每學年勾選", "course learning outcomes selected per school year"),
    CapRule("mp_uploads_per_semester", ItemKind.MP, "semester", "uploads",
            "多元表現每學期上傳", "multiple performances uploaded per semester"),
    CapRule("mp_uploads_per_year", ItemKind.MP, "year", "uploads",
            "多元表現每學年上傳", "multiple performances uploaded per school year"),
    CapRule("mp_selected_per_year", ItemKind.MP, "year", "selected",
            "多元表現每學年勾選", "multiple performances selected per school year"),
)  # fmt: skip


@dataclass(frozen=True)
class Caps:
    """Per-student limits; None = no such cap at this school. Defaults: seed 000 (the stricter school)."""

    clo_uploads_per_semester: int | None = 6
    clo_selected_per_year: int | None = 6
    mp_uploads_per_semester: int | None = 10
    mp_uploads_per_year: int | None = 20
    mp_selected_per_year: int | None = 10

    def limit(self, rule: CapRule) -> int | None:
        value: int | None = getattr(self, rule.key)
        return value

    def to_dict(self) -> dict[str, int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Caps:
        """Read the stored setting; unknown keys are ignored, bad values refused."""
        values: dict[str, int | None] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if raw is None:
                values[f.name] = None
            elif isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
                values[f.name] = raw
            else:
                raise RuleError(
                    f"上限「{f.name}」的值「{raw}」不正確；應為 0 以上的整數或空白（不設上限）",
                    f"cap '{f.name}' has value '{raw}'; expected a whole number ≥ 0 or none",
                )
        return cls(**values)


CAPS_SEED_000 = Caps()
CAPS_SEED_001 = Caps(mp_uploads_per_semester=None)  # seed 001 §五(四): only the yearly 20


def rules_for(kind: ItemKind, action: Action) -> tuple[CapRule, ...]:
    """Caps an action can break: an upload counts against upload caps, a selection against selection caps."""
    counts = {Action.UPLOAD: "uploads", Action.SELECT: "selected"}.get(action)
    return tuple(r for r in CAP_RULES if r.kind is kind and r.counts == counts)


@dataclass(frozen=True)
class CountedItem:
    """One item already counting against a cap (named in the refusal)."""

    id: int | None
    title: str
    term: str  # "113-1"


class CapExceeded(RuleError):
    """A cap would be exceeded; says which cap, how many there are and which items count."""

    def __init__(self, rule: CapRule, limit: int, counted: Sequence[CountedItem], adding: int, scope_label: str):
        self.rule = rule
        self.limit = limit
        self.counted = list(counted)
        self.adding = adding
        shown = self.counted[:12]
        names_zh = "、".join(f"{'#' + str(c.id) + ' ' if c.id else ''}「{c.title}」({c.term})" for c in shown)
        names_en = ", ".join(f"{'#' + str(c.id) + ' ' if c.id else ''}'{c.title}' ({c.term})" for c in shown)
        more = len(self.counted) - len(shown)
        if more > 0:
            names_zh += f" 等另 {more} 件"
            names_en += f" and {more} more"
        super().__init__(
            f"超過上限：{rule.zh}至多 {limit} 件；{scope_label} 已有 {len(self.counted)} 件"
            f"（{names_zh or '無'}），不能再加 {adding} 件",
            f"cap exceeded: {rule.en} at most {limit}; {scope_label} already has {len(self.counted)} "
            f"({names_en or 'none'}), cannot add {adding} more",
        )


def check_cap(
    rule: CapRule, caps: Caps, counted: Sequence[CountedItem], *, adding: int = 1, scope_label: str = ""
) -> None:
    """Refuse when ``len(counted) + adding`` would exceed the cap (a None cap never refuses)."""
    limit = caps.limit(rule)
    if limit is None or adding <= 0:
        return
    if len(counted) + adding > limit:
        raise CapExceeded(rule, limit, counted, adding, scope_label)
