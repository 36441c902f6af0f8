"""Every term choice in the GUI starts on the school's current term (services/terms.current_term:
the setting ``school.current_term``, else the calendar), not on the calendar alone nor on the newest
term with data: the dashboard picker, the working group's 學年度, the import dialog's example."""

from __future__ import annotations

import datetime as dt


from portfolio_desktop.domain.roc import format_term, term_of
from portfolio_desktop.gui.items.dashboard_page import DashboardPage
from portfolio_desktop.gui.imports.import_dialog import ImportDialog
from portfolio_desktop.gui.imports.import_kinds import COURSES_IMPORT
from portfolio_desktop.gui.workgroup.workgroup_page import WorkgroupPage
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import CURRENT_TERM_KEY, current_term, ensure_term
from portfolio_desktop.services.settings import set_setting
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import settle


TODAY = dt.date(2025, 1, 15)  # the calendar says 113-1


def previous(term: tuple[int, int]) -> tuple[int, int]:
    """The term before: still accepted as the school's current term (terms.current_term)."""
    year, semester = term
    return (year, 1) if semester == 2 else (year - 1, 2)


def set_current(db: Database, actor: Actor, term: tuple[int, int]) -> None:
    with db.write() as s:
        set_setting(s, actor, CURRENT_TERM_KEY, format_term(*term))


def test_dashboard_starts_on_the_current_term_not_the_newest_with_data(qtbot, db: Database, actor: Actor,  # noqa: ANN001
                                                                       make_ctx) -> None:
    with db.write() as s:
        for year, semester in ((112, 2), (113, 1), (113, 2)):  # 113-2 already has its windows set up
            ensure_term(s, year, semester)
    ctx = make_ctx()
    first = DashboardPage(ctx, today=TODAY)  # every widget stays referenced until the test ends
    qtbot.addWidget(first)
    first.refresh()
    settle(ctx)
    assert first.term_box.itemText(0) == "113-2"  # newest first in the list …
    assert first.term() == "113-1"  # … but the page opens on the calendar's term

    set_current(db, actor, (112, 2))  # the school says it is still closing 112-2
    page = DashboardPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.refresh()
    settle(ctx)
    assert page.term() == "112-2"
    page.set_term("113-2")
    page.refresh()  # a reload keeps what the user picked
    settle(ctx)
    assert page.term() == "113-2"


def test_workgroup_year_follows_the_current_term(qtbot, db: Database, actor: Actor, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx()
    first = WorkgroupPage(ctx, today=TODAY)
    first.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(first)
    settle(ctx)
    assert first.year.value() == 113
    set_current(db, actor, (112, 2))  # 112-2 still: 學年度 112, though the calendar is in 113
    page = WorkgroupPage(ctx, today=TODAY)
    page.refresh()  # a page reads when shown or asked (gui/changes.py)
    qtbot.addWidget(page)
    settle(ctx)
    assert page.year.value() == 112


def test_import_dialog_suggests_the_current_term(qtbot, db: Database, actor: Actor, make_ctx) -> None:  # noqa: ANN001
    school_term = previous(term_of(dt.date.today()))
    set_current(db, actor, school_term)
    assert current_term(db) == school_term
    ctx = make_ctx()
    dialog = ImportDialog(ctx, kind=COURSES_IMPORT)
    qtbot.addWidget(dialog)
    settle(ctx)  # the example is read when the dialog opens
    assert format_term(*school_term) in dialog.term_edit.placeholderText()
    assert dialog.term_edit.text() == ""  # an example only: a file without terms is still refused
