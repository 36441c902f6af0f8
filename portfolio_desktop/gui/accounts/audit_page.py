"""The audit log viewer: filters by person, record, date range and kind; export to .xlsx.

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

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import i18n, permissions
from portfolio_desktop.gui.changes import ALL
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.dates import show_date, show_datetime
from portfolio_desktop.gui.labels import audit_action, audit_entity, audit_kind
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.services.accounts import audit_log
from portfolio_desktop.services.accounts.audit_log import AuditFilter, AuditRow

COLUMNS = (
    QT_TRANSLATE_NOOP("AuditModel", "時間"), QT_TRANSLATE_NOOP("AuditModel", "人員"),
    QT_TRANSLATE_NOOP("AuditModel", "說明"), QT_TRANSLATE_NOOP("AuditModel", "動作"),
    QT_TRANSLATE_NOOP("AuditModel", "對象"), QT_TRANSLATE_NOOP("AuditModel", "紀錄"),
    QT_TRANSLATE_NOOP("AuditModel", "變更"),
)
SENTENCE, CHANGES = 2, 6


def _raw(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) if value is not None else None


class AuditModel(ListModel[AuditRow]):
    """One row per audit entry: when, who (people's names, "X 代 Y"), the entry as a sentence in the UI
    language (domain/audit_words.py), the action and record named, before → after in words. The stored
    codes and the raw values are the tooltips (for IT)."""

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
        english = i18n.is_english()
        tip = role == Qt.ItemDataRole.ToolTipRole
        if col == 0:
            return show_datetime(r.local_at(), seconds=True)
        if col == 1:
            who = r.person(r.actor)
            if r.on_behalf_of:
                who = self.tr("{who} 代 {whom}").format(who=who, whom=r.person(r.on_behalf_of))
            return r.who if tip else who
        if col == SENTENCE:
            return r.words(english=english, date_text=show_date)
        if col == CHANGES:
            lines = r.diff(english=english, date_text=show_date)
            if tip:
                raw = "\n→\n".join(x for x in (_raw(r.before), _raw(r.after)) if x)
                return "\n".join(lines) + ("\n\n" + raw if raw else "")
            return self.tr("；").join(lines)
        if col in (3, 4):  # named in the UI language; the stored code as the tooltip
            code = r.action if col == 3 else r.entity
            if tip:
                return code
            return audit_action(code) if col == 3 else audit_entity(code)
        return r.entity_key or ""


class AuditPage(QWidget):
    """Reads and exports through the op runner (``ctx.ops``): the filter lists, then the rows."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.actor = ctx.db, ctx.actor
        self.setObjectName("auditPage")
        self.user = QLineEdit(self)
        self.user.setObjectName("userFilter")
        self.user.setPlaceholderText(self.tr("人員（姓名或帳號）"))
        self.people = QStringListModel(self)  # everyone the log names, to pick from as one types
        chooser = QCompleter(self.people, self)
        chooser.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        chooser.setFilterMode(Qt.MatchFlag.MatchContains)
        self.user.setCompleter(chooser)
        pick = self.user.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                   QLineEdit.ActionPosition.TrailingPosition)
        pick.setObjectName("pickPerson")
        pick.setToolTip(self.tr("從名單選擇人員"))
        pick.triggered.connect(self._show_people)
        self.record = QLineEdit(self)
        self.record.setObjectName("recordFilter")
        self.record.setPlaceholderText(self.tr("學生（學號或姓名）、紀錄"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("kindFilter")
        self.kind.setEditable(True)
        self.use_dates = QCheckBox(self.tr("日期"), self)
        self.use_dates.setObjectName("useDates")
        today = dt.date.today()
        self.since = DateEdit(today - dt.timedelta(days=30), self)  # typed and shown in ROC (or as chosen)
        self.until = DateEdit(today, self)
        for d in (self.since, self.until):
            d.dateChanged.connect(lambda _d: self.use_dates.setChecked(True))
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
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # the time is never cut
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SENTENCE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((3, 110), (4, 90), (5, 90), (CHANGES, 260)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)

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

    def _show_people(self) -> None:
        """The whole list under the field, whatever is typed."""
        chooser = self.user.completer()
        chooser.setCompletionPrefix("")
        chooser.complete()

    def person_filter(self) -> str | None:
        """What to look for: the account of a person picked from the list (「陳註冊 <reg_day>」), else
        what was typed (an account, or part of a name)."""
        text = self.user.text().strip()
        if text.endswith(">") and " <" in text:
            return text[text.rindex(" <") + 2:-1] or None
        return text or None

    def current_filter(self) -> AuditFilter:
        """The filter as entered; a date that cannot be read raises the parser's RuleError."""
        dates = self.use_dates.isChecked()
        return AuditFilter(
            user=self.person_filter(),
            record=self.record.text().strip() or None,
            kind=self.kind_code(),
            since=self.since.value() if dates else None,
            until=self.until.value() if dates else None,
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
        db, actor, flt = self.db, self.actor, self.current_filter()
        first = self.kind.count() == 0  # the filter's lists, read once with the first rows

        def read() -> tuple[list[str] | None, list[tuple[str, str]] | None, list[AuditRow]]:
            kinds = audit_log.kinds(db, actor) if first else None
            people = audit_log.people(db, actor) if first else None
            return kinds, people, audit_log.query(db, actor, flt, limit=5000)

        self.ctx.ops.query(read, success=self._show, failure=self._refused, key=f"audit-{id(self)}",
                           title=self.tr("稽核紀錄"), parent=self)

    def _refused(self, exc: PortfolioError) -> None:
        self.model.set_rows([])
        self.message.setText(message(exc))

    def _show(self, read: tuple[list[str] | None, list[tuple[str, str]] | None, list[AuditRow]]) -> None:
        kinds, people, rows = read
        if kinds is not None and self.kind.count() == 0:
            self.kind.addItem("", "")
            for code in kinds:
                self.kind.addItem(audit_kind(code), code)
        if people is not None:
            self.people.setStringList([name if name == user else f"{name} <{user}>" for user, name in people])
        self.model.set_rows(rows)
        shown = self.tr("{n} 筆").format(n=len(rows))
        self.message.setText(shown + (self.tr("（只顯示最新 5000 筆）") if len(rows) == 5000 else ""))

    def export_to(self, path: Path) -> Job:
        """Write the filtered log to ``path`` on the write worker (the export is audited)."""
        db, actor, flt = self.db, self.actor, self.current_filter()
        return self.ctx.ops.write(
            lambda: audit_log.export_xlsx(db, actor, path, flt), changes=(), title=self.tr("匯出稽核紀錄"),
            parent=self, failure=self._refused,
            success=lambda n: self.message.setText(self.tr("已匯出 {n} 筆到 {path}").format(n=n, path=path)))

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("匯出稽核紀錄"), str(Path.home() / self.tr("稽核紀錄.xlsx")),
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))


def page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES; every write is audited, so every change refreshes it."""
    page = AuditPage(ctx, parent)
    ctx.changes.watch(page, ALL, lambda: page.refresh(quiet=True), stale=True)  # read when first shown
    return QCoreApplication.translate("MainWindow", "稽核紀錄"), page
