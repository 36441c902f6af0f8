"""The one import dialog for every other import (courses, portfolio items, windows, receipt details,
proxy lists), driven like a clerk would: file, preview, mapping, dry run, problems, Cancel, import.

The acting clerk holds the roles each import needs (教學組 for courses, 教務主任 for windows, 註冊組
and 訓育組 for items and receipts): the services enforce them."""

from __future__ import annotations


import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import func, select

from portfolio_desktop.domain.items import ItemKind
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import ImportRefused, PermissionDenied
from portfolio_desktop.gui.context import SessionContext
from portfolio_desktop.gui.items.dashboard_windows import WindowsEditor
from portfolio_desktop.gui.imports.import_dialog import TAB_PROBLEMS, TAB_RESULT, ImportDialog
from portfolio_desktop.gui.imports.import_kinds import COURSES_IMPORT, ITEMS_IMPORT, WINDOWS_IMPORT, ImportKind
from portfolio_desktop.gui.imports.imports import open_import
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.accounts.proxy_editor import ProxyEditor
from portfolio_desktop.gui.notices.receipts_page import ReceiptsPage
from portfolio_desktop.io.tabular import Cancelled
from portfolio_desktop.services.rosters import courses
from portfolio_desktop.services.items import items
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, PortfolioItem
from portfolio_desktop.store.window_models import TermWindow
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.receipts_models import ReceiptItem
from tests.data import items_school as school
from tests.data import receipts as rdata
from tests.data.staff import DEAN, staff
from tests.gui.conftest import outcome, previewed, settle


TABLES = (Course, Enrolment, PortfolioItem, TermWindow, ReceiptItem, AuditLog)


def counts(db: Database) -> tuple[int, ...]:
    """Rows of every table these imports write (audit rows included): equal = nothing written."""
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES)


