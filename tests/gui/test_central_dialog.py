"""The central 名冊 dialog, driven like a clerk would from 名冊 → 中央資料庫名冊…: a 學生資料名冊 is
recognised by itself, the dry run shows what it would create (IDs masked) and writes nothing, the
import writes; a 提交 名冊 is written and its round listed as 已提交; an office that does not write a
名冊別 is not offered its export, and an import it may not make is refused with nothing written."""

from __future__ import annotations

from pathlib import Path


from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from sqlalchemy import func, select

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.gui.central.central_dialog import TAB_EXPORT, TAB_ROUNDS, CentralDialog
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.io.central_files import read_central
from portfolio_desktop.store.central_models import SubmissionRound
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student
from tests.data.central_files import (
    NEW_STUDENTS,
    SCHOOL,
    STUDENT_HEADERS,
    make_students,
    student_rows,
    write_roster,
    write_sheet_csv,
)

from tests.data.staff import ACTIVITIES_DAY, seed_staff
from tests.gui.conftest import settle

D, E = NEW_STUDENTS


def _students(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(Student.id))) or 0


def _click_and_wait(qtbot, dialog: CentralDialog, button) -> None:  # noqa: ANN001
    assert button.isEnabled() and button.isVisible(), dialog.status_label.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.running
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)


def test_a_student_roster_is_recognised_tried_and_imported_and_a_roster_written(
        qtbot, window: MainWindow, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    make_students(db)
    action = window.findChild(QAction, "centralRostersAction")
    assert action is not None and action.isEnabled()
    action.trigger()
    dialog = window.central_dialog
    assert isinstance(dialog, CentralDialog)
    path = write_roster(tmp_path / "學生資料名冊.xlsx", 1, {"學生資料": (STUDENT_HEADERS, student_rows())})
    dialog.set_file(path)
    assert "名冊別 1" in dialog.recognised_label.text() and "學生資料 5 列" in dialog.recognised_label.text()
    assert not dialog.import_button.isEnabled()  # a dry run comes first
    before = _students(db)
    _click_and_wait(qtbot, dialog, dialog.dry_run_button)
    text = dialog.result_text.toPlainText()
    assert f"新增學生 {D[0]} {D[1]}" in text and mask_id(D[2]) in text and D[2] not in text
    assert "試算" in dialog.status_label.text() and _students(db) == before
    _click_and_wait(qtbot, dialog, dialog.import_button)
    assert _students(db) == before + 2 and "新增 2 位" in dialog.status_label.text()
    assert not dialog.import_button.isEnabled()  # a new dry run before importing again

    dialog.tabs.setCurrentIndex(TAB_EXPORT)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(1))
    dialog.term_edit.setText("112-1")
    dialog.school_edit.setText(SCHOOL)
    out = tmp_path / "名冊1.xlsx"
    dialog.out_edit.setText(str(out))
    _click_and_wait(qtbot, dialog, dialog.export_button)
    assert "資料 5 列" in dialog.export_result.text() and read_central(out).cover.kind == 1
    assert "提交回合" in dialog.export_result.text()
    settle(window)  # the rounds read again
    dialog.tabs.setCurrentIndex(TAB_ROUNDS)
    table = dialog.rounds_table
    assert table.rowCount() == 1
    assert table.item(0, 2).text() == "1 學生資料名冊" and table.item(0, 7).text() == "已提交 (0/5)"
    assert table.item(0, 6).text() == out.name


def test_what_the_office_may_not_do_is_not_offered_or_is_refused(qtbot, db: Database, tmp_path: Path,  # noqa: ANN001
                                                                   make_ctx) -> None:
    make_students(db)
    activities = seed_staff(db, "訓育組", ACTIVITIES_DAY)
    ctx = make_ctx(activities)
    dialog = CentralDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(ctx)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(1))
    assert not dialog.export_button.isEnabled() and dialog.export_button.toolTip()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(25))
    assert dialog.export_button.isEnabled()
    path = write_sheet_csv(tmp_path / "112_1_1_學生資料.csv", STUDENT_HEADERS, student_rows())
    dialog.set_file(path)
    assert "名冊別 1" in dialog.recognised_label.text()
    before = _students(db)
    _click_and_wait(qtbot, dialog, dialog.dry_run_button)
    assert "登錄學籍資料" in dialog.status_label.text() and not dialog.import_button.isEnabled()
    assert _students(db) == before
    dialog.set_file(write_sheet_csv(tmp_path / "成果.csv", STUDENT_HEADERS, student_rows()))
    assert "不是" in dialog.recognised_label.text() or "命名" in dialog.recognised_label.text()
    assert not dialog.dry_run_button.isEnabled()
    with db.read() as s:
        assert s.scalar(select(func.count(SubmissionRound.id))) == 0
