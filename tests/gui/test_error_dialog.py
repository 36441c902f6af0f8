"""Unexpected errors in the GUI: the one error dialog (never modal, never waiting), its 複製詳細資料
(the traceback, IDs masked) and the log path; a failing job, a slot and a thread all end there, each
error once; Qt's own messages go to the log; 說明 → 開啟記錄檔資料夾 opens the log folder; and a real
headless start writes GUI start, sign-in and stop to the log without the password."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot, qWarning
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from portfolio_desktop import logs
from portfolio_desktop.config import LOG_DIR_ENV
from portfolio_desktop.gui import error_dialog
from portfolio_desktop.gui.error_dialog import ErrorDialog, shown_dialogs
from portfolio_desktop.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    path = logs.setup()
    assert path is not None
    yield path
    for dialog in shown_dialogs():
        dialog.close()


def _new_dialog(qtbot, before: list[ErrorDialog]) -> ErrorDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: len(shown_dialogs()) > len(before), timeout=10_000)
    new = [d for d in shown_dialogs() if d not in before]
    assert len(new) == 1
    return new[0]


def test_a_failing_job_shows_one_dialog_whose_details_are_masked(qtbot, window: MainWindow, log: Path) -> None:  # noqa: ANN001
    before = shown_dialogs()
    failed: list[BaseException] = []

    def on_failed(exc: BaseException) -> None:
        failed.append(exc)
        window.show_error("匯出名冊", exc)  # the page reports it too: still one dialog

    window.jobs.run(lambda _p, _c: int("A123456789"), name="probe", on_failed=on_failed)
    dialog = _new_dialog(qtbot, before)
    qtbot.waitUntil(lambda: bool(failed))
    qtbot.wait(50)
    assert len(shown_dialogs()) == len(before) + 1
    assert dialog.isVisible() and not dialog.isModal() and QApplication.activeModalWidget() is None
    assert str(log) in dialog.where.text()

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.findChild(QPushButton, "copyDetails"), Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "ValueError" in copied
    assert "A12****789" in copied and "A123456789" not in copied

    written = log.read_text(encoding="utf-8")
    assert "unexpected error in job probe" in written and "Traceback" in written
    assert written.count("unexpected error in") == 1 and "A123456789" not in written


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_or_a_thread_shows_the_dialog(qtbot, qapp, log: Path) -> None:  # noqa: ANN001
    restore = error_dialog.install_handlers(qapp)
    try:
        button = QPushButton("broken")
        qtbot.addWidget(button)
        button.clicked.connect(lambda: json.loads("{broken"))
        before = shown_dialogs()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        in_slot = _new_dialog(qtbot, before)
        assert "JSONDecodeError" in in_slot.details

        before = shown_dialogs()
        worker = threading.Thread(target=lambda: {}["no-such-key"], name="reader-3")
        worker.start()
        worker.join()
        in_thread = _new_dialog(qtbot, before)
        assert "KeyError: 'no-such-key'" in in_thread.details
    finally:
        restore()
    written = log.read_text(encoding="utf-8")
    assert "unexpected error in slot" in written and "json.decoder.JSONDecodeError" in written
    assert "unexpected error in thread reader-3" in written


def test_qt_messages_go_to_the_log(qapp, log: Path) -> None:  # noqa: ANN001
    restore = error_dialog.install_handlers(qapp)
    try:
        qWarning("probe: a Qt warning for the log")
    finally:
        restore()
    assert "WARNING" in log.read_text(encoding="utf-8")
    assert "portfolio_desktop.qt: probe: a Qt warning for the log" in log.read_text(encoding="utf-8")


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:  # noqa: A003 - QDesktopServices calls the slot by this name
        self.urls.append(url)


def test_help_menu_and_dialog_open_the_log_folder(qtbot, window: MainWindow, log: Path) -> None:  # noqa: ANN001
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        action = window.findChild(QAction, "logFolderAction")
        assert action is not None and action.isEnabled()
        action.trigger()
        dialog = ErrorDialog("details", log)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.findChild(QPushButton, "openLogFolder"), Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened.urls] == [log.parent, log.parent]


def test_a_headless_start_is_logged_without_the_password(tmp_path: Path) -> None:
    password = "Smoke-Walrus-6021"
    env = {**os.environ, "PORTFOLIO_SMOKE": "1", "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), LOG_DIR_ENV: str(tmp_path / "logs"),
           "PORTFOLIO_USER": "smoke-clerk", "PORTFOLIO_PASSWORD": password}
    env.pop("PORTFOLIO_DB", None)
    done = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(tmp_path / "p.sqlite3")],
                          env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "logs" / logs.FILE_NAME
    written = path.read_text(encoding="utf-8")
    assert "GUI start: version" in written and "signed in: smoke-clerk" in written
    assert "backup written:" in written and "GUI stop: exit 0" in written
    assert password not in written
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
