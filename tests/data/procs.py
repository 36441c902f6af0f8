"""Small programs that the crash and concurrency tests run as real, separate processes.

``python -m tests.data.procs ACTION ...`` (cwd = the project root):

- ``increment DB N WHO``      N times: one transaction that reads the ``test.counter`` setting and
                              writes it + 1 through the settings service (audited). Exit 1 with the
                              bilingual message on a PortfolioError (e.g. DatabaseBusy).
- ``write DB KEY VALUE``      one audited setting write; exit 1 with the message on a PortfolioError.
- ``write-big DB KEY NBYTES`` the same with a value of NBYTES characters (too big for argv).
- ``hold DB READY RELEASE``   take the write lock (BEGIN IMMEDIATE), write a row, touch READY, keep
                              the lock until RELEASE exists (at most 120 s), then commit.
- ``commit-and-die DB N``     commit N settings with the WAL never checkpointed, then SIGKILL itself:
                              a crashed workstation that leaves a WAL full of committed frames.
- ``restore-and-die DB BACKUP USER WHEN``  restore BACKUP as USER and SIGKILL itself at the file swap
                              (the ``os.replace`` onto DB): WHEN ``before`` the rename or ``after`` it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.open import open_database


def increment(db_path: str, n: int, who: str) -> int:
    db = open_database(db_path)
    actor = Actor(who)
    try:
        for _ in range(n):
            with db.write() as session:
                value = get_setting(session, "test.counter", 0)
                set_setting(session, actor, "test.counter", value + 1)
    finally:
        db.dispose()
    return 0


def write(db_path: str, key: str, value: str) -> int:
    db = open_database(db_path)
    try:
        with db.write() as session:
            set_setting(session, Actor("worker"), key, value)
    finally:
        db.dispose()
    print("written")
    return 0


def hold(db_path: str, ready: str, release: str) -> int:
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO setting(key, value) VALUES ('test.holder', '\"held\"')")
    Path(ready).touch()
    deadline = time.monotonic() + 120
    while not Path(release).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    conn.execute("COMMIT")
    conn.close()
    return 0


def commit_and_die(db_path: str, n: int) -> int:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    for i in range(n):
        conn.execute("INSERT INTO setting(key, value) VALUES (?, ?)", (f"test.crash.{i}", f'"{i}"'))
    os.kill(os.getpid(), signal.SIGKILL)
    return 99  # pragma: no cover


def restore_and_die(db_path: str, backup_path: str, user: str, when: str) -> int:
    """The kill lands exactly at the swap: ``os.replace`` (the operating system's rename, not our
    code) is wrapped so that the process dies just before or just after renaming onto the database."""
    from portfolio_desktop.services.admin import backup

    target = Path(db_path).resolve()
    real_replace = os.replace

    def replace_then_die(src: object, dst: object) -> None:
        if Path(str(dst)).resolve() == target and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)  # type: ignore[arg-type]
        if Path(str(dst)).resolve() == target:
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace_then_die  # type: ignore[assignment]
    db = open_database(db_path)
    backup.restore_backup(db, Actor(user), Path(backup_path))
    return 98  # pragma: no cover - killed above


def main(argv: list[str]) -> int:
    action, *rest = argv
    try:
        if action == "increment":
            return increment(rest[0], int(rest[1]), rest[2])
        if action == "write":
            return write(rest[0], rest[1], rest[2])
        if action == "write-big":
            return write(rest[0], rest[1], "x" * int(rest[2]))
        if action == "hold":
            return hold(rest[0], rest[1], rest[2])
        if action == "commit-and-die":
            return commit_and_die(rest[0], int(rest[1]))
        if action == "restore-and-die":
            return restore_and_die(rest[0], rest[1], rest[2], rest[3])
    except PortfolioError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return 1
    print(f"unknown action {action}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
