"""The one dialog for an error the app did not expect (a defect, not a refusal), and the GUI's hooks.

A refusal (a PortfolioError) is shown where it happened, in the page's words. Anything else — an
exception in a slot, in a background job, in a thread — is written to the log with its traceback
(logs.py) and shown here: what happened in the UI language, where the log file is, 複製詳細資料 (the
traceback, IDs masked, to the clipboard for an e-mail to support) and 開啟記錄檔資料夾. The dialog is
never modal and never waits: the user can go on, and PORTFOLIO_SMOKE and the tests are never blocked.

:func:`install_handlers` (called by gui/app.py) routes ``sys.excepthook``, ``threading.excepthook``
and Qt's own messages (``qInstallMessageHandler``) into the log; the hooks hand the exception to the
GUI thread, where the dialog is shown.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, QObject, Qt, QtMsgType, QUrl, Signal, Slot, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop import logs
from portfolio_desktop.config import log_dir
from portfolio_desktop.io.private import private_dir

_qt_log = logging.getLogger("portfolio_desktop.qt")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO, QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR, QtMsgType.QtFatalMsg: logging.CRITICAL,
}  # fmt: skip


class ErrorDialog(QDialog):
    """What went wrong, where the log is, and the details to copy; closes with 關閉."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("發生未預期的錯誤"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32, 32))
        text = QLabel(self.tr("程式發生未預期的錯誤，剛才的動作可能沒有完成。請按「複製詳細資料」，"
                              "連同發生前做了什麼，一起提供給資訊組。"), self)
        text.setWordWrap(True)
        if log_file is not None:
            where_text = self.tr("詳細資料已寫入記錄檔：{path}").format(path=log_file)
        else:
            where_text = self.tr("記錄檔無法寫入；請用「複製詳細資料」保存錯誤內容。")
        self.where = QLabel(where_text, self)
        self.where.setObjectName("errorLogPath")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = QPlainTextEdit(details, self)
        self.view.setObjectName("errorDetails")
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("複製詳細資料"), self)
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        folder = QPushButton(self.tr("開啟記錄檔資料夾"), self)
        folder.setObjectName("openLogFolder")
        folder.clicked.connect(open_log_folder)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (icon, text, self.where, self.view, buttons):
            layout.addWidget(widget)
        self.resize(640, 420)

    def copy_details(self) -> None:
        """複製詳細資料: the masked traceback to the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("已複製"))


class _Shown:
    dialogs: list[ErrorDialog] = []  # kept alive until closed (no parent holds them)


def shown_dialogs() -> list[ErrorDialog]:
    """The error dialogs open now."""
    return list(_Shown.dialogs)


def open_log_folder() -> bool:
    """說明 → 開啟記錄檔資料夾: the folder of the log file in the desktop's file manager."""
    current = logs.log_file()
    folder = current.parent if current is not None else private_dir(log_dir())
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def report_unexpected(exc: BaseException, *, where: str = "GUI", parent: QWidget | None = None) -> ErrorDialog | None:
    """Log ``exc`` with its traceback and show the error dialog, once per exception however many
    layers (the job, the page) report it. Returns the dialog, or None if it was already shown."""
    text = logs.log_exception(exc, where)
    if getattr(exc, "_portfolio_shown", False):
        return None
    try:
        exc._portfolio_shown = True  # type: ignore[attr-defined]
    except AttributeError:
        pass
    if sys.stderr is not None:  # the Windows build has none; a terminal or CI still hears of it
        print(logs.unexpected_message()[1], file=sys.stderr)
    if not isinstance(QApplication.instance(), QApplication):
        return None
    dialog = ErrorDialog(text, logs.log_file(), parent)
    _Shown.dialogs.append(dialog)
    dialog.finished.connect(lambda _r, d=dialog: _Shown.dialogs.remove(d) if d in _Shown.dialogs else None)
    dialog.show()
    return dialog


class _ToGuiThread(QObject):
    """Carries an exception from whatever thread raised it to the GUI thread (a queued signal)."""

    unexpected = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.unexpected.connect(self._show)

    @Slot(object, str)
    def _show(self, exc: BaseException, where: str) -> None:
        report_unexpected(exc, where=where)


def qt_message(mode: QtMsgType, _context: QMessageLogContext, text: str) -> None:
    """Qt's own warnings (a missing font, a failed connection) into the log."""
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", text)


def install_handlers(app: QApplication) -> Callable[[], None]:
    """Route uncaught exceptions (slots, threads) and Qt's messages into the log and the error dialog.
    Returns a function that puts the previous hooks back."""
    bridge = _ToGuiThread(app)
    previous_sys, previous_thread = sys.excepthook, threading.excepthook

    def on_uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        logs.log_exception(exc, "slot")
        bridge.unexpected.emit(exc, "slot")

    def on_thread(args: Any) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = f"thread {args.thread.name if args.thread else '?'}"
        logs.log_exception(args.exc_value, name)  # written at once, from the failing thread
        try:
            bridge.unexpected.emit(args.exc_value, name)
        except RuntimeError:
            pass  # the application is already gone: the log has it

    sys.excepthook = on_uncaught
    threading.excepthook = on_thread
    previous_qt = qInstallMessageHandler(qt_message)

    def restore() -> None:
        sys.excepthook, threading.excepthook = previous_sys, previous_thread
        qInstallMessageHandler(previous_qt)
        bridge.deleteLater()

    return restore
