"""The import dialog driven like a clerk would: file, preview, mapping, run, problems, cancel."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt


from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.errors import ImportRefused
from portfolio_desktop.gui.rosters.class_tree_model import CLASS_CODE_ROLE
from portfolio_desktop.gui.imports.import_dialog import MAPPING_KEY, TAB_PROBLEMS, TAB_RESULT
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.io.tabular import Cancelled
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.settings import get_setting
from tests.gui.conftest import counts, outcome, previewed, settle
from tests.gui.roster_files import HEADERS, big_roster, student, write_csv, write_xlsx



def _run(qtbot, dialog) -> None:  # noqa: ANN001
    assert dialog.import_button.isEnabled()
    outcome(dialog)  # listens from now on
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.running
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)


def _class_codes(window: MainWindow) -> set[str]:
    model = window.roster.tree_model
    found: set[str] = set()
    stack = [model.item(r) for r in range(model.rowCount())]
    while stack:
        item = stack.pop()
        if item.data(CLASS_CODE_ROLE):
            found.add(item.data(CLASS_CODE_ROLE))
        stack.extend(item.child(r) for r in range(item.rowCount()))
    return found


def test_import_shows_preview_then_students_in_tree_and_table(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [student("0012301", "王小明", "301", 1, serial=11), student("0012302", "林𡘙安", "301", 2, serial=12),
            student("0011001", "陳大同", "101", 5, serial=13)]
    # Columns in another order than ours, an extra column, a title row above the header.
    headers = ["備註", *HEADERS]
    path = write_xlsx(tmp_path / "名冊.xlsx", [["", *r] for r in rows], headers)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.set_file(path)
    # the file is read on a worker: the dialog answers at once, and 匯入 waits for the preview
    assert "讀取預覽中" in dialog.status_label.text() and not dialog.import_button.isEnabled()
    previewed(dialog)

    assert dialog.header_label.text() == "標題列：第 2 列"
    assert dialog.mapped_headers()["student_no"] == "學號"
    assert dialog.mapped_headers()["class_code"] == "班級"
    assert dialog.preview_model.rowCount() == 3
    assert dialog.preview_model.mapped_field(0) is None  # 備註 is not imported
    assert dialog.preview_model.mapped_field(1) == "學號"
    assert dialog.mapping_combos["student_no"].currentText() == "學號"

    _run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    report = outcome(dialog).report
    assert report is not None and sorted(report.added) == ["0011001", "0012301", "0012302"]
    assert dialog.tabs.currentIndex() == TAB_RESULT
    assert "新增 3 位" in dialog.result_text.toPlainText()

    # The views refreshed: the import announced its change.
    settle(window)
    assert {"301", "101"} <= _class_codes(window)
    assert window.roster.model.rowCount() == 3
    names = {window.roster.model.student_at(r).name for r in range(window.roster.model.rowCount())}
    assert "林𡘙安" in names
    assert "3 人" in window.counts_label.text()


def test_bad_file_shows_problem_table_and_writes_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    good = student("0012301", "王小明", "301", 1, serial=21)
    bad_id = ["0012302", "林小華", "A123456788", "女", "096/05/17", "301", 2, "在學"]  # wrong check digit
    duplicate = student("0012301", "王小明", "301", 3, serial=22)
    path = write_xlsx(tmp_path / "bad.xlsx", [good, bad_id, duplicate])
    before = counts(window.db)
    dialog = window.open_import()
    dialog.set_file(path)
    previewed(dialog)
    _run(qtbot, dialog)

    assert isinstance(outcome(dialog).error, ImportRefused)
    assert dialog.tabs.currentIndex() == TAB_PROBLEMS
    model = dialog.problem_model
    assert model.rowCount() >= 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == ["工作表", "列", "欄", "內容", "問題"]
    cells = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert ["名冊", "4", "身分證統一編號", "A123456788"] in [row[:4] for row in cells]
    assert any(row[1] == "5" and row[2] == "學號" for row in cells)  # the duplicate, Excel row 5
    assert counts(window.db) == before
    assert window.roster.model.rowCount() == 0

    assert dialog.save_problems_button.isEnabled()
    out = tmp_path / "錯誤清單.xlsx"
    dialog.save_problems(out)
    sheet = load_workbook(out).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any("A123456788" in [str(v) for v in row] for row in values)


def test_cancel_of_a_big_import_writes_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    rows = big_roster(20_000)
    path = write_csv(tmp_path / "big.csv", rows)
    before = counts(window.db)
    dialog = window.open_import()
    dialog.set_file(path)
    previewed(dialog)
    outcome(dialog)  # listens from now on
    # Another workstation holds the write lock, so the import cannot finish before the clerk cancels,
    # whichever phase (reading, or waiting to write) it is in when Cancel is pressed.
    other = sqlite3.connect(window.db.url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.cancel_button.isEnabled() and dialog.progress_bar.isVisible()
        qtbot.waitUntil(lambda: dialog.progress_bar.maximum() > 0, timeout=60_000)  # under way
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)

    assert isinstance(outcome(dialog).error, Cancelled), outcome(dialog).error
    assert "已取消" in dialog.status_label.text()
    assert counts(window.db) == before
    assert rosters.list_students(window.db, window.actor) == []
    assert not window.jobs.busy
    # The same file imports in full when not cancelled (so the cancel above was not a refusal).
    dialog.set_file(path)
    previewed(dialog)
    _run(qtbot, dialog)
    assert outcome(dialog).report is not None, outcome(dialog).error
    assert len(outcome(dialog).report.added) == len(rows)


def test_manual_mapping_is_remembered_for_the_next_file(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    headers = ["學生代碼", *HEADERS[1:]]  # "學生代碼" is no alias of 學號: the clerk maps it by hand
    first = write_xlsx(tmp_path / "a.xlsx", [student("0012301", "王小明", "301", 1, serial=31)], headers)
    dialog = window.open_import()
    dialog.set_file(first)
    previewed(dialog)
    assert "student_no" not in dialog.mapped_headers()
    assert not dialog.import_button.isEnabled()
    assert "學號" in dialog.status_label.text()

    combo = dialog.mapping_combos["student_no"]
    index = combo.findText("學生代碼")
    assert index > 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what a click or the keyboard on the combo does
    previewed(dialog)
    assert dialog.mapped_headers()["student_no"] == "學生代碼"
    assert dialog.preview_model.mapped_field(0) == "學號"
    _run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    settle(window)  # the column choices are remembered by a write of their own, after the import's
    with window.db.read() as s:
        assert get_setting(s, MAPPING_KEY)["student_no"] == "學生代碼"
    dialog.close()

    second = write_xlsx(tmp_path / "b.xlsx", [student("0012302", "林小華", "301", 2, serial=32)], headers)
    again = window.open_import()
    again.set_file(second)
    previewed(again)
    assert again.mapped_headers()["student_no"] == "學生代碼"
    assert again.mapping_combos["student_no"].currentText() == "學生代碼"
    assert again.import_button.isEnabled()
    _run(qtbot, again)
    assert outcome(again).report is not None and outcome(again).report.added == ["0012302"]


def test_dry_run_reports_and_writes_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_xlsx(tmp_path / "名冊.xlsx", [student("0012301", "王小明", "301", 1, serial=41)])
    before = counts(window.db)
    dialog = window.open_import()
    dialog.set_file(path)
    previewed(dialog)
    dialog.dry_run.setChecked(True)
    _run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.dry_run
    assert outcome(dialog).report.added == ["0012301"]
    assert "試算" in dialog.result_text.toPlainText()
    assert counts(window.db) == before


def test_sheet_is_found_and_can_be_chosen(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "說明"
    notes.append(["本檔由校務行政系統匯出"])
    day = wb.create_sheet("日間部")
    day.append(HEADERS)
    day.append(student("0012301", "王小明", "301", 1, serial=51))
    night = wb.create_sheet("進修部")
    night.append(HEADERS)
    night.append(student("0018301", "黃小玲", "302", 1, serial=52))
    night.append(student("0018302", "吳小強", "302", 2, serial=53))
    path = tmp_path / "兩部.xlsx"
    wb.save(path)

    dialog = window.open_import()
    dialog.set_file(path)
    previewed(dialog)
    assert dialog.sheet_combo.currentText() == "日間部"  # the first sheet holding the header row
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["說明", "日間部", "進修部"]
    assert dialog.sheet_combo.isEnabled()
    dialog.set_sheet("進修部")
    previewed(dialog)
    assert dialog.preview_model.rowCount() == 2
    _run(qtbot, dialog)
    assert outcome(dialog).report is not None, outcome(dialog).error
    assert outcome(dialog).report.sheet == "進修部"
    assert sorted(outcome(dialog).report.added) == ["0018301", "0018302"]


def test_the_preview_masks_ids_and_a_typed_path_opens_the_file(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [student("0012301", "王小明", "301", 1, serial=11), student("0012302", "林𡘙安", "301", 2, serial=12)]
    path = write_xlsx(tmp_path / "名冊.xlsx", rows, HEADERS)
    dialog = window.open_import()
    assert not dialog.file_edit.isReadOnly()
    dialog.file_edit.setText(str(tmp_path / "沒有這個檔.xlsx"))  # typed (QTest types no Chinese)
    qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return)
    previewed(dialog)
    assert "找不到檔案" in dialog.status_label.text() and dialog.preview_model.rowCount() == 0
    dialog.file_edit.setText(str(path))
    qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return)
    previewed(dialog)
    assert dialog.preview_model.rowCount() == 2
    column = HEADERS.index("身分證統一編號")
    full = rows[0][column]
    shown = dialog.preview_model.index(0, column).data()
    assert shown == mask_id(full) and shown != full and "*" in shown
    texts = [dialog.preview_model.index(r, c).data() for r in range(2) for c in range(len(HEADERS))]
    assert not any(t == r[column] for t in texts for r in rows)  # no full ID anywhere in the preview
