"""學籍狀態 (enrolment status) values, allowed changes, and who counts as *departed*.

Source: DOMAIN.md "學籍狀態 and changes"; seed 000 §五 / seed 001 §七 (重讀、復學、轉學及借讀 follow the
K-12 Education Administration's rules); seed 001 §九(三)3 (students who left get paper notices).
"""

from __future__ import annotations

from enum import StrEnum

from portfolio_desktop.errors import RuleError


class Status(StrEnum):
    """Stored as the English code; shown with :attr:`zh`.

    A StrEnum so that ``str(s)`` and f-strings give the code ("enrolled"); with ``(str, Enum)`` Python 3.11
    gives "Status.ENROLLED" there.
    """

    ENROLLED = "enrolled"  # 在學
    SUSPENDED = "suspended"  # 休學
    REINSTATED = "reinstated"  # 復學
    TRANSFERRED_IN = "transferred_in"  # 轉入
    TRANSFERRED_OUT = "transferred_out"  # 轉出
    REPEATING = "repeating"  # 重讀
    VISITING = "visiting"  # 借讀
    WITHDRAWN = "withdrawn"  # 退學
    GRADUATED = "graduated"  # 畢業
    LEFT = "left"  # 其他離校 (otherwise no longer at school)

    @property
    def zh(self) -> str:
        return _ZH[self]

    @property
    def en(self) -> str:
        return self.value.replace("_", " ")

    @property
    def departed(self) -> bool:
        """Left the school: can no longer use the platform, so notices go by post."""
        return self in DEPARTED


_ZH: dict[Status, str] = {
    Status.ENROLLED: "在學",
    Status.SUSPENDED: "休學",
    Status.REINSTATED: "復學",
    Status.TRANSFERRED_IN: "轉入",
    Status.TRANSFERRED_OUT: "轉出",
    Status.REPEATING: "重讀",
    Status.VISITING: "借讀",
    Status.WITHDRAWN: "退學",
    Status.GRADUATED: "畢業",
    Status.LEFT: "離校",
}

DEPARTED = frozenset({Status.SUSPENDED, Status.TRANSFERRED_OUT, Status.WITHDRAWN, Status.GRADUATED, Status.LEFT})
AT_SCHOOL = frozenset(set(Status) - DEPARTED)

# What people type in the files the school systems export.
_ALIASES: dict[str, Status] = {s.zh: s for s in Status}
_ALIASES.update({s.value: s for s in Status})
_ALIASES.update({s.en: s for s in Status})  # "transferred out", as our English messages write it
_ALIASES.update(
    {
        "在校": Status.ENROLLED,
        "在籍": Status.ENROLLED,
        "正常": Status.ENROLLED,
        "轉學": Status.TRANSFERRED_OUT,
        "轉出學校": Status.TRANSFERRED_OUT,
        "開除學籍": Status.WITHDRAWN,
        "已畢業": Status.GRADUATED,
        "結業": Status.GRADUATED,
        "修業期滿": Status.GRADUATED,
        "其他離校": Status.LEFT,
        "死亡": Status.LEFT,
    }
)


def parse_status(text: str) -> Status:
    """Read a status as written in a file or typed by a user (zh label, alias or code)."""
    key = text.strip().lower() if text.strip().isascii() else text.strip()
    try:
        return _ALIASES[key]
    except KeyError:
        known = "、".join(s.zh for s in Status)
        raise RuleError(
            f"不認得的學籍狀態「{text}」；應為：{known}",
            f"unknown enrolment status '{text}'; expected one of: {', '.join(s.value for s in Status)}",
        ) from None


# Allowed changes. At-school statuses may move to any other status (but one is never "reinstated" or
# "transferred in" while still at school); a departed student may come back (復學 / 轉入 / 在學 as the
# school system writes it after 復學); 休學 may also end in another way out; 畢業 is final.
_RETURN = frozenset({Status.ENROLLED, Status.REINSTATED, Status.TRANSFERRED_IN})
_FROM_DEPARTED: dict[Status, frozenset[Status]] = {
    Status.SUSPENDED: _RETURN | {Status.WITHDRAWN, Status.TRANSFERRED_OUT, Status.LEFT},
    Status.TRANSFERRED_OUT: _RETURN,
    Status.WITHDRAWN: _RETURN,
    Status.LEFT: _RETURN,
    Status.GRADUATED: frozenset(),
}


def allowed_targets(current: Status) -> frozenset[Status]:
    if current in AT_SCHOOL:
        return frozenset(set(Status) - {current, Status.REINSTATED, Status.TRANSFERRED_IN})
    return _FROM_DEPARTED[current]


def check_transition(current: Status, new: Status) -> None:
    """Refuse a change that makes no sense (e.g. 畢業 → 休學, or to the same status)."""
    if current == new:
        raise RuleError(f"學籍狀態已是「{new.zh}」，不需異動", f"status is already '{new.en}'; nothing to change")
    if new not in allowed_targets(current):
        targets = sorted(allowed_targets(current), key=list(Status).index)
        ok_zh = "、".join(s.zh for s in targets) or "（無）"
        ok_en = ", ".join(s.en for s in targets) or "(none)"
        raise RuleError(
            f"學籍狀態不能由「{current.zh}」改為「{new.zh}」；可改為：{ok_zh}",
            f"cannot change status from '{current.en}' to '{new.en}'; allowed: {ok_en}",
        )
