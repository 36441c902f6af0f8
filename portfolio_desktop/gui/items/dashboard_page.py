"""The dashboard page (issue 4): term and class pickers; three tabs — the class (one row per student,
behind rows highlighted, double-click to drill down), the school (one row per class with completion
rates and a chart), and the follow-up lists (export to .xlsx, print).

Reads go straight to the services on the GUI thread: each view is one GROUP BY query of a few ms.
The page refreshes on the main window's ``data_changed`` and emits ``changed`` after its own writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.items.dashboard_chart import ProgressChart
from portfolio_desktop.gui.items.dashboard_detail import StudentItemsDialog
from portfolio_desktop.gui.items.dashboard_models import ROW_ROLE, class_model, sorting_proxy, student_model, tuple_model
from portfolio_desktop.gui.items.dashboard_windows import WindowsEditor
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.labels import division_text, label
from portfolio_desktop.gui.messages import error_text, message, pick
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import Viewer, current_term
from portfolio_desktop.store.engine import Database

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().hide()
    return view


CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # the class code on the class picker's entries


class DashboardPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, actor: Actor, *, viewer: Viewer | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.viewer, self._today = db, actor, viewer, today
        self.reader: Actor | Viewer = viewer if viewer is not None else actor  # services/read_scope.py decides
        self.interactive = True
        self.detail: StudentItemsDialog | None = None
        self.setObjectName("dashboardPage")

        self.term_box = QComboBox(self)
        self.term_box.setObjectName("termBox")
        self.class_box = QComboBox(self)
        self.class_box.setObjectName("classBox")
        refresh = QPushButton(self.tr("重新整理"), self)
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        for w in (QLabel(self.tr("學期："), self), self.term_box, QLabel(self.tr("班級："), self), self.class_box):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(refresh)

        self.tabs = QTabWidget(self)
        # class tab
        self.student_model = student_model(self)
        self.student_proxy = sorting_proxy(self.student_model, self)
        self.student_table = _table(self, "dashboardStudents")
        self.student_table.setModel(self.student_proxy)
        self.student_table.doubleClicked.connect(self._open_index)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("classSummary")
        self.summary_label.setWordWrap(True)
        self.window_label = QLabel(self)
        class_tab = QWidget(self)
        lay = QVBoxLayout(class_tab)
        lay.addWidget(self.window_label)
        lay.addWidget(self.student_table, 1)
        lay.addWidget(self.summary_label)
        self.tabs.addTab(class_tab, self.tr("班級"))
        # school tab
        self.class_model = class_model(self)
        self.class_proxy = sorting_proxy(self.class_model, self)
        self.class_table = _table(self, "dashboardClasses")
        self.class_table.setModel(self.class_proxy)
        self.class_table.doubleClicked.connect(self._open_class)
        self.chart = ProgressChart(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.class_table)
        split.addWidget(self.chart)
        self.tabs.addTab(split, self.tr("全校"))
        # follow-up tab
        self.followup_box = QComboBox(self)
        self.followup_box.setObjectName("followupBox")
        for kind in followup.FollowupKind:
            self.followup_box.addItem(label(kind), kind)
        self.followup_scope = QComboBox(self)
        self.followup_scope.addItem(self.tr("本班"), "class")
        self.followup_scope.addItem(self.tr("全部（可見班級）"), "all")
        export = QPushButton(self.tr("匯出 .xlsx…"), self)
        export.clicked.connect(self._export_dialog)
        print_button = QPushButton(self.tr("列印…"), self)
        print_button.clicked.connect(self._print_dialog)
        self.followup_model = tuple_model([], self)
        self.followup_proxy = sorting_proxy(self.followup_model, self)
        self.followup_table = _table(self, "followupTable")
        self.followup_table.setModel(self.followup_proxy)
        self.followup_data: followup.FollowupList | None = None
        bar = QHBoxLayout()
        for w in (self.followup_box, self.followup_scope):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(export)
        bar.addWidget(print_button)
        fu_tab = QWidget(self)
        fl = QVBoxLayout(fu_tab)
        fl.addLayout(bar)
        fl.addWidget(self.followup_table, 1)
        self.tabs.addTab(fu_tab, self.tr("未完成名單"))
        # windows tab
        self.windows_editor = WindowsEditor(db, actor, self)
        self.windows_editor.changed.connect(self.changed.emit)
        self.tabs.addTab(self.windows_editor, self.tr("作業期程"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._load_pickers()
        self.changed.connect(self.refresh)  # standalone; make_page routes it through data_changed instead
        self.term_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.class_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.followup_box.currentIndexChanged.connect(lambda _i: self.refresh_followup())
        self.followup_scope.currentIndexChanged.connect(lambda _i: self.refresh_followup())

    # --- pickers ---------------------------------------------------------------------------
    def _load_pickers(self) -> None:
        term, class_id = self.term(), self.class_id()
        for box in (self.term_box, self.class_box):
            box.blockSignals(True)
        self.term_box.clear()
        self.term_box.addItems(dashboard.known_terms(self.db, today=self._today))
        if not term or self.term_box.findText(term) < 0:  # first load: the school's current term, which
            term = format_term(*current_term(self.db, self._today))  # known_terms always lists
        self.term_box.setCurrentText(term)
        self.class_box.clear()
        # asked first, not audited: a role that reads no class's progress gets the reason, no refusal row
        self.denied = None if isinstance(self.reader, Viewer) else permissions.why_not(
            self, Permission.DASHBOARD_READ, anywhere=True)  # a scope handed in was decided by the services
        for c in ([] if self.denied is not None else dashboard.visible_classes(self.db, self.reader)):
            self.class_box.addItem(self.tr("{code}（{division}）{mentor}").format(
                code=c.code, division=division_text(c.division), mentor=c.mentor or ""), c.id)
            self.class_box.setItemData(self.class_box.count() - 1, c.code, CODE_ROLE)
        if class_id is not None and self.class_box.findData(class_id) >= 0:
            self.class_box.setCurrentIndex(self.class_box.findData(class_id))
        for box in (self.term_box, self.class_box):
            box.blockSignals(False)

    def term(self) -> str | None:
        return self.term_box.currentText() or None

    def class_id(self) -> int | None:
        value = self.class_box.currentData()
        return int(value) if value is not None else None

    def set_class(self, class_id: int) -> None:
        self.class_box.setCurrentIndex(self.class_box.findData(class_id))

    def set_term(self, term: str) -> None:
        if self.term_box.findText(term) < 0:
            self.term_box.addItem(term)
        self.term_box.setCurrentText(term)

    # --- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload every view (after any change anywhere: bound to the main window's data_changed)."""
        self._load_pickers()
        if self.denied is not None:
            self.summary_label.setText(message(self.denied))
            return
        try:
            self.refresh_class()
            self.refresh_school()
            self.refresh_followup()
            self.windows_editor.load(self.term())
        except PortfolioError as exc:
            self.summary_label.setText(message(exc))

    def refresh_class(self) -> None:
        class_id = self.class_id()
        if class_id is None:
            self.student_model.set_rows([])
            self.summary_label.setText(self.tr("沒有可查看的班級"))
            return
        board = dashboard.class_dashboard(self.db, self.reader, self.term(), class_id=class_id,
                                          today=self._today)
        self.student_model.set_rows(board.students)
        s = board.summary
        self.summary_label.setText(self.tr(
            "班級 {code}：{students} 人（離校 {departed}）｜上傳率 {uploaded}｜認證率 {certified}｜勾選率 {selected}｜"
            "提交率 {submitted}｜收訖確認率 {confirmed}｜落後 {behind} 人（期程 {days} 天內截止）").format(
            code=s.label, students=s.students, departed=s.departed, uploaded=_pct(s.pct_uploaded),
            certified=_pct(s.pct_certified), selected=_pct(s.pct_selected), submitted=_pct(s.pct_submitted),
            confirmed=_pct(s.pct_confirmed), behind=s.behind, days=board.behind_days))
        today = board.today
        open_now = [w for w in board.windows if w.starts_at.date() <= today <= w.ends_at.date()]
        until = self.tr("{term} {kind} 至 {end}")
        shown = self.tr("；").join(until.format(term=w.term, kind=label(w.kind), end=show_datetime(w.ends_at))
                                  for w in open_now)
        self.window_label.setText(self.tr("進行中的期程：{windows}").format(windows=shown or self.tr("無")))

    def refresh_school(self) -> None:
        rows = dashboard.school_overview(self.db, self.reader, self.term(), today=self._today)
        self.class_model.set_rows([*rows, dashboard.school_total(rows)] if rows else [])
        self.chart.set_rows(rows)

    def refresh_followup(self) -> None:
        kind = followup.FollowupKind(self.followup_box.currentData())
        code = None
        if self.followup_scope.currentData() == "class" and self.class_id() is not None:
            code = str(self.class_box.currentData(CODE_ROLE))
        self.followup_data = followup.followup(self.db, self.reader, kind, term=self.term(), class_code=code)
        model = tuple_model(self.followup_data.headers, self)
        model.set_rows(self.followup_data.rows)
        self.followup_model = model
        self.followup_proxy.setSourceModel(model)

    # --- drill-down ------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.open_student(row.student_no)

    def _open_class(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None and row.class_id:
            self.set_class(row.class_id)
            self.tabs.setCurrentIndex(0)

    def open_student(self, student_no: str) -> StudentItemsDialog:
        dialog = StudentItemsDialog(self.db, self.actor, student_no, self.term() or "", viewer=self.viewer,
                                    parent=self, interactive=self.interactive)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.changed.emit)
        self.detail = dialog
        dialog.open()
        return dialog

    # --- export / print --------------------------------------------------------------------
    def export_followup_to(self, path: Path) -> int:
        assert self.followup_data is not None
        return followup.export_followup(self.db, self.actor, self.followup_data, path)

    def print_followup(self, printer: QPrinter) -> None:
        assert self.followup_data is not None
        doc = QTextDocument(self)
        doc.setHtml(followup.followup_html(self.followup_data))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        doc.print_(printer)

    def print_followup_to_pdf(self, path: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        self.print_followup(printer)

    def _export_dialog(self) -> None:
        if self.followup_data is None:
            return
        data = self.followup_data
        name, _ = QFileDialog.getSaveFileName(self, self.tr("匯出未完成名單"), f"{pick(data.title, data.title_en)}.xlsx",
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if name:
            try:
                n = self.export_followup_to(Path(name))
            except (PortfolioError, OSError) as exc:
                QMessageBox.warning(self, self.tr("匯出"), error_text(exc))
                return
            QMessageBox.information(self, self.tr("匯出"), self.tr("已匯出 {n} 筆到 {path}").format(n=n, path=name))

    def _print_dialog(self) -> None:
        if self.followup_data is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QPrintDialog.DialogCode.Accepted:
            self.print_followup(printer)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def make_page(window: MainWindow) -> tuple[str, QWidget]:
    """Page factory for gui/pages.py: the whole school unless the window knows a mentor's viewer."""
    page = DashboardPage(window.db, window.actor, viewer=getattr(window, "viewer", None), parent=window)
    page.changed.disconnect(page.refresh)
    window.data_changed.connect(page.refresh)
    page.changed.connect(window.data_changed.emit)
    if hasattr(window, "ready"):
        window.ready.connect(page.refresh)
    return QCoreApplication.translate("MainWindow", "學習歷程進度"), page
