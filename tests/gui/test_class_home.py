"""A class at a glance (the mentor's home) with real widgets on a real school: the stages against the
school's median, the countdown, today's lists, print and export; a mentor signing in lands on it; the
school view ranks the classes by what is behind; the window title names school and user."""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from pypdf import PdfReader
from sqlalchemy import select

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.items import class_home
from portfolio_desktop.gui.items.class_home import ClassHomeView
from portfolio_desktop.gui.items.dashboard_page import DashboardPage
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.services import settings
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from tests.data.items_school import school_with_uploads, TERM, class_ids
from tests.gui.conftest import Notes, settle
from tests.data.staff import CLERK, PASSWORD, mentor, staff

NOW = dt.datetime.now().replace(microsecond=0)


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    return school_with_uploads(db, actor, tmp_path, NOW, open_days=5)


def _home(qtbot, make_ctx, db: Database, reader: Actor | Viewer, class_id: int) -> ClassHomeView:  # noqa: ANN001
    view = ClassHomeView(make_ctx(Actor(CLERK)), reader)
    qtbot.addWidget(view)
    try:  # what the dashboard page's read op hands the view
        home: class_home.ClassHome | PortfolioError = class_home.class_home(db, reader, TERM, class_id=class_id)
    except PortfolioError as exc:
        home = exc
    view.show_read(home)
    return view


def test_the_home_shows_stages_against_the_median_the_countdown_and_whom_to_chase(
        qtbot, make_ctx, notes: Notes, db: Database, school: dict[str, int], tmp_path: Path) -> None:  # noqa: ANN001
    own = class_ids(db)["102"]
    staff(db, "lin", mentor(own), name="林導師")
    view = _home(qtbot, make_ctx, db, Viewer.mentor({own}, "lin"), own)
    home = view.home
    assert home is not None
    # the header names the person who holds mentor:101, not the roster's mentor column
    assert "102 班" in view.header.text() and "林導師" in view.header.text()
    # every stage: the class's own figure and the median of all classes' figures (one definition each)
    board = dashboard.class_dashboard(db, Actor(CLERK), TERM, class_id=own)
    every = dashboard.school_overview(db, Actor(CLERK), TERM)
    for stage in home.stages:
        assert stage.value == getattr(board.summary, stage.key)
        values = [getattr(r, stage.key) for r in every if getattr(r, stage.key) is not None]
        assert stage.median == (statistics.median(values) if values else None)
        bar, median = view.bars[stage.key]
        assert bar.value() == (round(stage.value) if stage.value is not None else 0)
        assert median.text().startswith("全校中位數")
    assert board.summary.pct_uploaded == 50.0  # 0101 of 0101, 0102
    assert [s.median for s in home.stages][0] == 75.0  # 101: 100% (0003 has left), 102: 50%
    assert "認證截止 剩 5 天" in view.countdown.text()
    # today: 0102 has uploaded nothing; 0101's outcome waits for its teacher; no one has selected
    lists = {kind: [view.lists[kind][1].item(i).text() for i in range(view.lists[kind][1].count())]
             for kind in view.lists}
    no_uploads, waiting, not_selected = (lists[k] for k in view.lists)
    names = {s.student_no: s.name for s in board.students}
    assert no_uploads == [f"{board.students[1].seat_no} {names['0102']}"]
    assert len(waiting) == 1 and waiting[0].endswith(f"{names['0101']}『0101-C03』") and "：" in waiting[0]
    assert len(not_selected) == 2
    # printable and exportable, the export audited
    pdf = tmp_path / "home.pdf"
    view.print_to_pdf(pdf)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "全校中位數" in text and "未上傳課程學習成果名單" in text and names["0102"] in text
    out = tmp_path / "home.xlsx"
    assert view.ctx.ops.wait(view.export_to(out), 60_000)
    assert notes.infos[-1].endswith(f"已匯出 4 筆到 {out}")
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == ["清單", "班級", "座號", "學號", "姓名", "說明"]
    assert {sheet.cell(r, 4).value for r in range(2, 6)} == {"0101", "0102"}  # 學號 as text
    with db.read() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "followup.export")).all()[-1]
        assert row.actor == "lin" and row.entity_key == "102"


