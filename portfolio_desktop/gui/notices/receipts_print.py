"""Print a batch of notices: choose who, render off the GUI thread (progress + Cancel), preview the
PDF with QtPdf, then print it through Qt or save it. Printing or saving records the batch once (the
service's record_batch); a second print or save of the same preview records nothing more. Every
service call runs on the op runner (gui/ops.py): the choices, the rendering, the recording and the save.

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
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.errors import PermissionDenied, PortfolioError, RuleError
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.screen_fit import fit_to_screen
from portfolio_desktop.io import durable
from portfolio_desktop.reports.data import RenderResult
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.rosters import rosters
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


def _chosen(box: QComboBox) -> str | None:
    """The chosen entry's code, or what was typed when it is not one of the entries."""
    text = box.currentText().strip()
    found = box.findText(text) if text else -1
    return (str(box.itemData(found)) or None) if found >= 0 else (text or None)


class NoticePrintDialog(QDialog):
    recorded = Signal(object)  # BatchRow

    def __init__(self, ctx: PageContext, *, class_code: str | None = None,
                 students: tuple[str, ...] = (), term: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("列印離校學生收訖明細通知"))
        fit_to_screen(self, 900, 720)  # never taller than a 768-line screen less its taskbar
        self.rendered: Rendered | None = None
        self.batch: BatchRow | None = None
        self.job: Job | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="notices-preview-"))

        form = QFormLayout()
        # 學期 and 班級 chosen from the school's data (read on a worker; a code may still be typed).
        self.term = QComboBox(editable=True)
        self.term.setObjectName("termChoice")
        self.term.addItem(self.tr("所有學期"), "")
        self.class_code = QComboBox(editable=True)
        self.class_code.setObjectName("classChoice")
        self.class_code.addItem(self.tr("所有班級"), "")
        if term:
            self.term.setEditText(term)
        if class_code:
            self.class_code.setEditText(class_code)
        db, actor = ctx.db, ctx.actor
        ctx.ops.query(lambda: (dashboard.known_terms(db), _class_choices(db, actor)),
                      success=lambda got: self._choices(*got, term=term, class_code=class_code),
                      title=self.tr("列印離校學生收訖明細通知"), parent=self)
        self.students = QLineEdit(" ".join(students), placeholderText=self.tr("學號，以空白分隔；空白 = 依條件"))
        self.students.setObjectName("studentsChoice")
        self.students.setToolTip(self.tr("在收訖明細選取的學生會填在這裡，只列印他們；清空則依學期、班級列印全部"))
        self.all_departed = QCheckBox(self.tr("所有離校學生（不論確認狀態）"))
        self.again = QCheckBox(self.tr("已寄過通知者也列印"))
        self.issued = DateEdit(QDate.currentDate())
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

    def _choices(self, terms: list[str], classes: list[tuple[str, str]], *, term: str | None,
                 class_code: str | None) -> None:
        for t in terms:
            self.term.addItem(t, t)
        for label, code in classes:
            self.class_code.addItem(label, code)
        for box, chosen in ((self.term, term), (self.class_code, class_code)):
            found = box.findData(chosen) if chosen else -1
            if found >= 0:
                box.setCurrentIndex(found)

    def selection(self) -> NoticeSelection:
        return NoticeSelection(term=_chosen(self.term), class_code=_chosen(self.class_code),
                               student_nos=tuple(self.students.text().split()), all_departed=self.all_departed.isChecked(),
                               again=self.again.isChecked())  # fmt: skip

    # --- render off the GUI thread ----------------------------------------------------------
    def start_preview(self) -> Job | None:
        try:
            issued = self.issued.required()
        except PortfolioError as exc:
            self.status.setText(message(exc))
            return None
        sel = self.selection()
        path = self._tmp / f"preview-{id(sel)}.pdf"
        db, actor = self.ctx.db, self.ctx.actor

        def work(progress: Any, cancelled: Any) -> Rendered:
            prepared = notices.prepare_notices(db, actor, sel, issued_on=issued)
            batch_id = notices.next_batch_id(db)
            label = f"批次 {batch_id}"  # not UI: printed on the notice, which is always in Chinese
            result = notices.render_prepared(prepared, path, batch_label=label, progress=progress,
                                             cancelled=cancelled, batch_id=batch_id)
            return Rendered(prepared, result, batch_id, path)

        self.document.close()
        self.rendered, self.batch = None, None
        self.status.clear()
        self._busy(True)
        # on the write worker: it numbers the batch, so it waits for a batch being recorded
        self.job = self.ctx.ops.write(task=work, changes=(), title=self.tr("產生預覽"), parent=self,
                                      success=self._rendered, failure=self._failed, done=self._preview_done)
        self.job.progress.connect(self._progress)
        return self.job

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

    def _failed(self, exc: PortfolioError) -> None:
        self.status.setText(message(exc))

    def _preview_done(self) -> None:
        if self.job is not None and self.job.is_cancelled() and self.rendered is None:
            self.status.setText(self.tr("已取消產生預覽；沒有記錄任何批次"))
        self._busy(False)

    # --- print or save: records the batch once ----------------------------------------------
    def _recorded(self, batch: BatchRow) -> None:
        self.batch = batch
        self.status.setText(self.tr("已記錄批次 {batch}：{n} 封、{pages} 頁").format(
            batch=batch.id, n=batch.notices, pages=batch.pages))
        self.recorded.emit(batch)

    def _refused(self, exc: PortfolioError) -> None:
        """A save or print that did not complete: said here and in a message box (whether a batch was recorded)."""
        self.status.setText(message(exc))
        self.ctx.notify.warn(self.tr("無法完成"), message(exc), self)

    def _record(self) -> Job | None:
        """Record the previewed batch on the write worker, unless it is already recorded."""
        assert self.rendered is not None
        if self.batch is not None:
            return None
        db, actor, r = self.ctx.db, self.ctx.actor, self.rendered
        return self.ctx.ops.write(
            lambda: notices.record_batch(db, actor, r.prepared, r.result, batch_id=r.batch_id),
            changes={Cap.NOTICES}, title=self.tr("記錄通知批次"), parent=self, success=self._recorded,
            failure=self._refused)

    def save_to(self, path: Path) -> Job:
        """Save the previewed PDF as ``path`` on the write worker: recorded the first time
        (record_and_save), afterwards only written again (a durable copy: complete under that name or
        not there at all)."""
        assert self.rendered is not None
        db, actor, r, recorded = self.ctx.db, self.ctx.actor, self.rendered, self.batch
        self.save_button.setEnabled(False)

        def show(outcome: tuple[BatchRow, PortfolioError | None]) -> None:
            batch, error = outcome
            if batch is not recorded:
                self._recorded(batch)
            if error is not None:
                self._refused(error)
            elif recorded is not None:
                self.status.setText(self.tr("已另存批次 {batch} 到 {path}").format(batch=batch.id, path=path))

        return self.ctx.ops.write(lambda: _save(db, actor, r, recorded, path), changes={Cap.NOTICES},
                                  title=self.tr("儲存通知 PDF"), parent=self, success=show, failure=self._refused,
                                  done=lambda: self.save_button.setEnabled(self.rendered is not None))

    def print_to(self, printer: QPrinter) -> Job | None:
        """Print the preview (drawn here: painting is the GUI thread's), then record the batch once."""
        print_pdf(self.document, printer)
        return self._record()

    def ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("儲存通知 PDF"), "notices.pdf", "PDF (*.pdf)")
        if name:
            self.save_to(Path(name))

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            try:
                self.print_to(printer)
            except RuntimeError as exc:  # the printer could not start: nothing printed, nothing recorded
                self._refused(PortfolioError(f"無法開始列印（{exc}）；未記錄批次", f"cannot start printing ({exc}); "
                                             "no batch was recorded"))

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.cancel()
        self.document.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().done(result)


