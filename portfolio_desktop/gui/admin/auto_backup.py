"""Automatic backups from the GUI (issue 7 "automatically on exit and daily"): the daily one runs as a
job after the database is opened (an error is shown in the status bar and a non-modal box, never
blocking the work); the exit one runs in closeEvent after the jobs have stopped."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.messages import error_text
from portfolio_desktop.gui.secret_prompt import ensure_secret_store
from portfolio_desktop.services.admin import backup
from portfolio_desktop.store.backup_crypto import BackupKeyError

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("auto_backup", text)


def _message(exc: BaseException) -> str:
    return error_text(exc)


def _sqlite_only(window: MainWindow) -> bool:
    try:
        backup.database_file(window.db)
    except PortfolioError:
        return False  # PostgreSQL: the server's own backups (pg_dump), not ours
    return True


def start_daily_backup(window: MainWindow) -> Job | None:
    """Queue today's automatic backup (none if one exists today or the setting is off)."""
    if not _sqlite_only(window):
        return None
    db, actor = window.db, window.actor
    if window.interactive and backup.backup_settings(db).encrypt:
        ensure_secret_store(window)  # the key's store, asked for here and not on the worker thread

    def done(info: object) -> None:
        window.last_daily_backup = info  # type: ignore[assignment]
        if info is not None:
            text = QCoreApplication.translate("auto_backup", "已完成今日自動備份：{name}").format(
                name=info.path.name)  # type: ignore[attr-defined]
            window.statusBar().showMessage(text, 10000)

    def failed(exc: BaseException) -> None:
        text = QCoreApplication.translate("auto_backup", "今日自動備份失敗：{err}").format(err=_message(exc))
        window.backup_error = text
        window.statusBar().showMessage(text, 30000)
        print(text, file=sys.stderr)
        if window.interactive:
            box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("auto_backup", "自動備份"), text,
                              QMessageBox.StandardButton.Ok, window)
            box.setObjectName("backupErrorBox")
            box.setModal(False)
            box.show()  # non-modal: the user keeps working

    return window.jobs.run(lambda _p, _c: backup.maybe_daily_backup(db, actor), name="daily-backup",
                           on_finished=done, on_failed=failed)


def backup_on_exit(window: MainWindow) -> None:
    """The exit backup, after the jobs have stopped; a failure is reported but never keeps the app open."""
    if not _sqlite_only(window):
        return
    try:
        backup.backup_on_exit(window.db, window.actor)
    except (PortfolioError, OSError, BackupKeyError) as exc:
        text = QCoreApplication.translate("auto_backup", "結束時的自動備份失敗：{err}").format(err=_message(exc))
        window.backup_error = text
        print(text, file=sys.stderr)
        if window.interactive:
            QMessageBox.warning(window, QCoreApplication.translate("auto_backup", "自動備份"), text)
