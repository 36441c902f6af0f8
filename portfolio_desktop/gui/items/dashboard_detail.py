"""Drill-down from the dashboard: one student's items for the term, each item's history, and the
actions (認證通過 / 不通過 / 勾選 / 取消勾選 / 提交 / 確認收訖) with an optional window-override reason.
Every action goes through services.items; a refusal is shown in zh_TW and nothing changes."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.items import Action, ItemKind, MPCategory
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.items.dashboard_models import ROW_ROLE, history_model, item_model, sorting_proxy
from portfolio_desktop.gui.labels import label
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.screen_fit import fit_to_screen
from portfolio_desktop.services.items import items
from portfolio_desktop.services.read_scope import Viewer

ACTIONS = (Action.CERTIFY, Action.REJECT, Action.SELECT, Action.DESELECT, Action.SUBMIT, Action.CONFIRM)


class StudentItemsDialog(QDialog):
    """``changed`` after any successful action (the page and the main window refresh on it)."""

    changed = Signal()

    def __init__(self, ctx: PageContext, student_no: str, term: str, *, viewer: Viewer | None = None,
                 parent: QWidget | None = None) -> None:
        """Every service call runs on ``ctx.ops``: the items and the chosen item's history are read on a
        worker, an action or a new item is written on the write worker (announcing Cap.ITEMS)."""
        super().__init__(parent)
        self.ctx = ctx
        db, actor = ctx.db, ctx.actor
        self.db, self.actor, self.student_no, self.term, self.viewer = db, actor, student_no, term, viewer
        self.setObjectName("studentItemsDialog")
        fit_to_screen(self, 960, 560)  # never taller than a 768-line screen less its taskbar

        self.title = QLabel(self)
        self.items_model = item_model(self)
        self.items_proxy = sorting_proxy(self.items_model, self)
        self.items_view = QTableView(self)
        self.items_view.setObjectName("itemsTable")
        self.items_view.setModel(self.items_proxy)
        self.items_view.setSortingEnabled(True)
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history_model = history_model(self)
        self.history_view = QTableView(self)
        self.history_view.setObjectName("historyTable")
        self.history_view.setModel(self.history_model)
        self.history_view.horizontalHeader().setStretchLastSection(True)

        self.override = QLineEdit(self)
        self.override.setObjectName("overrideReason")
        self.override.setPlaceholderText(self.tr("期程外補辦理由（期程已過時填寫，事後會簽）"))
        self.buttons: dict[Action, QPushButton] = {}
        row = QHBoxLayout()
        for action in ACTIONS:
            button = QPushButton(label(action), self)
            button.setObjectName(f"{action.value}Button")
            button.clicked.connect(lambda _c=False, a=action: self.apply(a))
            row.addWidget(button)
            self.buttons[action] = button
        row.addWidget(self.override, 1)
        add = QPushButton(self.tr("新增項目…"), self)
        add.setObjectName("addItemButton")
        add.clicked.connect(self._add_dialog)
        row.addWidget(add)
        # Offer only the actions this user may take on some item (the school's roles included); the
        # service still decides per item, class and course.
        for action, button in self.buttons.items():
            permissions.apply(button, ctx.why_not_action(action))
        permissions.apply(add, ctx.why_not_action(Action.UPLOAD))

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.items_view)
        split.addWidget(self.history_view)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.items_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    def refresh(self) -> None:
        db, reader, student_no, term = self.db, self.viewer or self.actor, self.student_no, self.term
        self.ctx.ops.query(lambda: items.list_items(db, reader, student_no=student_no, term=term),
                           success=self._show_rows, key=f"student-items-{id(self)}",
                           failure=lambda exc: self.title.setText(message(exc)),
                           title=self.tr("學習歷程項目"), parent=self)

    def _show_rows(self, rows: list[items.ItemRow]) -> None:
        selected = set(self.selected_ids())
        self.items_model.set_rows(rows)
        name = rows[0].student_name if rows else ""
        self.title.setText(self.tr("{term}　學號 {no} {name}　共 {n} 件").format(
            term=self.term, no=self.student_no, name=name, n=len(rows)))
        self.setWindowTitle(self.tr("學習歷程項目 — {no} {name}").format(no=self.student_no, name=name))
        for r in range(self.items_proxy.rowCount()):
            if self.items_proxy.index(r, 0).data(ROW_ROLE).id in selected:
                self.items_view.selectRow(r)
        self._show_history()

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.items_view.selectionModel().selectedRows()}
        return [self.items_proxy.index(r, 0).data(ROW_ROLE).id for r in sorted(rows)]

    def select_item(self, item_id: int) -> None:
        for r in range(self.items_proxy.rowCount()):
            if self.items_proxy.index(r, 0).data(ROW_ROLE).id == item_id:
                self.items_view.selectRow(r)
                return

    def _selection_changed(self, _a: QItemSelection, _b: QItemSelection) -> None:
        self._show_history()

    def _show_history(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.history_model.set_rows([])
            return
        db, reader, item_id = self.db, self.viewer or self.actor, ids[0]
        self.ctx.ops.query(lambda: items.item_detail(db, reader, item_id).history,
                           success=self.history_model.set_rows, key=f"item-history-{id(self)}",
                           failure=lambda exc: self.title.setText(message(exc)),
                           title=self.tr("學習歷程項目"), parent=self)

    def _written(self) -> None:
        self.override.clear()
        self.refresh()
        self.changed.emit()

    def add(self, kind: ItemKind, title: str, *, category: MPCategory | None = None,
            course_code: str | None = None) -> Job:
        """Enter one item for this student (e.g. a cadre record by 訓育組) on the write worker; a refusal
        is said through the notifier."""
        db, actor, student_no, term = self.db, self.actor, self.student_no, self.term
        override = self.override.text().strip() or None
        return self.ctx.ops.write(
            lambda: items.add_item(db, actor, student_no=student_no, term=term, kind=kind, title=title,
                                   category=category, course_code=course_code, override_reason=override),
            changes={Cap.ITEMS}, title=self.tr("新增項目"), parent=self, success=lambda _row: self._written(),
            failure=lambda exc: self.ctx.notify.warn(self.tr("新增項目"), message(exc), self))

    def _add_dialog(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("新增學習歷程項目"))
        kind = QComboBox(dialog)
        for k in ItemKind:
            kind.addItem(label(k), k.value)
        category = QComboBox(dialog)
        category.addItem("", None)
        for c in MPCategory:
            category.addItem(label(c), c.value)
        title, course = QLineEdit(dialog), QLineEdit(dialog)
        form = QFormLayout(dialog)
        form.addRow(self.tr("類別"), kind)
        form.addRow(self.tr("多元表現細項"), category)
        form.addRow(self.tr("名稱"), title)
        form.addRow(self.tr("課程代碼（課程學習成果）"), course)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            cat = category.currentData()
            self.add(ItemKind(kind.currentData()), title.text(), category=MPCategory(cat) if cat else None,
                     course_code=course.text().strip() or None)

    def apply(self, action: Action, *, reason: str | None = None) -> Job | None:
        """Apply an action to the selected items on the write worker (None: nothing selected, or the
        reason for a rejection was not given); a refusal is said through the notifier."""
        ids = self.selected_ids()
        if not ids:
            return None
        if action is Action.REJECT and reason is None:
            reason, ok = QInputDialog.getText(self, label(Action.REJECT), self.tr("不通過的原因："))
            if not ok:
                return None
        db, actor, override = self.db, self.actor, self.override.text().strip() or None
        return self.ctx.ops.write(
            lambda: items.transition(db, actor, ids, action, reason=reason, override_reason=override),
            changes={Cap.ITEMS}, title=label(action), parent=self, success=lambda _rows: self._written(),
            failure=lambda exc: self.ctx.notify.warn(label(action), message(exc), self))
