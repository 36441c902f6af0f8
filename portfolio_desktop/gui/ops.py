"""The one way a page runs a service call: off the GUI thread, back on it with the result.

The pattern of Anki's ``QueryOp`` / ``CollectionOp`` (qt/aqt/operations/__init__.py):

- :meth:`OpRunner.query` runs a read on a worker thread and hands its result to ``success`` on the
  GUI thread;
- :meth:`OpRunner.write` runs a write the same way and then announces the capabilities it changed on
  the change bus (gui/changes.py), so the pages that show them refresh (now if showing, else when shown);
- with ``progress`` a window-modal progress dialog follows the work (a busy bar until the service
  reports a total) with 取消 when ``cancellable``; the service polls ``cancelled()`` and rolls back;
- a failure is shown the same way everywhere: a refusal (PortfolioError) in the UI language through
  the notifier (or the caller's ``failure`` when it shows refusals in place, e.g. beside a form),
  anything else in the log and the one error dialog. A failure after 取消 is only logged.

Reads run on a small pool of their own (SQLite in WAL mode never makes a reader wait for a writer);
writes run one after the other on one worker, as in Anki, so a long import never makes a second writer
wait on the busy timeout. Every service opens its own session per call inside the worker
(``Database.read()`` / ``write()``): no connection is ever shared between threads.

Under ``PORTFOLIO_GUI_THREAD_GUARD=1`` (the GUI tests turn it on) a database connection taken on the
GUI thread by code of ``portfolio_desktop.gui`` (a widget, a slot, a dialog calling a service) raises
:class:`GuiThreadDatabaseUse`: store/engine.py calls the check whenever a pool hands out a connection,
and the check looks for a GUI module on the calling stack (a test's own set-up and assertions, which
call the services directly, are not GUI code). There is no exemption: what a widget offers is decided
from the session's authority, read on a worker (gui/context.py), and a read that must finish before a
window exists runs through :func:`off_gui_thread`.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
import shiboken6
from PySide6.QtWidgets import QProgressDialog, QWidget

from portfolio_desktop import logs
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import notifier as notifier_module
from portfolio_desktop.gui.changes import Cap, ChangeBus
from portfolio_desktop.gui.jobs import CancelledFn, Job, JobManager, ProgressFn
from portfolio_desktop.store import engine

T = TypeVar("T")
GUARD_ENV = "PORTFOLIO_GUI_THREAD_GUARD"

Task = Callable[[ProgressFn, CancelledFn], T]  # a service call that reports progress and polls cancel


# --- the thread guard ------------------------------------------------------------------------------
class GuiThreadDatabaseUse(RuntimeError):
    """Database work started on the GUI thread (only raised under PORTFOLIO_GUI_THREAD_GUARD=1)."""


_gui_thread: list[int] = []


_GUI_PACKAGE = "portfolio_desktop.gui."


def _gui_caller() -> str | None:
    """The first GUI module on the calling stack, or None."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(_GUI_PACKAGE) and name != __name__:
            return f"{name}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return None


def _check() -> None:
    if not _gui_thread or threading.get_ident() != _gui_thread[0]:
        return
    caller = _gui_caller()
    if caller is not None:
        raise GuiThreadDatabaseUse(
            f"{caller} used the database on the GUI thread; run the service call through gui/ops.py")


def guard_enabled() -> bool:
    return os.environ.get(GUARD_ENV) == "1"


def install_thread_guard(*, force: bool = False) -> Callable[[], None]:
    """Under PORTFOLIO_GUI_THREAD_GUARD=1 (or with ``force``: the test fixture), refuse database
    connections taken by GUI code on this (the GUI) thread. Returns the function that removes it."""
    if not (force or guard_enabled()):
        return lambda: None
    _gui_thread[:] = [threading.get_ident()]
    previous = engine.set_session_check(_check)

    def remove() -> None:
        engine.set_session_check(previous)
        _gui_thread.clear()

    return remove


