"""The dashboard page: term and class pickers; three tabs — the class (one row per student,
behind rows highlighted, double-click to drill down), the school (one row per class with completion
rates and a chart), and the follow-up lists (export to .xlsx, print).

Everything the page shows for the chosen term and class is read in one query op on a worker
(gui/ops.py) and shown when it arrives. The page refreshes when rosters, items or settings change
(gui/changes.py; a hidden page when it is next shown) and announces its own writes as item changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
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
from portfolio_desktop.gui import i18n
from portfolio_desktop.gui.printing import pdf_printer, print_html
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.items.class_home import ClassHomeView
from portfolio_desktop.gui.items.dashboard_chart import ProgressChart
from portfolio_desktop.gui.items.dashboard_detail import StudentItemsDialog
from portfolio_desktop.gui.items.dashboard_models import ROW_ROLE, class_model, sorting_proxy, student_model, tuple_model
from portfolio_desktop.gui.items.dashboard_windows import WindowsEditor
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.labels import division_text, label
from portfolio_desktop.gui.messages import error_text, message, pick
from portfolio_desktop.services.central import submission_rounds
from portfolio_desktop.services.items import class_home, dashboard
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.services.terms import current_term


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


SHOWS = (Cap.ROSTERS, Cap.ITEMS, Cap.SETTINGS)


@dataclass(frozen=True)
class _Read:
    """What one refresh read on the worker."""

    terms: list[str]
    term: str
    classes: list[dashboard.ClassChoice]
    class_id: int | None
    board: dashboard.ClassDashboard | None
    school: list[dashboard.ClassSummary]
    followup: followup.FollowupList | None
    windows: list[windows.WindowRow] | None  # None: this user may not read the schedule
    home: class_home.ClassHome | PortfolioError | None = None  # the class at a glance (or why not)
    rounds: list[submission_rounds.RoundView] | None = None  # the term's submission rounds


class DashboardPage(QWidget):
    changed = Signal()  # after the page's own writes (announced as item changes)
    loaded = Signal()  # a refresh's data is shown

    def __init__(self, ctx: PageContext, *, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.actor, self.viewer, self._today = ctx.db, ctx.actor, ctx.viewer, today
        self.reader: Actor | Viewer = self.viewer if self.viewer is not None else self.actor  # read_scope decides
        self._want_term: str | None = None
        self._want_class: int | None = None
        self.detail: StudentItemsDialog | None = None
        self.setObjectName("dashboardPage")

        self.term_box = QComboBox(self)
        self.term_box.setObjectName("termBox")
        self.class_box = QComboBox(self)
        # "301（日間部）導師 林導師" whole: the picker widens to its longest class
        self.class_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.class_box.setObjectName("classBox")
        refresh = QPushButton(self.tr("重新整理"), self)
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        for w in (QLabel(self.tr("學期："), self), self.term_box, QLabel(self.tr("班級："), self), self.class_box):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(refresh)

        self.tabs = QTabWidget(self)
        # the class at a glance (a mentor's home)
        self.home = ClassHomeView(ctx, self.reader, self)
        self.tabs.addTab(self.home, self.tr("本班概況"))
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
        self.tabs.addTab(class_tab, self.tr("班級明細"))
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
        self.rounds_label = QLabel(self)  # the term's submission rounds: what went to the central database
        self.rounds_label.setObjectName("dashboardRounds")
        self.rounds_label.setWordWrap(True)
        # shown at its natural height, yet never what keeps the window from fitting a small screen
        self.rounds_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        split.addWidget(self.rounds_label)
        self.class_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # 名次 1 = the most to chase
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
        self.windows_editor = WindowsEditor(ctx, self)
        self.windows_editor.changed.connect(self.changed.emit)
        self.tabs.addTab(self.windows_editor, self.tr("作業期程"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        # asked first, not audited: a role that reads no class's progress gets the reason, no refusal row
        self.denied = None if isinstance(self.reader, Viewer) else ctx.why_not(
            Permission.DASHBOARD_READ, anywhere=True)  # a scope handed in was decided by the services
        self.changed.connect(lambda: ctx.changes.announce({Cap.ITEMS}))
        ctx.changes.watch(self, SHOWS, self.refresh, stale=True)
        self.term_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.class_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.followup_box.currentIndexChanged.connect(lambda _i: self.refresh_followup())
        self.followup_scope.currentIndexChanged.connect(lambda _i: self.refresh_followup())

    # --- pickers ---------------------------------------------------------------------------
    def _show_pickers(self, read: _Read) -> None:
        for box in (self.term_box, self.class_box):
            box.blockSignals(True)
        self.term_box.clear()
        self.term_box.addItems(read.terms)
        self.term_box.setCurrentText(read.term)
        self.class_box.clear()
        for c in read.classes:
            self.class_box.addItem(self.tr("{code}（{division}）{mentor}").format(
                code=c.code, division=division_text(c.division), mentor=c.mentor or ""), c.id)
            self.class_box.setItemData(self.class_box.count() - 1, c.code, CODE_ROLE)
        if read.class_id is not None and self.class_box.findData(read.class_id) >= 0:
            self.class_box.setCurrentIndex(self.class_box.findData(read.class_id))
        for box in (self.term_box, self.class_box):
            box.blockSignals(False)

    def term(self) -> str | None:
        return self.term_box.currentText() or None

    def class_id(self) -> int | None:
        value = self.class_box.currentData()
        return int(value) if value is not None else None

    def set_class(self, class_id: int) -> None:
        """Show this class (from the next read on when the pickers are not filled yet)."""
        self._want_class = class_id
        index = self.class_box.findData(class_id)
        if index >= 0 and index != self.class_box.currentIndex():
            self.class_box.setCurrentIndex(index)
        else:
            self.refresh()

    def set_term(self, term: str) -> None:
        self._want_term = term
        if self.term_box.findText(term) < 0:
            self.term_box.addItem(term)
        if self.term_box.currentText() != term:
            self.term_box.setCurrentText(term)
        else:
            self.refresh()

    # --- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read every view for the chosen term and class (one query op); shown when it arrives."""
        db, actor, reader, today, denied = self.db, self.actor, self.reader, self._today, self.denied
        want_term = self._want_term or self.term()
        want_class = self._want_class if self._want_class is not None else self.class_id()
        kind, class_only = followup.FollowupKind(self.followup_box.currentData()), self._followup_class_only()

        def read() -> _Read:
            terms = dashboard.known_terms(db, today=today)
            term = want_term if want_term and want_term in terms else format_term(*current_term(db, today))
            classes = [] if denied is not None else dashboard.visible_classes(db, reader)
            ids = [c.id for c in classes]
            class_id = want_class if want_class in ids else (ids[0] if ids else None)
            if denied is not None:
                return _Read(terms, term, classes, class_id, None, [], None, None)
            board = None if class_id is None else dashboard.class_dashboard(
                db, reader, term, class_id=class_id, today=today)
            code = next((c.code for c in classes if c.id == class_id), None) if class_only else None
            try:
                schedule = windows.list_windows(db, actor, term)
            except PortfolioError:  # the progress may be read without the school's schedule
                schedule = None
            home: class_home.ClassHome | PortfolioError | None = None
            if class_id is not None:
                try:
                    home = class_home.class_home(db, reader, term, class_id=class_id, today=today)
                except PortfolioError as exc:
                    home = exc
            return _Read(terms, term, classes, class_id, board,
                         dashboard.school_overview(db, reader, term, today=today),
                         followup.followup(db, reader, kind, term=term, class_code=code), schedule, home,
                         submission_rounds.rounds_shown(db, actor, term))

        self.ctx.ops.query(read, success=self._show, failure=self._refused, key=f"dashboard-{id(self)}",
                           title=self.tr("學習歷程進度"), parent=self)

    def _refused(self, exc: PortfolioError) -> None:
        self.summary_label.setText(message(exc))
        self.loaded.emit()

    def _show(self, read: _Read) -> None:
        self._want_term, self._want_class = None, None
        self._show_pickers(read)
        if self.denied is not None:
            self.summary_label.setText(message(self.denied))
            self.loaded.emit()
            return
        self._show_class(read.board)
        self.home.show_read(read.home)
        self._show_school(read.school)
        self._show_rounds(read.rounds or [])
        if read.followup is not None:
            self._show_followup(read.followup)
        if read.windows is not None:
            self.windows_editor.show_windows(read.term, read.windows)
        self.loaded.emit()

    def _show_class(self, board: dashboard.ClassDashboard | None) -> None:
        if board is None:
            self.student_model.set_rows([])
            self.summary_label.setText(self.tr("沒有可查看的班級"))
            return
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

    def _show_school(self, rows: list[dashboard.ClassSummary]) -> None:
        rows = dashboard.ranked(rows)
        # the total row only sums several classes: a mentor's one class is not shown twice
        self.class_model.set_rows([*rows, dashboard.school_total(rows)] if len(rows) > 1 else rows)
        self.chart.set_rows(rows)

    def _show_rounds(self, rounds: list[submission_rounds.RoundView]) -> None:
        english = i18n.is_english()
        lines = [submission_rounds.round_line(r)[1 if english else 0] for r in rounds]
        self.rounds_label.setText(self.tr("本學期提交：{rounds}").format(
            rounds=self.tr("；").join(lines) if lines else self.tr("尚無")))

    def _followup_class_only(self) -> bool:
        return self.followup_scope.currentData() == "class"

    def refresh_followup(self) -> None:
        """Read the chosen follow-up list again (a query op)."""
        if self.denied is not None:
            return
        db, reader, term = self.db, self.reader, self.term()
        kind = followup.FollowupKind(self.followup_box.currentData())
        code = None
        if self._followup_class_only() and self.class_id() is not None:
            code = str(self.class_box.currentData(CODE_ROLE))
        self.ctx.ops.query(lambda: followup.followup(db, reader, kind, term=term, class_code=code),
                           success=self._show_followup, failure=self._refused, key=f"followup-{id(self)}",
                           title=self.tr("未完成名單"), parent=self)

    def _show_followup(self, data: followup.FollowupList) -> None:
        self.followup_data = data
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
            self.tabs.setCurrentWidget(self.home)

    def open_student(self, student_no: str) -> StudentItemsDialog:
        dialog = StudentItemsDialog(self.ctx, student_no, self.term() or "", viewer=self.viewer, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.changed.emit)
        self.detail = dialog
        dialog.open()
        return dialog

    # --- export / print --------------------------------------------------------------------
    def print_followup(self, printer: QPrinter) -> None:
        assert self.followup_data is not None
        print_html(self, followup.followup_html(self.followup_data), printer, QPageLayout.Orientation.Landscape)

    def print_followup_to_pdf(self, path: Path) -> None:
        self.print_followup(pdf_printer(path))

    def _export_dialog(self) -> None:
        if self.followup_data is None:
            return
        data = self.followup_data
        name, _ = QFileDialog.getSaveFileName(self, self.tr("匯出未完成名單"), f"{pick(data.title, data.title_en)}.xlsx",
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if name:
            db, actor = self.db, self.actor

            def export() -> int | OSError:
                try:
                    return followup.export_followup(db, actor, data, Path(name))
                except OSError as exc:  # a full disk, a locked file: the user's to fix, not a defect
                    return exc

            def done(n: int | OSError) -> None:
                if isinstance(n, OSError):
                    self.ctx.notify.warn(self.tr("匯出"), error_text(n), self)
                else:
                    self.ctx.notify.info(self.tr("匯出"), self.tr("已匯出 {n} 筆到 {path}").format(n=n, path=name), self)

            self.ctx.ops.write(export, changes={Cap.ADMIN}, title=self.tr("匯出"), success=done, parent=self)

    def _print_dialog(self) -> None:
        if self.followup_data is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QPrintDialog.DialogCode.Accepted:
            self.print_followup(printer)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def make_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Page factory for gui/pages.py: the whole school unless the session has a mentor's viewer."""
    page = DashboardPage(ctx, parent=parent)
    return QCoreApplication.translate("MainWindow", "學習歷程進度"), page
