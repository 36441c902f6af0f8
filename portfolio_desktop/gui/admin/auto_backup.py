"""Automatic backups from the GUI ("automatically on exit and daily"): both run as write ops on the write
worker, never on the GUI thread.

The daily one starts once the database is open (an error is shown in the status bar and a non-modal
box, never blocking the work). The exit one runs when the window closes, after the other ops have
stopped, and only when this session wrote something since its last backup (the change bus keeps
count): closing after only reading takes no backup and no time. While it runs a progress dialog shows
and the event loop keeps turning; the window closes when it is done, whether it worked or not.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.messages import error_text
from portfolio_desktop.gui.secret_prompt import ensure_secret_store
from portfolio_desktop.services.admin import backup
from portfolio_desktop.store.backup_crypto import BackupKeyError

ExpectedFailure = (PortfolioError, OSError, BackupKeyError)  # a full disk, a missing key: reported, not a defect


def _sqlite_only(ctx: PageContext) -> bool:
    return ctx.db.is_sqlite  # PostgreSQL: the server's own backups (pg_dump), not ours


def _kept(fn: Callable[[], object]) -> Callable[[], object]:
    """Run ``fn``; an expected failure comes back as the result (shown as a warning, not a defect)."""
    def run() -> object:
        try:
            return fn()
        except ExpectedFailure as exc:
            return exc
    return run


def start_daily_backup(ctx: PageContext, window: QMainWindow) -> None:
    """Queue today's automatic backup (none if one exists today or the setting is off). When the
    backups are encrypted, the key's store is asked for first, here on the GUI thread."""
    if not _sqlite_only(ctx):
        return
    db, actor = ctx.db, ctx.actor

    def failed(exc: BaseException) -> None:
        text = QCoreApplication.translate("auto_backup", "今日自動備份失敗：{err}").format(err=error_text(exc))
        window.backup_error = text  # type: ignore[attr-defined]
        window.statusBar().showMessage(text, 30000)
        print(text, file=sys.stderr)
        if ctx.notify.can_ask:
            box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("auto_backup", "自動備份"), text,
                              QMessageBox.StandardButton.Ok, window)
            box.setObjectName("backupErrorBox")
            box.setModal(False)
            box.show()  # non-modal: the user keeps working

    def done(info: object) -> None:
        if isinstance(info, BaseException):
            failed(info)
            return
        window.last_daily_backup = info  # type: ignore[attr-defined]
        if info is not None:
            ctx.changes.since_backup.clear()
            window.statusBar().showMessage(QCoreApplication.translate("auto_backup", "已完成今日自動備份：{name}").format(name=info.path.name), 10000)  # type: ignore[attr-defined]

    def make(encrypt: bool) -> None:
        if encrypt and ctx.notify.can_ask:
            ensure_secret_store(window)
        ctx.ops.write(_kept(lambda: backup.maybe_daily_backup(db, actor)), changes={Cap.ADMIN},
                      title=QCoreApplication.translate("auto_backup", "自動備份"), success=done, failure=failed)

    ctx.ops.query(lambda: backup.backup_settings(db).encrypt, success=make,
                  title=QCoreApplication.translate("auto_backup", "自動備份"), failure=failed)


def exit_backup_needed(ctx: PageContext) -> bool:
    """Only when this session wrote something since its last backup, and only on SQLite."""
    return _sqlite_only(ctx) and bool(ctx.changes.since_backup)


def backup_on_exit(ctx: PageContext, window: QMainWindow) -> None:
    """The exit backup, after the other ops have stopped; returns when it is done (the event loop keeps
    running meanwhile, so the progress dialog paints). A failure is reported but never keeps the app open."""
    if not exit_backup_needed(ctx):
        return
    db, actor = ctx.db, ctx.actor

    def report(exc: BaseException) -> None:
        text = QCoreApplication.translate("auto_backup", "結束時的自動備份失敗：{err}").format(err=error_text(exc))
        window.backup_error = text  # type: ignore[attr-defined]
        print(text, file=sys.stderr)
        ctx.notify.warn(QCoreApplication.translate("auto_backup", "自動備份"), text, window)

    def done(result: object) -> None:
        if isinstance(result, BaseException):
            report(result)
        else:
            ctx.changes.since_backup.clear()

    job = ctx.ops.write(_kept(lambda: backup.backup_on_exit(db, actor)), changes=(), title=QCoreApplication.translate("auto_backup", "自動備份"),
                        success=done, failure=report, parent=window, progress=QCoreApplication.translate("auto_backup", "正在備份資料庫…"))
    ctx.ops.wait(job)
