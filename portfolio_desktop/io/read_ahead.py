"""Reading the workbook an import names while the gate signs its user in.

A command-line import spends its first few tenths of a second starting up and checking the
password (commands/gate.py), then reads its .xlsx: the zip checks and the sheet guard
(io/xlsx_reader.py), then python-calamine's load of the sheet, which runs in Rust without the GIL.
The gate starts that reading here, on a worker thread, before it signs the user in, so that the two
overlap; :func:`io.tabular.read_table` then takes what was read (:func:`take`) instead of reading
the file again.

What the read-ahead may and may not do, so that the gate stays the gate:

* it only reads the file the user named into this process's memory: no database is opened, nothing
  is written, logged or shown;
* what it read is used only by the command the gate let through, and only for the same file in the
  same state (device, inode, size, modification time): a file changed since is read again; the
  sheet read ahead (the one ``--sheet`` names, else the first) is used when the command reads that
  sheet, any other is read then;
* anything it found wrong with the file is raised only when the command reads it, after the gate
  (a refused sign-in is said first, and alone); a gate that refuses, or a command that reads
  nothing, discards it (:func:`discard`), and the worker closes the workbook when it ends.

The GUI does not read ahead: its imports run on a worker already (gui/ops.py).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

# imported here, by the thread that starts the worker: the worker imports nothing while the command's
# thread is importing the database layer
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io.readers import file_kind
from portfolio_desktop.io.xlsx_reader import XlsxBook

_log = logging.getLogger(__name__)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _state(path: Path) -> tuple[int, int, int, int] | None:
    """What says a file is still the one read: device, inode, size and modification time."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


class _Reading(threading.Thread):
    """One workbook read on a worker: the book opened (zip checks) and one sheet guarded and loaded."""

    def __init__(self, path: Path, sheet: str | None, state: tuple[int, int, int, int]) -> None:
        super().__init__(name="read-ahead", daemon=True)
        self.path, self.sheet, self.state = path, sheet, state
        self.book: XlsxBook | None = None
        self.error: BaseException | None = None
        self.abandoned = False  # set under _lock: nobody will take the book; the worker closes it
        self.guarded = threading.Event()  # the sheet guard is done (or there is nothing to load)
        self.read = threading.Event()  # the book and sheet are read (or the reading failed)
        self.released = threading.Event()  # the command is done with the book (or nobody took it)

    def run(self) -> None:
        try:
            self._read()
        finally:
            self.guarded.set()
            self.read.set()
        self.released.wait()
        _give_back_memory()

    def _read(self) -> None:
        try:
            if file_kind(self.path) != "xlsx":
                return  # a .csv is read when the command reads it (there is no load to overlap)
        except PortfolioError:
            return  # said when the command reads the file, the same way
        try:
            book = XlsxBook(self.path)
        except BaseException as exc:  # noqa: BLE001 - raised in the command's thread by take()
            self.error = exc
            return
        name = self.sheet if self.sheet is not None else next(iter(book.sheet_names), None)
        if name is not None:
            book.read_sheet_ahead(name, self.guarded.set)
        with _lock:
            if self.abandoned:
                book.close()
            else:
                self.book = book


def _give_back_memory() -> None:
    """Hand back to the system what calamine's load allocated on this worker, once the command has
    freed it. glibc gives each thread a malloc arena of its own and keeps what is freed there for
    that arena, so the command's thread (the main arena) could not reuse it: a 50,000-row re-import
    peaked at 158 MB instead of 147. ``malloc_trim`` returns an arena's free pages, and measured here
    it does so only when called from the arena's own thread. Other C libraries (musl, macOS,
    Windows) have no such call and nothing to do."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


_lock = threading.Lock()
_pending: list[_Reading] = []  # started, not yet taken
_taken: list[_Reading] = []  # taken, the command not yet done with the book


def start(path: Path, sheet: str | None) -> None:
    """Start reading ``path`` (its sheet ``sheet``; None: its first) on a worker. At most one reading
    waits to be taken: a new one discards the one before."""
    state = _state(path)
    if state is None:
        return  # a missing or unreadable file is said when the command reads it
    reading = _Reading(_absolute(path), sheet, state)
    discard()
    with _lock:
        _pending.append(reading)
    reading.start()


def wait_for_guard() -> None:
    """Return once the reading's sheet guard is done and calamine's load has begun (at once when
    nothing is being read). The guard searches the sheet's XML with the GIL held, so run beside the
    command's imports both would wait for each other; the load that follows runs in Rust without
    the GIL, beside the imports and the sign-in, which is the overlap that counts."""
    with _lock:
        reading = _pending[-1] if _pending else None
    if reading is not None:
        reading.guarded.wait()


def take(path: Path) -> XlsxBook | None:
    """The workbook read ahead for ``path`` when the file is unchanged (waiting for the worker if
    need be), else None (the caller reads the file itself). What the reading found wrong with the
    file is raised here."""
    with _lock:
        reading = _pending.pop() if _pending else None
    if reading is None:
        return None
    if reading.path != _absolute(path) or _state(path) != reading.state:
        _abandon(reading)
        _log.info("read-ahead of %s not used: another file, or the file changed", reading.path.name)
        return None
    waited = time.perf_counter()
    reading.read.wait()
    with _lock:
        _taken.append(reading)
    _log.info("read-ahead of %s used (waited %.0f ms for it)", reading.path.name, (time.perf_counter() - waited) * 1000)
    if reading.error is not None:
        raise reading.error
    return reading.book


def finished() -> None:
    """The command is done with the book it took and has dropped the sheet (io/tabular.read_table
    calls this): the worker gives its memory back and ends."""
    with _lock:
        done, _taken[:] = list(_taken), []
    for reading in done:
        reading.book = None
        reading.released.set()


def discard() -> None:
    """Drop the reading nobody took (the gate refused, or the command read no file), and end the
    worker of one taken."""
    with _lock:
        reading = _pending.pop() if _pending else None
    if reading is not None:
        _abandon(reading)
    finished()


def _abandon(reading: _Reading) -> None:
    with _lock:
        reading.abandoned = True
        book, reading.book = reading.book, None
    if book is not None:
        book.close()
    reading.released.set()
