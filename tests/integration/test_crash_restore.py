"""Restores that go wrong, on real files in real processes: a backup with a damaged header is refused
as damaged (bilingual, exit 1, database unchanged); a restore killed with SIGKILL exactly at the file
swap leaves either the old database or the restored one *with* its ``backup.restore`` audit row; a
killed restore's private copy (the whole school's personal data) is deleted at the next open.

The kills at the swap come from tests/data/procs.py ``restore-and-die`` (the process kills itself
just before or just after the rename onto the database); the kill at a polled moment waits for the
temporary copy to appear and kills the real CLI then. Nothing is synchronised by sleeping."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import snapshot
from portfolio_desktop.store.open import open_database
from tests.data import students
from tests.data.staff import IT, signed_in_file

ROOT = Path(__file__).resolve().parents[2]
IT_USER = "資訊組"
SAVED = "𡘙備份時的學生"
LATER = "還原前新增的學生"


def add_students(db_path: Path, name: str, n: int, first: int) -> None:
    db = open_database(str(db_path))
    try:
        students.add_students(db, IT_USER, n, first=first, name=name)
    finally:
        db.dispose()


def names(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [n for (n,) in conn.execute("SELECT name FROM student ORDER BY student_no")]
    finally:
        conn.close()


def school_digests(db_path: Path) -> dict[str, snapshot.TableDigest]:
    conn = sqlite3.connect(db_path)
    try:
        return {k: v for k, v in snapshot.table_digests(conn).items() if k not in ("audit_log", "account")}
    finally:
        conn.close()


def restore_rows(db_path: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(db_path)
    try:
        return [json.loads(a) for (a,) in conn.execute("SELECT after FROM audit_log WHERE action = 'backup.restore'")]
    finally:
        conn.close()


def leftovers(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f".{db_path.name}.restore-*.tmp"))


@pytest.fixture
def school(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(database, a backup of it with 30 students, the sign-in environment); 5 students added since."""
    db_path = tmp_path / "school.sqlite3"
    env = signed_in_file(db_path, IT_USER, (IT,))
    add_students(db_path, SAVED, 30, first=1)
    db = open_database(str(db_path))
    try:
        saved = backup.create_backup(db, Actor(IT_USER)).path
    finally:
        db.dispose()
    add_students(db_path, LATER, 5, first=100)
    return db_path, saved, env


def run_proc(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tests.data.procs", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_killed_right_after_the_swap_keeps_the_restore_audit_row(school: tuple[Path, Path, dict[str, str]]) -> None:
    db_path, saved, _env = school
    proc = run_proc("restore-and-die", str(db_path), str(saved), IT_USER, "after")
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, err.decode()
    assert names(db_path) == [f"{SAVED}{i}" for i in range(1, 31)]  # the swap happened
    [row] = restore_rows(db_path)  # and its audit row came with it
    assert row["restored_from"] == str(saved.resolve()) and row["rows"]["student"] == 30  # type: ignore[index]
    assert leftovers(db_path) == []
    db = open_database(str(db_path))  # the next start opens it normally, at this app's schema
    db.dispose()
    assert names(db_path)[0] == f"{SAVED}1"


def test_killed_just_before_the_swap_changes_nothing_and_the_copy_is_removed_at_the_next_open(
    school: tuple[Path, Path, dict[str, str]],
) -> None:
    db_path, saved, _env = school
    before = names(db_path)
    proc = run_proc("restore-and-die", str(db_path), str(saved), IT_USER, "before")
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, err.decode()
    [copy] = leftovers(db_path)  # the restored copy, complete, beside the database
    assert SAVED.encode("utf-8") in copy.read_bytes()
    assert names(db_path) == before and restore_rows(db_path) == []
    db = open_database(str(db_path))
    db.dispose()
    assert leftovers(db_path) == [] and names(db_path) == before


def test_killed_at_a_polled_moment_leaves_one_of_two_states_and_no_copy(
    school: tuple[Path, Path, dict[str, str]],
) -> None:
    db_path, saved, env = school
    before = names(db_path)
    proc = subprocess.Popen([sys.executable, "-m", "portfolio_desktop", "--db", str(db_path), "backup", "restore",
                             str(saved), "--yes"], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not leftovers(db_path) and proc.poll() is None:  # poll for the restore's temporary copy
        assert time.monotonic() < deadline
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    db = open_database(str(db_path))
    db.dispose()
    assert leftovers(db_path) == []
    after = names(db_path)
    if after == before:
        assert restore_rows(db_path) == []
    else:
        assert after == [f"{SAVED}{i}" for i in range(1, 31)] and len(restore_rows(db_path)) == 1


def test_a_running_restores_copy_is_not_taken_by_another_open(tmp_path: Path) -> None:
    db_path = tmp_path / "school.sqlite3"
    open_database(str(db_path)).dispose()
    with snapshot.restore_copy(db_path) as copy:
        copy.write_bytes(b"a restore in progress")
        open_database(str(db_path)).dispose()  # another window opens the database meanwhile
        assert copy.read_bytes() == b"a restore in progress"
    assert leftovers(db_path) == []


@pytest.mark.parametrize("keep_sha", [False, True])
def test_a_damaged_header_is_refused_as_damaged(school: tuple[Path, Path, dict[str, str]], keep_sha: bool) -> None:
    """keep_sha: the manifest was rewritten to the damaged bytes too, so only SQLite can tell."""
    db_path, saved, env = school
    data = bytearray(saved.read_bytes())
    data[0:100] = b"\x00" * 100  # the SQLite header
    saved.write_bytes(bytes(data))
    if keep_sha:
        manifest = snapshot.read_manifest(saved) or {}
        snapshot.write_manifest(saved, {**manifest, "file_sha256": snapshot.file_sha256(saved)})
    before = school_digests(db_path)
    run = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(db_path), "backup", "restore",
                          str(saved), "--yes"], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "DatabaseError" not in run.stderr
    assert "已損毀" in run.stderr and "is damaged" in run.stderr and "nothing restored" in run.stderr
    assert school_digests(db_path) == before  # every table but the sign-in's, row for row
    assert restore_rows(db_path) == [] and leftovers(db_path) == []
