"""The import dialog, one for every import (roster, courses, items, windows, receipts, proxies):
choose a file and sheet, check (and fix) the column mapping on a preview, run the import in a
background job with progress and Cancel, then show the problems or the report.

One implementation with the CLI: the dialog only calls ``io.tabular.preview`` and the service the
:class:`~portfolio_desktop.gui.imports.import_kinds.ImportKind` names. The user's own column
choices are remembered per school in the kind's setting (``import.mapping.roster`` …) once an import
using them has been written. ``gui.imports.open_import`` opens it over the main window or a page.

No service call runs on the GUI thread: the school's current term and the remembered column choices
are read through the op runner when the dialog opens (gui/ops.py), the import itself runs as a job on
the session's write worker, and the column choices are remembered through the op runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QWidget,
)

from portfolio_desktop.domain.roc import format_term, parse_term
from portfolio_desktop.errors import ImportRefused, PortfolioError, RuleError
from portfolio_desktop.gui import i18n, permissions
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.error_dialog import report_unexpected
from portfolio_desktop.gui.forms import child, load_form
from portfolio_desktop.gui.imports.import_kinds import ROSTER_IMPORT, ImportKind
from portfolio_desktop.gui.imports.import_kinds import tr as tr_kind
from portfolio_desktop.gui.imports.import_mapping import MAPPING_KEY, load_remembered, remember
from portfolio_desktop.services import import_mappings
from portfolio_desktop.gui.imports.import_models import PreviewModel, ProblemTableModel
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.labels import list_separator
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.screen_fit import fit_to_screen
from portfolio_desktop.io import tabular
from portfolio_desktop.io.problems_xlsx import write_problems
from portfolio_desktop.services.imports import log_report
from portfolio_desktop.services.terms import current_term

__all__ = ["MAPPING_KEY", "ImportDialog"]
TAB_PREVIEW, TAB_PROBLEMS, TAB_RESULT = 0, 1, 2


class ImportDialog(QDialog):
    """Modal dialog; emits ``imported(report)`` after an import that wrote to the database, and
    ``outcome(report or refusal)`` after every run, dry runs, refusals and cancellations included."""

    imported = Signal(object)
    outcome = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None, *, kind: ImportKind = ROSTER_IMPORT,
                 term: str | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.ctx = ctx
        db, actor = ctx.db, ctx.actor
        self.setWindowTitle(tr_kind(kind.title))
        fit_to_screen(self, 960, 680)  # never taller than a 768-line screen less its taskbar
        form = load_form("import_dialog", self)
        self.file_edit = child(form, QLineEdit, "fileEdit")
        self.file_edit.setPlaceholderText(tr_kind(kind.file_hint))
        self.file_edit.returnPressed.connect(self._typed_path)  # a path typed or pasted, then Enter
        for button in form.findChildren(QPushButton):  # Enter opens the typed path, never a button's action
            button.setAutoDefault(False)
            button.setDefault(False)
        self.sheet_combo = child(form, QComboBox, "sheetCombo")
        self.header_label = child(form, QLabel, "headerLabel")
        # The default term, for files (or rows) without 學年度/學期 (courses, items, windows). Left empty
        # unless the caller gives one: a file without terms is refused rather than filed under a term
        # nobody chose; the example is the school's current term (terms.current_term).
        self.term_edit = child(form, QLineEdit, "termEdit")
        self.term_edit.setText(term or "")
        for w in (self.term_edit, child(form, QLabel, "termLabel")):
            w.setVisible(kind.takes_term)
        self.tabs = child(form, QTabWidget, "tabs")
        self.preview_view = child(form, QTableView, "previewView")
        self.problems_view = child(form, QTableView, "problemsView")
        self.result_text = child(form, QPlainTextEdit, "resultText")
        self.save_problems_button = child(form, QPushButton, "saveProblemsButton")
        self.all_or_nothing = child(form, QRadioButton, "allOrNothingRadio")
        self.skip_invalid = child(form, QRadioButton, "skipInvalidRadio")
        self.dry_run = child(form, QCheckBox, "dryRunCheck")
        self.skip_invalid.setVisible(kind.can_skip_invalid)  # e.g. proxy lists: always all or nothing
        self.progress_bar = child(form, QProgressBar, "progressBar")
        self.status_label = child(form, QLabel, "statusLabel")
        self.import_button = child(form, QPushButton, "importButton")
        self.cancel_button = child(form, QPushButton, "cancelButton")
        close_button = child(form, QPushButton, "closeButton")
        mapping_box = child(form, QGroupBox, "mappingBox")
        self._mapping_grid = child(mapping_box, QGridLayout, "mappingLayout")

        self.preview_model = PreviewModel(self)
        self.preview_view.setModel(self.preview_model)
        self.problem_model = ProblemTableModel(self)
        self.problems_view.setModel(self.problem_model)
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        # One combo per canonical column; item data = the file column index, -1 = not imported.
        self.mapping_combos: dict[str, QComboBox] = {}
        for i, col in enumerate(kind.spec.columns):
            label = QLabel(col.header + (" *" if col.required else ""), mapping_box)
            combo = QComboBox(mapping_box)
            combo.setObjectName(f"map_{col.key}")
            combo.setEnabled(False)
            label.setBuddy(combo)
            self._mapping_grid.addWidget(label, i // 4, (i % 4) * 2)
            self._mapping_grid.addWidget(combo, i // 4, (i % 4) * 2 + 1)
            combo.activated.connect(lambda _i, key=col.key: self._on_mapping_chosen(key))
            self.mapping_combos[col.key] = combo

        self._path: Path | None = None
        self._preview: tabular.Preview | None = None
        self._manual: dict[str, str] = {}  # key → header chosen by hand ("" = do not import)
        # Asked first (not audited): a user who may not run this import is told why, nothing is offered.
        self._denied = ctx.why_not_import(kind.mapping_key.removeprefix(import_mappings.PREFIX))
        self._remembered: dict[str, str] = {}
        denied = self._denied

        def read() -> tuple[tuple[int, int], dict[str, str]]:
            return current_term(db), {} if denied else load_remembered(db, actor, kind.mapping_key)

        self._loading: Job | None = ctx.ops.query(read, success=self._loaded, key=f"import-{id(self)}",
                                                 title=tr_kind(kind.title), parent=self)
        self._job: Job | None = None
        self._ready = False  # the preview under the real spec has every required column
        self._close_when_done = False

        child(form, QPushButton, "browseButton").clicked.connect(self.browse)
        child(form, QPushButton, "resetMappingButton").clicked.connect(self.reset_mapping)
        self.sheet_combo.activated.connect(lambda _i: self.set_sheet(self.sheet_combo.currentText()))
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.save_problems_button.clicked.connect(self._ask_save_problems)
        close_button.clicked.connect(self.reject)
        if self._denied is not None:
            permissions.apply(self.import_button, self._denied)
            self._say(message(self._denied), error=True)

    def _loaded(self, got: tuple[tuple[int, int], dict[str, str]]) -> None:
        school_term, remembered = got
        # the example is the school's current term (terms.current_term); the field itself stays empty
        self.term_edit.setPlaceholderText(self.tr("例如 {term}；檔案沒有學年期欄時才需要").format(
            term=format_term(*school_term)))
        self._remembered = remembered
        self._loading = None

    # --- state ------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._job is not None

    def mapping(self) -> dict[str, str]:
        """The choices made by hand (or remembered), as the service's ``mapping`` argument."""
        return dict(self._manual)

    def mapped_headers(self) -> dict[str, str]:
        """key → file header the import will read, as the preview shows it (for tests and the report)."""
        if self._preview is None:
            return {}
        return {k: self._preview.headers[i] for k, i in self._preview.mapping.items()}

    # --- choosing the file ------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("選擇要匯入的檔案"), str(self._path.parent if self._path else Path.home()),
            self.tr("試算表 (*.xlsx *.xlsm *.csv);;所有檔案 (*)"),
        )
        if path:
            self.set_file(Path(path))

    def _typed_path(self) -> None:
        text = self.file_edit.text().strip().strip('"')
        if not text or (self._path is not None and Path(text) == self._path):
            return
        path = Path(text).expanduser()
        if not path.is_file():
            self._say(self.tr("找不到檔案「{path}」；請確認路徑，或按「瀏覽…」選擇檔案。").format(path=text), error=True)
            return
        self.set_file(path)

    def set_file(self, path: str | Path) -> None:
        """Open ``path``: list its sheets, detect the header row, apply remembered column choices (a
        file chosen while they are still being read waits for them: one small read)."""
        if self._loading is not None:
            self.ctx.ops.wait(self._loading, 10_000)
        self._path = Path(path)
        self._preview = None
        self.file_edit.setText(str(self._path))
        self._manual = {}
        self.sheet_combo.clear()
        self._clear_results()
        self._refresh_preview(first=True)

    def set_sheet(self, name: str) -> None:
        """Another sheet has other headers: start again from its automatic mapping (+ remembered)."""
        self.sheet_combo.setCurrentText(name)
        self._manual = {}
        self._refresh_preview(first=True, sheet=name)

    def set_column(self, key: str, header: str | None) -> None:
        """Map the canonical column ``key`` to the file header ``header`` (None = do not import)."""
        self._manual[key] = header or ""
        self._refresh_preview()

    def reset_mapping(self) -> None:
        self._manual = {}
        self._refresh_preview()

    def _on_mapping_chosen(self, key: str) -> None:
        combo = self.mapping_combos[key]
        column = combo.currentData()
        headers = self._preview.headers if self._preview else []
        self.set_column(key, headers[column] if isinstance(column, int) and 0 <= column < len(headers) else None)

    def _refresh_preview(self, first: bool = False, sheet: str | None = None) -> None:
        """Read the file's preview on a worker (a large sheet takes a moment): under the real spec, or
        loosely when that refuses the file, so the headers can still be mapped by hand. ``first``: a new
        file or sheet, where the remembered column choices apply. 匯入 waits for the preview."""
        if self._path is None:
            return
        if sheet is None and not first:
            sheet = self.sheet_combo.currentText() or None
        path, spec, manual = self._path, self.kind.spec, dict(self._manual)
        remembered = dict(self._remembered) if first else {}
        keys = set(self.mapping_combos)
        self._ready = False
        self.import_button.setEnabled(False)
        self._say(self.tr("讀取預覽中…"))
        self.setCursor(Qt.CursorShape.BusyCursor)

        def read() -> tuple[tabular.Preview, PortfolioError | None, dict[str, str]]:
            pv, refusal = _preview_with(path, spec, sheet, manual)
            if first:
                # Remembered choices apply where this file has the header the user chose before.
                for key, header in remembered.items():
                    if key in keys and (header == "" or header in pv.headers):
                        auto = pv.mapping.get(key)
                        if header != (pv.headers[auto] if auto is not None else ""):
                            manual[key] = header
                if manual:
                    pv, refusal = _preview_with(path, spec, pv.sheet, manual)
            return pv, refusal, manual

        self.ctx.ops.query(read, success=self._previewed, failure=self._unreadable, key=f"preview-{id(self)}",
                           title=tr_kind(self.kind.title), parent=self, done=self.unsetCursor)

    def _previewed(self, got: tuple[tabular.Preview, PortfolioError | None, dict[str, str]]) -> None:
        pv, refusal, manual = got
        self._manual = manual
        self._show_preview(pv, refusal)

    def _unreadable(self, exc: PortfolioError) -> None:
        self._preview, self._ready = None, False
        self.preview_model.clear()
        self._fill_combos()
        self.header_label.clear()
        self._say(message(exc), error=True)
        self.import_button.setEnabled(False)

    def _show_preview(self, pv: tabular.Preview, refusal: PortfolioError | None = None) -> None:
        self._preview = pv
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(pv.sheets)
        self.sheet_combo.setCurrentText(pv.sheet)
        self.sheet_combo.setEnabled(len(pv.sheets) > 1)
        self.sheet_combo.blockSignals(False)
        self.header_label.setText(self.tr("標題列：第 {row} 列").format(row=pv.header_row))
        headers_by_key = {c.key: c.header for c in self.kind.spec.columns}
        used = {index: headers_by_key[key] for key, index in pv.mapping.items() if key in headers_by_key}
        masked = [index for key, index in pv.mapping.items() if key == "national_id"]
        self.preview_model.set_preview(pv.headers, pv.rows, used, pv.header_row, masked)
        self.preview_view.resizeColumnsToContents()
        self._fill_combos()
        missing = [c.header for c in self.kind.spec.columns if c.required and c.key not in pv.mapping]
        self._ready = not missing and refusal is None
        if missing:
            text = self.tr("缺少必要欄位：{cols}；請在上方指定檔案中的對應欄位。")
            self._say(text.format(cols=list_separator().join(missing)), error=True)
        elif refusal is not None:
            self._say(message(refusal), error=True)
        else:
            self._say(self.tr("已讀取預覽；請確認欄位對應後按「匯入」。"))
        self.import_button.setEnabled(self._ready and not self.running and self._denied is None)
        self.tabs.setCurrentIndex(TAB_PREVIEW)

    def _fill_combos(self) -> None:
        pv = self._preview
        for key, combo in self.mapping_combos.items():
            combo.clear()
            combo.addItem(self.tr("（不匯入）"), -1)
            if pv is None:
                combo.setEnabled(False)
                continue
            for i, header in enumerate(pv.headers):
                if header:
                    combo.addItem(header, i)
            chosen = pv.mapping.get(key, -1)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.setEnabled(not self.running)
            combo.setToolTip(self.tr("手動指定") if key in self._manual else self.tr("自動對應"))

    # --- running ----------------------------------------------------------------------------
    def term(self) -> str | None:
        """The default term typed ("113-1", "113學年度第1學期" …) as "113-1"; None when left blank.
        Raises RuleError for text that is no term."""
        text = self.term_edit.text().strip() if self.kind.takes_term else ""
        return format_term(*parse_term(text)) if text else None

    def start_import(self) -> None:
        if self._path is None or self._preview is None or not self._ready or self.running:
            return
        try:
            term = self.term()
        except RuleError as exc:
            self._say(message(exc), error=True)
            self.term_edit.setFocus()
            return
        path, sheet, mapping = self._path, self._preview.sheet, self.mapping()
        dry_run, skip = self.dry_run.isChecked(), self.skip_invalid.isChecked() and self.kind.can_skip_invalid
        db, actor, run = self.ctx.db, self.ctx.actor, self.kind.run

        def work(progress: Any, cancelled: Any) -> Any:
            return run(db, actor, path, sheet=sheet, mapping=mapping or None, dry_run=dry_run, skip_invalid=skip,
                       term=term, progress=progress, cancelled=cancelled)

        self._clear_results()
        job = Job(work, name=f"{self.kind.key}-import")
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self._job = job
        self._set_running(True)
        self._say(self.tr("匯入中…"))
        self.ctx.ops.writes.start(job)  # the session's write worker: an import never runs beside another write

    def cancel_import(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self._say(self.tr("正在取消…"))

    def _set_running(self, running: bool) -> None:
        self.progress_bar.setVisible(running)
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(running)
        self.import_button.setEnabled(not running and self._ready and self._denied is None)
        widgets = (self.sheet_combo, self.term_edit, self.all_or_nothing, self.skip_invalid, self.dry_run)
        for w in (*widgets, *self.mapping_combos.values()):
            w.setEnabled(not running)
        if not running and self._preview is not None:
            self.sheet_combo.setEnabled(len(self._preview.sheets) > 1)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        else:
            self.progress_bar.setRange(0, 0)

    def _on_finished(self, report: Any) -> None:
        self._job = None
        self._set_running(False)
        zh, en = self.kind.summary(report)
        log_report(report, en)
        notes = [n.en if i18n.is_english() else n.zh for n in getattr(report, "notes", [])]
        self.result_text.setPlainText("\n".join([en if i18n.is_english() else zh, "", *notes, *self.kind.details(report)]))
        problems = list(getattr(report, "problems", []))
        self.problem_model.set_problems(problems)
        self.save_problems_button.setEnabled(bool(problems))
        self.tabs.setCurrentIndex(TAB_RESULT)
        self._say(zh)
        if not report.dry_run:
            self.imported.emit(report)
            self._remember_mapping()
        self.outcome.emit(report)
        self._maybe_close()

    def _on_failed(self, exc: object) -> None:
        self._job = None
        self._set_running(False)
        if isinstance(exc, ImportRefused):
            self.problem_model.set_problems(exc.problems)
            self.problems_view.resizeColumnsToContents()
            self.save_problems_button.setEnabled(True)
            self.tabs.setCurrentIndex(TAB_PROBLEMS)
            self._say(message(exc), error=True)
        elif isinstance(exc, tabular.Cancelled):
            self._say(self.tr("已取消匯入，未寫入任何資料。"), error=True)
        elif isinstance(exc, PortfolioError):
            self._say(message(exc), error=True)
        else:
            report_unexpected(exc, where="import")  # type: ignore[arg-type]  # log + the one error dialog
            self._say(self.tr("發生未預期的錯誤，未寫入任何資料：{err}").format(err=exc), error=True)
        self.outcome.emit(exc)
        self._maybe_close()

    def _remember_mapping(self) -> None:
        """Keep the hand-made column choices for this school's next file (audited setting)."""
        if not self._manual:
            return
        db, actor, key, choices = self.ctx.db, self.ctx.actor, self.kind.mapping_key, {**self._remembered, **self._manual}

        def kept(remembered: dict[str, str]) -> None:
            self._remembered = remembered

        def not_kept(exc: PortfolioError) -> None:  # the import is written; only the choices are not kept
            self._say(self.tr("已匯入，但無法記住欄位對應：{err}").format(err=message(exc)), error=True)

        self.ctx.ops.write(lambda: remember(db, actor, choices, key), changes=(), success=kept, failure=not_kept,
                           title=tr_kind(self.kind.title), parent=self)

    # --- problems and results ---------------------------------------------------------------
    def save_problems(self, out: str | Path) -> None:
        write_problems(self.problem_model.problems(), Path(out))
        self._say(self.tr("錯誤清單已儲存：{path}").format(path=out))

    def _ask_save_problems(self) -> None:
        start = (self._path.with_name(self.tr("{stem}_錯誤清單.xlsx").format(stem=self._path.stem)) if self._path
                 else Path.home())
        out, _ = QFileDialog.getSaveFileName(
            self, self.tr("儲存錯誤清單"), str(start), self.tr("Excel 活頁簿 (*.xlsx)"))
        if out:
            if not out.lower().endswith(".xlsx"):
                out += ".xlsx"
            try:
                self.save_problems(out)
            except (OSError, PortfolioError) as exc:
                self._say(message(exc) if isinstance(exc, PortfolioError) else self.tr("無法儲存：{err}").format(err=exc),
                          error=True)

    def _clear_results(self) -> None:
        self.problem_model.set_problems([])
        self.save_problems_button.setEnabled(False)
        self.result_text.clear()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "")

    # --- closing ----------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc / 關閉 while an import runs cancels it first; the dialog closes when it has stopped."""
        if self.running:
            self._close_when_done = True
            self.cancel_import()
            return
        super().reject()

    def _maybe_close(self) -> None:
        if self._close_when_done:
            self._close_when_done = False
            super().reject()


def _preview_with(path: Path, spec: Any, sheet: str | None,
                  mapping: dict[str, str]) -> tuple[tabular.Preview, PortfolioError | None]:
    """The preview under the real spec; if that refuses the file (a required column or an anchor
    missing), a loose preview so the user can still see the headers and map them by hand, together
    with the refusal to show."""
    try:
        return tabular.preview(path, spec, sheet=sheet, mapping=mapping or None), None
    except PortfolioError as exc:
        try:
            return tabular.preview(path, spec, sheet=sheet, mapping=mapping or None, strict=False), exc
        except PortfolioError:
            raise exc from None
