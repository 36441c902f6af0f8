"""The notice batches: mark mailed, mailing list (.pdf/.xlsx), labels and reprint (services only)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.progress import run_with_progress
from portfolio_desktop.gui.jobs import JobManager
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.messages import error_text
from portfolio_desktop.reports.labels import LABEL_LAYOUTS
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

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
    changed = Signal()

    def __init__(self, db: Database, actor: Actor, jobs: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.jobs = db, actor, jobs
        self.setWindowTitle(self.tr("通知批次"))
        self.resize(820, 420)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mailed_date = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="yyyy/MM/dd")
        self.layout_box = QComboBox()
        for key, layout in LABEL_LAYOUTS.items():
            self.layout_box.addItem(QCoreApplication.translate("LabelLayout", layout.zh), key)
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
        self.mail_button.clicked.connect(lambda: self._guard(self.mark_mailed))
        pdf, xlsx = self.tr("PDF 文件 (*.pdf)"), self.tr("Excel 活頁簿 (*.xlsx)")
        self.list_button.clicked.connect(lambda: self._ask_out(self.tr("郵寄清單"), f"{pdf};;{xlsx}", self.mailing_list))
        self.label_button.clicked.connect(lambda: self._ask_out(self.tr("地址標籤"), pdf, self.labels))
        self.reprint_button.clicked.connect(lambda: self._ask_out(self.tr("重印通知"), pdf, self.reprint))
        for name, b in (("markMailed", self.mail_button), ("mailingList", self.list_button),
                        ("addressLabels", self.label_button), ("reprintBatch", self.reprint_button)):
            b.setObjectName(name)
            permissions.guard_action(b, self, Permission.NOTICE_WRITE, anywhere=True)  # seed 001 §九(三)3
        self.refresh()

    def refresh(self) -> None:
        rows = notices.list_batches(self.db, self.actor)
        self.table.setRowCount(len(rows))
        for i, b in enumerate(rows):
            cells = [b.id, show_date(b.issued_on), show_date(b.deadline), b.notices, b.pages,
                     show_date(b.mailed_on), b.replied, b.returned, b.reprints, b.created_by]
            for j, value in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(str(value)))
        if rows:
            self.table.selectRow(0)

    def selected_batch(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.text()) if item else None

    def _guard(self, fn) -> None:  # noqa: ANN001
        try:
            fn()
        except Exception as exc:  # noqa: BLE001
            QMessageBox.warning(self, self.tr("無法完成"), error_text(exc))

    def mark_mailed(self) -> None:
        batch = self.selected_batch()
        if batch is not None:
            notice_batches.mark_mailed(self.db, self.actor, batch, self.mailed_date.date().toPython())
            self.refresh()
            self.changed.emit()

    def mailing_list(self, batch: int, path: Path) -> None:
        notice_batches.write_mailing_list(self.db, self.actor, batch, path)

    def labels(self, batch: int, path: Path) -> None:
        notice_batches.write_labels(self.db, self.actor, batch, path, layout=self.layout_box.currentData())

    def reprint(self, batch: int, path: Path) -> None:
        db, actor = self.db, self.actor
        run_with_progress(self, self.jobs, lambda p, c: notice_batches.reprint_batch(db, actor, batch, path, progress=p, cancelled=c),
                          label=self.tr("重印中…"), on_finished=lambda _r: self.refresh(),
                          on_failed=lambda e: QMessageBox.warning(self, self.tr("無法重印"), error_text(e)))  # fmt: skip

    def _ask_out(self, title: str, filters: str, fn) -> None:  # noqa: ANN001
        batch = self.selected_batch()
        if batch is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self, title, self.tr("{title}-批次{batch}").format(title=title, batch=batch), filters)
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".pdf")
            self._guard(lambda: fn(batch, path))

