"""Pure rules: what waits on whom and its deadline (domain/my_work.py), who acts for a departed holder
(domain/proxies.py acting_for, in_grace)."""

from __future__ import annotations

import datetime as dt

from portfolio_desktop.domain.items import Action, ItemKind, ItemState
from portfolio_desktop.domain.my_work import deadline_window, waiting_pairs, waiting_step
from portfolio_desktop.domain.proxies import Leave, Person, acting_for, in_grace, resolve
from portfolio_desktop.domain.windows import Window, WindowKind

W = WindowKind


def test_what_waits_on_whom() -> None:
    assert waiting_step(ItemKind.CLO, ItemState.UPLOADED) is Action.CERTIFY
    assert waiting_step(ItemKind.CLO, ItemState.CERTIFIED) is None  # the student selects (seed 001 §六(一))
    assert waiting_step(ItemKind.CLO, ItemState.NOT_CERTIFIED) is None  # the student uploads again
    assert waiting_step(ItemKind.MP, ItemState.UPLOADED) is None
    assert waiting_step(ItemKind.MP, ItemState.SELECTED) is Action.SUBMIT
    assert waiting_step(ItemKind.CADRE, ItemState.UPLOADED) is Action.SUBMIT
    assert waiting_step(ItemKind.COURSE_RECORD, ItemState.UPLOADED) is Action.SUBMIT
    assert waiting_step(ItemKind.CLO, ItemState.SUBMITTED) is Action.CONFIRM
    assert waiting_step(ItemKind.CLO, ItemState.CONFIRMED) is None
    assert waiting_step(ItemKind.CONSULTATION, ItemState.UPLOADED) is None  # kept, never submitted
    assert (ItemKind.CONSULTATION, ItemState.UPLOADED) not in waiting_pairs()
    assert len(waiting_pairs()) == 9


def test_the_deadline_is_the_open_window_else_the_next_else_the_last() -> None:
    early = Window(W.SUBMISSION, "113-1", dt.datetime(2024, 12, 1), dt.datetime(2024, 12, 10, 17))
    later = Window(W.SUBMISSION, "113-2", dt.datetime(2025, 6, 1), dt.datetime(2025, 6, 30, 17))
    assert deadline_window(W.SUBMISSION, [later, early], dt.date(2024, 12, 5)) is early
    assert deadline_window(W.SUBMISSION, [later, early], dt.date(2024, 12, 10)) is early  # its last day
    assert deadline_window(W.SUBMISSION, [later, early], dt.date(2025, 1, 5)) is later
    assert deadline_window(W.SUBMISSION, [later, early], dt.date(2025, 7, 5)) is later
    assert later.days_left(dt.date(2025, 7, 5)) == -5
    assert deadline_window(W.CERTIFICATION, [early], dt.date(2024, 12, 5)) is None


def test_a_departed_holders_proxy_acts_even_during_the_grace() -> None:
    wang = Person("wang", departed_on=dt.date(2024, 8, 1), grace_until=dt.date(2024, 10, 31))
    lin = Person("lin")
    during = acting_for(wang, [lin], dt.date(2024, 10, 31))
    assert (during.acting, during.on_behalf_of, during.rank) == ("lin", "wang", 1)
    assert acting_for(wang, [lin], dt.date(2024, 7, 31)).acting == "wang"  # before leaving
    # resolve with the grace keeps the holder's own account: what authz asks for the holder himself
    assert resolve(wang, [lin], dt.date(2024, 10, 31), grace_applies=True).acting == "wang"
    assert in_grace(wang, dt.date(2024, 10, 31)) and not in_grace(wang, dt.date(2024, 11, 1))
    assert not in_grace(wang, dt.date(2024, 7, 31)) and not in_grace(lin, dt.date(2024, 10, 31))
    assert not in_grace(Person("chen", departed_on=dt.date(2024, 8, 1)), dt.date(2024, 8, 2))  # no grace given
    assert acting_for(Person("chen"), [lin], dt.date(2024, 10, 31)).acting == "chen"  # present: no proxy
    on_leave = Person("chen", leaves=(Leave(dt.date(2024, 10, 1), dt.date(2024, 10, 31)),))
    assert acting_for(on_leave, [lin], dt.date(2024, 10, 15)).on_behalf_of == "chen"
