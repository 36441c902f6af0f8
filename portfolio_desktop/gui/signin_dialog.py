"""Sign-in dialog. On a database without accounts it asks for the first administrator instead
(issue 5: "the first start of a fresh database asks for the administrator account"); after an
administrator's reset it asks for a new password before letting the user in.

Passwords live only in the QLineEdits (Password echo mode) and are cleared after every attempt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui.messages import message
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

MODE_SIGN_IN, MODE_FIRST_ADMIN, MODE_CHANGE = "sign_in", "first_admin", "change"


class SignInDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("登入 — 學生學習歷程檔案"))
        self.mode = MODE_SIGN_IN if accounts.has_accounts(db) else MODE_FIRST_ADMIN

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayName")
        self.password = self._secret("password")
        self.new_password = self._secret("newPassword")
        self.confirm = self._secret("confirmPassword")
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.form = QFormLayout()
        self.form.addRow(self.tr("帳號"), self.username)
        self.form.addRow(self.tr("姓名"), self.display_name)
        self.form.addRow(self.tr("密碼"), self.password)
        self.form.addRow(self.tr("新密碼"), self.new_password)
        self.form.addRow(self.tr("再輸入一次"), self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._show_mode()

    def _secret(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _show_mode(self) -> None:
        first, change = self.mode == MODE_FIRST_ADMIN, self.mode == MODE_CHANGE
        self.form.setRowVisible(self.display_name, first)
        self.form.setRowVisible(self.password, not first)
        self.form.setRowVisible(self.new_password, first or change)
        self.form.setRowVisible(self.confirm, first or change)
        self.username.setReadOnly(change)
        if first:
            self.intro.setText(self.tr("這是新的資料庫，請先建立系統管理者帳號（密碼至少 8 個字元）。"))
        elif change:
            self.intro.setText(self.tr("系統管理者已重設您的密碼，請設定新密碼後再繼續。"))
            self.password.setEnabled(False)
        else:
            self.intro.setText(self.tr("請以您自己的帳號登入。"))
        (self.new_password if change else self.username).setFocus()

    def _clear_secrets(self) -> None:
        for edit in (self.password, self.new_password, self.confirm):
            if edit.isEnabled():
                edit.clear()

    def submit(self) -> None:
        self.error.clear()
        try:
            if self.mode == MODE_FIRST_ADMIN:
                self._first_admin()
            elif self.mode == MODE_CHANGE:
                self._change()
            else:
                self._sign_in()
        except PortfolioError as exc:
            self.error.setText(message(exc))
            self._clear_secrets()
            return

    def _matching_new(self) -> str:
        if self.new_password.text() != self.confirm.text():
            raise RuleError("兩次輸入的新密碼不同", "the two new passwords differ")
        return self.new_password.text()

    def _first_admin(self) -> None:
        name = self.username.text().strip()
        password = self._matching_new()
        accounts.bootstrap_admin(self.db, name, password, self.display_name.text().strip() or None)
        self.actor = accounts.sign_in(self.db, name, password)
        self._clear_secrets()
        self.accept()

    def _sign_in(self) -> None:
        name = self.username.text().strip()
        actor = accounts.sign_in(self.db, name, self.password.text())
        if accounts.password_must_change(self.db, name):
            self.mode = MODE_CHANGE  # keep the old password (disabled field) for change_password
            self._show_mode()
            return
        self.actor = actor
        self._clear_secrets()
        self.accept()

    def _change(self) -> None:
        name = self.username.text().strip()
        new = self._matching_new()
        accounts.change_password(self.db, name, self.password.text(), new)
        self.actor = accounts.sign_in(self.db, name, new)
        self.password.setEnabled(True)
        self._clear_secrets()
        self.accept()


def sign_in(db: Database, parent: QWidget | None = None) -> Actor | None:
    """Show the dialog modally; the signed-in actor, or None when the user cancelled."""
    dialog = SignInDialog(db, parent)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
