"""When Python's cyclic garbage collector runs, for the whole process.

A run of the program makes two kinds of objects. Start-up makes long-lived ones that are never
garbage: modules, classes, functions, SQLAlchemy's tables and mappers, Qt's wrappers (some 300,000
objects). The work then makes many short-lived ones that reference counting frees on its own: the
cells and rows of an imported sheet, the records written, the lines of a printed page. With
Python's default thresholds a collection runs every 700 new objects, and every tenth of those
walks the older objects again; during start-up and a 50,000-row import that is several hundred
walks over objects that can never be freed (measured: a 50,000-row `roster import` spends about
0.7 s of 3.8 s in them; the start-up of any command about 0.03 s).

So the collector follows the program's phases:

- :func:`pause_for_start_up`: the process entry point (``cli.run``: the ``portfolio-desktop``
  script, ``python -m portfolio_desktop``, the bundle's launcher) pauses it before anything loads;
- :func:`start_up_done`: once start-up is over (the command line's gate has signed the user in, the
  GUI has opened its database) everything made so far is frozen (moved where no collection
  walks it again) and collection resumes, with a young generation of :data:`YOUNG` objects instead
  of 700, so a bulk job is not interrupted every few hundred rows. Cyclic garbage is still
  collected; it waits a little longer.

- :func:`bulk_work`: an import use case (every one of them, services/) runs with the collector
  paused and resumes it when it ends: the rows it reads, checks and writes are freed by reference
  counting, and even the young collections every :data:`YOUNG` objects walked them again
  (a tenth of a 50,000-row reading).

The program's in-process callers (the tests call ``cli.main`` directly) never paused it, and
:func:`start_up_done` leaves their collector as it was. (The GUI's first main window freezes what it
made once more, gui/app.py.)
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_log = logging.getLogger(__name__)

YOUNG = 50_000  # objects allocated (net) between young collections; Python's default is 700
_OLDER = (20, 20)  # young collections per middle one, middle ones per full one (default 10, 10)

_paused = False


def pause_for_start_up() -> None:
    """No collection until :func:`start_up_done` (called first thing by the process entry point)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def start_up_done() -> None:
    """Start-up is over: freeze what it made and collect again, with fewer, larger young collections.
    Only a process whose start-up paused the collector (:func:`pause_for_start_up`) is changed."""
    global _paused
    if not _paused:
        return
    gc.freeze()
    gc.set_threshold(YOUNG, *_OLDER)
    _paused = False
    gc.enable()
    _log.debug("start-up done: collection resumed")  # (gc.get_freeze_count() walks them all: ~10 ms)


_P = ParamSpec("_P")
_R = TypeVar("_R")
_bulk = 0  # imports running with the cyclic garbage collector paused (bulk_work)
_bulk_lock = threading.Lock()


def bulk_work(use_case: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run an import use case with Python's cyclic garbage collector paused, and resume it after.

    Reading and writing a file as large as the school makes a few objects per row (its values,
    its row, its plan), kept until the import ends and holding no reference cycles; the collector
    would walk all of them again each time enough new ones are made. For a 50,000-row roster that
    was a tenth of the reading. Memory is unchanged: what the import drops is freed by reference
    counting as before, and any cycle it leaves is collected once the collector resumes. Imports
    running side by side (GUI workers) resume it when the last one ends."""

    @functools.wraps(use_case)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        global _bulk
        with _bulk_lock:
            ours = _bulk > 0 or gc.isenabled()  # a collector someone else turned off stays off
            if ours:
                _bulk += 1
                gc.disable()
        try:
            return use_case(*args, **kwargs)
        finally:
            if ours:
                with _bulk_lock:
                    _bulk -= 1
                    if _bulk == 0:
                        gc.enable()

    return paused
