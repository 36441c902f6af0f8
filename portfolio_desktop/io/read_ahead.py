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

    def run(self) -> None:
        try:
            self._read()
        finally:
            self.guarded.set()

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


_lock = threading.Lock()
_pending: list[_Reading] = []


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
    reading.join()
    _log.info("read-ahead of %s used (waited %.0f ms for it)", reading.path.name, (time.perf_counter() - waited) * 1000)
    if reading.error is not None:
        raise reading.error
    return reading.book


def discard() -> None:
    """Drop the reading nobody took (the gate refused, or the command read no file)."""
    with _lock:
        reading = _pending.pop() if _pending else None
    if reading is not None:
        _abandon(reading)


def _abandon(reading: _Reading) -> None:
    with _lock:
        reading.abandoned = True
        book, reading.book = reading.book, None
    if book is not None:
        book.close()
