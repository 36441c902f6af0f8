"""Run a job behind a window-modal progress dialog (demo data, export): one place for the pattern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from portfolio_desktop.gui.jobs import Job, JobFn, JobManager


def run_with_progress(
    parent: QWidget,
    jobs: JobManager,
    fn: JobFn,
    *,
    label: str,
    on_finished: Callable[[Any], None],
    on_failed: Callable[[BaseException], object],
    cancellable: bool = True,
    name: str = "",
) -> Job:
    """Start ``fn`` as a job; a progress dialog follows it (busy bar while the total is unknown)
    and its Cancel button (if any) cancels the job. The dialog closes before the callbacks run."""
    dialog = QProgressDialog(label, None, 0, 0, parent)  # type: ignore[call-overload]  # None: no Cancel button
    dialog.setWindowTitle(QCoreApplication.translate("progress", "請稍候"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = Job(fn, name=name)
    if cancellable:
        dialog.setCancelButtonText(QCoreApplication.translate("progress", "取消"))
        dialog.canceled.connect(job.cancel)

    def progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def finish(result: object) -> None:
        dialog.close()
        dialog.deleteLater()
        on_finished(result)

    def fail(exc: object) -> None:
        dialog.close()
        dialog.deleteLater()
        on_failed(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))

    job.progress.connect(progress)
    job.finished.connect(finish)
    job.failed.connect(fail)
    dialog.show()
    jobs.start(job)
    return job
