"""作業期程 editor (issue 4: "windows are edited in the GUI and can be imported/exported"): one row per
window of the chosen term with its start, end and note; saving writes the changed rows through
services.windows (each change audited); import and export use the same services as the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import ImportRefused, PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.imports.import_kinds import WINDOWS_IMPORT
from portfolio_desktop.gui.imports.imports import open_import
from portfolio_desktop.gui.labels import label
from portfolio_desktop.gui.messages import error_text, message, problem_text
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

_FMT = "yyyy/MM/dd HH:mm"


def _qdt(value: dt.datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second)


def _py(value: QDateTime) -> dt.datetime:
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())


class WindowsEditor(QWidget):
    """``changed`` after a save or an import."""

    changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.term: str | None = None
        self.interactive = True
        self.last_error: str | None = None
        self.setObjectName("windowsEditor")
        grid = QGridLayout()
        headers = (self.tr("項目"), self.tr("設定"), self.tr("開始時間"), self.tr("結束時間"), self.tr("備註"))
        for col, text in enumerate(headers):
            grid.addWidget(QLabel(text, self), 0, col)
        self.rows: dict[WindowKind, tuple[QCheckBox, QDateTimeEdit, QDateTimeEdit, QLineEdit]] = {}
        for r, kind in enumerate(WindowKind, start=1):
            enabled = QCheckBox(self)
            start, end = QDateTimeEdit(self), QDateTimeEdit(self)
            for edit in (start, end):
                edit.setDisplayFormat(_FMT)
                edit.setCalendarPopup(True)
            note = QLineEdit(self)
            grid.addWidget(QLabel(label(kind), self), r, 0)
            for c, w in enumerate((enabled, start, end, note), start=1):
                grid.addWidget(w, r, c)
            self.rows[kind] = (enabled, start, end, note)
        save = self.save_button = QPushButton(self.tr("儲存期程"), self)
        save.setObjectName("saveWindows")
        save.clicked.connect(self.save)
        imp = self.import_button = QPushButton(self.tr("匯入…"), self)
        imp.setObjectName("importWindows")
        imp.clicked.connect(self._import_dialog)
        exp = QPushButton(self.tr("匯出…"), self)
        exp.setObjectName("exportWindows")
        exp.clicked.connect(self._export_dialog)
        # Everyone may read the schedule; setting it is the dean's (seed 001 §四): for anyone else the
        # rows are read-only and 匯入 / 儲存期程 are disabled, the service's refusal on their tooltips.
        denied = permissions.why_not(self, Permission.WINDOWS_SET)
        self.editable = permissions.read_only([w for row in self.rows.values() for w in row], denied)
        for b in (save, imp):
            permissions.apply(b, denied)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for b in (imp, exp, save):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        if denied is not None:
            note = permissions.refusal_label(self, denied, what=self.tr("作業期程僅供查看："), compact=True)
            layout.addWidget(note)
        layout.addLayout(grid)
        layout.addLayout(bar)
        layout.addStretch(1)

    def load(self, term: str | None) -> None:
        self.term = term
        current = {w.kind: w for w in windows.list_windows(self.db, self.actor, term)}
        today = dt.datetime.combine(dt.date.today(), dt.time(8))
        for kind, (enabled, start, end, note) in self.rows.items():
            w = current.get(kind)
            enabled.setChecked(w is not None)
            start.setDateTime(_qdt(w.starts_at if w else today))
            end.setDateTime(_qdt(w.ends_at if w else today + dt.timedelta(days=14)))
            note.setText(w.note or "" if w else "")

    def save(self) -> bool:
        """Write every checked row that differs from the database; all or nothing per row."""
        current = {w.kind: w for w in windows.list_windows(self.db, self.actor, self.term)}
        try:
            for kind, (enabled, start, end, note) in self.rows.items():
                if not enabled.isChecked():
                    continue
                s, e, n = _py(start.dateTime()), _py(end.dateTime()), note.text().strip() or None
                w = current.get(kind)
                if w is None or (w.starts_at, w.ends_at, w.note) != (s, e, n):
                    windows.set_window(self.db, self.actor, self.term, kind, s, e, n)
        except PortfolioError as exc:
            return self._fail(message(exc))
        self.last_error = None
        self.changed.emit()
        return True

    def _fail(self, text: str) -> bool:
        self.last_error = text
        if self.interactive:
            QMessageBox.warning(self, self.tr("作業期程"), text)
        return False

    def import_file(self, path: Path) -> bool:
        try:
            windows.import_windows(self.db, self.actor, path, term=self.term)
        except ImportRefused as exc:
            return self._fail(message(exc) + "\n" + "\n".join(problem_text(p) for p in exc.problems[:20]))
        except PortfolioError as exc:
            return self._fail(message(exc))
        self.load(self.term)
        self.changed.emit()
        return True

    def _import_dialog(self) -> None:
        """The one import dialog (preview, mapping, dry run, problem list, Cancel), this term preset."""
        open_import(self, WINDOWS_IMPORT, term=self.term, on_imported=lambda _r: self._imported())

    def _imported(self) -> None:
        self.load(self.term)
        self.changed.emit()

    def _export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("匯出作業期程"),
                                              self.tr("作業期程{term}.xlsx").format(term=self.term or ""),
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if name:
            try:
                windows.export_windows(self.db, self.actor, name, self.term)
            except (PortfolioError, OSError) as exc:
                self._fail(error_text(exc))
