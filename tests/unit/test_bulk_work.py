"""Imports run with the cyclic garbage collector paused (collector.py :func:`bulk_work`), every
one of them, and the collector is back as it was afterwards whatever happens."""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
import threading
from collections.abc import Iterator

import pytest

import portfolio_desktop.services as services
from portfolio_desktop.collector import bulk_work


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_resumed_after() -> None:
    seen = bulk_work(gc.isenabled)()
    assert seen is False and gc.isenabled()


def test_resumed_after_a_refusal() -> None:
    @bulk_work
    def refused() -> None:
        assert not gc.isenabled()
        raise ValueError("refused")

    with pytest.raises(ValueError):
        refused()
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    assert bulk_work(gc.isenabled)() is False
    assert not gc.isenabled()


def test_imports_side_by_side_resume_it_when_the_last_ends() -> None:
    first_in, release = threading.Event(), threading.Event()
    states: list[bool] = []

    @bulk_work
    def long_import() -> None:
        first_in.set()
        release.wait(5)

    @bulk_work
    def short_import() -> None:
        pass

    worker = threading.Thread(target=long_import)
    worker.start()
    assert first_in.wait(5)
    short_import()
    states.append(gc.isenabled())  # the long import still runs: still paused
    release.set()
    worker.join(5)
    assert states == [False] and gc.isenabled()


def _import_use_cases() -> Iterator[tuple[str, object]]:
    """Every function of the services that reads a file with the one import machinery."""
    for info in pkgutil.walk_packages(services.__path__, f"{services.__name__}."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            source = inspect.getsource(inspect.unwrap(fn))
            if "ImportOptions(**options)" in source:
                yield f"{module.__name__}.{name}", fn


def test_every_import_use_case_pauses_the_collector() -> None:
    found = dict(_import_use_cases())
    assert len(found) >= 7  # roster, courses, central, windows, items, receipts, proxies
    wrapper = bulk_work(len).__code__  # type: ignore[attr-defined]
    unpaused = [name for name, fn in found.items() if fn.__code__ is not wrapper]  # type: ignore[attr-defined]
    assert unpaused == [], f"import use cases without @bulk_work: {unpaused}"
