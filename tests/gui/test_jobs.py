"""The job manager: work on a worker thread, results and progress on the GUI thread, cancel, no job
dropped while running, shutdown waits."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from portfolio_desktop.errors import RuleError
from portfolio_desktop.gui.jobs import Job, JobManager


def test_result_and_progress_arrive_on_the_gui_thread(qtbot) -> None:  # noqa: ANN001
    manager = JobManager()
    gui = QApplication.instance().thread()
    seen: dict[str, object] = {"progress": [], "threads": set()}

    def work(progress, cancelled) -> str:  # noqa: ANN001
        seen["worker"] = threading.get_ident()
        for i in range(1, 5):
            progress(i, 4)
        return "done"

    job = Job(work)
    job.progress.connect(lambda d, t: (seen["progress"].append((d, t)), seen["threads"].add(QThread.currentThread())))
    job.finished.connect(lambda r: (seen.__setitem__("result", r), seen["threads"].add(QThread.currentThread())))
    with qtbot.waitSignal(job.finished, timeout=10_000):
        manager.start(job)
    assert seen["result"] == "done"
    assert seen["worker"] != threading.get_ident()
    assert seen["threads"] == {gui}
    assert seen["progress"][-1] == (4, 4)
    assert not manager.busy


def test_failure_is_reported_with_the_exception(qtbot) -> None:  # noqa: ANN001
    manager = JobManager()

    def work(progress, cancelled) -> None:  # noqa: ANN001
        raise RuleError("不行", "no")

    job = Job(work)
    with qtbot.waitSignal(job.failed, timeout=10_000) as blocker:
        manager.start(job)
    assert isinstance(blocker.args[0], RuleError) and blocker.args[0].zh == "不行"
    assert not manager.busy


def test_cancel_sets_the_flag_the_work_polls(qtbot) -> None:  # noqa: ANN001
    manager = JobManager()
    started = threading.Event()

    def work(progress, cancelled) -> str:  # noqa: ANN001
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        raise RuntimeError("cancelled")

    job = Job(work)
    manager.start(job)
    assert started.wait(10)
    with qtbot.waitSignal(job.failed, timeout=10_000):
        job.cancel()
    assert job.is_cancelled()


def test_manager_keeps_running_jobs_alive_and_shutdown_waits(qtbot) -> None:  # noqa: ANN001
    manager = JobManager()
    release = threading.Event()
    finished_work = threading.Event()

    def work(progress, cancelled) -> int:  # noqa: ANN001
        release.wait(10)
        finished_work.set()
        return 7

    results: list[object] = []
    job = Job(work)
    job.finished.connect(results.append)
    manager.start(job)
    ref = weakref.ref(job)
    del job
    gc.collect()
    assert ref() is not None and manager.jobs == [ref()]  # Vorta #684: not collected while running
    assert manager.busy
    release.set()
    assert manager.shutdown(cancel=False, timeout_ms=10_000)
    assert finished_work.is_set()  # shutdown returned only after the worker did
    qtbot.waitUntil(lambda: results == [7], timeout=10_000)
    assert not manager.busy
