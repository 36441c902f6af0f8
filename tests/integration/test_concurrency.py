"""Two workstations (real processes) on one SQLite file; a busy, read-only or full disk.

No lost update, no "database is locked" traceback: a writer waits for the other one (busy timeout)
and, after the timeout, says clearly that another workstation is writing. A read-only data folder or
a full disk gives a clear message and leaves the data exactly as it was.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio_desktop.services.settings import get_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog

ROOT = Path(__file__).resolve().parents[2]


def worker(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.data.procs", *args],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, **kw,  # type: ignore[call-overload]
    )


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def setting(db: Database, key: str) -> object:
    with db.read() as s:
        return get_setting(s, key)


def dump(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT key, value FROM setting ORDER BY key").fetchall()
        rows += conn.execute("SELECT id, action, entity_key, after FROM audit_log ORDER BY id").fetchall()
        return rows
    finally:
        conn.close()


@pytest.mark.slow
def test_two_writers_lose_no_update(db: Database, db_path: Path) -> None:
    db.dispose()
    n = 150
    procs = [worker("increment", str(db_path), str(n), who) for who in ("教務處工作站", "註冊組工作站")]
    results = [finish(p) for p in procs]
    assert [r[0] for r in results] == [0, 0], [r[2] for r in results]
    assert all("locked" not in r[2] for r in results)
    assert setting(db, "test.counter") == 2 * n
    with db.read() as s:
        audits = [(a.actor, a.after) for a in
                  s.query(AuditLog).filter_by(action="setting.set", entity_key="test.counter")]
    assert len(audits) == 2 * n
    assert sorted(int(after) for _, after in audits) == list(range(1, 2 * n + 1))  # every step once
    assert {who for who, _ in audits} == {"教務處工作站", "註冊組工作站"}


@pytest.fixture
def lock_holder(db: Database, db_path: Path, tmp_path: Path) -> Iterator[Path]:
    """Another process holding the write lock until the test lets it go (touches the yielded path)."""
    db.dispose()
    ready, release = tmp_path / "ready", tmp_path / "release"
    holder = worker("hold", str(db_path), str(ready), str(release))
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert holder.poll() is None, holder.communicate()
        assert time.monotonic() < deadline, "the lock holder did not start"
        time.sleep(0.02)
    try:
        yield release
    finally:
        release.touch()
        code, _out, err = finish(holder)
        assert code == 0, err


def test_busy_database_says_another_workstation_is_writing(
    db: Database, db_path: Path, lock_holder: Path
) -> None:
    code, out, err = finish(worker("write", str(db_path), "test.key", "v",
                                   env={"PORTFOLIO_BUSY_TIMEOUT_MS": "300"}))
    assert code == 1, (out, err)
    assert "資料庫正由另一台工作站寫入中，已等候 0.3 秒仍未完成" in err
    assert "Another workstation is writing to the database; waited 0.3 s" in err
    assert "Traceback" not in err
    # a reader is never blocked by the writer (WAL)
    assert setting(db, "test.holder") is None
    lock_holder.touch()


def test_writer_waits_for_the_other_then_succeeds(db: Database, db_path: Path, lock_holder: Path) -> None:
    waiting = worker("write", str(db_path), "test.key", "after", env={"PORTFOLIO_BUSY_TIMEOUT_MS": "60000"})
    time.sleep(0.5)  # let it start waiting on the lock (not a timing assertion: the result is the same)
    lock_holder.touch()
    code, out, err = finish(waiting)
    assert code == 0, err
    assert setting(db, "test.holder") == "held" and setting(db, "test.key") == "after"


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder that an unprivileged user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="pd-ro-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        path.chmod(0o755)
        for child in path.iterdir():
            child.chmod(0o644)
            child.unlink()
        path.rmdir()


def test_read_only_data_folder_gives_a_clear_error(shared_dir: Path) -> None:
    from portfolio_desktop.store.open import open_database

    path = shared_dir / "portfolio.sqlite3"
    db = open_database(str(path))
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")  # as a file copied onto a read-only share would be
    conn.close()
    before = dump(path)
    path.chmod(0o444)
    shared_dir.chmod(0o555)
    cmd = [*_unprivileged(), sys.executable, "-m", "tests.data.procs", "write", str(path), "test.key", "v"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(shared_dir)})
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert str(path) in proc.stderr
    assert "read-only" in proc.stderr or "readonly" in proc.stderr or "no write permission" in proc.stderr
    shared_dir.chmod(0o755)
    assert dump(path) == before


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_full_disk_gives_a_clear_error_and_loses_nothing(db: Database, db_path: Path) -> None:
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.services.settings import set_setting

    with db.write() as s:
        set_setting(s, Actor("t"), "school.name", "國立測試高中")
    db.dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = dump(db_path)
    limit = db_path.stat().st_size + 256 * 1024  # the disk has room for 256 KB more, the write needs 3 MB
    proc = worker("write-big", str(db_path), "test.big", str(3 * 1024 * 1024),
                  preexec_fn=lambda: _limit_file_size(limit))
    code, out, err = finish(proc)
    assert code == 1, (out, err)
    assert "Traceback" not in err
    assert "the disk may be full" in err and "Nothing of this action was written" in err
    assert dump(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
