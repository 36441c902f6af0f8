"""The main window over a roster imported through the service: filter, greyed departed rows, ROC
dates, masked IDs, the detail dialog recording a 學籍異動, export, remembered window state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from portfolio_desktop.domain.status import Status
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.rosters.student_model import COL_NAME, COL_STATUS, DEPARTED_ROLE
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import counts, settle
from tests.gui.roster_files import national_id, student, write_xlsx


@pytest.fixture
def roster(db: Database, actor: Actor, tmp_path: Path) -> None:
    rows = [
        student("0012301", "王小明", "301", 1, serial=101),
        student("0012302", "王大華", "301", 2, serial=102),
        student("0012303", "林𡘙安", "301", 3, serial=103, status="休學"),
        student("0011001", "陳大同", "101", 1, serial=104),
        student("0011002", "李小美", "101", 2, serial=105),
    ]
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "roster.xlsx", rows))


def _ime_type(widget: QWidget, text: str) -> None:
    """Chinese text arrives as an input-method commit, not as key presses (QTest keys are ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _shown(window: MainWindow) -> list[str]:
    proxy = window.roster.model
    return [proxy.student_at(r).student_no for r in range(proxy.rowCount())]


def _row_of(window: MainWindow, student_no: str) -> int:
    return _shown(window).index(student_no)


@pytest.mark.usefixtures("roster")
def test_type_to_filter_narrows_the_table(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.roster.refresh()
    settle(window)
    assert len(_shown(window)) == 5
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.roster.filter_edit
    _ime_type(window.roster.filter_edit, "王")
    settle(window)  # the filtered rows are read on a worker
    assert sorted(_shown(window)) == ["0012301", "0012302"]
    window.roster.filter_edit.clear()
    _ime_type(window.roster.filter_edit, "１００２")  # full-width digits, as an IME in full-width mode
    settle(window)
    assert _shown(window) == ["0011002"]
    window.roster.filter_edit.clear()
    settle(window)
    assert len(_shown(window)) == 5
    assert "目前顯示 5 人" in window.counts_label.text()


@pytest.mark.usefixtures("roster")
def test_tree_selection_filters_and_sorting_by_column(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.roster.refresh()
    settle(window)
    assert window.roster.select_class("101")
    settle(window)
    assert sorted(_shown(window)) == ["0011001", "0011002"]
    assert window.roster.selected_class_code() == "101"
    window.roster.tree.setCurrentIndex(window.roster.tree_model.index(0, 0))  # 全校
    window.roster.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    settle(window)
    assert _shown(window) == sorted(_shown(window), reverse=True)


@pytest.mark.usefixtures("roster")
def test_departed_row_is_greyed_and_dates_are_roc_ids_masked(window: MainWindow) -> None:
    window.roster.refresh()
    settle(window)
    proxy = window.roster.model
    gone, here = _row_of(window, "0012303"), _row_of(window, "0012301")
    assert isinstance(proxy.index(gone, COL_NAME).data(Qt.ItemDataRole.ForegroundRole), QBrush)
    assert proxy.index(gone, 0).data(DEPARTED_ROLE) is True
    assert proxy.index(here, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert proxy.index(gone, COL_STATUS).data() == "休學"
    texts = [proxy.index(here, c).data() for c in range(proxy.columnCount())]
    assert "096/05/17" in texts
    full = national_id("A", 1, 101)
    assert full not in texts and f"{full[:3]}****{full[-3:]}" in texts
    window.roster.show_departed.setChecked(False)
    settle(window)
    assert "0012303" not in _shown(window)


@pytest.mark.usefixtures("roster")
def test_detail_dialog_records_a_status_change(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    window.roster.refresh()
    settle(window)
    window.roster.table.setFocus()
    window.roster.select_student("0011001")
    settle(window)
    qtbot.keyClick(window.roster.table, Qt.Key.Key_Return)
    dialog = window.detail_dialog
    assert dialog is not None and dialog.isVisible()
    settle(window)  # the record arrives from its read op
    assert dialog.field_labels["national_id"].text() == national_id("A", 1, 104)  # full ID only here
    assert dialog.history_model.rowCount() == 0  # the first import is not a change
    offered = [dialog.status_combo.itemData(i) for i in range(dialog.status_combo.count())]
    assert Status.SUSPENDED in offered and Status.ENROLLED not in offered and Status.REINSTATED not in offered

    # Each change is confirmed first, saying what it will do; answering No writes nothing.
    asked: list[str] = []
    dialog.confirm = lambda text: asked.append(text) or False
    before = counts(window.db)
    dialog.set_change(Status.TRANSFERRED_OUT, dt.date.today() - dt.timedelta(days=1), "搬家")
    dialog.record_button.click()
    assert "「轉出」" in asked[-1] and "離校" in asked[-1] and "撤銷最近一筆異動" in asked[-1]
    assert counts(window.db) == before and dialog.history_model.rowCount() == 0
    dialog.confirm = lambda text: asked.append(text) or True

    # A future date is refused by the service, in zh_TW, and nothing is written.
    dialog.set_change(Status.SUSPENDED, dt.date.today() + dt.timedelta(days=3), "家庭因素")
    dialog.record_button.click()
    settle(window)
    assert "今天" in dialog.message_label.text()
    assert counts(window.db) == before

    on = dt.date.today() - dt.timedelta(days=1)
    dialog.set_change(Status.SUSPENDED, on, "家庭因素")
    dialog.record_button.click()
    settle(window)
    assert dialog.history_model.rowCount() == 1
    change = dialog.history_model.changes()[0]
    assert (change.from_status, change.to_status, change.changed_on, change.reason) == (
        Status.ENROLLED, Status.SUSPENDED, on, "家庭因素")
    assert dialog.history_model.index(0, 2).data() == "休學"
    assert dialog.field_labels["status"].text().startswith("休學")
    assert rosters.student_detail(window.db, window.actor, "0011001").student.status is Status.SUSPENDED
    # The main table refreshed: the student is now greyed.
    settle(window)
    row = _row_of(window, "0011001")
    assert window.roster.model.index(row, 0).data(DEPARTED_ROLE) is True

    # Recorded for the wrong student: withdrawn with a reason, the student back as before.
    assert dialog.withdraw_button.isEnabled()
    questions: list[str] = []
    dialog.ask_reason = lambda text: questions.append(text) or None  # the clerk cancels: nothing written
    dialog.withdraw_button.click()
    assert "休學" in questions[-1] and dialog.history_model.rowCount() == 1
    dialog.ask_reason = lambda text: "誤登錄：應為 0011002"
    dialog.withdraw_button.click()
    settle(window)
    assert dialog.history_model.rowCount() == 0 and "已撤銷異動" in dialog.message_label.text()
    assert rosters.student_detail(window.db, window.actor, "0011001").student.status is Status.ENROLLED
    assert not dialog.withdraw_button.isEnabled()  # nothing left to withdraw
    settle(window)
    assert window.roster.model.index(_row_of(window, "0011001"), 0).data(DEPARTED_ROLE) is not True


@pytest.mark.usefixtures("roster")
def test_export_of_the_selected_class(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    window.roster.refresh()
    settle(window)
    window.roster.select_class("301")
    out = tmp_path / "名冊_301.xlsx"
    window.start_export(out, window.roster.selected_class_code())
    settle(window)
    assert window.statusBar().currentMessage() == f"已匯出 3 位學生至 {out}"
    sheet = load_workbook(out).active
    values = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    assert "學號" in values[0]
    col = list(values[0]).index("學號")
    assert sorted(r[col] for r in values[1:]) == ["0012301", "0012302", "0012303"]


def test_window_state_is_remembered_and_pages_can_be_added(qtbot, db: Database, actor: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    path = str(tmp_path / "state.ini")
    first = MainWindow(db, actor, settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.resize(700, 500)  # within the offscreen screen (800 x 600)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    second = MainWindow(db, actor, settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.tabs.widget(0) is second.roster
    index = second.add_page("其他", QLabel("page"))
    from portfolio_desktop.gui.pages import PAGES

    # the roster page, then every registered feature page this user may use, then ours
    assert index == len(second.registered_pages) + 1 and second.tabs.tabText(index) == "其他"
    assert set(second.registered_pages) <= set(PAGES) and second.registered_pages  # the fixture clerk gets pages


def test_a_roster_header_stored_for_other_columns_is_not_put_back(qtbot, db: Database, actor: Actor,  # noqa: ANN001
                                                                   tmp_path: Path) -> None:
    """An older version stored the roster table's header with one column more: the window opens with
    the table's own columns (Qt alone would take the stored ones and ask the model for a column it lacks)."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    path = str(tmp_path / "state.ini")
    first = MainWindow(db, actor, settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    columns = first.roster.table.model().columnCount()
    older = QTableView()
    qtbot.addWidget(older)
    older.setModel(QStandardItemModel(0, columns + 1, older))
    older.setColumnWidth(1, 333)
    first.close()
    settings = QSettings(path, QSettings.Format.IniFormat)
    settings.setValue("roster/tableHeader", older.horizontalHeader().saveState())
    settings.sync()
    second = MainWindow(db, actor, settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    header = second.roster.table.horizontalHeader()
    assert header.count() == columns and header.sectionSize(1) != 333
