"""The 收訖明細 page with real widgets on a real database: filters, recording a dispute through the
dialog, and printing a batch with a QtPdf preview, save, print through QPrinter, and Cancel."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.notices.receipts_dialogs import DecisionDialog
from portfolio_desktop.gui.notices.receipts_page import ReceiptsPage
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import settle
from tests.data.receipts import EXTB, RECEIPT_HEADERS, STUDENTS, load_roster, receipt_rows, set_letterhead, write_xlsx

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(),
                                reason="fonts-cns11643-sung missing")


@pytest.fixture
def page(qtbot, db: Database, actor: Actor, tmp_path: Path, make_ctx):  # noqa: ANN001, ANN201
    rows = [r[:] for r in STUDENTS]
    rows[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]
    load_roster(db, actor, tmp_path, rows)
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(3)))
    set_letterhead(db, actor)
    widget = ReceiptsPage(make_ctx())
    qtbot.addWidget(widget)
    widget.show()
    settle(widget.ctx)  # read when first shown (gui/changes.py)
    return widget


def names(page: ReceiptsPage) -> set[str]:
    return {page.model.row_at(i).name for i in range(page.model.rowCount())}


def test_scope_and_filters(page: ReceiptsPage) -> None:
    assert page.model.rowCount() == 6 and EXTB in names(page) and "林在校" not in names(page)  # all departed
    page.scope.setCurrentIndex(page.scope.findData(None))
    settle(page.ctx)
    assert page.model.rowCount() == 8
    page.scope.setCurrentIndex(page.scope.findData("201"))
    settle(page.ctx)
    assert names(page) == {"張休學"}
    page.state_filter.setCurrentIndex(page.state_filter.findData("disputed"))
    settle(page.ctx)
    assert page.model.rowCount() == 0 and page.days.isHidden()
    page.state_filter.setCurrentIndex(page.state_filter.findData("no_reply"))
    assert not page.days.isHidden()


def test_record_a_dispute_through_the_dialog(qtbot, page: ReceiptsPage) -> None:  # noqa: ANN001
    page.table.selectRow(0)
    target = page.selected_rows()[0]

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, DecisionDialog)
        dialog.disputed.setChecked(True)
        dialog.reason.setPlainText("少一筆幹部經歷")
        dialog.accept()

    QTimer.singleShot(0, fill)
    page.ask_decide()
    settle(page.ctx)  # the decision, then the reload it announced
    rows = [r for r in receipts.list_receipts(page.ctx.db, Actor(CLERK), search=target.student_no) if r.term == target.term]
    assert rows[0].state is ReceiptState.DISPUTED and rows[0].question == "少一筆幹部經歷"
    assert any(page.model.row_at(i).state is ReceiptState.DISPUTED for i in range(page.model.rowCount()))


def test_preview_then_save_and_print_record_one_batch(qtbot, page: ReceiptsPage, tmp_path: Path) -> None:  # noqa: ANN001
    dialog = page.open_print()
    qtbot.addWidget(dialog)
    settle(page.ctx)  # the terms and classes to choose from
    dialog.start_preview()
    settle(page.ctx)
    assert dialog.rendered is not None, dialog.status.text()
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == dialog.rendered.result.pages >= 3
    assert notices.list_batches(page.ctx.db, Actor(CLERK)) == []  # a preview records nothing
    dialog.save_to(tmp_path / "saved.pdf")
    settle(page.ctx)
    saved = dialog.batch
    assert saved is not None and saved.notices == 3 and (tmp_path / "saved.pdf").read_bytes() == dialog.rendered.path.read_bytes()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    assert dialog.print_to(printer) is None  # printed again: nothing more to record
    settle(page.ctx)
    assert dialog.batch == saved and len(notices.list_batches(page.ctx.db, Actor(CLERK))) == 1
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    assert printed.pageCount() == saved.pages
    assert any(page.model.row_at(i).batch_id == saved.id for i in range(page.model.rowCount()))  # reloaded


def test_cancel_renders_nothing_and_records_nothing(qtbot, page: ReceiptsPage) -> None:  # noqa: ANN001
    gate = threading.Event()
    blocker = Job(lambda _p, _c: gate.wait(30), name="hold the worker")
    page.ctx.ops.writes.start(blocker)  # the write worker is busy, so the render waits in the queue
    dialog = page.open_print()
    qtbot.addWidget(dialog)
    job = dialog.start_preview()
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert dialog.rendered is None and "取消" in dialog.status.text()
    settle(page.ctx)
    assert not dialog.print_button.isEnabled() and notices.list_batches(page.ctx.db, Actor(CLERK)) == []