def off_gui_thread(fn: Callable[[], T]) -> T:
    """Run ``fn`` on a worker thread and wait for it: a database read before a window (or the event
    loop and its op runner) exists, e.g. what the signed-in user may do, read as the window is made."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gui-start") as pool:
        return pool.submit(fn).result()


# --- the runner -----------------------------------------------------------------------------------
class OpRunner(QObject):
    """Runs queries and writes for the pages of one window; ``busy_changed(bool)`` while any runs."""

    busy_changed = Signal(bool)

    def __init__(self, changes: ChangeBus, parent: QObject | None = None, *,
                 writes: JobManager | None = None) -> None:
        super().__init__(parent)
        self.changes = changes
        self.writes = writes or JobManager(self)  # one worker: writes queue, as in Anki
        self.reads = JobManager(self, threads=2)
        self._latest: dict[str, int] = {}
        self._serial = 0
        self._busy = False
        for manager in (self.writes, self.reads):
            manager.busy_changed.connect(self._manager_busy)

    # --- API ----------------------------------------------------------------------------------
    def query(self, op: Callable[[], T] | None = None, *, success: Callable[[T], None], title: str,
              task: Task[T] | None = None, failure: Callable[[PortfolioError], None] | None = None,
              done: Callable[[], None] | None = None, key: str | None = None, parent: QWidget | None = None,
              progress: str | None = None, cancellable: bool = False) -> Job:
        """Read on a worker; ``success(result)`` on the GUI thread. ``op()`` or ``task(progress,
        cancelled)``. ``key``: a newer query with the same key makes this one's result stale (dropped),
        so a page that reloads twice never shows the older answer last. ``done`` runs after success and
        after failure (re-enable a button)."""
        return self._run(self.reads, op, task, success=success, title=title, failure=failure, done=done,
                         key=key, parent=parent, progress=progress, cancellable=cancellable, changes=frozenset())

    def write(self, op: Callable[[], T] | None = None, *, changes: Iterable[Cap], title: str,
              success: Callable[[T], None] | None = None, task: Task[T] | None = None,
              failure: Callable[[PortfolioError], None] | None = None, done: Callable[[], None] | None = None,
              parent: QWidget | None = None, progress: str | None = None, cancellable: bool = False) -> Job:
        """Write on the one write worker; on success announce ``changes`` (the pages showing them
        refresh), then ``success(result)``. A failed write announces nothing: the service rolled back."""
        return self._run(self.writes, op, task, success=success, title=title, failure=failure, done=done,
                         key=None, parent=parent, progress=progress, cancellable=cancellable,
                         changes=frozenset(changes))

    def busy(self) -> bool:
        return self.writes.busy or self.reads.busy

    def idle(self) -> bool:
        """No op running or queued and no page refresh pending."""
        return not self.busy() and not self.changes.pending()

    def wait_idle(self, timeout_ms: int = 60_000) -> bool:
        """Run the event loop until :meth:`idle` (tests, the smoke start); False on timeout."""
        return self._spin(self.idle, timeout_ms)

    def wait(self, job: Job, timeout_ms: int = -1) -> bool:
        """Run the event loop until ``job`` has reported (its callbacks ran); False on timeout."""
        return self._spin(lambda: job.done, timeout_ms)

    def _spin(self, until: Callable[[], bool], timeout_ms: int) -> bool:
        loop = QEventLoop()
        deadline = QTimer()
        deadline.setSingleShot(True)
        if timeout_ms >= 0:
            deadline.start(timeout_ms)
        while not until() and (timeout_ms < 0 or deadline.isActive()):
            QTimer.singleShot(5, loop.quit)
            loop.exec()
        return until()

    def cancel_all(self) -> None:
        self.writes.cancel_all()
        self.reads.cancel_all()

    def shutdown(self, *, cancel: bool = True, timeout_ms: int = -1) -> bool:
        reads = self.reads.shutdown(cancel=cancel, timeout_ms=timeout_ms)
        return self.writes.shutdown(cancel=cancel, timeout_ms=timeout_ms) and reads

    # --- the one path -------------------------------------------------------------------------
    def _run(self, manager: JobManager, op: Callable[[], Any] | None, task: Task[Any] | None, *,
             success: Callable[[Any], None] | None, title: str, failure: Callable[[PortfolioError], None] | None,
             done: Callable[[], None] | None, key: str | None, parent: QWidget | None, progress: str | None,
             cancellable: bool, changes: frozenset[Cap]) -> Job:
        if (op is None) == (task is None):
            raise TypeError("give exactly one of op or task")
        fn: Task[Any] = task if task is not None else (lambda _p, _c: op())  # type: ignore[misc]
        job = Job(fn, name=title, report=False)
        serial = self._next(key)
        dialog = _progress_dialog(parent, progress, cancellable, job) if progress is not None else None

        def finished(result: object) -> None:
            _close(dialog)
            if changes:
                self.changes.announce(changes)
            if _gone(parent):  # the widget that asked was closed meanwhile: nobody to show the result to
                return
            if key is None or self._latest.get(key) == serial:
                if success is not None:
                    success(result)
            if done is not None:
                done()

        def failed(exc: object) -> None:
            _close(dialog)
            error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
            if _gone(parent):
                logs.log_exception(error, f"{title} (its window was closed)")
                return
            if job.is_cancelled():
                logs.log_exception(error, f"{title} (cancelled)")
            elif key is not None and self._latest.get(key) != serial:  # a newer read answers instead
                if isinstance(error, PortfolioError):
                    logs.log_refusal(error, f"{title} (superseded)")
                else:
                    logs.log_exception(error, f"{title} (superseded)")
            elif isinstance(error, PortfolioError) and failure is not None:
                logs.log_refusal(error, title)
                failure(error)
            else:
                notifier_module.current().error(title, error, parent)
            if done is not None:
                done()

        job.finished.connect(finished)
        job.failed.connect(failed)
        manager.start(job)
        return job

    def _next(self, key: str | None) -> int:
        self._serial += 1
        if key is not None:
            self._latest[key] = self._serial
        return self._serial

    def _manager_busy(self, _busy: bool) -> None:
        busy = self.busy()
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


def _gone(widget: QWidget | None) -> bool:
    """Whether the widget an op reports to has been deleted (a dialog closed while its op ran)."""
    return widget is not None and not shiboken6.isValid(widget)


def _progress_dialog(parent: QWidget | None, label: str, cancellable: bool, job: Job) -> QProgressDialog:
    dialog = QProgressDialog(label, None, 0, 0, parent)  # type: ignore[call-overload]  # no Cancel button
    dialog.setObjectName("opProgress")
    dialog.setWindowTitle(QCoreApplication.translate("progress", "請稍候"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if cancellable:
        dialog.setCancelButtonText(QCoreApplication.translate("progress", "取消"))
        dialog.canceled.connect(job.cancel)

    def step(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    job.progress.connect(step)
    dialog.show()
    return dialog


def _close(dialog: QProgressDialog | None) -> None:
    if dialog is not None and shiboken6.isValid(dialog):  # deleted with its parent when that closed
        dialog.close()
        dialog.deleteLater()