def test_a_class_outside_the_mentors_scope_is_refused_in_the_view(qtbot, make_ctx, db: Database,  # noqa: ANN001
                                                                 school: dict[str, int]) -> None:
    ids = class_ids(db)
    view = _home(qtbot, make_ctx, db, Viewer.mentor({ids["101"]}, "lin"), ids["102"])
    assert view.home is None and "102" in view.message.text()


def test_the_school_view_ranks_classes_by_what_is_behind(qtbot, make_ctx, school: dict[str, int]) -> None:  # noqa: ANN001
    ctx = make_ctx(Actor(CLERK))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_term(TERM)
    settle(ctx)
    proxy = page.class_proxy
    shown = [(proxy.index(r, 0).data(), proxy.index(r, 1).data(), int(proxy.index(r, 4).data()))
             for r in range(proxy.rowCount())]
    ranked = [row for row in shown if row[0]]
    assert [r[0] for r in ranked] == [str(i) for i in range(1, len(ranked) + 1)]  # ascending: 1 first
    assert [r[2] for r in ranked] == sorted((r[2] for r in ranked), reverse=True)
    assert shown[-1][1] == "全校" and len(ranked) > 1


def test_a_mentor_signing_in_lands_on_their_class(qtbot, db: Database, school: dict[str, int],  # noqa: ANN001
                                                  tmp_path: Path) -> None:
    own = class_ids(db)["101"]
    staff(db, "lin", mentor(own), name="林導師", password=PASSWORD)
    with db.write() as s:
        settings.set_setting(s, Actor(CLERK), "school.name", "示範高中")
    actor = accounts.sign_in(db, "lin", PASSWORD)
    window = MainWindow(db, actor, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.load()
    settle(window)
    try:
        page = window.tabs.currentWidget()
        assert isinstance(page, DashboardPage) and page.tabs.currentWidget() is page.home
        assert page.home.home is not None and page.home.home.summary.class_id == own
        assert window.windowTitle() == "示範高中 — 林導師（導師（101））— 學生學習歷程檔案"
        screen = window.screen().availableGeometry()
        assert window.width() <= screen.width() and window.height() <= screen.height()
    finally:
        window.jobs.shutdown(cancel=True)


def test_the_date_field_reads_roc_compact_and_iso_and_shows_the_chosen_format(qtbot) -> None:  # noqa: ANN001
    from portfolio_desktop.gui import i18n
    from portfolio_desktop.gui.date_edit import DateEdit

    edit = DateEdit(dt.date(2026, 1, 2))
    qtbot.addWidget(edit)
    assert edit.text() == "115/01/02"
    seen: list[object] = []
    edit.dateChanged.connect(seen.append)
    for typed in ("115/11/20", "1151120", "2026-11-20"):
        edit.setText(typed)
        assert edit.value() == dt.date(2026, 11, 20) and edit.text() == "115/11/20", typed
    assert len(seen) == 1  # one new date, typed three ways
    edit.setText("115/02/30")
    with pytest.raises(Exception, match="只有 28 天"):
        edit.value()
    assert "28" in edit.edit.toolTip() and not edit.date().isValid()
    edit.setMaximumDate(dt.date(2026, 12, 31))
    edit.setText("116/01/01")
    assert "晚於" in edit.edit.toolTip()
    i18n.set_date_format("gregorian")
    try:
        edit.setText("1151120")
        assert edit.text() == "2026/11/20"
    finally:
        i18n.set_date_format("roc")
    edit.button.click()
    assert edit.calendar.isVisible() and edit.calendar.selectedDate().year() == 2026
    edit.calendar.clicked.emit(edit.calendar.selectedDate().addDays(1))
    assert edit.value() == dt.date(2026, 11, 21) and not edit.calendar.isVisible()