class Host(QWidget):
    """What a page gives the dialog: its session context (database, who acts, the op runner, the change bus)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.ctx = SessionContext(db, actor, settings=QSettings(), signed_in=True, viewer=None, parent=self)
        self.jobs = self.ctx.ops.writes
        self.import_dialog: ImportDialog | None = None


@pytest.fixture
def clerk(db: Database) -> Actor:
    return staff(db, "clerk", Grant(Role.REGISTRY), Grant(Role.ACADEMIC), Grant(Role.ACTIVITIES), DEAN,
                 name="多職務職員")


@pytest.fixture
def host(qtbot, db: Database, clerk: Actor) -> Iterator[Host]:  # noqa: ANN001
    widget = Host(db, clerk)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.jobs.shutdown(cancel=True)


def run(qtbot, dialog: ImportDialog) -> None:  # noqa: ANN001
    assert dialog.import_button.isEnabled(), dialog.status_label.text()
    outcome(dialog)  # listens from now on
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.running
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)


def cancel_under_way(qtbot, db: Database, dialog: ImportDialog) -> None:  # noqa: ANN001
    """Start the import, wait until it reports progress, press Cancel. Another workstation holds the
    write lock meanwhile, so the import cannot finish first, whichever phase it is in."""
    outcome(dialog)  # listens from now on
    other = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.cancel_button.isEnabled() and dialog.progress_bar.isVisible()
        qtbot.waitUntil(lambda: dialog.progress_bar.maximum() > 0, timeout=60_000)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)
    assert isinstance(outcome(dialog).error, Cancelled), outcome(dialog).error
    assert "已取消" in dialog.status_label.text()


def problem_cells(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.problem_model
    return [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]


# ------------------------------------------------------------------------------------ courses
COURSE_HEADERS = ["課目編碼", "科目名稱", "學分", "授課教師", "學號", "姓名"]  # 課目編碼: no alias of 課程代碼


def test_courses_mapping_term_dry_run_then_import(qtbot, host: Host, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    school.make_roster(db)
    rows = [["C01", "國語文", 4, "張老師", "0001", "王小明"], ["C01", "國語文", 4, "張老師", "0002", "王𡘙"],
            ["C02", "數學", 4, "李老師、王老師", "0001", "王小明"]]
    path = school.write_xlsx(tmp_path / "修課.xlsx", COURSE_HEADERS, rows, title="113學年度第1學期 修課名單")
    changed: list[object] = []
    host.ctx.changes.changed.connect(lambda _caps: changed.append(1))
    dialog = open_import(host, COURSES_IMPORT)
    assert host.import_dialog is dialog and dialog.isVisible()
    assert dialog.windowTitle() == "匯入課程與修課名單"
    assert dialog.term_edit.isVisible() and dialog.skip_invalid.isVisible()
    assert set(dialog.mapping_combos) == {c.key for c in COURSES_IMPORT.spec.columns}

    dialog.set_file(path)
    previewed(dialog)
    # 課目編碼 is unknown: the header row is still found (by 科目名稱), and 課程代碼 must be chosen.
    assert dialog.header_label.text() == "標題列：第 2 列"
    assert "course_code" not in dialog.mapped_headers() and dialog.mapped_headers()["course_name"] == "科目名稱"
    assert not dialog.import_button.isEnabled() and "課程代碼" in dialog.status_label.text()
    combo = dialog.mapping_combos["course_code"]
    index = combo.findText("課目編碼")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    previewed(dialog)
    assert dialog.mapped_headers()["course_code"] == "課目編碼"
    assert dialog.preview_model.mapped_field(0) == "課程代碼" and dialog.preview_model.rowCount() == 3

    # No term in the file and none given: every row says so, nothing is written.
    before = counts(db)
    run(qtbot, dialog)
    assert isinstance(outcome(dialog).error, ImportRefused)
    assert dialog.tabs.currentIndex() == TAB_PROBLEMS
    assert [(c[1], c[2]) for c in problem_cells(dialog)] == [("3", "學年期"), ("4", "學年期"), ("5", "學年期")]
    assert counts(db) == before

    dialog.term_edit.setText("113-3")  # no such semester: refused before anything runs
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.running and "113-3" in dialog.status_label.text()

    dialog.term_edit.setText("113學年度第1學期")
    dialog.dry_run.setChecked(True)
    run(qtbot, dialog)
    report = outcome(dialog).report
    assert outcome(dialog).error is None and report is not None and report.dry_run
    assert report.courses_added == ["113-1 C01", "113-1 C02"] and report.enrolments_added == 3
    assert "試算" in dialog.result_text.toPlainText()
    assert counts(db) == before and changed == []
    with db.read() as s:
        assert get_setting(s, COURSES_IMPORT.mapping_key) is None  # a dry run keeps no choice either

    dialog.dry_run.setChecked(False)
    run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    assert dialog.tabs.currentIndex() == TAB_RESULT
    assert "新增課程：113-1 C01、113-1 C02" in dialog.result_text.toPlainText()
    listed = {r.code: r for r in courses.list_courses(db, Actor("clerk"), "113-1")}
    assert listed["C02"].teachers == ("李老師", "王老師") and listed["C01"].enrolled == 2
    assert changed == [1]
    settle(host.ctx)  # the column choices are remembered by a write of their own, after the import's
    with db.read() as s:
        assert get_setting(s, "import.mapping.courses") == {"course_code": "課目編碼"}
        assert get_setting(s, "import.mapping.roster") is None  # each kind keeps its own choices
    dialog.close()

    again = open_import(host, COURSES_IMPORT)  # the next file of this school maps 課目編碼 by itself
    again.set_file(path)
    previewed(again)
    assert again.mapped_headers()["course_code"] == "課目編碼" and again.import_button.isEnabled()


def test_courses_cancel_writes_nothing(qtbot, host: Host, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [["113-1", f"K{i:04d}", f"選修{i}", 2, "張老師"] for i in range(1500)]
    path = school.write_csv(tmp_path / "課程.csv", ["學年期", "課程代碼", "科目名稱", "學分", "授課教師"], rows)
    before = counts(db)
    dialog = open_import(host, COURSES_IMPORT)
    dialog.set_file(path)
    previewed(dialog)
    cancel_under_way(qtbot, db, dialog)
    assert counts(db) == before and courses.list_courses(db, Actor("clerk"), "113-1") == []
    assert not host.jobs.busy
    run(qtbot, dialog)  # the same file imports in full: the cancel above was no refusal
    assert outcome(dialog).report is not None, outcome(dialog).error
    assert len(outcome(dialog).report.courses_added) == 1500


def test_refused_role_is_shown_and_nothing_is_written(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    registry_only = staff(db, "reg", Grant(Role.REGISTRY), name="陳註冊")
    widget = Host(db, registry_only)
    qtbot.addWidget(widget)
    path = school.write_xlsx(tmp_path / "c.xlsx", ["學年期", "課程代碼", "科目名稱"], [["113-1", "C01", "國語文"]])
    dialog = open_import(widget, COURSES_IMPORT)
    before = counts(db)  # opening the dialog wrote nothing, not even a refusal
    # Asked before anything is offered (not audited): the refusal is shown, 匯入 stays disabled.
    assert "維護課程及選課" in dialog.status_label.text()
    dialog.set_file(path)
    previewed(dialog)
    assert not dialog.import_button.isEnabled()
    assert "維護課程及選課" in dialog.import_button.toolTip()
    # Past the GUI the service itself refuses: nothing written, the refusal audited once.
    with pytest.raises(PermissionDenied):
        courses.import_courses(db, registry_only, path)
    assert courses.list_courses(db, registry_only, "113-1") == []
    assert counts(db)[:-1] == before[:-1] and counts(db)[-1] == before[-1] + 1


# -------------------------------------------------------------------------------------- items
ITEM_HEADERS = ["學號", "姓名", "學年度", "學期", "類別", "細項", "名稱", "課程代碼", "狀態", "時間"]


def test_items_cap_breaking_row_is_listed_and_nothing_written(qtbot, host: Host, db: Database, clerk: Actor,
                                                               tmp_path: Path) -> None:  # noqa: ANN001
    school.make_school(db, clerk, tmp_path)
    items.add_item(db, clerk, student_no="0001", term=school.TERM, kind=ItemKind.CLO, title="已有的",
                   course_code="C01", now=school.NOW)
    rows = [["0001", "王小明", 113, 1, "課程學習成果", "", f"成果{i}", f"C0{i}", "", ""] for i in range(2, 8)]
    path = school.write_xlsx(tmp_path / "平臺匯出.xlsx", ITEM_HEADERS, rows)  # 1 + 6 > 6 a semester
    before = counts(db)
    dialog = open_import(host, ITEMS_IMPORT)
    assert dialog.windowTitle() == "匯入學習歷程項目"
    dialog.set_file(path)
    previewed(dialog)
    assert dialog.mapped_headers()["title"] == "名稱" and dialog.import_button.isEnabled()
    run(qtbot, dialog)

    assert isinstance(outcome(dialog).error, ImportRefused)
    assert dialog.tabs.currentIndex() == TAB_PROBLEMS
    [cells] = problem_cells(dialog)
    assert cells[:2] == ["工作表1", "7"]
    assert "課程學習成果每學期上傳至多 6 件" in cells[4] and "「已有的」" in cells[4]
    assert counts(db) == before
    out = tmp_path / "錯誤清單.xlsx"
    dialog.save_problems(out)
    saved = [[str(v) for v in row] for row in load_workbook(out).active.iter_rows(values_only=True)]
    assert any("課程學習成果每學期上傳至多 6 件" in " ".join(row) for row in saved)

    dialog.skip_invalid.setChecked(True)
    dialog.dry_run.setChecked(True)
    run(qtbot, dialog)
    report = outcome(dialog).report
    assert report is not None and report.dry_run and report.added == 5 and report.skipped_rows == [7]
    assert "略過的列：7" in dialog.result_text.toPlainText()
    assert dialog.problem_model.rowCount() == 1  # the skipped row's problem stays listed
    assert counts(db) == before

    dialog.dry_run.setChecked(False)
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.added == 5, outcome(dialog).error
    assert len(items.list_items(db, Actor("clerk"), student_no="0001")) == 6


def test_items_cancel_writes_nothing(qtbot, host: Host, db: Database, clerk: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    school.make_school(db, clerk, tmp_path)
    people = [("0001", "王小明"), ("0002", "王𡘙"), ("0101", "陳大文"), ("0102", "李美玲")]
    rows = [[no, name, 113, 1, "幹部經歷", "", f"幹部{i}", "", "", ""] for no, name in people for i in range(300)]
    path = school.write_csv(tmp_path / "幹部.csv", ITEM_HEADERS, rows)
    before = counts(db)
    dialog = open_import(host, ITEMS_IMPORT)
    dialog.set_file(path)
    previewed(dialog)
    cancel_under_way(qtbot, db, dialog)
    assert counts(db) == before and items.list_items(db, Actor("clerk"), term=school.TERM) == []
    dialog.dry_run.setChecked(True)
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.added == 1200 and counts(db) == before
    dialog.dry_run.setChecked(False)
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.added == 1200, outcome(dialog).error
    assert len(items.list_items(db, Actor("clerk"), term=school.TERM)) == 1200


# ------------------------------------------------------------------------------------ windows
def test_windows_take_the_term_given_in_the_dialog(qtbot, host: Host, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    path = school.write_xlsx(tmp_path / "期程.xlsx", ["項目", "開始", "結束", "備註"],
                             [["上傳", "113/12/01 08:00", "113/12/20", "期末"], ["勾選", "114/01/02", "114/01/10", ""]])
    dialog = open_import(host, WINDOWS_IMPORT, term="113-1")
    assert dialog.term_edit.text() == "113-1"
    dialog.set_file(path)
    previewed(dialog)
    before = counts(db)
    dialog.dry_run.setChecked(True)
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.added == ["113-1 上傳", "113-1 勾選"]
    assert counts(db) == before
    dialog.dry_run.setChecked(False)
    run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    assert [w.kind.zh for w in windows.list_windows(db, Actor("clerk"), "113-1")] == ["上傳", "勾選"]
    assert "新增：113-1 上傳、113-1 勾選" in dialog.result_text.toPlainText()


def test_windows_editor_imports_through_the_dialog_for_its_term(qtbot, db: Database, clerk: Actor,  # noqa: ANN001
                                                                tmp_path: Path, make_ctx) -> None:
    ctx = make_ctx(clerk)
    editor = WindowsEditor(ctx)
    qtbot.addWidget(editor)
    editor.load("113-2")
    settle(ctx)
    button = next(b for b in editor.findChildren(QPushButton) if b.text() == "匯入…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = editor.import_dialog
    assert dialog.kind is WINDOWS_IMPORT and dialog.term_edit.text() == "113-2"
    dialog.set_file(school.write_xlsx(tmp_path / "w.xlsx", ["項目", "開始", "結束"], [["提交", "114/03/01", "114/03/15"]]))
    previewed(dialog)
    with qtbot.waitSignal(editor.changed):
        run(qtbot, dialog)
    settle(ctx)
    enabled, start, _end, _note = editor.rows[WindowKind.SUBMISSION]
    assert enabled.isChecked() and start.dateTime().date().year() == 2025
    assert [w.kind for w in windows.list_windows(db, Actor("clerk"), "113-2")] == [WindowKind.SUBMISSION]


# ----------------------------------------------------------------------------------- receipts
@pytest.fixture
def receipts_page(qtbot, db: Database, clerk: Actor, tmp_path: Path) -> Iterator[ReceiptsPage]:  # noqa: ANN001
    rdata.load_roster(db, clerk, tmp_path)
    ctx = SessionContext(db, clerk, settings=QSettings(), signed_in=True, viewer=None)
    page = ReceiptsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(ctx)
    yield page
    ctx.ops.shutdown(cancel=True)


def test_receipts_page_imports_through_the_dialog(qtbot, receipts_page: ReceiptsPage, db: Database,
                                                  tmp_path: Path) -> None:  # noqa: ANN001
    page = receipts_page
    good = rdata.receipt_rows(3)
    bad = [*good, ["0099999", "誰", 112, 1, "學籍資料", "某項目", 1]]  # Excel row 14: no such student
    before = counts(db)
    page.actions_by_key["import"].trigger()
    dialog = page.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "匯入收訖明細" and not dialog.term_edit.isVisible()
    dialog.set_file(rdata.write_xlsx(tmp_path / "bad.xlsx", rdata.RECEIPT_HEADERS, bad))
    previewed(dialog)
    run(qtbot, dialog)
    assert isinstance(outcome(dialog).error, ImportRefused)
    assert [c[1:4] for c in problem_cells(dialog)] == [["14", "學號", "0099999"]]
    assert counts(db) == before and page.model.rowCount() == 0

    dialog.set_file(rdata.write_xlsx(tmp_path / "收訖明細.xlsx", rdata.RECEIPT_HEADERS, good))
    previewed(dialog)
    dialog.dry_run.setChecked(True)
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.dry_run and len(outcome(dialog).report.replaced) == 8
    assert counts(db) == before and page.model.rowCount() == 0

    dialog.dry_run.setChecked(False)
    run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    assert "寫入收訖明細：0012301 112-1" in dialog.result_text.toPlainText()
    settle(page.ctx)  # the page reads again: the import announced its change
    page.scope.setCurrentIndex(1)  # 全部學生 (after 全部離校學生)
    settle(page.ctx)
    assert page.scope.currentText() == "全部學生"
    assert page.model.rowCount() == 8  # 4 students × 2 terms, shown without a restart


def test_receipts_cancel_writes_nothing(qtbot, receipts_page: ReceiptsPage, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    path = rdata.write_xlsx(tmp_path / "big.xlsx", rdata.RECEIPT_HEADERS, rdata.receipt_rows(300))
    before = counts(db)
    dialog = receipts_page.ask_import()
    dialog.set_file(path)
    previewed(dialog)
    cancel_under_way(qtbot, db, dialog)
    assert counts(db) == before
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.items == 1200, outcome(dialog).error


# ------------------------------------------------------------------------------------ proxies
def test_proxy_editor_imports_lists_all_or_nothing(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    dean = staff(db, "dean", DEAN, name="王主任")
    for name in ("lin", "chen"):
        staff(db, name, name=f"{name}老師")
    host = Host(db, dean)  # the session the editor's page would get
    qtbot.addWidget(host)
    editor = ProxyEditor(host.ctx, host)
    headers = ["職務或教師", "順位", "代理人帳號", "代理人姓名"]
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    dialog = editor.import_dialog
    assert dialog.windowTitle() == "匯入代理人名單" and not dialog.skip_invalid.isVisible()
    dialog.set_file(school.write_xlsx(tmp_path / "bad.xlsx", headers, [["註冊組", 1, "lin", ""], ["註冊組", 2, "nobody", ""]]))
    previewed(dialog)
    run(qtbot, dialog)
    assert isinstance(outcome(dialog).error, ImportRefused)
    assert [c[1:4] for c in problem_cells(dialog)] == [["3", "代理人帳號", "nobody"]]
    assert proxies.get_list(db, dean, "註冊組").usernames == []

    dialog.set_file(school.write_xlsx(tmp_path / "代理人.xlsx", headers, [["註冊組", 1, "lin", ""], ["註冊組", 2, "chen", ""]]))
    previewed(dialog)
    dialog.dry_run.setChecked(True)
    run(qtbot, dialog)
    assert outcome(dialog).report is not None and outcome(dialog).report.dry_run
    assert proxies.get_list(db, dean, "註冊組").usernames == []
    dialog.dry_run.setChecked(False)
    run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    assert proxies.get_list(db, dean, "註冊組").usernames == ["lin", "chen"]
    assert "變更 1 份" in dialog.result_text.toPlainText()
    settle(host.ctx)  # the editor reads its lists again after the import
    assert editor.targets.count() > 0 and "（2）" in editor.targets.item(0).text()


# --------------------------------------------------------------------------------- main window
def test_roster_menu_opens_each_import(qtbot, db: Database, clerk: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    win = MainWindow(db, clerk, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    try:
        expected: dict[str, ImportKind] = {"importCoursesAction": COURSES_IMPORT, "importItemsAction": ITEMS_IMPORT,
                                           "importWindowsAction": WINDOWS_IMPORT}
        roster_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "名冊(&R)")
        assert set(expected) <= {a.objectName() for a in roster_menu.actions()}
        for name, kind in expected.items():
            action = win.findChild(QAction, name)
            assert action is not None and action.isEnabled()
            action.trigger()
            dialog = win.import_dialog
            assert isinstance(dialog, ImportDialog) and dialog.kind is kind and dialog.isVisible()
            dialog.close()
        win.open_import()  # Ctrl+I still opens the roster import
        assert win.import_dialog is not None and win.import_dialog.kind.key == "roster"
        win.import_dialog.close()
    finally:
        win.jobs.shutdown(cancel=True)
