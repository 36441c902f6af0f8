"""The dashboard page with real widgets (pytest-qt): a state change shows up, a mentor sees only their
class, drill-down actions work and refresh the page, the chart, export and print."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pypdf import PdfReader

from portfolio_desktop.domain.items import ItemKind
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.items.dashboard_models import ROW_ROLE
from portfolio_desktop.gui.items.dashboard_page import DashboardPage
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.items import items
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.store.engine import Database
from tests.data.items_school import school_with_uploads, TERM, class_ids
from tests.gui.conftest import Notes, settle

NOW = dt.datetime.now().replace(microsecond=0)


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    return school_with_uploads(db, actor, tmp_path, NOW, open_days=1)


def _page(window: MainWindow) -> DashboardPage:
    page = next(window.tabs.widget(i) for i in range(window.tabs.count())
                if isinstance(window.tabs.widget(i), DashboardPage))
    window.tabs.setCurrentWidget(page)  # the page reads when it is shown
    settle(window)
    return page


def _rows(page: DashboardPage) -> dict[str, object]:
    proxy = page.student_proxy
    return {proxy.index(r, 0).data(ROW_ROLE).student_no: proxy.index(r, 0).data(ROW_ROLE)
            for r in range(proxy.rowCount())}


def test_page_is_in_the_main_window_and_a_state_change_shows_up(window: MainWindow, db: Database, actor: Actor,
                                                                  school: dict[str, int]) -> None:
    page = _page(window)
    page.set_term(TERM)
    page.set_class(class_ids(db)["101"])
    settle(window)
    rows = _rows(page)
    assert set(rows) == {"0001", "0002", "0003"} and rows["0001"].clo_uploaded == 2 and rows["0001"].clo_certified == 0
    [first] = [r.id for r in items.list_items(db, Actor(CLERK), student_no="0001") if r.course_code == "C01"]
    items.certify(db, actor, [first])
    window.ctx.changes.announce({Cap.ITEMS})  # what every write op of the app announces
    settle(window)
    assert _rows(page)["0001"].clo_certified == 1
    departed = page.student_proxy.index(list(_rows(page)).index("0003"), 0)
    assert departed.data(Qt.ItemDataRole.ForegroundRole) is not None  # 休學 shown greyed


def test_drill_down_actions_refresh_the_page(qtbot, window: MainWindow, db: Database, school: dict[str, int],  # noqa: ANN001
                                            notes: Notes) -> None:
    page = _page(window)
    page.set_term(TERM)
    page.set_class(class_ids(db)["101"])
    settle(window)
    dialog = page.open_student("0001")
    qtbot.addWidget(dialog)
    settle(window)  # its items arrive from the read op
    assert dialog.items_proxy.rowCount() == 2
    item_id = dialog.items_proxy.index(0, 0).data(ROW_ROLE).id
    dialog.select_item(item_id)
    qtbot.mouseClick(dialog.buttons[items.Action.CERTIFY], Qt.MouseButton.LeftButton)
    settle(window)
    assert notes.warnings == []
    assert dialog.history_model.rowCount() == 2  # upload, certify
    assert _rows(page)["0001"].clo_certified == 1  # the page refreshed: the write was announced
    qtbot.mouseClick(dialog.buttons[items.Action.SUBMIT], Qt.MouseButton.LeftButton)
    settle(window)
    assert notes.last_warning is not None and "只有「已勾選」的可以" in notes.last_warning
    assert dialog.apply(items.Action.REJECT, reason="內容與課程無關") is not None
    settle(window)
    assert dialog.items_proxy.index(0, 0).data(ROW_ROLE).state_zh in ("未通過認證", "已上傳")
    settle(window)
    assert _rows(page)["0001"].clo_not_certified == 1


def test_mentor_sees_only_their_class(qtbot, db: Database, make_ctx, school: dict[str, int]) -> None:  # noqa: ANN001
    own = class_ids(db)["102"]
    ctx = make_ctx(Actor("導師102"), viewer=Viewer.mentor({own}, "導師102"))
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_term(TERM)
    page.refresh()
    settle(ctx)
    assert page.class_box.count() == 1 and page.class_id() == own
    assert set(_rows(page)) == {"0101", "0102"}
    codes = [page.class_proxy.index(r, 1).data() for r in range(page.class_proxy.rowCount())]
    assert codes == ["102"]  # their one class, not again as a 全校 row
    assert page.chart.categories() == ["102"]


def test_sorting_chart_export_and_print(qtbot, db: Database, actor: Actor, make_ctx, school: dict[str, int],  # noqa: ANN001
                                       tmp_path: Path) -> None:
    ctx = make_ctx()
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_term(TERM)
    page.set_class(class_ids(db)["101"])
    page.refresh()
    settle(ctx)
    col = next(i for i, c in enumerate(page.student_model.columns) if c.header == "成果上傳")
    page.student_table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert page.student_proxy.index(0, 1).data() == "0001"
    assert page.chart.categories() == ["101", "102"]
    assert page.chart.values("上傳率") == [100.0, 50.0]  # 0003 is 休學: 2 of 2 at school; 1 of 2
    page.followup_box.setCurrentIndex(1)  # uncertified, per teacher
    page.followup_scope.setCurrentIndex(1)
    settle(ctx)
    assert page.followup_data.kind.value == "uncertified"
    assert page.followup_proxy.rowCount() == 5  # 0001: C01 + C02 (two teachers); 0002: C01; 0101: C03
    out = tmp_path / "uncertified.xlsx"
    assert followup.export_followup(db, actor, page.followup_data, out) == 5  # what 匯出 .xlsx… writes
    assert load_workbook(out).active["A1"].value == "授課教師"
    pdf = tmp_path / "uncertified.pdf"
    page.print_followup_to_pdf(pdf)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "待認證課程學習成果" in text and "0001" in text


def test_windows_are_edited_in_the_page(qtbot, db: Database, make_ctx, school: dict[str, int],  # noqa: ANN001
                                        notes: Notes) -> None:
    from portfolio_desktop.domain.windows import WindowKind
    from portfolio_desktop.gui.items.dashboard_windows import _qdt
    from portfolio_desktop.services.items import windows

    ctx = make_ctx()
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_term(TERM)
    page.refresh()
    settle(ctx)
    editor = page.windows_editor
    enabled, start, end, note = editor.rows[WindowKind.SELECTION]
    assert enabled.isChecked()
    start.setDateTime(_qdt(dt.datetime(2025, 6, 1, 8, 0)))
    end.setDateTime(_qdt(dt.datetime(2025, 6, 20, 17, 0)))
    note.setText("學年末勾選")
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(editor.findChild(QPushButton, "saveWindows"), Qt.MouseButton.LeftButton)
    got = {w.kind: w for w in windows.list_windows(db, Actor(CLERK), TERM)}[WindowKind.SELECTION]
    assert (got.starts_at, got.ends_at, got.note) == (dt.datetime(2025, 6, 1, 8), dt.datetime(2025, 6, 20, 17), "學年末勾選")
    settle(ctx)  # the page and the editor reload after the save
    end.setDateTime(_qdt(dt.datetime(2025, 5, 1, 8, 0)))  # before the start: refused, nothing written
    editor.save()
    settle(ctx)
    assert notes.last_warning is not None and "早於開始時間" in notes.last_warning
    assert {w.kind: w for w in windows.list_windows(db, Actor(CLERK), TERM)}[WindowKind.SELECTION] == got


def test_item_entry_from_the_drill_down(qtbot, db: Database, make_ctx, school: dict[str, int],  # noqa: ANN001
                                        notes: Notes) -> None:
    from portfolio_desktop.domain.items import MPCategory

    from tests.data.staff import ACTIVITIES_DAY, seed_staff

    ctx = make_ctx(seed_staff(db, "訓育組", ACTIVITIES_DAY))  # enters cadre and MP records
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_term(TERM)
    page.set_class(class_ids(db)["102"])
    settle(ctx)
    dialog = page.open_student("0102")
    qtbot.addWidget(dialog)
    settle(ctx)
    dialog.add(ItemKind.CADRE, "班長")
    settle(ctx)
    assert notes.warnings == []
    dialog.add(ItemKind.MP, "沒有細項")
    settle(ctx)
    assert "細項" in notes.last_warning
    dialog.add(ItemKind.MP, "淨灘", category=MPCategory.VOLUNTEER)
    settle(ctx)
    assert len(notes.warnings) == 1 and dialog.items_proxy.rowCount() == 2
    settle(ctx)
    assert _rows(page)["0102"].mp_uploaded == 1
