"""Output files that are either absent or complete under the name the user asked for.

A document is written to a hidden temporary file in the destination folder, flushed to the disk
(``os.fsync``), renamed over the final name (``os.replace``, atomic within one folder), and then the
folder itself is fsync'ed so that the rename survives a power cut (POSIX; Windows cannot open a
folder, and NTFS journals the rename). The file is made private (0600) before it gets its name, and
its name and size are logged (never its content). A run killed half-way leaves only a hidden
temporary file.

Such a file may hold students' names and addresses, so it must not stay wherever it was left. Every
hidden temporary file is listed, while it exists, in a small journal in the per-user data folder
(``pending-writes/``: one entry per file, naming the file and the process writing it). The next start
of the app (CLI or GUI) and the next write of any output call :func:`clean_leftovers`, which deletes the
files whose writing process no longer runs, in whatever folder they are. :func:`remove_stale` also
deletes old hidden files of the same kind in a folder being written to (another workstation's, say).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from portfolio_desktop.io.private import private_file

_log = logging.getLogger(__name__)

# A temporary file older than this was left by a run that was killed: no render of ours takes that
# long to start writing (the name is created when the render starts), and a younger one may belong
# to another workstation printing into the same shared folder right now.
STALE_AFTER = dt.timedelta(minutes=10)


def fsync_file(path: Path | str) -> None:
    """Flush a written file's content to the disk (opened for writing: Windows needs write access)."""
    with open(path, "r+b") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path | str) -> None:
    """Make a rename or creation inside ``folder`` durable (POSIX only; a no-op on Windows, and where
    the file system cannot flush a folder, e.g. some network shares: EINVAL)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - a file system without folder fsync
        pass
    finally:
        os.close(fd)


def commit(tmp: Path | str, final: Path | str) -> None:
    """fsync ``tmp``, make it private (0600 on POSIX: every output of the app may hold personal
    data, io/private.py), rename it over ``final`` (same folder), then fsync the folder."""
    fsync_file(tmp)
    private_file(tmp)
    size = os.path.getsize(tmp)
    os.replace(tmp, final)
    fsync_dir(Path(final).parent)
    _log.info("wrote %s (%d bytes)", Path(final).name, size)


def remove_stale(folder: Path | str, prefix: str, suffix: str = "", *, older_than: dt.timedelta = STALE_AFTER,
                 now: float | None = None) -> list[Path]:
    """Delete ``<prefix>*<suffix>`` files in ``folder`` not modified for ``older_than``; returns them.
    A file another process still holds open (Windows) or that vanished meanwhile is skipped."""
    limit = (time.time() if now is None else now) - older_than.total_seconds()
    removed: list[Path] = []
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.startswith(prefix) and p.name.endswith(suffix)]
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


JOURNAL = "pending-writes"


def journal_dir() -> Path:
    """The per-user folder listing the hidden files being written (0700 on POSIX)."""
    from portfolio_desktop.config import data_dir

    from portfolio_desktop.io.private import private_dir

    folder = data_dir() / JOURNAL
    folder.mkdir(exist_ok=True)
    return private_dir(folder)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no cheap liveness check: leave it to remove_stale's age rule
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _enlist(tmp: Path) -> Path | None:
    """Write the journal entry of ``tmp``; None when the journal cannot be written (the file is still
    removed by this process on failure, and by :func:`remove_stale` later)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".json", dir=journal_dir())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"pid": os.getpid(), "path": str(tmp)}, fh, ensure_ascii=False)
        return Path(name)
    except OSError:
        return None


def clean_leftovers() -> list[Path]:
    """Delete the hidden files that a process killed while writing left behind (see the module
    docstring); returns those deleted. Never raises: cleaning must not stop the app from starting."""
    removed: list[Path] = []
    try:
        entries = list(journal_dir().glob("*.json"))
    except OSError:
        return removed
    for entry in entries:
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            pid, path = int(data["pid"]), Path(str(data["path"]))
        except (OSError, ValueError, KeyError, TypeError):
            entry.unlink(missing_ok=True)  # unreadable: a killed process's half-written entry
            continue
        if _running(pid):
            continue
        try:
            if path.name.startswith(".") and path.is_file():
                path.unlink()
                removed.append(path)
            entry.unlink(missing_ok=True)
        except OSError:
            continue  # on a folder not reachable now (an unplugged stick): try again next time
    return removed


@contextmanager
def hidden_temp(folder: Path | str, prefix: str, suffix: str = "") -> Iterator[Path]:
    """A new empty hidden file ``<prefix>XXXX<suffix>`` in ``folder`` (leftovers of killed runs are
    removed first), deleted again when the block raises, listed in the journal while the block runs.
    The caller renames it (see :func:`commit`) or deletes it inside the block."""
    clean_leftovers()
    remove_stale(folder, prefix, suffix)
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(fd)
    tmp = Path(name)
    entry = _enlist(tmp)
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if entry is not None:
            entry.unlink(missing_ok=True)


@contextmanager
def atomic_output(final: Path | str, prefix: str | None = None) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``final``; when the block ends without error the file is
    committed under ``final`` (fsync, rename, folder fsync), otherwise it is deleted."""
    final = Path(final)
    with hidden_temp(final.parent, prefix or f".{final.stem}-", final.suffix) as tmp:
        yield tmp
        commit(tmp, final)
