"""SIGKILL in the middle of a notice batch (`notices print` through the real CLI in a real process,
issue 7): ``PRAGMA integrity_check`` is ok, the output PDF is either absent or complete — never a
truncated file under the name the user asked for — and never a "批次 N" PDF that no batch records.

Where the kill lands is chosen from what the process visibly does: services/notices/notices.py renders into a
hidden temporary file (``.notices-*.pdf``) in the output folder, then records the batch in one
transaction, then fsyncs the PDF and renames it to the output name. So a kill leaves either no batch
and no PDF (the database unchanged but the sign-in), or the whole batch recorded, whose PDF
`notices reprint` prints again. The CLI signs the user in first (its own committed action:
``account.last_login_at`` and one ``account.sign_in`` audit row), so that is the one change allowed
besides the batch. A hidden file left by a killed run is removed by a later print once it is stale.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.store import snapshot
from portfolio_desktop.store.engine import Database
from tests.data.receipts import RECEIPT_HEADERS, load_roster, set_letterhead, write_xlsx
from tests.data.staff import PASSWORD, REGISTRY_DAY, staff

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing"),
]

ROOT = Path(__file__).resolve().parents[2]
STUDENTS = 600
CLERK = "crash-clerk"


def departed_rows(n: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(n):
        cls, seat = divmod(i, 40)
        rows.append([f"{i + 1:07d}", f"離校生{i}𡘙", "", "男" if i % 2 else "女", "2006-03-01", "資訊科",
                     f"3{cls + 1:02d}", seat + 1, "畢業", "2024-06-30", f"{820 + i % 7}",
                     f"高雄市岡山區岡山路{i + 1}號之𡘙", f"家長{i}"])
    return rows


@pytest.fixture
def school(db: Database, db_path: Path, actor: object, tmp_path: Path) -> Path:
    rows = departed_rows(STUDENTS)
    load_roster(db, actor, tmp_path, rows)  # type: ignore[arg-type]
    items = [[r[0], r[1], 112, t, cat, f"{cat}項目{k}", 1] for r in rows for t in (1, 2)
             for k, cat in enumerate(("學籍資料", "修課紀錄", "多元表現"))]
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, items))  # type: ignore[arg-type]
    set_letterhead(db, actor)  # type: ignore[arg-type]
    staff(db, CLERK, REGISTRY_DAY, password=PASSWORD)
    db.dispose()
    return db_path


def app_env(db_path: Path) -> dict[str, str]:
    """The CLI's environment: signed in, and a per-user data folder of this test's own, so that the
    journal of files being written (io/durable.py) is not cleaned by another test's app start."""
    return {**os.environ, "PORTFOLIO_PASSWORD": PASSWORD, "XDG_DATA_HOME": str(db_path.parent / "xdg-data")}


def print_batch(db_path: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "portfolio_desktop", "--db", str(db_path), "--user", CLERK, "notices", "print",
         "--out", str(out), "--date", "113/08/29"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=app_env(db_path),
    )


