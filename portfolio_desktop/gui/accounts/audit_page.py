"""The audit log viewer (issue 5): filters by person, record, date range and kind; export to .xlsx.

Reading needs the audit permission (administrator, 教務主任); a refusal is shown in the page.
The log stores codes (``staff.roles``, ``portfolio_item``); the page names them in the UI language
(gui/labels.py audit_action / audit_entity / audit_kind) and shows the code as the tooltip. The
exported workbook keeps the codes as stored.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.labels import audit_action, audit_entity, audit_kind
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.services.accounts import audit_log
from portfolio_desktop.services.accounts.audit_log import AuditFilter, AuditRow
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

COLUMNS = (
    QT_TRANSLATE_NOOP("AuditModel", "時間"), QT_TRANSLATE_NOOP("AuditModel", "執行者"),
    QT_TRANSLATE_NOOP("AuditModel", "代理誰"), QT_TRANSLATE_NOOP("AuditModel", "動作"),
    QT_TRANSLATE_NOOP("AuditModel", "對象"), QT_TRANSLATE_NOOP("AuditModel", "紀錄"),
    QT_TRANSLATE_NOOP("AuditModel", "變更前"), QT_TRANSLATE_NOOP("AuditModel", "變更後"),
)


def _short(value: Any) -> str:
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:120] + "…"


class AuditModel(ListModel[AuditRow]):
    tr_context = "AuditModel"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.reset_rows(rows)

    def cell(self, row: int, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[row]
        col = column
        if col == 0:
            return show_datetime(r.local_at(), seconds=True)
        if col in (6, 7):
            value = r.before if col == 6 else r.after
            if role == Qt.ItemDataRole.ToolTipRole:
                return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) if value is not None else None
            return _short(value)
        if col in (3, 4):  # named in the UI language; the stored code as the tooltip
            code = r.action if col == 3 else r.entity
            if role == Qt.ItemDataRole.ToolTipRole:
                return code
            return audit_action(code) if col == 3 else audit_entity(code)
        return (None, r.actor, r.on_behalf_of or "", None, None, r.entity_key or "")[col]


class AuditPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setObjectName("auditPage")
        self.user = QLineEdit(self)
        self.user.setObjectName("userFilter")
        self.user.setPlaceholderText(self.tr("人員帳號"))
        self.record = QLineEdit(self)
        self.record.setObjectName("recordFilter")
        self.record.setPlaceholderText(self.tr("紀錄（學號、帳號…）"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("kindFilter")
        self.kind.setEditable(True)
        self.use_dates = QCheckBox(self.tr("日期"), self)
        self.use_dates.setObjectName("useDates")
        today = QDate.currentDate()
        self.since = QDateEdit(today.addMonths(-1), self)
        self.until = QDateEdit(today, self)
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy/MM/dd")
        self.search = QPushButton(self.tr("查詢"), self)
        self.search.setObjectName("searchButton")
        self.search.clicked.connect(lambda: self.refresh())
        self.export_button = QPushButton(self.tr("匯出 Excel…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self._ask_export)
        for button in (self.search, self.export_button):  # the audit log: the administrator's and the dean's
            permissions.guard_action(button, self, Permission.AUDIT_READ)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        bar = QHBoxLayout()
        for w in (self.user, self.record, self.kind, self.use_dates, self.since, QLabel(self.tr("～"), self), self.until,
                  self.search, self.export_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        for edit in (self.user, self.record):
            edit.returnPressed.connect(lambda: self.refresh())

    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> dt.date:
            q = edit.date()
            return dt.date(q.year(), q.month(), q.day())

        dates = self.use_dates.isChecked()
        return AuditFilter(
            user=self.user.text().strip() or None,
            record=self.record.text().strip() or None,
            kind=self.kind_code(),
            since=day(self.since) if dates else None,
            until=day(self.until) if dates else None,
        )

    def kind_code(self) -> str | None:
        """The chosen family's code (``staff``), or what the user typed (a code or a prefix such as
        ``workgroup.member``) when it is not one of the listed names."""
        text = self.kind.currentText().strip()
        found = self.kind.findText(text) if text else -1
        return (str(self.kind.itemData(found)) or None) if found >= 0 else (text or None)

    def refresh(self, *, quiet: bool = False) -> None:
        """Load the rows. ``quiet`` (automatic reloads) checks the role first without auditing, so
        a page that merely reloads for someone not allowed does not fill the log with refusals."""
        denied = permissions.why_not(self, Permission.AUDIT_READ) if quiet else None
        if denied is not None:
            self.model.set_rows([])
            self.message.setText(message(denied))
            return
        try:
            if self.kind.count() == 0:
                self.kind.addItem("", "")
                for code in audit_log.kinds(self.db, self.actor):
                    self.kind.addItem(audit_kind(code), code)
            rows = audit_log.query(self.db, self.actor, self.current_filter(), limit=5000)
        except PortfolioError as exc:
            self.model.set_rows([])
            self.message.setText(message(exc))
            return
        self.model.set_rows(rows)
        shown = self.tr("{n} 筆").format(n=len(rows))
        self.message.setText(shown + (self.tr("（只顯示最新 5000 筆）") if len(rows) == 5000 else ""))

    def export_to(self, path: Path) -> int | None:
        try:
            n = audit_log.export_xlsx(self.db, self.actor, path, self.current_filter())
        except PortfolioError as exc:
            self.message.setText(message(exc))
            return None
        self.message.setText(self.tr("已匯出 {n} 筆到 {path}").format(n=n, path=path))
        return n

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("匯出稽核紀錄"), str(Path.home() / self.tr("稽核紀錄.xlsx")),
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))


def page(window: Any) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES: ``window`` gives ``db`` and ``actor``."""
    page = AuditPage(window.db, window.actor, window)
    page.refresh(quiet=True)
    if hasattr(window, "data_changed"):
        window.data_changed.connect(lambda: page.refresh(quiet=True))
    return QCoreApplication.translate("MainWindow", "稽核紀錄"), page
