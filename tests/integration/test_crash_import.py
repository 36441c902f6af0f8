"""SIGKILL in the middle of a 20,000-row roster import (the real CLI in a real process): the database
keeps exactly the rows it had before, and ``PRAGMA integrity_check`` is ok (crash safety).

Where the kill lands is chosen from what the process is visibly doing: while it is still reading the
file, and at several points while its one write transaction is spilling pages into the WAL (the WAL
is still far smaller than a finished import's, so the commit frame cannot have been written).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from portfolio_desktop.store import snapshot
from tests.data.staff import signed_in_file

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
BASELINE = 1_000
# The CLI signs in: each run records its sign-in (audit_log, account.last_login_at) in its own
# small transaction before the import starts; the import's tables are compared without those two.
SIGN_IN_TABLES = {"audit_log", "account"}
ENV: dict[str, str] = {}


def write_roster(path: Path, rows: int, name: str) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名冊")
    ws.append(["學號", "姓名", "班級", "性別", "通訊地址"])
    for i in range(rows):
        ws.append([f"{i + 1:06d}", f"{name}{i}𡘙", f"{1 + i % 3}{(i // 40) % 20 + 1:02d}",
                   "男" if i % 2 else "女", f"臺北市中正區重慶南路一段{i}號"])
    wb.save(path)
    return path


def cli(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "portfolio_desktop", "--db", str(db), *args],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **ENV},
    )


def digests(path: Path) -> dict[str, snapshot.TableDigest]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {k: v for k, v in snapshot.table_digests(conn).items() if k not in SIGN_IN_TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A database with 1,000 students (names the big file changes) and the 20,000-row file."""
    folder = tmp_path_factory.mktemp("crash")
    base = folder / "baseline.sqlite3"
    ENV.update(signed_in_file(base, "crash-test"))
    small = write_roster(folder / "small.xlsx", BASELINE, "原名")
    proc = cli(base, "roster", "import", str(small))
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    conn = sqlite3.connect(base)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"base": base, "big": write_roster(folder / "big.xlsx", ROWS, "新名")}


def schema(path: Path) -> list[tuple[str, str, str]]:
    """Every table's and index's definition (a large import builds the student indexes after its rows:
    store/bulk_indexes.py)."""
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))
    finally:
        conn.close()


def fresh_copy(files: dict[str, Path], tmp_path: Path) -> Path:
    target = tmp_path / "portfolio.sqlite3"
    shutil.copyfile(files["base"], target)
    return target


def wal_size(db: Path) -> int:
    try:
        return os.path.getsize(f"{db}-wal")
    except FileNotFoundError:
        return 0


def test_the_import_itself_works(files: dict[str, Path], tmp_path: Path) -> None:
    """The control: left alone, the same command imports every row (so the kills below matter)."""
    db = fresh_copy(files, tmp_path)
    proc = cli(db, "roster", "import", str(files["big"]))
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    after = digests(db)
    assert after["student"].rows == ROWS
    assert after["student"] != digests(files["base"])["student"]
    assert schema(db) == schema(files["base"])


@pytest.mark.slow
@pytest.mark.parametrize("wal_bytes", [0, 1 << 20, 2 << 20, 3 << 20])
def test_sigkill_mid_import_leaves_the_database_as_it_was(
    files: dict[str, Path], tmp_path: Path, wal_bytes: int
) -> None:
    """wal_bytes = 0: killed while reading the file; otherwise once the write transaction has
    spilled that much into the WAL (a finished import writes about 6.6 MB)."""
    db = fresh_copy(files, tmp_path)
    before, defined = digests(db), schema(db)
    proc = cli(db, "roster", "import", str(files["big"]))
    deadline = time.monotonic() + 300
    if wal_bytes == 0:
        # killed as soon as the sign-in's audit row is in the WAL: signed in, now parsing 20,000 rows (which
        # takes about a second), so the import's write has not begun — however fast the start-up is
        while wal_size(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert wal_size(db) < 1 << 16  # only the sign-in's few pages
    else:
        while wal_size(db) < wal_bytes:
            assert proc.poll() is None, "the import ended before the kill point"
            assert time.monotonic() < deadline
            time.sleep(0.001)
    assert proc.poll() is None, "the import ended before the kill point"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert digests(db) == before  # every table: same row count, same rows, in the same order
    assert schema(db) == defined  # and every index there
    # and the next workstation opens it normally and can import after the crash
    again = cli(db, "roster", "import", str(files["big"]))
    _out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    assert digests(db)["student"].rows == ROWS
