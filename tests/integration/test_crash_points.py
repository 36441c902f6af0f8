"""SIGKILL at many exact points of a roster import, a notice batch and a backup restore, each run
through the real CLI in its own process (tests/data/fault_points.py: the process kills itself at its
N-th database statement or commit; a control run counts the points first).

Kill points are spread over the whole run — the sign-in, the reads, every statement of the write
transaction, just before and just after each COMMIT. After every kill, the next start must find:
``PRAGMA integrity_check`` ok; the action either wholly there or wholly absent (no half-written import
or batch); its audit row present exactly when its data is; no hidden temporary file left (the notice
PDF journal of io/durable.py, a restore's private copy) once the app has started again.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import snapshot
from portfolio_desktop.store.open import open_database
from tests.data.receipts import RECEIPT_HEADERS, load_roster, set_letterhead, write_xlsx
from tests.data.staff import CLERK_GRANTS, IT, signed_in_env, signed_in_file

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12  # kill points per scenario, spread evenly over the control run's points
SIGN_IN = {"audit_log", "account"}  # each CLI run commits its sign-in first


def roster_file(path: Path, rows: int, name: str) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名冊")
    ws.append(["學號", "姓名", "班級", "性別", "通訊地址"])
    for i in range(rows):
        ws.append([f"{i + 1:06d}", f"{name}{i}𡘙", f"{1 + i % 3}{(i // 40) % 20 + 1:02d}", "男" if i % 2 else "女",
                   f"臺北市中正區重慶南路一段{i}號"])
    wb.save(path)
    return path


def run_points(db: Path, kill_at: int, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    count = db.parent / "points.txt"
    return subprocess.run([sys.executable, "-m", "tests.data.fault_points", str(kill_at), str(count), "--db", str(db),
                           *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)


def count_points(db: Path, env: dict[str, str], *args: str) -> int:
    done = run_points(db, 0, env, *args)
    assert done.returncode == 0, done.stderr[-2000:]
    return int((db.parent / "points.txt").read_text())


def kill_points(total: int) -> list[int]:
    """KILLS points from the first to the last, always including the final few (the commit and after)."""
    spread = {1 + (total - 1) * k // (KILLS - 1) for k in range(KILLS)}
    return sorted(spread | {max(1, total - 2), max(1, total - 1), total})


def table_state(db: Path) -> dict[str, object]:
    """Every table's row count (but the sign-in's) and the students' own fields (not their time stamps,
    which differ from one run to the next)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        state: dict[str, object] = {k: v.rows for k, v in snapshot.table_digests(conn).items() if k not in SIGN_IN}
        state["students"] = conn.execute("SELECT student_no, name, address, class_id FROM student "
                                         "ORDER BY student_no").fetchall()
        return state
    finally:
        conn.close()


def audit_actions(db: Path, action: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0])
    finally:
        conn.close()


def kill_everywhere(base: Path, tmp_path: Path, env: dict[str, str], args: Callable[[Path], list[str]],
                    check: Callable[[Path, Path], None]) -> int:
    """Count the points of ``args`` on a copy of ``base``, then kill a fresh copy at each chosen point and
    ``check(database, run_folder)``; returns how many kills landed (a run may end before its point)."""
    control = tmp_path / "control"
    control.mkdir()
    shutil.copyfile(base, control / base.name)
    total = count_points(control / base.name, env, *args(control))
    assert total > 15  # enough statements to kill at (the sign-in reads a person in one)
    killed = 0
    for point in kill_points(total):
        run = tmp_path / f"kill-{point}"
        run.mkdir()
        db = run / base.name
        shutil.copyfile(base, db)
        done = run_points(db, point, env, *args(run))
        assert done.returncode == -signal.SIGKILL, f"point {point} of {total}: {done.returncode} {done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr
        killed += 1
        check(db, run)
    return killed


# ----------------------------------------------------------------------------------------- roster


def test_a_roster_import_killed_at_any_statement_is_all_or_nothing(tmp_path: Path) -> None:
    base = tmp_path / "school.sqlite3"
    env = signed_in_file(base, "crash-points")
    first = run_points(base, -1, env, "roster", "import", str(roster_file(tmp_path / "first.xlsx", 300, "原名")))
    assert first.returncode == 0, first.stderr[-2000:]
    big = roster_file(tmp_path / "big.xlsx", 1_200, "新名")
    before = table_state(base)
    done = run_points(_copy(base, tmp_path / "after"), -1, env, "roster", "import", str(big))
    assert done.returncode == 0, done.stderr[-2000:]
    after = table_state(tmp_path / "after" / base.name)
    assert after["student"] != before["student"]
    imports = audit_actions(base, "roster.import")

    def check(db: Path, _run: Path) -> None:
        state = table_state(db)
        assert state in (before, after), "a half-written import"
        assert audit_actions(db, "roster.import") == imports + (state == after)
        open_database(str(db)).dispose()  # the next start opens it normally

    assert kill_everywhere(base, tmp_path, env, lambda _run: ["roster", "import", str(big)], check) >= KILLS


