"""Background jobs: a plain callable run on a worker thread, reporting back on the GUI thread.

The pattern of Vorta's job manager and Anki's ``CollectionOp``: widgets never own threads. A
:class:`Job` wraps ``fn(progress, cancelled) -> result`` (the same callbacks the services take, so a
service needs no Qt); one :class:`JobManager` owns the thread pool and keeps a reference to every job
until it has reported, so no running job can be garbage-collected under the worker (Vorta #684: a
widget-owned QThread destroyed while running crashed the app).

Services open their own sessions inside the worker (``Database.write()``/``read()`` are per call).

Threading: the worker emits *private* signals; the :class:`Job` lives in the GUI thread, so those
reach it queued, and it re-emits the public ``progress`` / ``finished`` / ``failed`` signals from the
GUI thread. Anything connected to the public signals (bound methods or lambdas) therefore runs on
the GUI thread. A failure that is not a refusal is logged with its traceback and shown in the one
error dialog before ``failed`` is emitted, so no receiver can let it vanish.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from portfolio_desktop import logs
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.error_dialog import report_unexpected

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
JobFn = Callable[[ProgressFn, CancelledFn], Any]


class _Runner(QRunnable):
    """The QRunnable the pool runs; the job keeps it alive (auto-delete off)."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._job = job

    def run(self) -> None:
        self._job._run_in_worker()


class Job(QObject):
    """One unit of background work. Connect to the signals, then hand it to :meth:`JobManager.start`."""

    progress = Signal(int, int)  # done, total (total 0 = unknown)
    finished = Signal(object)  # the callable's return value
    failed = Signal(object)  # the exception it raised

    # Emitted from the worker thread; delivered queued to this object in the GUI thread.
    _worker_progress = Signal(int, int)
    _worker_finished = Signal(object)
    _worker_failed = Signal(object)

    def __init__(self, fn: JobFn, *, name: str = "", parent: QObject | None = None, report: bool = True) -> None:
        super().__init__(parent)
        self.name = name
        self.report = report  # False: the receiver shows every failure (gui/ops.py through the notifier)
        self._fn = fn
        self._cancel = threading.Event()
        self._last_shown: tuple[int, int] | None = None
        self._runner = _Runner(self)
        self.running = False
        self.done = False
        self._worker_progress.connect(self._relay_progress)
        self._worker_finished.connect(self._relay_finished)
        self._worker_failed.connect(self._relay_failed)

    # --- API for the GUI thread -------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the callable to stop; it polls ``cancelled()`` and raises (the service rolls back)."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # --- worker side -------------------------------------------------------------------------
    def _report(self, done: int, total: int) -> None:
        """Progress callback for the service: throttled to whole per-cents so the queue stays short."""
        shown = (done * 100 // total if total > 0 else done, total)
        if shown == self._last_shown and done != total:
            return
        self._last_shown = shown
        self._worker_progress.emit(int(done), int(total))

    def _run_in_worker(self) -> None:
        try:
            result = self._fn(self._report, self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            self._worker_failed.emit(exc)
        else:
            self._worker_finished.emit(result)

    # --- relays (GUI thread) -----------------------------------------------------------------
    @Slot(int, int)
    def _relay_progress(self, done: int, total: int) -> None:
        if not self.done:
            self.progress.emit(done, total)

    @Slot(object)
    def _relay_finished(self, result: object) -> None:
        self.running, self.done = False, True
        self.finished.emit(result)

    @Slot(object)
    def _relay_failed(self, exc: object) -> None:
        self.running, self.done = False, True
        if self.report:
            _report_failure(self, exc)
        self.failed.emit(exc)


def _report_failure(job: Job, exc: object) -> None:
    """A refusal (PortfolioError) is the receiver's to show; it is only logged here. Anything else is
    a defect: logged with its traceback and shown in the one error dialog (gui/error_dialog.py) —
    unless the user had cancelled the job, when it is only logged."""
    where = f"job {job.name or '?'}"
    if isinstance(exc, PortfolioError):
        logs.log_refusal(exc, where)
    elif isinstance(exc, BaseException):
        if job.is_cancelled():
            logs.log_exception(exc, f"{where} (cancelled)")
        else:
            report_unexpected(exc, where=where)


class JobManager(QObject):
    """Owns the worker pool and every job until it reports.

    One worker thread by default: database work is serialised as in Anki, so a long import never
    makes a second writer wait on SQLite's busy timeout.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._jobs: list[Job] = []

    def start(self, job: Job) -> Job:
        """Queue ``job``. Connect its signals *before* calling this: the manager's own clean-up is
        connected last so it runs after every other receiver."""
        self._jobs.append(job)
        job.finished.connect(lambda _r, j=job: self._forget(j))
        job.failed.connect(lambda _e, j=job: self._forget(j))
        job.running = True
        self._pool.start(job._runner)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        return job

    def run(
        self,
        fn: JobFn,
        *,
        name: str = "",
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Job:
        """Shorthand: make a job, connect the callbacks, start it."""
        job = Job(fn, name=name)
        if on_progress is not None:
            job.progress.connect(on_progress)
        if on_finished is not None:
            job.finished.connect(on_finished)
        if on_failed is not None:
            job.failed.connect(on_failed)
        return self.start(job)

    @property
    def jobs(self) -> list[Job]:
        """The jobs started and not yet reported (running or queued)."""
        return list(self._jobs)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel()

    def shutdown(self, *, cancel: bool = True, timeout_ms: int = -1) -> bool:
        """Before the app quits: optionally cancel, then wait for the workers to return.

        Returns False if the wait timed out. Results still queued for the GUI thread are dropped
        with the application; the jobs stay referenced until the manager goes.
        """
        if cancel:
            self.cancel_all()
        return self._pool.waitForDone(timeout_ms)

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
            if not self._jobs:
                self.busy_changed.emit(False)