def state(path: Path) -> tuple[dict[str, snapshot.TableDigest], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(digests of every table but account and audit_log, account rows without last_login_at, audit rows)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        digests = snapshot.table_digests(conn)
        accounts = conn.execute("SELECT id, staff_id, password_hash, must_change, disabled, failed_count, "
                                "last_failed_at, locked_until, password_changed_at FROM account ORDER BY id").fetchall()
        audits = conn.execute("SELECT id, actor, action, entity, entity_key, before, after FROM audit_log "
                              "ORDER BY id").fetchall()
    finally:
        conn.close()
    for name in ("account", "audit_log"):
        digests.pop(name)
    return digests, accounts, audits


def assert_unchanged_but_the_sign_in(before: tuple, after: tuple) -> None:  # type: ignore[type-arg]
    assert after[0] == before[0]  # every other table: same rows, same checksum (no batch, no notice)
    assert after[1] == before[1]
    old, new = before[2], after[2]
    assert new[: len(old)] == old
    assert [(a[1], a[2]) for a in new[len(old):]] == [(CLERK, "account.sign_in")]


def wait_for(proc: subprocess.Popen[bytes], condition, what: str, limit: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while not condition():
        assert proc.poll() is None, f"finished before {what}: {proc.communicate()[1].decode()[-2000:]}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.005)


def kill_when(proc: subprocess.Popen[bytes], condition, what: str, limit: float = 120) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL ``proc`` as soon as ``condition`` holds; a process that finished successfully just before
    (the last steps are quick) is as good: what it left is checked the same way."""
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.communicate()[1].decode()[-2000:]
            break
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def batch_counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return (conn.execute("SELECT count(*) FROM notice_batch").fetchone()[0],
                conn.execute("SELECT count(*) FROM notice").fetchone()[0])  # fmt: skip
    finally:
        conn.close()


def run_cli(db_path: Path, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(db_path), "--user", CLERK, *args],
                          cwd=ROOT, capture_output=True, env=app_env(db_path), timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]


def test_kill_while_rendering_leaves_no_output_and_no_batch(school: Path, tmp_path: Path) -> None:
    before = state(school)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "notices.pdf"
    proc = print_batch(school, out)
    wait_for(proc, lambda: any(folder.glob(".notices-*.pdf")), "the render start")
    time.sleep(0.3)  # well inside a 600-letter render (not a timing assertion: any point inside is the same)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # nothing under the name the user asked for
    assert_unchanged_but_the_sign_in(before, state(school))
    # the hidden temporary file a killed render leaves is not a PDF anyone would take as done
    leftovers = list(folder.glob(".notices-*.pdf"))
    assert leftovers
    for leftover in leftovers:
        with pytest.raises(Exception):
            PdfReader(leftover).pages[0]  # noqa: B018
        old = time.time() - 3600  # as if the killed run was an hour ago: stale for the next print
        os.utime(leftover, (old, old))
    # the batch can simply be printed again: one batch, a complete PDF, and the stale file is gone
    again = print_batch(school, out)
    _out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()[-2000:]
    assert len(PdfReader(out).pages) >= STUDENTS
    assert batch_counts(school) == (1, STUDENTS)
    assert list(folder.glob(".notices-*")) == []


def test_kill_once_the_pdf_is_named_leaves_it_recorded(school: Path, tmp_path: Path) -> None:
    """The batch is recorded before the PDF is renamed into place: once the output exists, the whole
    batch is in the database and the PDF is complete."""
    out = tmp_path / "notices.pdf"
    proc = print_batch(school, out)
    kill_when(proc, out.exists, "the output file")
    assert len(PdfReader(out).pages) >= STUDENTS  # complete: every letter is there and it parses
    assert batch_counts(school) == (1, STUDENTS)
    state(school)  # integrity_check ok


def test_kill_once_the_batch_is_recorded_leaves_a_reprintable_batch(school: Path, tmp_path: Path) -> None:
    """Killed between the commit and the rename (or just after it): the batch is whole, and its PDF is
    either complete under the output name or absent — then `notices reprint` prints it."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "notices.pdf"
    proc = print_batch(school, out)
    kill_when(proc, lambda: batch_counts(school)[0] > 0, "the batch record")
    state(school)  # integrity_check ok
    assert batch_counts(school) == (1, STUDENTS)
    if not out.exists():
        run_cli(school, "notices", "reprint", "1", "--out", str(out))
    reader = PdfReader(out)
    assert len(reader.pages) >= STUDENTS
    assert "批次 1" in (reader.metadata.subject or "")
    assert batch_counts(school) == (1, STUDENTS)  # a reprint records no second batch


def test_a_killed_print_leaves_nothing_once_the_app_starts_again(school: Path, tmp_path: Path) -> None:
    """The hidden PDF a killed print leaves (names and addresses in it) is deleted at the next start
    of the app — any command — wherever it was written, without waiting for it to become stale."""
    elsewhere = tmp_path / "usb-stick"
    elsewhere.mkdir()
    proc = print_batch(school, elsewhere / "通知.pdf")
    hidden = lambda: [p for p in elsewhere.iterdir() if p.name.startswith(".notices-")]  # noqa: E731
    wait_for(proc, lambda: any(p.stat().st_size > 0 for p in hidden()), "the hidden PDF being written")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    left = hidden()
    if not left:  # the print finished just before the kill: nothing to clean
        pytest.skip("the print completed before it could be killed")
    assert all(p.stat().st_size > 0 for p in left)
    started = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--version"], cwd=ROOT,
                             capture_output=True, timeout=60)
    assert started.returncode == 0
    assert hidden() == left  # --version exits in the parser, before anything else runs
    again = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(school), "--user", CLERK,
                            "receipts", "list"], cwd=ROOT, capture_output=True, timeout=120,
                           env=app_env(school))
    assert again.returncode == 0, again.stderr.decode()
    assert hidden() == [] and not (elsewhere / "通知.pdf").exists()