def _copy(db: Path, folder: Path) -> Path:
    folder.mkdir()
    return Path(shutil.copyfile(db, folder / db.name))


# ----------------------------------------------------------------------------------------- notices


@pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
def test_a_notice_batch_killed_at_any_statement_leaves_no_half_batch_and_no_hidden_pdf(tmp_path: Path) -> None:
    base = tmp_path / "school.sqlite3"
    database = open_database(str(base))
    try:
        env = signed_in_env(database, "notice-points")
        actor = Actor("notice-points")
        rows = [[f"{i + 1:07d}", f"離校生{i}𡘙", "", "男" if i % 2 else "女", "2006-03-01", "資訊科", "301", i + 1, "畢業",
                 "2024-06-30", "820", f"高雄市岡山區岡山路{i + 1}號", f"家長{i}"] for i in range(60)]
        load_roster(database, actor, tmp_path, rows)
        items = [[r[0], r[1], 112, 1, "學籍資料", "基本資料", 1] for r in rows]
        receipts.import_receipts(database, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, items))
        set_letterhead(database, actor)
    finally:
        database.dispose()
    before = table_state(base)

    def args(run: Path) -> list[str]:
        (run / "out").mkdir(exist_ok=True)
        return ["notices", "print", "--out", str(run / "out" / "通知.pdf"), "--date", "113/08/29"]

    def app_env(run: Path) -> dict[str, str]:
        return {**env, "XDG_DATA_HOME": str(run / "xdg")}  # the write journal of this run only

    def check(db: Path, run: Path) -> None:
        state = table_state(db)
        conn = sqlite3.connect(db)
        batches, notices = conn.execute("SELECT (SELECT count(*) FROM notice_batch), (SELECT count(*) FROM notice)").fetchone()
        conn.close()
        assert (batches, notices) in ((0, 0), (1, 60)), "a half-written batch"
        if batches == 0:
            assert state == before
        assert audit_actions(db, "notice.print") == batches
        # the next start of the app (any command) removes a hidden PDF the killed run left
        started = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(db), "receipts", "list"],
                                 cwd=ROOT, env={**os.environ, **app_env(run)}, capture_output=True, timeout=300)
        assert started.returncode == 0, started.stderr.decode()[-2000:]
        assert [p.name for p in (run / "out").iterdir() if p.name.startswith(".")] == []

    control = tmp_path / "control"
    control.mkdir()
    shutil.copyfile(base, control / base.name)
    total = count_points(control / base.name, app_env(control), *args(control))
    for point in kill_points(total):
        run = tmp_path / f"kill-{point}"
        run.mkdir()
        db = run / base.name
        shutil.copyfile(base, db)
        done = run_points(db, point, app_env(run), *args(run))
        assert done.returncode == -signal.SIGKILL, f"point {point} of {total}: {done.stderr[-2000:]}"
        check(db, run)


# ----------------------------------------------------------------------------------------- restore


def test_a_restore_killed_at_any_statement_is_the_old_or_the_restored_database(tmp_path: Path) -> None:
    base = tmp_path / "school.sqlite3"
    database = open_database(str(base))
    try:
        env = signed_in_env(database, "資訊組", (IT, *CLERK_GRANTS))
        actor = Actor("資訊組")
    finally:
        database.dispose()
    first = run_points(base, -1, env, "roster", "import", str(roster_file(tmp_path / "saved.xlsx", 200, "備份時")))
    assert first.returncode == 0, first.stderr[-2000:]
    database = open_database(str(base))
    try:
        saved = backup.create_backup(database, actor).path
    finally:
        database.dispose()
    later = run_points(base, -1, env, "roster", "import", str(roster_file(tmp_path / "later.xlsx", 250, "還原前")))
    assert later.returncode == 0, later.stderr[-2000:]
    before = table_state(base)["students"]
    restored = table_state(saved)["students"]

    def check(db: Path, run: Path) -> None:
        open_database(str(db)).dispose()  # the next start: a killed restore's private copy goes
        assert sorted(p.name for p in run.iterdir() if ".restore-" in p.name) == []
        student = table_state(db)["students"]
        assert student in (before, restored)
        assert audit_actions(db, "backup.restore") == (student == restored)

    killed = kill_everywhere(base, tmp_path, env, lambda _run: ["backup", "restore", str(saved), "--yes"], check)
    assert killed >= KILLS
