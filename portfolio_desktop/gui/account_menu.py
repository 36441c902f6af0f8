"""Who is signed in, as the main window needs it: the dashboard viewer, a cached "may I" for pages and
menus, and the 帳號 menu (登出 / 更改密碼) with its change-password dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from portfolio_desktop.domain.roles import Permission, Role
from portfolio_desktop.errors import NotFoundError, PermissionDenied, PortfolioError, RuleError
from portfolio_desktop.gui.changes import ChangeBus
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.ops import OpRunner
from portfolio_desktop.services import authz, read_scope
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow


def is_staff(db: Database, actor: Actor) -> bool:
    """True for a signed-in staff account; False for a bare Actor (scripts and tests before sign-in)."""
    try:
        accounts.get_staff(db, actor.username)
    except NotFoundError:
        return False
    return True


def viewer_or_none(db: Database, actor: Actor) -> Any:
    """The dashboard viewer (read_scope.viewer_for), or None for someone who may not read the dashboard.

    viewer_for audits a refusal; to keep the log free of a refusal at every sign-in of, say, a
    teacher, it is only asked when the user could get a viewer: an office that reads the dashboard,
    a mentor, or someone on a proxy list (who may be acting for a mentor)."""
    try:
        if not authz.allowed(db, actor, Permission.DASHBOARD_READ):
            mentor = any(g.role is Role.MENTOR for g in authz.grants_for(db, actor.username))
            on_a_list = any(actor.username in row.usernames for row in proxies.list_lists(db, actor))
            if not (mentor or on_a_list):
                return None
        return read_scope.viewer_for(db, actor)
    except PermissionDenied:
        return None


class ChangePasswordDialog(QDialog):
    """The signed-in user changes their own password (old one checked like a sign-in); the hashing
    runs as an op on a worker (gui/ops.py), the dialog's OK button disabled meanwhile."""

    def __init__(self, db: Database, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.username = db, username
        self.ops = OpRunner(ChangeBus(self), self)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("更改密碼"))
        self.old = self._secret("oldPassword")
        self.new = self._secret("newPassword")
        self.confirm = self._secret("confirmPassword")
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("帳號"), QLabel(username, self))
        form.addRow(self.tr("目前的密碼"), self.old)
        form.addRow(self.tr("新密碼"), self.new)
        form.addRow(self.tr("再輸入一次"), self.confirm)
        buttons = self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _secret(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def submit(self) -> None:
        """Check the form, then change the password on a worker; accepted when it is done."""
        self.error.clear()
        db, username, old, new = self.db, self.username, self.old.text(), self.new.text()
        matching = new == self.confirm.text()
        for edit in (self.old, self.new, self.confirm):
            edit.clear()
        if not matching:
            self._refused(RuleError("兩次輸入的新密碼不同", "the two new passwords differ"))
            return
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.ops.write(lambda: accounts.change_password(db, username, old, new), changes=(),
                       title=self.tr("更改密碼"), success=lambda _r: self.accept(), failure=self._refused,
                       done=lambda: ok.setEnabled(True), parent=self)

    def _refused(self, exc: PortfolioError) -> None:
        self.error.setText(message(exc))


def add_account_menu(window: MainWindow) -> None:
    """帳號 menu: who is signed in, 登出 (back to the sign-in dialog), 更改密碼."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "帳號(&U)"))
    who = window.actor.display_name or window.actor.username
    info = menu.addAction(QCoreApplication.translate("MainWindow", "已登入：{who}").format(who=who))
    info.setEnabled(False)
    menu.addSeparator()
    window.sign_out_action = QAction(QCoreApplication.translate("MainWindow", "登出(&L)"), window)
    window.sign_out_action.setObjectName("signOutAction")
    window.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
    window.sign_out_action.triggered.connect(window.sign_out)
    window.change_password_action = QAction(QCoreApplication.translate("MainWindow", "更改密碼(&P)…"), window)
    window.change_password_action.setObjectName("changePasswordAction")
    window.change_password_action.triggered.connect(
        lambda: ChangePasswordDialog(window.db, window.actor.username, window).exec())
    for action in (window.sign_out_action, window.change_password_action):
        action.setEnabled(window.signed_in)
        menu.addAction(action)
