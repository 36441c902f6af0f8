"""Print a batch of notices: choose who, render off the GUI thread (progress + Cancel), preview the
PDF with QtPdf, then print it through Qt or save it. Printing or saving records the batch once (the
service's record_batch); a second print or save of the same preview records nothing more.

Saving goes through services.notices.record_and_save, the order the CLI uses: a hidden copy in the
target folder → the batch recorded → renamed into place. A save that cannot write there records
nothing and leaves any file of that name as it was; a kill half-way leaves either no batch and no
PDF, or a recorded batch to reprint — never a "批次 N" PDF that no batch records."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QPointF, QRectF, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.errors import PermissionDenied, PortfolioError, RuleError
from portfolio_desktop.gui.jobs import Job, JobManager
from portfolio_desktop.gui.messages import error_text, message
from portfolio_desktop.io import durable
from portfolio_desktop.reports.data import RenderResult
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notices import BatchRow, NoticeSelection, PreparedNotices
from portfolio_desktop.store.engine import Database


@dataclass
class Rendered:
    prepared: PreparedNotices
    result: RenderResult
    batch_id: int
    path: Path


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of *document* on *printer* at the printer's resolution; returns pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("cannot start the printer")
    try:
        dpi = printer.resolution()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size_pt = document.pagePointSize(page)
            pixels = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
            image = document.render(page, pixels)
            target = QRectF(QPointF(0, 0), printer.pageLayout().paintRectPixels(dpi).size().toSizeF())
            painter.drawImage(target, image)
        return document.pageCount()
    finally:
        painter.end()


class NoticePrintDialog(QDialog):
    recorded = Signal(object)  # BatchRow

    def __init__(self, db: Database, actor: Actor, jobs: JobManager, *, class_code: str | None = None,
                 students: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.jobs = db, actor, jobs
        self.setWindowTitle(self.tr("列印離校學生收訖明細通知"))
        self.resize(900, 760)
        self.rendered: Rendered | None = None
        self.batch: BatchRow | None = None
        self.job: Job | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="notices-preview-"))

        form = QFormLayout()
        self.term = QLineEdit(placeholderText=self.tr("例如 113-1；空白 = 所有學期"))
        self.class_code = QLineEdit(class_code or "", placeholderText=self.tr("空白 = 所有班級"))
        self.students = QLineEdit(" ".join(students), placeholderText=self.tr("學號，以空白分隔；空白 = 依條件"))
        self.all_departed = QCheckBox(self.tr("所有離校學生（不論確認狀態）"))
        self.again = QCheckBox(self.tr("已寄過通知者也列印"))
        self.issued = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="yyyy/MM/dd")
        for label, w in ((self.tr("學期"), self.term), (self.tr("班級"), self.class_code),
                         (self.tr("學號"), self.students), ("", self.all_departed), ("", self.again),
                         (self.tr("發文日期"), self.issued)):  # fmt: skip
            form.addRow(label, w)

        self.preview_button = QPushButton(self.tr("產生預覽"))
        self.cancel_button = QPushButton(self.tr("取消產生"))
        self.cancel_button.setEnabled(False)
        self.print_button = QPushButton(self.tr("列印…"))
        self.save_button = QPushButton(self.tr("儲存 PDF…"))
        for b in (self.print_button, self.save_button):
            b.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        buttons = QHBoxLayout()
        for b in (self.preview_button, self.cancel_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.preview_button.clicked.connect(self.start_preview)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.ask_save)

    def selection(self) -> NoticeSelection:
        return NoticeSelection(term=self.term.text().strip() or None, class_code=self.class_code.text().strip() or None,
                               student_nos=tuple(self.students.text().split()), all_departed=self.all_departed.isChecked(),
                               again=self.again.isChecked())  # fmt: skip

    # --- render off the GUI thread ----------------------------------------------------------
    def start_preview(self) -> Job:
        sel, issued = self.selection(), self.issued.date().toPython()
        path = self._tmp / f"preview-{id(sel)}.pdf"
        db, actor = self.db, self.actor

        def work(progress: Any, cancelled: Any) -> Rendered:
            prepared = notices.prepare_notices(db, actor, sel, issued_on=issued)
            batch_id = notices.next_batch_id(db)
            label = f"批次 {batch_id}"  # not UI: printed on the notice, which is always in Chinese
            result = notices.render_prepared(prepared, path, batch_label=label, progress=progress,
                                             cancelled=cancelled, batch_id=batch_id)
            return Rendered(prepared, result, batch_id, path)

        self.document.close()
        self.rendered, self.batch = None, None
        self._busy(True)
        self.job = Job(work, name="notices.render")
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._rendered)
        self.job.failed.connect(self._failed)
        return self.jobs.start(self.job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.print_button.setEnabled(not busy and self.rendered is not None)
        self.save_button.setEnabled(not busy and self.rendered is not None)

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _rendered(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self.document.load(str(rendered.path))
        n = len(rendered.prepared.students)
        notes = "\n".join(message(w) for w in rendered.prepared.warnings)  # zh / en pairs
        summary = self.tr("{n} 封通知、{pages} 頁（批次 {batch}，尚未記錄）").format(
            n=n, pages=rendered.result.pages, batch=rendered.batch_id)
        self.status.setText(summary + (f"\n{notes}" if notes else ""))
        self._busy(False)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText(error_text(exc))

    # --- print or save: records the batch once ----------------------------------------------
    def _recorded(self, batch: BatchRow) -> BatchRow:
        self.batch = batch
        self.status.setText(self.tr("已記錄批次 {batch}：{n} 封、{pages} 頁").format(
            batch=batch.id, n=batch.notices, pages=batch.pages))
        self.recorded.emit(batch)
        return batch

    def _record(self) -> BatchRow:
        assert self.rendered is not None
        if self.batch is None:
            r = self.rendered
            self._recorded(notices.record_batch(self.db, self.actor, r.prepared, r.result, batch_id=r.batch_id))
        assert self.batch is not None
        return self.batch

    def save_to(self, path: Path) -> BatchRow:
        """Save the previewed PDF as ``path``: recorded first time (record_and_save), afterwards
        only written again (a durable copy: complete under that name or not there at all)."""
        assert self.rendered is not None
        r = self.rendered
        if self.batch is not None:
            try:
                with durable.atomic_output(path, notices.NOTICE_TEMP_PREFIX) as tmp:
                    shutil.copyfile(r.path, tmp)
            except OSError as exc:
                raise PortfolioError(f"無法寫入 {path}（{exc.strerror or exc}）；請選擇其他資料夾再儲存",
                                     f"cannot write {path} ({exc.strerror or exc}); save to another folder") from exc
            return self.batch
        try:
            batch = notices.record_and_save(self.db, self.actor, r.prepared, r.result, r.path, path,
                                            batch_id=r.batch_id)
        except OSError as exc:  # the hidden copy could not be written there: nothing recorded
            raise PortfolioError(
                f"無法寫入 {path}（{exc.strerror or exc}）；未記錄批次，請選擇其他資料夾再儲存",
                f"cannot write {path} ({exc.strerror or exc}); no batch was recorded, save to another folder",
            ) from exc
        except (RuleError, PermissionDenied):
            raise  # refused before anything was recorded (batch number taken, role)
        except PortfolioError:
            self._adopt_recorded()  # recorded, but the PDF could not be put in place (notices._place)
            raise
        return self._recorded(batch)

    def _adopt_recorded(self) -> None:
        """The save recorded this preview's batch and then failed: keep it as recorded, so that a
        retry or a print does not try to record it a second time (the message says to reprint)."""
        assert self.rendered is not None
        try:
            self._recorded(notices.get_batch(self.db, self.rendered.batch_id))
        except PortfolioError:
            pass

    def print_to(self, printer: QPrinter) -> BatchRow:
        print_pdf(self.document, printer)
        return self._record()

    def ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("儲存通知 PDF"), "notices.pdf", "PDF (*.pdf)")
        if name:
            self._guarded(lambda: self.save_to(Path(name)))

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self._guarded(lambda: self.print_to(printer))

    def _guarded(self, fn: Any) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - shown to the user (it says whether a batch was recorded)
            QMessageBox.warning(self, self.tr("無法完成"), error_text(exc))

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.cancel()
        self.document.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().done(result)
