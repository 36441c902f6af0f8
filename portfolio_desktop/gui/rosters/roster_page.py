"""The roster page: the class tree beside the student table, a type-to-filter box above it.

The reader's scope, the classes and the first page of students are read by one query op (gui/ops.py)
on a worker; the table model then reads further pages as the view scrolls, and the first page again
when the filter or the order changes, each on a worker too (gui/rosters/student_model.py; the
database filters, sorts and counts). The page refreshes when rosters or settings change (gui/changes.py).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.gui import layout_state, permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.rosters.class_tree_model import CLASS_CODE_ROLE, CLASS_IDS_ROLE, KIND_ROLE, ClassTreeModel
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.rosters.student_model import StudentTableModel
from portfolio_desktop.services.read_scope import ReadScope
from portfolio_desktop.services.rosters import roster_pages
from portfolio_desktop.services.rosters.roster_queries import class_tree
from portfolio_desktop.services.rosters.roster_types import ClassNode, StudentPage, StudentRow


class RosterPage(QWidget):
    """``student_activated(student_no)`` when Enter / double-click opens a student;
    ``counts_changed(text)`` whenever what is shown changes (for the status bar); ``loaded`` once read
    data is shown (or the refusal is)."""

    student_activated = Signal(str)
    counts_changed = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("rosterPage")

        self.tree_model = ClassTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("classTree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._size_tree_columns()

        self.model = StudentTableModel(ctx, self)
        self.table = QTableView(self)
        self.table.setObjectName("studentTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # column widths from the first rows only, not 12 columns × every row through Python data()
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.table.activated.connect(self._activated)  # Enter, and double-click on most styles

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("輸入學號或姓名篩選（Ctrl+F）"))
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self.table.setFocus)
        filter_label = QLabel(self.tr("篩選(&L)："), self)
        filter_label.setBuddy(self.filter_edit)
        self.show_departed = QCheckBox(self.tr("顯示離校學生(&D)"), self)
        self.show_departed.setChecked(True)
        self.show_departed.toggled.connect(self._departed_toggled)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.show_departed)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.table)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("rosterSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([260, 800])
        self.refusal: QLabel | None = None  # in place of the roster for a role that may not read it
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.tree, self.filter_edit)
        self.setTabOrder(self.filter_edit, self.show_departed)
        self.setTabOrder(self.show_departed, self.table)

        self._restoring = False  # the tree is being refilled: its selection says nothing yet
        self.tree.selectionModel().selectionChanged.connect(self._tree_selected)
        self.model.shown_changed.connect(self._emit_counts)
        ctx.changes.watch(self, (Cap.ROSTERS, Cap.SETTINGS), self.refresh)

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the classes and the first page of students (one query op), keeping the selected
        class and student."""
        if not self._readable():
            self.loaded.emit()
            return
        db, actor = self.ctx.db, self.ctx.actor
        generation, flt, page = self.model.generation(), self.model.student_filter(), self.model.PAGE

        def read() -> tuple[ReadScope, list[ClassNode], StudentPage]:
            scope = roster_pages.roster_scope(db, actor)
            return scope, class_tree(db, scope), roster_pages.student_page(db, scope, flt, 0, page,
                                                                                   with_total=True)

        self.ctx.ops.query(read, success=lambda r: self._show(generation, *r), key=f"roster-{id(self)}",
                           title=self.tr("名冊"), parent=self)

    def _show(self, generation: int, scope: ReadScope, nodes: list[ClassNode], page: StudentPage) -> None:
        keep_code, keep_kind_ids = self.selected_class_code(), self._selected_ids()
        keep_student = self.current_student()
        self._restoring = True
        try:
            self.tree_model.set_nodes(nodes)
            self._size_tree_columns()
            self.tree.expandToDepth(1)
            self._reselect(keep_code, keep_kind_ids)
        finally:
            self._restoring = False
        self.model.set_class_ids(self._tree_class_ids())  # the class kept, or 全校 when it is gone
        self.model.show_page(scope, generation, page)  # read again if the filter changed meanwhile
        if keep_student is not None:
            self.select_student(keep_student.student_no)
        self.table.resizeColumnsToContents()
        self._emit_counts()
        self.loaded.emit()

    def _readable(self) -> bool:
        """Ask before reading (not audited): a role that may read no class (e.g. administrator only)
        gets the service's refusal in place of the roster, not a refused read."""
        denied = self.ctx.why_not(Permission.ROSTER_READ, anywhere=True)
        if denied is not None and self.refusal is None:
            self.refusal = permissions.refusal_label(self, denied, what=self.tr("名冊：這個帳號不能查看學籍資料。"))
            layout = self.layout()
            assert layout is not None  # set in __init__
            layout.addWidget(self.refusal)
        if self.refusal is not None:
            self.refusal.setVisible(denied is not None)
        self.splitter.setVisible(denied is None)
        if denied is not None:
            self.tree_model.set_nodes([])
            self.model.clear()
            self._emit_counts()
        return denied is None

    def _size_tree_columns(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        if self.tree_model.columnCount() == 3:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def _reselect(self, code: str | None, ids: tuple[int, ...] | None) -> None:
        target = self.tree_model.index(0, 0)  # 全校
        if ids is not None:
            for item in self._walk():
                if (code and item.data(CLASS_CODE_ROLE) == code) or (not code and item.data(CLASS_IDS_ROLE) == ids):
                    target = item.index()
                    break
        self.tree.setCurrentIndex(target)

    def _walk(self) -> list:  # list[QStandardItem]
        out, stack = [], [self.tree_model.item(r) for r in range(self.tree_model.rowCount())]
        while stack:
            item = stack.pop(0)
            out.append(item)
            stack.extend(item.child(r) for r in range(item.rowCount()))
        return out

    # --- selection and filtering ------------------------------------------------------------
    def _selected_ids(self) -> tuple[int, ...] | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        ids = index.data(CLASS_IDS_ROLE) if index.isValid() else None
        return tuple(ids) if ids is not None else None

    def selected_class_code(self) -> str | None:
        """The class picked in the tree, or None when a division, grade or the whole school is picked."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        if index.isValid() and index.data(KIND_ROLE) == "class":
            return index.data(CLASS_CODE_ROLE)
        return None

    def select_class(self, code: str) -> bool:
        for item in self._walk():
            if item.data(CLASS_CODE_ROLE) == code:
                self.tree.setCurrentIndex(item.index())
                return True
        return False

    def _tree_class_ids(self) -> tuple[int, ...] | None:
        """The classes of the node picked in the tree; None for 全校 (every class the reader may read)."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        kind = index.data(KIND_ROLE) if index.isValid() else None
        return None if kind in (None, "school") else tuple(index.data(CLASS_IDS_ROLE))

    def _tree_selected(self, _sel: QItemSelection, _old: QItemSelection) -> None:
        if not self._restoring:
            self.model.set_class_ids(self._tree_class_ids())  # the counts follow when the rows arrive

    def _filter_changed(self, text: str) -> None:
        self.model.set_text(text)

    def _departed_toggled(self, show: bool) -> None:
        self.model.set_show_departed(show)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # --- students ---------------------------------------------------------------------------
    def current_student(self) -> StudentRow | None:
        index = self.table.currentIndex()
        return self.model.student_at(index.row()) if index.isValid() else None

    def select_student(self, student_no: str) -> None:
        """Make this student the current row: now when their row is already in the view, else once
        the rows up to theirs are read (on a worker); nothing when the filter does not show them."""
        self.model.locate(student_no, lambda row: self.table.setCurrentIndex(self.model.index(row, 0)))

    def open_current(self) -> None:
        student = self.current_student()
        if student is not None:
            self.student_activated.emit(student.student_no)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.student_activated.emit(self.model.student_at(index.row()).student_no)

    # --- counts -----------------------------------------------------------------------------
    def counts_text(self) -> str:
        nodes = self.tree_model.nodes
        total = sum(n.students for n in nodes)
        departed = sum(n.departed for n in nodes)
        text = self.tr("{classes} 班｜學生 {total} 人（離校 {departed} 人）｜目前顯示 {shown} 人")
        return text.format(
            classes=len(nodes), total=total, departed=departed, shown=self.model.shown_count())

    def _emit_counts(self) -> None:
        self.counts_changed.emit(self.counts_text())

    # --- remembered layout ------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("roster/splitter", self.splitter.saveState())
        settings.setValue("roster/tableHeader", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value("roster/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = settings.value("roster/tableHeader")
        if header is not None:
            layout_state.restore_header(self.table.horizontalHeader(), header)
