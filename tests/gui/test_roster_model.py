"""The roster's student table over a real SQLite school of a few thousand students (imported through
the roster service from a real .xlsx): the model reads a page at a time as the view scrolls, the
database filters, sorts and counts, only within what the reader may read, and no read runs on the
GUI thread (the thread guard is on for this whole file, and one test records where every connection
is taken)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.domain.status import Status
from portfolio_desktop.gui.context import SessionContext
from portfolio_desktop.gui.labels import label
from portfolio_desktop.gui.rosters.roster_page import RosterPage
from portfolio_desktop.gui.rosters.student_model import (
    COL_NAME,
    COL_SEAT,
    COL_STATUS,
    COL_STUDENT_NO,
    COLUMNS,
    StudentTableModel,
)
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.rosters.roster_types import StudentRow
from portfolio_desktop.store import engine
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass
from portfolio_desktop.store.open import open_database
from tests.data import tables
from tests.data.staff import seed_staff
from tests.gui.conftest import settle
from tests.gui.roster_files import HEADERS, national_id

STUDENTS = 3000
EXT_B = "𡘙"  # U+21619, outside the BMP: four bytes in UTF-8, two UTF-16 units in Qt
SURNAMES = "陳林黃張李王吳劉蔡楊"
GIVEN = ["小明", "美玲", "志豪", "怡君", "家豪", f"{EXT_B}安", "宗翰", f"淑{EXT_B}", "俊傑", "雅婷", "冠宇"]
DAY = [f"{g}{k:02d}" for g in (1, 2, 3) for k in range(1, 11)]  # 101–110, 201–210, 301–310
NIGHT = [f"{g}{50 + k}" for g in (1, 2, 3) for k in range(1, 4)]  # 151–153 … 351–353


def _row(i: int) -> list[object]:
    night = i % 10 == 9
    classes = NIGHT if night else DAY
    code = classes[i % len(classes)]
    seat: object = i // 90 + 1 if night else i // 30 + 1 if i // 30 < 99 else ""  # unique in the class; some blank
    status = "休學" if i % 37 == 5 else "轉出" if i % 53 == 7 else "在學"
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)]
    birth = f"{95 + i % 2:03d}/{1 + i % 12:02d}/{1 + i % 28:02d}"
    no = f"{i:07d}"  # leading zeros: 0000042 stays 0000042
    return [no, name, national_id("ABFH"[i % 4], 1 + i % 2, i + 1), "男女"[i % 2], birth, code,
            seat, status, "進修部" if night else "日間部"]


@dataclass
class School:
    db: Database
    students: list[StudentRow]  # every student, as list_students reads them
    clerk: Actor  # every office of both divisions: the whole school
    night_clerk: Actor  # 進修部 註冊組: the night division only
    mentor: Actor  # 導師 of 101
    class_101: int


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    folder = tmp_path_factory.mktemp("roster-model")
    db = open_database(str(folder / "school.sqlite3"))
    clerk = seed_staff(db, "clerk", Grant(Role.REGISTRY, None), Grant(Role.DEAN))
    path = tables.write_xlsx(folder / "名冊.xlsx", [*HEADERS, "部別"], [_row(i) for i in range(STUDENTS)],
                             title="○○高中 學生名冊", sheet="名冊")
    report = rosters.import_roster(db, clerk, path)
    assert len(report.added) == STUDENTS and not report.problems, report.problems[:3]
    with db.read() as s:
        class_101 = s.query(SchoolClass).filter_by(code="101").one().id
    night_clerk = seed_staff(db, "night-registry", Grant(Role.REGISTRY, "night"))
    mentor = seed_staff(db, "mentor101", Grant(Role.MENTOR, class_id=class_101))
    yield School(db, rosters.list_students(db, clerk), clerk, night_clerk, mentor, class_101)
    db.dispose()


@pytest.fixture
def page_for(qtbot, school: School, tmp_path: Path) -> Iterator[Callable[[Actor], RosterPage]]:  # noqa: ANN001
    """A roster page for a reader, loaded (its first read done)."""
    made: list[SessionContext] = []

    def make(who: Actor) -> RosterPage:
        ctx = SessionContext(school.db, who, settings=QSettings(str(tmp_path / "ctx.ini"), QSettings.Format.IniFormat),
                             signed_in=True, viewer=None)
        made.append(ctx)
        page = RosterPage(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 600)
        page.show()
        page.refresh()
        settle(ctx)
        return page

    yield make
    for ctx in made:
        ctx.ops.shutdown(cancel=True)


def _numbers(model: StudentTableModel) -> list[str]:
    return [model.student_at(r).student_no for r in range(model.rowCount())]


def _fetch_all(page: RosterPage) -> None:
    model = page.model
    while model.canFetchMore():
        model.fetchMore()
        settle(page.ctx)  # type: ignore[arg-type]


def test_the_first_read_shows_one_page_and_the_count_of_all(page_for, school: School) -> None:  # noqa: ANN001
    page = page_for(school.clerk)
    model = page.model
    assert model.rowCount() == StudentTableModel.PAGE < STUDENTS
    assert model.shown_count() == STUDENTS
    assert model.canFetchMore()
    assert f"目前顯示 {STUDENTS} 人" in page.counts_text()
    # sorted by 學號 as the view asks first; leading zeros kept
    assert _numbers(model)[:3] == ["0000000", "0000001", "0000002"]


def test_scrolling_the_view_reads_the_next_pages_in_order(page_for, school: School) -> None:  # noqa: ANN001
    page = page_for(school.clerk)
    model, table = page.model, page.table
    before = model.rowCount()
    table.scrollToBottom()  # the view asks for more at the bottom (canFetchMore / fetchMore)
    QApplication.processEvents()
    settle(page.ctx)
    assert before < model.rowCount() < STUDENTS  # one more page, not all of them
    _fetch_all(page)
    assert model.rowCount() == STUDENTS and not model.canFetchMore()
    assert _numbers(model) == sorted(s.student_no for s in school.students)  # no row twice, none left out


def test_sorting_is_done_by_the_database_on_what_the_columns_show(page_for, school: School) -> None:  # noqa: ANN001
    page = page_for(school.clerk)
    model = page.model
    page.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    settle(page.ctx)
    _fetch_all(page)
    names = [(s.name, s.student_no) for s in (model.student_at(r) for r in range(model.rowCount()))]
    assert names == sorted((s.name, s.student_no) for s in school.students)  # code-point order
    ext_b = [n for n, _ in names if EXT_B in n]
    assert ext_b and all(EXT_B in n for n in ext_b)  # byte-exact, not replaced or split
    assert names[-1][0].startswith(f"黃{EXT_B}")  # outside the BMP: after every BMP character

    page.table.sortByColumn(COL_SEAT, Qt.SortOrder.DescendingOrder)
    settle(page.ctx)
    top = [model.student_at(r) for r in range(model.rowCount())]
    assert model.rowCount() == StudentTableModel.PAGE  # a new order starts again from its first page
    want = sorted(school.students, key=lambda s: (s.seat_no or 0, s.student_no), reverse=True)
    assert [s.student_no for s in top] == [s.student_no for s in want[: StudentTableModel.PAGE]]

    page.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
    settle(page.ctx)
    _fetch_all(page)
    shown = [model.index(r, COL_STATUS).data() for r in range(model.rowCount())]
    assert shown == sorted(shown, key=str.casefold)  # by the label as shown, not by the stored code
    assert {label(Status.ENROLLED), label(Status.SUSPENDED), label(Status.TRANSFERRED_OUT)} <= set(shown)

    masked = COLUMNS.index(next(c for c in COLUMNS if c.sort == "national_id"))
    page.table.sortByColumn(masked, Qt.SortOrder.AscendingOrder)
    settle(page.ctx)
    ids = [model.index(r, masked).data() for r in range(model.rowCount())]
    assert ids == sorted(ids) and all("****" in i for i in ids)  # by the masked text: the hidden digits tell nothing


def test_the_filter_is_done_by_the_database(qtbot, page_for, school: School) -> None:  # noqa: ANN001
    page = page_for(school.clerk)
    model = page.model
    page.filter_edit.setText(EXT_B)
    settle(page.ctx)
    want = sorted(s.student_no for s in school.students if EXT_B in s.name)
    assert model.shown_count() == len(want) > StudentTableModel.PAGE
    _fetch_all(page)
    assert _numbers(model) == want
    assert all(EXT_B in model.index(r, COL_NAME).data() for r in range(model.rowCount()))
    assert f"目前顯示 {len(want)} 人" in page.counts_text()

    page.filter_edit.setText("００４２")  # full-width digits, as typed with an input method
    settle(page.ctx)
    want = sorted(s.student_no for s in school.students if "0042" in s.student_no)
    assert _numbers(model) == want and want[:2] == ["0000042", "0000420"] and len(want) == 11
    assert model.index(0, COL_STUDENT_NO).data() == "0000042"  # the zeros are kept

    page.filter_edit.setText("林%")  # LIKE's wildcard is a character here, not "anything"
    settle(page.ctx)
    assert model.shown_count() == 0 and model.rowCount() == 0

    page.filter_edit.clear()
    page.show_departed.setChecked(False)
    settle(page.ctx)
    at_school = [s for s in school.students if not s.departed]
    assert len(at_school) < STUDENTS and model.shown_count() == len(at_school)
    _fetch_all(page)
    assert not any(model.student_at(r).departed for r in range(model.rowCount()))

    page.show_departed.setChecked(True)
    assert page.select_class("152")
    settle(page.ctx)
    want = sorted(s.student_no for s in school.students if s.class_code == "152")
    assert _numbers(model) == want and model.shown_count() == len(want)
    page.tree.setCurrentIndex(page.tree_model.index(1, 0, page.tree_model.index(0, 0)))  # 全校 → 進修部
    settle(page.ctx)
    assert model.shown_count() == sum(s.class_code in NIGHT for s in school.students)


def test_a_student_further_down_is_read_up_to_and_selected(page_for, school: School) -> None:  # noqa: ANN001
    page = page_for(school.clerk)
    model = page.model
    far = sorted(school.students, key=lambda s: s.student_no)[2345]
    assert model.row_of(far.student_no) is None  # not read yet
    page.select_student(far.student_no)
    settle(page.ctx)
    assert page.current_student() == far and model.rowCount() > 2345
    assert _numbers(model) == sorted(s.student_no for s in school.students)[: model.rowCount()]
    page.filter_edit.setText("林")
    settle(page.ctx)
    page.select_student(far.student_no)  # 王…: not shown by this filter
    settle(page.ctx)
    assert page.current_student() != far


def test_a_refresh_keeps_the_class_the_filter_and_the_student(page_for, school: School) -> None:  # noqa: ANN001
    page = page_for(school.clerk)
    assert page.select_class("101")
    page.filter_edit.setText(EXT_B)
    settle(page.ctx)
    shown = _numbers(page.model)
    assert shown and shown == sorted(s.student_no for s in school.students if s.class_code == "101" and EXT_B in s.name)
    page.select_student(shown[-1])
    settle(page.ctx)
    page.refresh()
    settle(page.ctx)
    assert page.selected_class_code() == "101" and _numbers(page.model) == shown
    assert page.current_student() is not None and page.current_student().student_no == shown[-1]


def test_a_division_clerk_reads_their_division_and_a_mentor_their_class(page_for, school: School) -> None:  # noqa: ANN001
    night = page_for(school.night_clerk)
    want = sorted(s.student_no for s in school.students if s.class_code in NIGHT)
    assert night.model.shown_count() == len(want) and {n.code for n in night.tree_model.nodes} == set(NIGHT)
    _fetch_all(night)
    assert _numbers(night.model) == want
    night.filter_edit.setText("0000001")  # a day student's 學號: not theirs to read, so not found
    settle(night.ctx)
    assert night.model.shown_count() == 0

    mentor = page_for(school.mentor)
    want = sorted(s.student_no for s in school.students if s.class_code == "101")
    assert {n.code for n in mentor.tree_model.nodes} == {"101"}
    assert _numbers(mentor.model) == want and mentor.model.shown_count() == len(want)
    mentor.table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    settle(mentor.ctx)
    assert sorted(_numbers(mentor.model)) == want  # another order, the same class only


def test_no_read_runs_on_the_gui_thread(page_for, school: School) -> None:  # noqa: ANN001
    """Every connection the page and its model take to read is taken on a worker (the guard would
    also have raised on the GUI thread: it is on for this file), whether the page shows the roster or
    the refusal included (decided from the session's authority, read on a worker)."""
    taken: list[int] = []
    guard = engine.set_session_check(None)

    def record() -> None:
        taken.append(threading.get_ident())
        if guard is not None:
            guard()

    engine.set_session_check(record)
    try:
        page = page_for(school.clerk)
        page.filter_edit.setText("王")
        page.table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
        settle(page.ctx)
        _fetch_all(page)
        page.select_student(page.model.student_at(page.model.rowCount() - 1).student_no)
        page.refresh()
        settle(page.ctx)
    finally:
        engine.set_session_check(guard)
    assert taken and threading.get_ident() not in taken
