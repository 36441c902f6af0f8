"""人員及帳號 page: the staff list with roles and account state; add a person, set roles, reset a
password, unlock, record a departure with a grace period. Every action goes through
``services.accounts`` (administrator only; a refusal is shown and nothing is written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import RuleError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import grant_text, list_separator
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts.accounts import StaffRow

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
        self.departed = DateEdit(row.departed_on if row else None, self, optional=True)
        self.departed.setObjectName("departedOn")
        self.grace = DateEdit(row.grace_until if row else None, self, optional=True)
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
    """Staff accounts; every read and write runs as an op of the session (gui/ops.py)."""

    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db, self.actor = ctx.db, ctx.actor
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
            permissions.guard_action(b, self, Permission.ACCOUNTS_MANAGE)  # 註冊組 帳號開設, the administrator
            bar.addWidget(b)
        bar.insertWidget(3, self.reset_password)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        ctx.changes.watch(self, SHOWS, self.refresh, stale=True)  # read when first shown

    def refresh(self) -> None:
        db, actor = self.db, self.actor
        self.ctx.ops.query(lambda: accounts.list_staff(db, actor), success=self.model.set_rows,
                           failure=lambda exc: self.message.setText(message(exc)), key=f"staff-{id(self)}",
                           title=self.tr("人員帳號"), parent=self)

    def selected(self) -> StaffRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_username(self, username: str) -> None:
        for i, r in enumerate(self.model.rows):
            if r.username == username:
                self.table.selectRow(i)

    def _run(self, done_text: str, fn: Callable[[], object]) -> None:
        """Write on the write worker; the page says what was done or why not, and reloads."""
        self.ctx.ops.write(fn, changes={Cap.ACCOUNTS}, title=self.tr("人員帳號"),
                           success=lambda _r: self._done(done_text),
                           failure=lambda exc: self.message.setText(message(exc)), parent=self)

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.changed.emit()

    def add_staff(self, dialog: StaffDialog | None = None) -> None:
        dlg = dialog or StaffDialog(self)
        if dialog is None and dlg.exec() != QDialog.DialogCode.Accepted:
            return
        db, actor = self.db, self.actor
        texts, username, name = dlg.role_texts(), dlg.username.text(), dlg.display_name.text()
        password = dlg.password.text() or None
        dlg.password.clear()

        def do() -> None:
            grants = [accounts.parse_grant(db, t) for t in texts]
            accounts.create_staff(db, actor, username, name, grants=grants, password=password)

        self._run(self.tr("已新增 {u}").format(u=username.strip()), do)

    def edit_staff(self, dialog: StaffDialog | None = None) -> None:
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("請先選一位人員"))
            return
        if dialog is not None:
            self._edit(row, dialog)
            return
        db = self.db

        def ask(roles_text: str) -> None:
            dlg = StaffDialog(self, row=row, roles_text=roles_text)
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self._edit(row, dlg)

        self.ctx.ops.query(lambda: ", ".join(accounts.format_grant(db, g) for g in row.grants), success=ask,
                           title=self.tr("人員帳號"), parent=self)

    def _edit(self, row: StaffRow, dlg: StaffDialog) -> None:
        db, actor = self.db, self.actor
        texts, departed_text, grace_text = dlg.role_texts(), dlg.departed.text().strip(), dlg.grace.text().strip()

        def do() -> None:
            grants = [accounts.parse_grant(db, t) for t in texts]
            departed = parse_date(departed_text) if departed_text else None
            grace = parse_date(grace_text) if grace_text else None
            accounts.update_staff(db, actor, row.username, grants=grants, departed_on=departed, grace_until=grace)

        self._run(self.tr("已更新 {u}").format(u=row.username), do)

    def reset_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("請先選一位人員"))
            return
        db, actor = self.db, self.actor
        password = self.reset_password.text()
        self.reset_password.clear()

        def do() -> None:
            if not password:
                raise RuleError("請輸入新密碼", "type the new password")
            accounts.reset_password(db, actor, row.username, password)

        self._run(self.tr("已重設 {u} 的密碼，下次登入需變更").format(u=row.username), do)

    def unlock_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor = self.db, self.actor
        self._run(self.tr("已解除 {u} 的鎖定").format(u=row.username), lambda: accounts.unlock(db, actor, row.username))


SHOWS = (Cap.ACCOUNTS, Cap.ROSTERS)  # staff and their grants (a mentor's class)


def page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES."""
    page = AccountsPage(ctx, parent)
    return QCoreApplication.translate("MainWindow", "人員帳號"), page
