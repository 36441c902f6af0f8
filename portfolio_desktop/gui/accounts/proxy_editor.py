"""代理人名單及代理順位 editor (seed 001 §九): pick an office or a teacher on the left; on the right
its proxies in order of precedence — drag to reorder (or 上移 / 下移), add from the staff list,
remove, save. Below, who acts today. Saving goes through ``services.proxies.set_list``, which
enforces the role (教務主任 / administrator) and audits; a refusal is shown, nothing is written.
匯入… opens the one import dialog (gui/imports/imports.py) on ``services.proxies.import_xlsx``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.imports.import_dialog import ImportDialog
from portfolio_desktop.gui.imports.import_kinds import PROXIES_IMPORT
from portfolio_desktop.gui.imports.imports import open_import
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.labels import grant_text
from portfolio_desktop.gui.messages import message
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import proxies

ROLE_KEY = Qt.ItemDataRole.UserRole


class ProxyEditor(QWidget):
    saved = Signal(str)  # target key

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        """Reads and writes through ``ctx.ops``: the lists and the staff when refreshed, a target's
        list and who acts today when it is chosen, a save on the write worker."""
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.actor = ctx.db, ctx.actor
        self.setObjectName("proxyEditor")

        self.targets = QListWidget(self)
        self.targets.setObjectName("targets")
        self.proxies = QListWidget(self)
        self.proxies.setObjectName("proxies")
        self.proxies.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.proxies.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.proxies.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.proxies.model().rowsMoved.connect(self._renumber)
        self.staff = QComboBox(self)
        self.staff.setObjectName("staffChoice")
        self.add_button = self._button(self.tr("加入"), "addButton", self.add_selected)
        self.remove_button = self._button(self.tr("移除"), "removeButton", self.remove_current)
        self.up_button = self._button(self.tr("上移"), "upButton", lambda: self.move_current(-1))
        self.down_button = self._button(self.tr("下移"), "downButton", lambda: self.move_current(1))
        self.save_button = self._button(self.tr("儲存"), "saveButton", self.save)
        self.import_button = self._button(self.tr("匯入…"), "importButton", self.open_import)
        self.who = QLabel(self)
        self.who.setObjectName("whoActs")
        self.who.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("代理順位（拖曳可調整順序）"), self))
        right.addWidget(self.proxies)
        row = QHBoxLayout()
        row.addWidget(self.staff, 1)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button, self.save_button):
            row.addWidget(b)
        right.addLayout(row)
        right.addWidget(self.who)
        right.addWidget(self.message)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("職務或教師"), self))
        left.addWidget(self.targets)
        left.addWidget(self.import_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

        self.targets.currentItemChanged.connect(lambda _cur, _prev: self.show_target())
        # 代理人名單及代理順位: the dean's or the administrator's (seed 001 §九(三)1-2).
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button, self.save_button,
                  self.import_button):
            permissions.guard_action(b, self, Permission.PROXIES_WRITE)
        # the data is read by refresh(): when the page is first shown (gui/changes.py)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        db, actor = self.db, self.actor

        def read() -> tuple[list[Any], list[Any], list[Any]]:
            return (proxies.list_lists(db, actor, include_empty_offices=True), proxies.person_targets(db, actor),
                    accounts.list_staff(db, actor))

        self.ctx.ops.query(read, success=self._show_lists, failure=lambda exc: self.message.setText(message(exc)),
                           key=f"proxy-lists-{id(self)}", title=self.tr("代理人名單"), parent=self)

    def _show_lists(self, read: tuple[list[Any], list[Any], list[Any]]) -> None:
        rows, targets, people = read
        current = self.current_key()
        self.targets.blockSignals(True)
        self.targets.clear()
        seen = set()
        for r in rows:
            self._add_target(r.target.key, grant_text(r.target.label), len(r.proxies))
            seen.add(r.target.key)
        for t in targets:
            if t.key not in seen:
                self._add_target(t.key, grant_text(t.label), 0)
        self.targets.blockSignals(False)
        self.staff.clear()
        for s in people:
            if s.departed_on is None:
                self.staff.addItem(self.tr("{name}（{username}）").format(name=s.display_name, username=s.username),
                                   s.username)
        self.select_target(current or (self.targets.item(0).data(ROLE_KEY) if self.targets.count() else None))

    def _add_target(self, key: str, label: str, count: int) -> None:
        item = QListWidgetItem(self.tr("{label}（{count}）").format(label=label, count=count) if count else label)
        item.setData(ROLE_KEY, key)
        self.targets.addItem(item)

    def current_key(self) -> str | None:
        item = self.targets.currentItem()
        return item.data(ROLE_KEY) if item is not None else None

    def select_target(self, key: str | None) -> None:
        for i in range(self.targets.count()):
            if self.targets.item(i).data(ROLE_KEY) == key:
                self.targets.setCurrentRow(i)
                break
        self.show_target()

    def show_target(self) -> None:
        """Read the chosen target's list and who acts for it today; :meth:`_show_list` shows them."""
        self.proxies.clear()
        self.message.clear()
        key = self.current_key()
        if key is None:
            return
        db, actor = self.db, self.actor

        def read() -> tuple[Any, Any]:
            row = proxies.get_list(db, actor, key)
            try:
                who: Any = proxies.resolve_for(db, actor, key, dt.date.today())
            except PortfolioError as exc:
                who = exc
            return row, who

        self.ctx.ops.query(read, success=lambda read: self._show_list(key, *read),
                           failure=lambda exc: self.message.setText(message(exc)),
                           key=f"proxy-list-{id(self)}", title=self.tr("代理人名單"), parent=self)

    def _show_list(self, key: str, row: Any, who: Any) -> None:
        if key != self.current_key():  # another target was chosen meanwhile
            return
        self.proxies.clear()
        for username, name in row.proxies:
            item = QListWidgetItem(name)
            item.setData(ROLE_KEY, username)
            self.proxies.addItem(item)
        self._renumber()
        if isinstance(who, PortfolioError):
            self.who.setText(message(who))
        else:
            self.who.setText(self.tr("今天由 {who} 代理（第 {rank} 順位）").format(who=who.acting, rank=who.rank)
                             if who.is_proxy else self.tr("今天由 {who} 本人執行").format(who=who.acting))

    def open_import(self) -> ImportDialog:
        """The proxy lists from .xlsx/.csv (代理人名單及代理順位): lists named in the file are replaced."""
        return open_import(self, PROXIES_IMPORT, on_imported=lambda _r: self.refresh())

    # --- editing ------------------------------------------------------------------------------
    def order(self) -> list[str]:
        return [self.proxies.item(i).data(ROLE_KEY) for i in range(self.proxies.count())]

    def _renumber(self, *_args: object) -> None:
        for i in range(self.proxies.count()):
            item = self.proxies.item(i)
            name = item.text().split(". ", 1)[-1]
            item.setText(f"{i + 1}. {name}")

    def add_selected(self) -> None:
        username = self.staff.currentData()
        if username is None or username in self.order():
            return
        item = QListWidgetItem(self.staff.currentText())
        item.setData(ROLE_KEY, username)
        self.proxies.addItem(item)
        self._renumber()

    def remove_current(self) -> None:
        row = self.proxies.currentRow()
        if row >= 0:
            self.proxies.takeItem(row)
            self._renumber()

    def move_current(self, delta: int) -> None:
        row = self.proxies.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.proxies.count():
            return
        self.proxies.model().moveRow(self.proxies.rootIndex(), row, self.proxies.rootIndex(),
                                     target + (1 if delta > 0 else 0))
        self.proxies.setCurrentRow(target)
        self._renumber()

    def save(self) -> Job | None:
        """Save the chosen list in this order on the write worker; the change bus then refreshes the
        page (Cap.ACCOUNTS), ``saved(key)`` is emitted and 已儲存 shown; a refusal is shown instead."""
        key = self.current_key()
        if key is None:
            return None
        db, actor, order = self.db, self.actor, self.order()

        def done(_row: object) -> None:
            self.message.setText(self.tr("已儲存"))
            self.saved.emit(key)
            self.refresh()  # the counts beside the targets (a page on the bus reads once: the same key)

        return self.ctx.ops.write(lambda: proxies.set_list(db, actor, key, order), changes={Cap.ACCOUNTS},
                                  title=self.tr("代理人名單"), parent=self, success=done,
                                  failure=lambda exc: self.message.setText(message(exc)))


def page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES."""
    page = ProxyEditor(ctx, parent)
    ctx.changes.watch(page, (Cap.ACCOUNTS,), page.refresh, stale=True)
    return QCoreApplication.translate("MainWindow", "代理人名單"), page
