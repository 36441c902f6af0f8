"""中央資料庫名冊: import a central 學生學習歷程資料庫 名冊 (recognised by itself: 封面, sheet and header
names; a dry run first shows what was recognised and what would be written), write the 提交 名冊 of a
名冊別 for a term, and follow each submission round (已提交 → 已回傳收訖明細 → 已確認).

The services decide (services/central/central_import.py, central_export.py, submission_rounds.py); every
call runs through the op runner (gui/ops.py): the rounds and the term on a worker, the import and the
export on the write worker. The export is offered only for the
名冊別 the user's office writes (gui/permissions.py asks the same rule the service enforces).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.roc import format_term, parse_term
from portfolio_desktop.errors import ImportRefused, PortfolioError, RuleError
from portfolio_desktop.gui import i18n, permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.imports.import_models import ProblemTableModel
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.messages import message
from portfolio_desktop.domain.central_kinds import ROSTER_KINDS
from portfolio_desktop.io.central_files import read_central
from portfolio_desktop.services.central import central_export
from portfolio_desktop.services.central import central_import
from portfolio_desktop.services.central import submission_rounds
from portfolio_desktop.services.terms import current_term

TAB_IMPORT, TAB_EXPORT, TAB_ROUNDS = range(3)
STAGE_TEXT = {
    submission_rounds.Stage.SUBMITTED: QT_TRANSLATE_NOOP("CentralDialog", "已提交"),
    submission_rounds.Stage.RECEIPT_RETURNED: QT_TRANSLATE_NOOP("CentralDialog", "已回傳收訖明細"),
    submission_rounds.Stage.CONFIRMED: QT_TRANSLATE_NOOP("CentralDialog", "已確認"),
    submission_rounds.Stage.RECORDED: QT_TRANSLATE_NOOP("CentralDialog", "已登錄（中央資料庫不收）"),
}


def _pick(zh: str, en: str) -> str:
    return en if i18n.is_english() else zh


class CentralDialog(QDialog):
    """Central 名冊 in and out. ``imported`` carries the report of an import that wrote."""

    imported = Signal(object)
    exported = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centralDialog")
        self.setWindowTitle(self.tr("中央資料庫名冊"))
        self.ctx = ctx
        self._job: Job | None = None
        self._close_when_done = False
        self._path: Path | None = None
        self._checked: Path | None = None  # the file whose dry run passed: 匯入 is offered for it
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._import_tab(), self.tr("匯入名冊"))
        self.tabs.addTab(self._export_tab(), self.tr("產生提交名冊"))
        self.tabs.addTab(self._rounds_tab(), self.tr("提交回合"))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(860, 560)
        self._on_kind_chosen()
        db = ctx.db
        ctx.ops.query(lambda: format_term(*current_term(db)), success=self._show_term, key=f"central-term-{id(self)}",
                      title=self.tr("中央資料庫名冊"), parent=self)
        self.refresh_rounds()

    def _show_term(self, term: str) -> None:
        """The school's current term (terms.current_term), unless one was typed meanwhile."""
        if not self.term_edit.text().strip():
            self.term_edit.setText(term)

    # --- building ---------------------------------------------------------------------------
    def _import_tab(self) -> QWidget:
        tab = QWidget(self)
        self.file_edit = QLineEdit(tab)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("請選擇中央資料庫的名冊（.xlsx，或 學年度_學期_名冊_工作表.csv）"))
        browse = QPushButton(self.tr("選擇檔案…"), tab)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.file_edit)
        row.addWidget(browse)
        self.recognised_label = QLabel(tab)
        self.recognised_label.setWordWrap(True)
        self.dry_run_button = QPushButton(self.tr("試算"), tab)
        self.dry_run_button.setObjectName("centralDryRunButton")
        self.import_button = QPushButton(self.tr("匯入"), tab)
        self.import_button.setObjectName("centralImportButton")
        self.dry_run_button.clicked.connect(lambda: self.start_import(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start_import(dry_run=False))
        self.dry_run_button.setEnabled(False)
        self.import_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.dry_run_button)
        actions.addWidget(self.import_button)
        self.result_text = QPlainTextEdit(tab)
        self.result_text.setReadOnly(True)
        self.problem_model = ProblemTableModel(tab)
        self.problems_view = QTableView(tab)
        self.problems_view.setModel(self.problem_model)
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.recognised_label)
        layout.addLayout(actions)
        layout.addWidget(self.result_text, 1)
        layout.addWidget(self.problems_view, 1)
        return tab

    def _export_tab(self) -> QWidget:
        tab = QWidget(self)
        self.term_edit = QLineEdit(tab)
        self.kind_combo = QComboBox(tab)
        for kind in central_export.WRITABLE_KINDS:
            self.kind_combo.addItem(f"{kind} {ROSTER_KINDS[kind]}", kind)  # the 名冊別's own name
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind_chosen())
        self.out_edit = QLineEdit(tab)
        self.out_edit.setPlaceholderText(self.tr("輸出的 .xlsx 檔（含完整身分證號，僅本人可讀）"))
        browse = QPushButton(self.tr("另存為…"), tab)
        browse.clicked.connect(self.browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit)
        out_row.addWidget(browse)
        self.school_edit = QLineEdit(tab)
        self.school_edit.setPlaceholderText(self.tr("空白：使用學校設定的學校代碼"))
        self.export_button = QPushButton(self.tr("產生名冊"), tab)
        self.export_button.setObjectName("centralExportButton")
        self.export_button.clicked.connect(self.start_export)
        self.export_result = QLabel(tab)
        self.export_result.setWordWrap(True)
        form = QFormLayout(tab)
        form.addRow(self.tr("學年期"), self.term_edit)
        form.addRow(self.tr("名冊別"), self.kind_combo)
        form.addRow(self.tr("輸出檔"), out_row)
        form.addRow(self.tr("學校代碼"), self.school_edit)
        form.addRow("", self.export_button)
        form.addRow("", self.export_result)
        return tab

    def _rounds_tab(self) -> QWidget:
        tab = QWidget(self)
        self.rounds_table = QTableWidget(0, 8, tab)
        self.rounds_table.setHorizontalHeaderLabels([
            self.tr("回合"), self.tr("學年期"), self.tr("名冊別"), self.tr("學生數"), self.tr("資料列"),
            self.tr("產生者"), self.tr("檔案"), self.tr("進度")])
        self.rounds_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rounds_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.rounds_table)
        return tab

    # --- import -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._job is not None

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("選擇中央資料庫名冊"), str(Path.home()),
                                              self.tr("試算表 (*.xlsx *.xlsm *.csv);;所有檔案 (*)"))
        if path:
            self.set_file(Path(path))

    def set_file(self, path: str | Path) -> None:
        """Open ``path`` and say what it was recognised as (a file that is no 名冊 is refused here)."""
        self._path, self._checked = Path(path), None
        self.file_edit.setText(str(self._path))
        self.result_text.clear()
        self.problem_model.set_problems([])
        self.import_button.setEnabled(False)
        try:
            central = read_central(self._path)
        except PortfolioError as exc:
            self.recognised_label.setText(message(exc))
            self.dry_run_button.setEnabled(False)
            self._say(message(exc), error=True)
            return
        lines = [_pick(*central.describe())]
        if central.ignored:
            names = QCoreApplication.translate("ImportKind", "、").join(central.ignored)
            lines.append(self.tr("未辨識的工作表（不匯入）：{names}").format(names=names))
        self.recognised_label.setText("\n".join(lines))
        self.dry_run_button.setEnabled(True)
        self._say(self.tr("請先試算，確認後再匯入。"))

    def start_import(self, *, dry_run: bool) -> None:
        if self._path is None or self.running or (not dry_run and self._checked != self._path):
            return
        db, actor, path = self.ctx.db, self.ctx.actor, self._path
        self.problem_model.set_problems([])
        self._start(lambda: central_import.import_central(db, actor, path, dry_run=dry_run), self._import_done,
                    self._import_failed, self.tr("試算中…") if dry_run else self.tr("匯入中…"))

    def _import_done(self, report: Any) -> None:
        lines = [_pick(*report.summary()), _pick(*report.recognised)]
        lines += [_pick(*plan) for plan in report.student_plans]
        lines += [message(w) for w in report.warnings]
        self.result_text.setPlainText("\n".join(lines))
        if report.dry_run:
            self._checked = self._path
            self.import_button.setEnabled(True)
            self._say(self.tr("試算完成，未寫入任何資料；確認無誤後請按「匯入」。"))
        else:
            self._checked = None
            self.import_button.setEnabled(False)
            self._say(_pick(*report.summary()))
            self.imported.emit(report)
            self.refresh_rounds()

    def _import_failed(self, exc: PortfolioError) -> None:
        self._checked = None
        self.import_button.setEnabled(False)
        if isinstance(exc, ImportRefused):
            self.problem_model.set_problems(exc.problems)
            self.problems_view.resizeColumnsToContents()
        self._show_failure(exc)

    # --- export -----------------------------------------------------------------------------
    def kind(self) -> int:
        return int(self.kind_combo.currentData())

    def _on_kind_chosen(self) -> None:
        permissions.apply(self.export_button,
                          permissions.why_not(self.ctx, central_export.permission_for(self.kind()), anywhere=True))

    def browse_out(self) -> None:
        start = Path.home() / self.tr("名冊{kind}_{term}.xlsx").format(kind=self.kind(), term=self.term_edit.text())
        out, _ = QFileDialog.getSaveFileName(self, self.tr("儲存提交名冊"), str(start), self.tr("Excel 活頁簿 (*.xlsx)"))
        if out:
            self.out_edit.setText(out if out.lower().endswith(".xlsx") else out + ".xlsx")

    def start_export(self) -> None:
        if self.running:
            return
        try:
            term = format_term(*parse_term(self.term_edit.text().strip()))
        except RuleError as exc:
            self._say(message(exc), error=True)
            return
        if not self.out_edit.text().strip():
            self._say(self.tr("請選擇輸出檔"), error=True)
            return
        db, actor, kind = self.ctx.db, self.ctx.actor, self.kind()
        out, school = Path(self.out_edit.text().strip()), self.school_edit.text().strip() or None
        self._start(lambda: central_export.export_submission(db, actor, out, term=term, kind=kind, school_code=school),
                    self._export_done, self._show_failure, self.tr("產生中…"), changes={Cap.ITEMS})

    def _export_done(self, result: Any) -> None:
        text = self.tr("已產生名冊別 {kind} 的提交名冊：{term}，學生 {students} 位、資料 {rows} 列（提交回合 {round}）").format(
            kind=result.kind, term=result.term, students=result.students, rows=result.rows, round=result.round_id)
        self.export_result.setText(f"{text}\n{result.path}")
        self._say(text)
        self.exported.emit(result)
        self.refresh_rounds()

    # --- rounds -----------------------------------------------------------------------------
    def refresh_rounds(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.ops.query(lambda: submission_rounds.list_rounds(db, actor), success=self._show_rounds,
                           failure=self._rounds_refused, key=f"central-rounds-{id(self)}",
                           title=self.tr("提交回合"), parent=self)

    def _rounds_refused(self, exc: PortfolioError) -> None:
        self.rounds_table.setRowCount(0)
        self._say(message(exc), error=True)

    def _show_rounds(self, rounds: list[submission_rounds.RoundView]) -> None:
        self.rounds_table.setRowCount(len(rounds))
        for i, r in enumerate(rounds):
            stage = QCoreApplication.translate("CentralDialog", STAGE_TEXT[r.stage])
            progress = f"{stage} ({r.confirmed}/{r.students})"
            for col, value in enumerate((str(r.id), r.term, f"{r.kind} {r.kind_name}", str(r.students), str(r.rows),
                                         r.made_by, r.file_name, progress)):
                self.rounds_table.setItem(i, col, QTableWidgetItem(value))

    # --- running: one write at a time on the write worker -----------------------------------------
    def _start(self, op: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[PortfolioError], None],
               saying: str, *, changes: frozenset[Cap] | set[Cap] = frozenset()) -> None:
        """Run ``op`` on the write worker; ``done(result)`` or ``failed(refusal)`` back here (anything
        unexpected goes to the one error dialog: nothing was written, the service rolled back)."""

        def finish() -> None:
            self._job = None
            self._set_running(False)
            self._maybe_close()

        self._set_running(True)
        self._say(saying)
        self._job = self.ctx.ops.write(op, changes=changes, title=self.windowTitle(), parent=self, success=done,
                                       failure=failed, done=finish)

    def _set_running(self, running: bool) -> None:
        self.dry_run_button.setEnabled(not running and self._path is not None and bool(self.recognised_label.text()))
        self.import_button.setEnabled(not running and self._checked is not None and self._checked == self._path)
        permissions.set_busy([self.export_button], running)

    def _show_failure(self, exc: PortfolioError) -> None:
        self._say(message(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "")

    def reject(self) -> None:
        """Closing while a job runs waits for it (one transaction: all written or nothing)."""
        if self.running:
            self._close_when_done = True
            return
        super().reject()

    def _maybe_close(self) -> None:
        if self._close_when_done:
            self._close_when_done = False
            super().reject()
