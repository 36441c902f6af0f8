"""The GUI's choice of where secrets go, on a real main window with no OS keyring (keyring's own fail
backend): ticking "encrypt backups" asks whether to use the encrypted file (the explicit choice), then
for a new master password typed twice; declining saves nothing; a locked file asks for its password
before a job needs the key, and a wrong one keeps the dialog open."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.secret_prompt import MasterPasswordDialog
from tests.gui.conftest import settle
from tests.gui.test_backup_page import page_of
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.accounts import secrets

MASTER = "主密碼-master-77"


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(secrets.PASSWORD_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield tmp_path / "data" / "portfolio-desktop"
    secrets.lock()
    keyring.set_keyring(previous)


def when_dialog_opens(steps: Callable[[MasterPasswordDialog], None], seen: list[MasterPasswordDialog]) -> None:
    """Run ``steps`` on the master password dialog once its modal loop is running."""
    def look() -> None:
        found = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MasterPasswordDialog) and w.isVisible()]
        if not found:
            QTimer.singleShot(10, look)
            return
        seen.append(found[0])
        steps(found[0])

    QTimer.singleShot(0, look)


def test_declining_the_encrypted_file_saves_nothing(qtbot, window: MainWindow, data_folder: Path,  # noqa: ANN001
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No)
    page = page_of(window)
    page.encrypt_check.setChecked(True)
    page.save_settings()
    assert asked and "認證管理員" in asked[0] and "加密檔案" in asked[0]
    assert page.status.text() == "未取得保存備份金鑰的方式，已取消"
    assert backup.backup_settings(window.db).encrypt is False
    assert not (data_folder / secrets.SECRET_FILE).exists() and secrets.chosen_store() is None


def test_choosing_the_encrypted_file_then_backing_up(qtbot, window: MainWindow, data_folder: Path,  # noqa: ANN001
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    errors: list[str] = []

    def type_twice(dialog: MasterPasswordDialog) -> None:
        assert dialog.again.isVisible()  # a new file: typed twice
        dialog.password.setText(MASTER)
        dialog.again.setText(MASTER + "x")
        dialog.accept()
        errors.append(dialog.error.text())  # refused: the dialog stays open
        dialog.password.setText(MASTER)
        dialog.again.setText(MASTER)
        dialog.accept()

    seen: list[MasterPasswordDialog] = []
    when_dialog_opens(type_twice, seen)
    page = page_of(window)
    page.encrypt_check.setChecked(True)
    page.save_settings()
    settle(window)
    assert seen and errors == ["兩次輸入的主密碼不同"]
    assert page.status.text() == "備份設定已儲存" and backup.backup_settings(window.db).encrypt is True
    assert secrets.chosen_store() == secrets.ENCRYPTED_FILE
    secret_file = data_folder / secrets.SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600 and MASTER.encode() not in secret_file.read_bytes()

    with qtbot.waitSignal(page.operation_done, timeout=30_000) as blocker:  # the job never asks again
        page.create_button.click()
    assert blocker.args[0].startswith("已備份") and blocker.args[0].endswith(".sqlite3.enc")
    assert len(seen) == 1


def test_a_locked_file_asks_for_its_password_before_the_job(qtbot, window: MainWindow,  # noqa: ANN001
                                                            data_folder: Path) -> None:
    secrets.unlock(MASTER)
    secrets.choose_store(secrets.ENCRYPTED_FILE)
    made = backup.create_backup(window.db, window.actor, encrypt=True)
    secrets.lock()  # as at the next start of the app
    errors: list[str] = []

    def wrong_then_right(dialog: MasterPasswordDialog) -> None:
        assert not dialog.again.isVisible()  # an existing file: typed once
        dialog.password.setText("not-the-password")
        dialog.accept()
        errors.append(dialog.error.text())
        dialog.password.setText(MASTER)
        dialog.accept()

    seen: list[MasterPasswordDialog] = []
    when_dialog_opens(wrong_then_right, seen)
    page = page_of(window)
    page.refresh()
    page.table.selectRow(0)
    assert page.selected() is not None and page.selected().path == made.path
    with qtbot.waitSignal(page.operation_done, timeout=30_000) as blocker:
        page.verify_button.click()
    assert blocker.args[0].startswith("驗證通過"), blocker.args[0]
    assert len(seen) == 1 and errors and "主密碼不正確" in errors[0]
