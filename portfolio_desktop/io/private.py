"""Files that hold personal data are readable by their owner only (POSIX modes 0600 / 0700).

On a shared workstation the other accounts must not read the database (every student's ID and
address), its WAL, the backups, the log or an export the app writes. On POSIX the app therefore makes
those files 0600 and its own folders 0700 here, in one place; every writer of such a file calls
:func:`private_file` / :func:`private_dir` (the database, backups and manifests in store/, the log in
logs.py, every output file in io/durable.py). On Windows nothing is changed: a file inherits the ACL
of its folder, and the per-user folders the app uses are already private to the user.

SQLite creates ``-wal`` / ``-shm`` / ``-journal`` files with the permissions of the database file, so
a database file created 0600 keeps its companions 0600 too (:func:`prepare_sqlite_file`).

A file system without POSIX modes (a FAT USB stick, some network shares) refuses or ignores chmod; that
is not an error: the data is still written, as private as that medium can make it.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def applies() -> bool:
    """Whether modes are set at all (POSIX); Windows relies on inherited ACLs."""
    return os.name == "posix"


def _chmod(path: Path | str, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:
        pass  # no POSIX modes on this medium, or not our file: nothing more can be done


def private_file(path: Path | str) -> Path:
    """Make an existing file 0600 (POSIX); a missing file (or a folder) is left as it is."""
    path = Path(path)
    if applies() and path.is_file():
        _chmod(path, FILE_MODE)
    return path


def create_private_file(path: Path | str) -> Path:
    """Create ``path`` empty and 0600 if it does not exist; an existing file is only made 0600 (never
    opened for writing: a read-only database must still open, and refuse writes with its own message)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return private_file(path)
    os.close(fd)
    if applies():
        _chmod(path, FILE_MODE)  # whatever the umask
    return path


def private_dir(path: Path | str, *, tighten: bool = True) -> Path:
    """Create the folder (and its missing parents) with mode 0700 on POSIX.

    ``tighten`` also makes an existing folder 0700: right for the app's own folders (the data folder,
    the default backups folder, the log folder, attachments); a folder the user chose (``--db`` into
    their documents) is left as it is when it already exists — the files in it are 0600 anyway.
    """
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    if applies():
        for created in missing:
            _chmod(created, DIR_MODE)
        if tighten and path not in missing:
            _chmod(path, DIR_MODE)
    return path


def prepare_sqlite_file(path: Path | str, *, tighten_folder: bool = False) -> Path:
    """Before SQLite opens ``path``: its folder exists (0700 if created now), the file exists 0600
    (an empty file is a valid empty database), and its existing companions are 0600 — an install
    from before this rule is tightened the next time it is opened."""
    path = Path(path)
    private_dir(path.parent, tighten=tighten_folder)
    create_private_file(path)
    for suffix in SQLITE_COMPANIONS:
        private_file(f"{path}{suffix}")
    return path
