"""The notice batches: mark mailed, mailing list (.pdf/.xlsx), labels and reprint — each a service
call on the op runner (gui/ops.py); a refusal is shown in a message box and nothing is written."""

from __future__ import annotations

from pathlib import Path

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.jobs import CancelledFn, Job, ProgressFn
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.screen_fit import fit_to_screen
from portfolio_desktop.reports.labels import LABEL_LAYOUTS
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices.notices import BatchRow

HEADERS = [
    QT_TRANSLATE_NOOP("BatchesDialog", "批次"), QT_TRANSLATE_NOOP("BatchesDialog", "發文日期"),
    QT_TRANSLATE_NOOP("BatchesDialog", "回覆期限"), QT_TRANSLATE_NOOP("BatchesDialog", "封數"),
    QT_TRANSLATE_NOOP("BatchesDialog", "頁數"), QT_TRANSLATE_NOOP("BatchesDialog", "寄出"),
    QT_TRANSLATE_NOOP("BatchesDialog", "回覆"), QT_TRANSLATE_NOOP("BatchesDialog", "退件"),
    QT_TRANSLATE_NOOP("BatchesDialog", "重印"), QT_TRANSLATE_NOOP("BatchesDialog", "建立者"),
]
# reports.labels LABEL_LAYOUTS names (tests/gui/test_translations.py checks they are all here).
LAYOUT_NAMES = (
    QT_TRANSLATE_NOOP("LabelLayout", "Avery L7159 及相容標籤 3×8（24 格，63.5×33.9 公厘）"),
    QT_TRANSLATE_NOOP("LabelLayout", "Avery L7160 及相容標籤 3×7（21 格，63.5×38.1 公厘）"),
    QT_TRANSLATE_NOOP("LabelLayout", "Avery L7163 及相容標籤 2×7（14 格，99.1×38.1 公厘）"),
)


class BatchesDialog(QDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("通知批次"))
        fit_to_screen(self, 820, 420)  # never taller than a 768-line screen less its taskbar
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mailed_date = DateEdit(QDate.currentDate())
        self.layout_box = QComboBox()
        for key, label_layout in LABEL_LAYOUTS.items():
            self.layout_box.addItem(QCoreApplication.translate("LabelLayout", label_layout.zh), key)
        buttons = QHBoxLayout()
        self.mail_button = QPushButton(self.tr("標記寄出"))
        self.list_button = QPushButton(self.tr("郵寄清單…"))
        self.label_button = QPushButton(self.tr("地址標籤…"))
        self.reprint_button = QPushButton(self.tr("重印…"))
        for w in (self.mailed_date, self.mail_button, self.list_button, self.layout_box, self.label_button,
                  self.reprint_button):
            buttons.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.mail_button.clicked.connect(lambda: self.mark_mailed())
        pdf, xlsx = self.tr("PDF 文件 (*.pdf)"), self.tr("Excel 活頁簿 (*.xlsx)")
        self.list_button.clicked.connect(lambda: self._ask_out(self.tr("郵寄清單"), f"{pdf};;{xlsx}", self.mailing_list))
        self.label_button.clicked.connect(lambda: self._ask_out(self.tr("地址標籤"), pdf, self.labels))
        self.reprint_button.clicked.connect(lambda: self._ask_out(self.tr("重印通知"), pdf, self.reprint))
        for name, b in (("markMailed", self.mail_button), ("mailingList", self.list_button),
                        ("addressLabels", self.label_button), ("reprintBatch", self.reprint_button)):
            b.setObjectName(name)
            permissions.guard_action(b, ctx, Permission.NOTICE_WRITE, anywhere=True)  # seed 001 §九(三)3
        ctx.changes.watch(self, (Cap.NOTICES,), self.refresh, stale=True)  # a batch printed meanwhile shows up

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.ops.query(lambda: notices.list_batches(db, actor), success=self._show, failure=self._refused,
                           key=f"batches-{id(self)}", title=self.tr("通知批次"), parent=self)

    def _show(self, rows: list[BatchRow]) -> None:
        chosen = self.selected_batch()
        self.table.setRowCount(len(rows))
        for i, b in enumerate(rows):
            cells = [b.id, show_date(b.issued_on), show_date(b.deadline), b.notices, b.pages,
                     show_date(b.mailed_on), b.replied, b.returned, b.reprints, b.created_by_name or b.created_by]
            for j, value in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(str(value)))
        ids = [b.id for b in rows]
        if rows:
            self.table.selectRow(ids.index(chosen) if chosen in ids else 0)

    def selected_batch(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.text()) if item else None

    def _refused(self, exc: PortfolioError) -> None:
        self.ctx.notify.warn(self.tr("無法完成"), message(exc), self)

    def _write(self, title: str, op: Callable[[], object] | None = None, *,
               task: Callable[[ProgressFn, CancelledFn], object] | None = None, progress: str | None = None) -> Job:
        """One batch action on the write worker (``task``: long, with progress and 取消); the batch list
        reads again through the change bus."""
        return self.ctx.ops.write(op, task=task, changes={Cap.NOTICES}, title=title, parent=self,
                                  failure=self._refused, progress=progress, cancellable=task is not None)

    def mark_mailed(self) -> Job | None:
        batch = self.selected_batch()
        if batch is None:
            return None
        try:
            on = self.mailed_date.required()
        except PortfolioError as exc:
            self.ctx.notify.warn(self.tr("寄出日期"), message(exc), self)
            return None
        db, actor = self.ctx.db, self.ctx.actor
        return self._write(self.tr("標記寄出"), lambda: notice_batches.mark_mailed(db, actor, batch, on))

    def mailing_list(self, batch: int, path: Path) -> Job:
        db, actor = self.ctx.db, self.ctx.actor
        return self._write(self.tr("郵寄清單"), lambda: notice_batches.write_mailing_list(db, actor, batch, path),
                           progress=self.tr("產生郵寄清單…"))

    def labels(self, batch: int, path: Path) -> Job:
        db, actor, layout = self.ctx.db, self.ctx.actor, self.layout_box.currentData()
        return self._write(self.tr("地址標籤"),
                           lambda: notice_batches.write_labels(db, actor, batch, path, layout=layout),
                           progress=self.tr("產生地址標籤…"))

    def reprint(self, batch: int, path: Path) -> Job:
        db, actor = self.ctx.db, self.ctx.actor
        return self._write(self.tr("重印通知"), progress=self.tr("重印中…"),
                           task=lambda p, c: notice_batches.reprint_batch(db, actor, batch, path, progress=p,
                                                                          cancelled=c))

    def _ask_out(self, title: str, filters: str, fn: Callable[[int, Path], object]) -> None:
        batch = self.selected_batch()
        if batch is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self, title, self.tr("{title}-批次{batch}").format(title=title, batch=batch), filters)
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".pdf")
            fn(batch, path)
