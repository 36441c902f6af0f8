"""The GUI's side of the secret store (services/accounts/secrets.py): before an action that needs a secret (an
encrypted backup, its key), make the store usable on the GUI thread, so that the job that follows on
the worker thread never has to ask.

- The OS keyring works, or the encrypted file is already open: nothing to ask.
- No keyring and nothing chosen: the user is asked whether to keep secrets in the encrypted file
  (the explicit choice), then for a new master password, typed twice.
- The encrypted file was chosen but is locked: its master password is asked for.

``PORTFOLIO_SECRETS_PASSWORD``, when set, opens the file without a dialog (as on the CLI).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.messages import message


class MasterPasswordDialog(QDialog):
    """The master password of the encrypted secrets file (twice when the file is new)."""

    def __init__(self, parent: QWidget | None, *, new: bool) -> None:
        super().__init__(parent)
        self.setObjectName("masterPasswordDialog")
        self.setWindowTitle(self.tr("機密資料加密檔"))
        self.new = new
        self.password = QLineEdit(self)
        self.password.setObjectName("masterPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("masterPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("masterPasswordError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("主密碼"), self.password)
        if new:
            form.addRow(self.tr("再輸入一次"), self.again)
        else:
            self.again.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("請設定主密碼（至少 8 個字元），之後每次開啟程式時輸入；忘記就無法取回。")
                                if new else self.tr("請輸入機密資料加密檔的主密碼。"), self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Open (or create) the file; a wrong or too short password keeps the dialog open."""
        if self.new and self.password.text() != self.again.text():
            self.error.setText(self.tr("兩次輸入的主密碼不同"))
            return
        from portfolio_desktop.services.accounts import secrets

        try:
            secrets.unlock(self.password.text())
        except PortfolioError as exc:
            self.error.setText(message(exc))
            return
        finally:
            self.again.clear()
        self.password.clear()
        super().accept()

    def reject(self) -> None:
        self.password.clear()
        self.again.clear()
        super().reject()


def ensure_secret_store(parent: QWidget | None) -> bool:
    """True when secrets can be read and written now (asking what is needed); False when the user
    declined or cancelled. Call on the GUI thread, before starting the job. The secret store (keyring,
    cryptography) loads here, when a secret is first needed, not when the window opens."""
    from portfolio_desktop.services.accounts import secrets

    state = secrets.status()
    if state in (secrets.KEYRING, "unlocked"):
        return True
    if os.environ.get(secrets.PASSWORD_ENV):
        try:
            if state == "none":
                secrets.use_store(secrets.ENCRYPTED_FILE)
            else:
                secrets.open_store()
        except PortfolioError as exc:
            QMessageBox.warning(parent, QCoreApplication.translate("secret_prompt", "機密資料"), message(exc))
            return False
        return True
    if state == "none":
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("secret_prompt", "機密資料"),
            QCoreApplication.translate(
                "secret_prompt",
                "這台電腦沒有可用的系統密碼保存處（Windows 的認證管理員），無法保存備份加密金鑰等機密資料。\n\n要改用本機的加密檔案保存嗎？需要設定一組主密碼，每次開啟程式時輸入。"),  # noqa: E501
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
    dialog = MasterPasswordDialog(parent, new=not secrets.secret_file_path().exists())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if state == "none":
        secrets.choose_store(secrets.ENCRYPTED_FILE)
    return True
