"""作業期程 editor (windows edited in the GUI, imported and exported): one row per
window of the chosen term with its start, end and note; saving writes the changed rows through
services.windows (each change audited); import and export use the same services as the CLI. Every
read and write runs as an op of the session (gui/ops.py); a refusal is shown through its notifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import ImportRefused, PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.imports.import_kinds import WINDOWS_IMPORT
from portfolio_desktop.gui.imports.imports import open_import
from portfolio_desktop.gui.date_edit import DateTimeEdit
from portfolio_desktop.gui.labels import label
from portfolio_desktop.gui.messages import error_text, message, problem_text
from portfolio_desktop.services.items import windows

def _qdt(value: dt.datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second)


class WindowsEditor(QWidget):
    """``changed`` after a save or an import."""

    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.actor = ctx.db, ctx.actor
        self.term: str | None = None
        self.shown: list[windows.WindowRow] = []  # as last read: a save writes only the rows that differ
        self.setObjectName("windowsEditor")
        grid = QGridLayout()
        headers = (self.tr("項目"), self.tr("設定"), self.tr("開始時間"), self.tr("結束時間"), self.tr("備註"))
        for col, text in enumerate(headers):
            grid.addWidget(QLabel(text, self), 0, col)
        self.rows: dict[WindowKind, tuple[QCheckBox, DateTimeEdit, DateTimeEdit, QLineEdit]] = {}
        for r, kind in enumerate(WindowKind, start=1):
            enabled = QCheckBox(self)
            start, end = DateTimeEdit(self), DateTimeEdit(self)  # typed and shown in ROC (or as chosen)
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
        denied = ctx.why_not(Permission.WINDOWS_SET)
        self.editable = permissions.read_only([w for row in self.rows.values() for w in row], denied)
        for b in (save, imp):
            permissions.apply(b, denied)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for b in (imp, exp, save):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        if denied is not None:
            refusal = permissions.refusal_label(self, denied, what=self.tr("作業期程僅供查看："), compact=True)
            layout.addWidget(refusal)
        layout.addLayout(grid)
        layout.addLayout(bar)
        layout.addStretch(1)

    def load(self, term: str | None) -> None:
        """Read the term's windows (a query op) and show them."""
        db, actor = self.db, self.actor
        self.ctx.ops.query(lambda: windows.list_windows(db, actor, term), success=lambda rows: self.show_windows(term, rows),
                           key=f"windows-{id(self)}", title=self.tr("作業期程"), parent=self)

    def show_windows(self, term: str | None, rows: list[windows.WindowRow]) -> None:
        self.term, self.shown = term, list(rows)
        current = {w.kind: w for w in rows}
        today = dt.datetime.combine(dt.date.today(), dt.time(8))
        for kind, (enabled, start, end, note) in self.rows.items():
            w = current.get(kind)
            enabled.setChecked(w is not None)
            start.setDateTime(_qdt(w.starts_at if w else today))
            end.setDateTime(_qdt(w.ends_at if w else today + dt.timedelta(days=14)))
            note.setText(w.note or "" if w else "")

    def save(self) -> None:
        """Write every checked row that differs from the database (a write op); all or nothing per row."""
        db, actor, term = self.db, self.actor, self.term
        try:  # a date typed that cannot be read is said at once, before anything is written
            wanted = [(kind, start.value(), end.value(), note.text().strip() or None)
                      for kind, (enabled, start, end, note) in self.rows.items() if enabled.isChecked()]
        except PortfolioError as exc:
            self._fail(message(exc))
            return

        def write() -> None:
            current = {w.kind: w for w in windows.list_windows(db, actor, term)}
            for kind, s, e, n in wanted:
                w = current.get(kind)
                if w is None or (w.starts_at, w.ends_at, w.note) != (s, e, n):
                    windows.set_window(db, actor, term, kind, s, e, n)

        self.ctx.ops.write(write, changes={Cap.ITEMS}, title=self.tr("作業期程"), success=lambda _r: self._saved(),
                           parent=self)

    def _saved(self) -> None:
        self.load(self.term)
        self.changed.emit()

    def _fail(self, text: str) -> None:
        self.ctx.notify.warn(self.tr("作業期程"), text, self)

    def import_file(self, path: Path) -> None:
        """Import a windows file into this term (a write op)."""
        db, actor, term = self.db, self.actor, self.term

        def refused(exc: PortfolioError) -> None:
            extra = [problem_text(p) for p in exc.problems[:20]] if isinstance(exc, ImportRefused) else []
            self._fail("\n".join([message(exc), *extra]))

        self.ctx.ops.write(lambda: windows.import_windows(db, actor, path, term=term), changes={Cap.ITEMS},
                           title=self.tr("作業期程"), success=lambda _r: self._saved(), failure=refused, parent=self)

    def _import_dialog(self) -> None:
        """The one import dialog (preview, mapping, dry run, problem list, Cancel), this term preset."""
        open_import(self, WINDOWS_IMPORT, term=self.term, on_imported=lambda _r: self._imported())

    def _imported(self) -> None:
        self._saved()

    def _export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("匯出作業期程"),
                                              self.tr("作業期程{term}.xlsx").format(term=self.term or ""),
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if name:
            db, actor, term = self.db, self.actor, self.term

            def export() -> OSError | None:
                try:
                    windows.export_windows(db, actor, name, term)
                except OSError as exc:  # a full disk, a locked file: the user's to fix, not a defect
                    return exc
                return None

            def done(exc: OSError | None) -> None:
                if exc is not None:
                    self._fail(error_text(exc))

            self.ctx.ops.write(export, changes={Cap.ADMIN}, title=self.tr("作業期程"), success=done, parent=self)
