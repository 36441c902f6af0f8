"""What waits on whom: the next step of an item that an office or a teacher must take, and the
deadline of that step's window. Pure (no clock, no database).

Sources: 任課教師 certify uploaded course outcomes (seed 001 §五(三)2); the offices submit what the
students selected and the office records (seed 001 §六(二)); the registry confirms receipts (seed 001
§六(三)). Selection (勾選) is the student's choice (seed 001 §六(一)), entered by 教學組 when the
student asks: it waits on the student, not on an office, and is not listed. A proxy's list holds the
steps of whoever they act for (seed 001 §九(一)2, §九(三)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from portfolio_desktop.domain.items import Action, ItemKind, ItemState
from portfolio_desktop.domain.windows import Window, WindowKind

S = ItemState
_WAITING: dict[ItemKind, dict[ItemState, Action]] = {
    ItemKind.CLO: {S.UPLOADED: Action.CERTIFY, S.SELECTED: Action.SUBMIT, S.SUBMITTED: Action.CONFIRM},
    ItemKind.MP: {S.SELECTED: Action.SUBMIT, S.SUBMITTED: Action.CONFIRM},
    ItemKind.CADRE: {S.UPLOADED: Action.SUBMIT, S.SUBMITTED: Action.CONFIRM},
    ItemKind.COURSE_RECORD: {S.UPLOADED: Action.SUBMIT, S.SUBMITTED: Action.CONFIRM},
    ItemKind.CONSULTATION: {},
}


def waiting_step(kind: ItemKind, state: ItemState) -> Action | None:
    """The step an office or teacher owes this item now, or None (done, or waiting on the student)."""
    return _WAITING[kind].get(state)


def waiting_pairs() -> list[tuple[ItemKind, ItemState]]:
    """Every (kind, state) that waits on someone: what the service selects."""
    return [(k, s) for k, table in _WAITING.items() for s in table]


def deadline_window(kind: WindowKind, windows: Iterable[Window], today: dt.date) -> Window | None:
    """The window that bounds this step: the one open today, else the next to open, else the last
    one that ended (the step is overdue: days left < 0). None when no window of the kind is set."""
    candidates = sorted((w for w in windows if w.kind is kind), key=lambda w: (w.starts_at, w.ends_at))
    if not candidates:
        return None
    for w in candidates:
        if w.starts_at.date() <= today <= w.ends_at.date():
            return w
    upcoming = [w for w in candidates if w.starts_at.date() > today]
    return upcoming[0] if upcoming else candidates[-1]
