"""作業期程: the windows in which each step may happen, overrides, and who is "behind".

Source: seed 001 §四 (each semester the dean (教務主任) plans the schedule with a start and an end for
each step and a self-check date); DOMAIN.md "Work schedule"; seed 000 附表二 五–六 (upload and
certification at the end of each semester, selection 學年末, submission once a school year).

Which term's windows apply to an action:
- upload and certification: the item's own term (seed 000 附表二 五: 當學期之課程學習成果須於當學期
  經任課教師認證);
- selection, submission and receipt confirmation: any window of the item's school year (selection
  happens 學年末 over both semesters' items; submission is 每學年).
An action outside its window is refused unless an override reason is given (the service records it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from portfolio_desktop.domain.items import Action, ItemKind
from portfolio_desktop.domain.roc import format_roc, parse_date
from portfolio_desktop.errors import RuleError


class WindowKind(str, Enum):
    UPLOAD = "upload"  # 上傳
    CERTIFICATION = "certification"  # 認證
    SELECTION = "selection"  # 勾選
    SUBMISSION = "submission"  # 提交
    RECEIPT = "receipt"  # 收訖確認
    SELF_CHECK = "self_check"  # 自我檢核

    @property
    def zh(self) -> str:
        return _WINDOW_ZH[self]

    @property
    def en(self) -> str:
        return self.value.replace("_", "-")


_WINDOW_ZH = {
    WindowKind.UPLOAD: "上傳",
    WindowKind.CERTIFICATION: "認證",
    WindowKind.SELECTION: "勾選",
    WindowKind.SUBMISSION: "提交",
    WindowKind.RECEIPT: "收訖確認",
    WindowKind.SELF_CHECK: "自我檢核",
}
_WINDOW_ALIASES: dict[str, WindowKind] = {k.zh: k for k in WindowKind} | {k.value: k for k in WindowKind}
_WINDOW_ALIASES.update(
    {
        "上傳期程": WindowKind.UPLOAD,
        "學生上傳": WindowKind.UPLOAD,
        "教師認證": WindowKind.CERTIFICATION,
        "認證期程": WindowKind.CERTIFICATION,
        "學生勾選": WindowKind.SELECTION,
        "勾選期程": WindowKind.SELECTION,
        "學校提交": WindowKind.SUBMISSION,
        "提交期程": WindowKind.SUBMISSION,
        "收訖明細確認": WindowKind.RECEIPT,
        "收訖": WindowKind.RECEIPT,
        "self-check": WindowKind.SELF_CHECK,
        "自我檢核日期": WindowKind.SELF_CHECK,
        "檢核": WindowKind.SELF_CHECK,
    }
)


def parse_window_kind(text: str) -> WindowKind:
    key = "".join(str(text).split())
    key = key.lower() if key.isascii() else key
    if key in _WINDOW_ALIASES:
        return _WINDOW_ALIASES[key]
    raise RuleError(
        f"不認得的期程項目「{text}」；應為：{'、'.join(k.zh for k in WindowKind)}",
        f"unknown window '{text}'; expected one of: {', '.join(k.value for k in WindowKind)}",
    )


# Students upload CLO/MP; offices enter the other kinds whenever they need to (seed 000 附表二 三/四).
_ACTION_WINDOW = {
    Action.CERTIFY: WindowKind.CERTIFICATION,
    Action.REJECT: WindowKind.CERTIFICATION,
    Action.SELECT: WindowKind.SELECTION,
    Action.DESELECT: WindowKind.SELECTION,
    Action.SUBMIT: WindowKind.SUBMISSION,
    Action.CONFIRM: WindowKind.RECEIPT,
}
YEAR_WIDE = frozenset({WindowKind.SELECTION, WindowKind.SUBMISSION, WindowKind.RECEIPT})


def window_for(kind: ItemKind, action: Action) -> WindowKind | None:
    """The window an action on an item of this kind must fall in (None: no window applies)."""
    if action is Action.UPLOAD:
        return WindowKind.UPLOAD if kind.student_uploaded else None
    return _ACTION_WINDOW[action]


@dataclass(frozen=True)
class Window:
    kind: WindowKind
    term: str  # "113-1"
    starts_at: dt.datetime
    ends_at: dt.datetime  # inclusive

    def contains(self, at: dt.datetime) -> bool:
        return self.starts_at <= at <= self.ends_at

    def days_left(self, today: dt.date) -> int:
        """Whole days from ``today`` to the last day of the window (0 = it ends today)."""
        return (self.ends_at.date() - today).days

    def label(self) -> str:
        return f"{self.term} {self.kind.zh} {format_when(self.starts_at)} – {format_when(self.ends_at)}"


def format_when(value: dt.datetime) -> str:
    """113/06/01 08:00 (ROC date, 24-hour time)."""
    return f"{format_roc(value.date())} {value:%H:%M}"


def validate_span(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at < starts_at:
        raise RuleError(
            f"期程結束時間 {format_when(ends_at)} 早於開始時間 {format_when(starts_at)}",
            f"the window ends ({ends_at:%Y-%m-%d %H:%M}) before it starts ({starts_at:%Y-%m-%d %H:%M})",
        )


Decision = Literal["open", "override"]


class Countersign(str, Enum):
    """Who countersigns work done after its window (the school's setting ``windows.late_countersign``).

    Seed 001 §四 has the 教務主任 plan every 作業期程 and §五 has 註冊組 / 進修部教務組 run the platform;
    neither seed lets the window shut out the office or teacher whose duty it is (§五(三)2: the
    teacher certifies; §六(二)3: 學務 submits 多元表現). So the one who does the work may do it late
    with a reason, and the late act is then countersigned (會簽) by the registry office of the
    student's division (the default), by the 教務主任, or by nobody, as the school decides.
    """

    REGISTRY = "registry"
    DEAN = "dean"
    NONE = "none"

    @property
    def zh(self) -> str:
        return {"registry": "註冊組（進修部教務組）", "dean": "教務主任", "none": "（不需會簽）"}[self.value]

    @property
    def en(self) -> str:
        return {"registry": "the registry office of the student's division", "dean": "the dean",
                "none": "(no countersignature)"}[self.value]

    def office(self, division: str | None) -> tuple[str, str]:
        """Who countersigns a late act on a student of ``division``: 註冊組 or 進修部教務組 by name."""
        if self is Countersign.REGISTRY and division in ("day", "night"):
            from portfolio_desktop.domain.roles import Role, role_label, role_label_en

            return role_label(Role.REGISTRY, division), role_label_en(Role.REGISTRY, division)
        return self.zh, self.en


DEFAULT_COUNTERSIGN = Countersign.REGISTRY


class OutsideWindow(RuleError):
    """The work falls outside its window and no reason for late work was given: the office that does
    it may still act with a reason (the CLI's ``--override``, the GUI's 補辦理由 field)."""


def _late_hint(countersign: Countersign) -> tuple[str, str]:
    if countersign is Countersign.NONE:
        return ("如需補辦，負責辦理者可填寫補辦理由後再執行",
                "whoever does this work may still do it with a reason for the late action")
    return (f"如需補辦，負責辦理者可填寫補辦理由後再執行，事後由{countersign.zh}會簽",
            f"whoever does this work may still do it with a reason for the late action, "
            f"countersigned afterwards by {countersign.en}")


def check_window(
    kind: WindowKind, windows: Iterable[Window], at: dt.datetime, *, override_reason: str | None = None,
    countersign: Countersign = DEFAULT_COUNTERSIGN,
) -> Decision:
    """"open" when a window of this kind contains ``at``; "override" when it does not but a reason is given
    (late work, see :class:`Countersign`); otherwise refused with what may still be done.

    ``windows`` are the candidate windows (see the module docstring for which terms apply).
    """
    candidates = [w for w in windows if w.kind is kind]
    if any(w.contains(at) for w in candidates):
        return "open"
    if override_reason is not None and override_reason.strip():
        return "override"
    if override_reason is not None:
        raise RuleError("期程外補辦必須填寫理由", "doing this outside its window needs a reason")
    when = format_when(at)
    hint_zh, hint_en = _late_hint(countersign)
    if not candidates:
        raise OutsideWindow(
            f"尚未設定「{kind.zh}」期程，{when} 不能{kind.zh}；請教務主任設定作業期程，或{hint_zh}",
            f"no {kind.en} window is set, so this cannot be done at {at:%Y-%m-%d %H:%M}; the dean may set "
            f"the schedule, or {hint_en}",
        )
    spans = "；".join(w.label() for w in sorted(candidates, key=lambda w: w.starts_at))
    raise OutsideWindow(
        f"{when} 不在「{kind.zh}」期程內（{spans}）；{hint_zh}",
        f"{at:%Y-%m-%d %H:%M} is outside the {kind.en} window "
        f"({'; '.join(f'{w.term} {w.starts_at:%Y-%m-%d %H:%M} – {w.ends_at:%Y-%m-%d %H:%M}' for w in candidates)}); "
        f"{hint_en}",
    )


_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")


def parse_datetime(value: object, *, end_of_day: bool = False) -> dt.datetime:
    """A date with an optional time: "113/06/01 08:00", "2025-06-01T08:00", an Excel datetime, a date.

    A date alone means 00:00, or 23:59:59 when ``end_of_day`` (the last day of a window is included).
    """
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return _at(value, None, end_of_day)
    text = str(value).strip().replace("\u3000", " ")
    parts = text.replace("T", " ").split()
    if len(parts) == 2 and _TIME.match(parts[1]):
        day = parse_date(parts[0])
        m = _TIME.match(parts[1])
        assert m is not None
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise RuleError(f"時間「{parts[1]}」不正確", f"invalid time '{parts[1]}'")
        return dt.datetime(day.year, day.month, day.day, hour, minute, second)
    if len(parts) == 1:
        return _at(parse_date(parts[0]), None, end_of_day)
    raise RuleError(
        f"無法辨識日期時間「{text}」；請寫成 113/06/01 08:00 或 2024-06-01 08:00",
        f"cannot read date/time '{text}'; write it as 113/06/01 08:00 or 2024-06-01 08:00",
    )


def _at(day: dt.date, t: dt.time | None, end_of_day: bool) -> dt.datetime:
    if t is None:
        t = dt.time(23, 59, 59) if end_of_day else dt.time(0, 0)
    return dt.datetime.combine(day, t)


# ------------------------------------------------------------------------------ who is behind


class Behind(str, Enum):
    NO_UPLOAD = "no_upload"
    AWAITING_CERTIFICATION = "awaiting_certification"
    NOT_SELECTED = "not_selected"
    NOT_CONFIRMED = "not_confirmed"

    @property
    def zh(self) -> str:
        return {
            Behind.NO_UPLOAD: "尚未上傳課程學習成果",
            Behind.AWAITING_CERTIFICATION: "有成果待教師認證",
            Behind.NOT_SELECTED: "尚未勾選",
            Behind.NOT_CONFIRMED: "尚未確認收訖",
        }[self]

    @property
    def en(self) -> str:
        return {
            Behind.NO_UPLOAD: "no course learning outcome uploaded",
            Behind.AWAITING_CERTIFICATION: "outcomes awaiting the teacher's certification",
            Behind.NOT_SELECTED: "nothing selected",
            Behind.NOT_CONFIRMED: "receipt not confirmed",
        }[self]


@dataclass(frozen=True)
class Progress:
    """What the dashboard counted for one student (already aggregated in SQL)."""

    clo_uploaded: int = 0
    clo_pending: int = 0  # uploaded, not yet certified or rejected
    selected: int = 0  # CLO + MP selected or later
    submitted: int = 0
    confirmed: int = 0
    departed: bool = False


def behind_reasons(
    progress: Progress, windows: Sequence[Window], today: dt.date, *, within_days: int
) -> tuple[Behind, ...]:
    """Why a student is behind: a window open today ends within ``within_days`` and its step is not done.

    Departed students are never flagged: they can no longer use the platform (seed 001 §九(三)3).
    """
    if progress.departed:
        return ()
    now_open = {
        w.kind
        for w in windows
        if w.starts_at.date() <= today <= w.ends_at.date() and 0 <= w.days_left(today) <= within_days
    }
    reasons: list[Behind] = []
    if WindowKind.UPLOAD in now_open and progress.clo_uploaded == 0:
        reasons.append(Behind.NO_UPLOAD)
    if WindowKind.CERTIFICATION in now_open and progress.clo_pending > 0:
        reasons.append(Behind.AWAITING_CERTIFICATION)
    if WindowKind.SELECTION in now_open and progress.selected == 0:
        reasons.append(Behind.NOT_SELECTED)
    if WindowKind.RECEIPT in now_open and progress.submitted > progress.confirmed:
        reasons.append(Behind.NOT_CONFIRMED)
    return tuple(reasons)