def _class_choices(db: Database, actor: Any) -> list[tuple[str, str]]:
    """The classes the user may print for (label, code); none when the roster is not theirs to read
    (a class can still be typed: the service decides what may be printed)."""
    try:
        return [(node.label, node.code) for node in rosters.class_tree(db, actor)]
    except PortfolioError:
        return []


def _save(db: Database, actor: Any, r: Rendered, recorded: BatchRow | None,
          path: Path) -> tuple[BatchRow, PortfolioError | None]:
    """Save the rendered PDF as ``path`` (on a worker): (the batch, None), or (the batch recorded
    before the save failed, why) — the batch is then kept as recorded so that a retry or a print does
    not record it twice (the message says to reprint). Raises when nothing was recorded."""
    if recorded is not None:
        try:
            with durable.atomic_output(path, notices.NOTICE_TEMP_PREFIX) as tmp:
                shutil.copyfile(r.path, tmp)
        except OSError as exc:
            raise PortfolioError(f"無法寫入 {path}（{exc.strerror or exc}）；請選擇其他資料夾再儲存",
                                 f"cannot write {path} ({exc.strerror or exc}); save to another folder") from exc
        return recorded, None
    try:
        return notices.record_and_save(db, actor, r.prepared, r.result, r.path, path, batch_id=r.batch_id), None
    except OSError as exc:  # the hidden copy could not be written there: nothing recorded
        raise PortfolioError(
            f"無法寫入 {path}（{exc.strerror or exc}）；未記錄批次，請選擇其他資料夾再儲存",
            f"cannot write {path} ({exc.strerror or exc}); no batch was recorded, save to another folder",
        ) from exc
    except (RuleError, PermissionDenied):
        raise  # refused before anything was recorded (batch number taken, role)
    except PortfolioError as exc:  # recorded, but the PDF could not be put in place (notices._place)
        try:
            return notices.get_batch(db, r.batch_id), exc
        except PortfolioError:
            raise exc from None
