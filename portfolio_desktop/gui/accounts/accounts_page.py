"""人員及帳號 page: the staff list with roles and account state; add a person, set roles, reset a
password, unlock, record a departure with a grace period. Every action goes through
``services.accounts`` (administrator only; a refusal is shown and nothing is written).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import grant_text, list_separator
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts.accounts import StaffRow
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

COLUMNS = (
    QT_TRANSLATE_NOOP("StaffModel", "帳號"), QT_TRANSLATE_NOOP("StaffModel", "姓名"),
    QT_TRANSLATE_NOOP("StaffModel", "職務"), QT_TRANSLATE_NOOP("StaffModel", "帳號狀態"),
    QT_TRANSLATE_NOOP("StaffModel", "離職"), QT_TRANSLATE_NOOP("StaffModel", "請假"),
)


def _state(r: StaffRow) -> str:
    if not r.has_account:
        return QCoreApplication.translate("StaffModel", "無帳號")
    if r.disabled:
        return QCoreApplication.translate("StaffModel", "停用")
    if r.locked_until and r.locked_until > dt.datetime.now(dt.timezone.utc).replace(tzinfo=None):
        return QCoreApplication.translate("StaffModel", "鎖定中")
    if r.must_change:
        return QCoreApplication.translate("StaffModel", "需變更密碼")
    return QCoreApplication.translate("StaffModel", "正常")


class StaffModel(ListModel[StaffRow]):
    tr_context = "StaffModel"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def set_rows(self, rows: list[StaffRow]) -> None:
        self.reset_rows(rows)

    def cell(self, row: int, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[row]
        departed = ""
        if r.departed_on:
            departed = show_date(r.departed_on)
            if r.grace_until:
                departed = self.tr("{date}（保留至 {until}）").format(date=departed, until=show_date(r.grace_until))
        span = self.tr("{start}～{end}")
        sep = list_separator()
        leaves = sep.join(span.format(start=show_date(lv.starts_on), end=show_date(lv.ends_on)) for lv in r.leaves)
        roles = sep.join(grant_text(t) for t in r.role_labels)
        return (r.username, r.display_name, roles, _state(r), departed, leaves)[column]


class StaffDialog(QDialog):
    """Fields for a new person, or roles / departure of an existing one."""

    def __init__(self, parent: QWidget, *, row: StaffRow | None = None, roles_text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("staffDialog")
        self.setWindowTitle(self.tr("人員資料"))
        self.username = QLineEdit(row.username if row else "", self)
        self.username.setObjectName("username")
        self.username.setReadOnly(row is not None)
        self.display_name = QLineEdit(row.display_name if row else "", self)
        self.display_name.setObjectName("displayName")
        self.display_name.setReadOnly(row is not None)
        self.roles = QLineEdit(roles_text, self)
        self.roles.setObjectName("roles")
        self.roles.setPlaceholderText("registry:day, mentor:301, teacher:C1234, dean …")  # codes, in every language
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("留空則不開帳號") if row is None else "")
        self.departed = QLineEdit(show_date(row.departed_on) if row else "", self)
        self.departed.setObjectName("departedOn")
        self.grace = QLineEdit(show_date(row.grace_until) if row else "", self)
        self.grace.setObjectName("graceUntil")
        form = QFormLayout()
        form.addRow(self.tr("帳號"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("職務（以逗號分隔）"), self.roles)
        if row is None:
            form.addRow(self.tr("初始密碼"), self.password)
        else:
            form.addRow(self.tr("離職日"), self.departed)
            form.addRow(self.tr("帳號保留至（可認證）"), self.grace)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def role_texts(self) -> list[str]:
        text = self.roles.text().replace("，", ",").replace("、", ",")  # not UI: separators people type
        return [t.strip() for t in text.split(",") if t.strip()]


class AccountsPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setObjectName("accountsPage")
        self.model = StaffModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("staffTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.reset_password = QLineEdit(self)
        self.reset_password.setObjectName("resetPassword")
        self.reset_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_password.setPlaceholderText(self.tr("新密碼（重設用）"))
        bar = QHBoxLayout()
        for text, name, slot in ((self.tr("新增人員…"), "addButton", self.add_staff),
                                 (self.tr("職務與離職…"), "editButton", self.edit_staff),
                                 (self.tr("重設密碼"), "resetButton", self.reset_selected),
                                 (self.tr("解除鎖定"), "unlockButton", self.unlock_selected)):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            permissions.guard_action(b, self, Permission.ACCOUNTS_MANAGE)  # the administrator's
            bar.addWidget(b)
        bar.insertWidget(3, self.reset_password)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(accounts.list_staff(self.db, self.actor))

    def selected(self) -> StaffRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_username(self, username: str) -> None:
        for i, r in enumerate(self.model.rows):
            if r.username == username:
                self.table.selectRow(i)

    def _run(self, done_text: str, fn: Any) -> bool:
        try:
            fn()
        except PortfolioError as exc:
            self.message.setText(message(exc))
            return False
        self.message.setText(done_text)
        self.refresh()
        self.changed.emit()
        return True

    def add_staff(self, dialog: StaffDialog | None = None) -> bool:
        dlg = dialog or StaffDialog(self)
        if dialog is None and dlg.exec() != QDialog.DialogCode.Accepted:
            return False

        def do() -> None:
            grants = [accounts.parse_grant(self.db, t) for t in dlg.role_texts()]
            accounts.create_staff(self.db, self.actor, dlg.username.text(), dlg.display_name.text(), grants=grants,
                                  password=dlg.password.text() or None)

        ok = self._run(self.tr("已新增 {u}").format(u=dlg.username.text().strip()), do)
        dlg.password.clear()
        return ok

    def edit_staff(self, dialog: StaffDialog | None = None) -> bool:
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("請先選一位人員"))
            return False
        dlg = dialog or StaffDialog(self, row=row,
                                    roles_text=", ".join(accounts.format_grant(self.db, g) for g in row.grants))
        if dialog is None and dlg.exec() != QDialog.DialogCode.Accepted:
            return False

        def do() -> None:
            grants = [accounts.parse_grant(self.db, t) for t in dlg.role_texts()]
            departed = parse_date(dlg.departed.text()) if dlg.departed.text().strip() else None
            grace = parse_date(dlg.grace.text()) if dlg.grace.text().strip() else None
            accounts.update_staff(self.db, self.actor, row.username, grants=grants, departed_on=departed,
                                  grace_until=grace)

        return self._run(self.tr("已更新 {u}").format(u=row.username), do)

    def reset_selected(self) -> bool:
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("請先選一位人員"))
            return False
        password = self.reset_password.text()
        self.reset_password.clear()

        def do() -> None:
            if not password:
                raise RuleError("請輸入新密碼", "type the new password")
            accounts.reset_password(self.db, self.actor, row.username, password)

        return self._run(self.tr("已重設 {u} 的密碼，下次登入需變更").format(u=row.username), do)

    def unlock_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        return self._run(self.tr("已解除 {u} 的鎖定").format(u=row.username),
                         lambda: accounts.unlock(self.db, self.actor, row.username))


def page(window: Any) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES: ``window`` gives ``db`` and ``actor``."""
    page = AccountsPage(window.db, window.actor, window)
    if hasattr(window, "data_changed"):
        window.data_changed.connect(page.refresh)
    return QCoreApplication.translate("MainWindow", "人員帳號"), page
