"""A simulated power cut, not only a killed process: what survives when the disk loses its cache.

Method (tests/data/powercut.py, tests/data/powercut_shim.c): the workload — open the database through
the app, a 400-row roster import in one transaction, then 12 audited setting writes — runs in its own
process with a small LD_PRELOAD library that logs every write (with its bytes), truncate, fsync and
unlink the process makes in the database's folder, in order. From that log, crash images are rebuilt at
every fsync boundary and at random points in between: for each file, what was fsynced is on the disk;
each later write arrived wholly, not at all or torn into 512-byte sectors (randomly, and the two
extremes: all lost / all kept). The process also logs a line after each transaction returned, so each
image knows which commits the user had been told were saved.

Every image must open with ``PRAGMA integrity_check`` ok; hold the import wholly or not at all, with
its audit row exactly when its students are there; hold a setting counter equal to its number of
audit rows; and hold every transaction that had returned (the app's writers run synchronous=FULL,
store/engine.py). The control runs the same workload with the writers lowered to synchronous=NORMAL
and finds images that lost a returned commit — so the simulation can tell the difference.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from portfolio_desktop.store.open import open_database
from tests.data import powercut
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

pytestmark = pytest.mark.skipif(sys.platform != "linux" or shutil.which("cc") is None,
                                reason="needs Linux and a C compiler for the write-log library")

ROOT = Path(__file__).resolve().parents[2]
STUDENTS = 400
RANDOM_IMAGES = 3  # random images per crash point, besides the two extremes


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shim") / "powercut_shim.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(out), str(ROOT / "tests/data/powercut_shim.c"), "-ldl",
                    "-lpthread"], check=True, capture_output=True, timeout=120)
    return out


def roster(path: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名冊")
    ws.append(["學號", "姓名", "班級", "性別", "通訊地址"])
    for i in range(STUDENTS):
        ws.append([f"{i + 1:06d}", f"斷電生{i}𡘙", f"{1 + i % 3}{(i // 40) % 10 + 1:02d}", "男" if i % 2 else "女",
                   f"臺南市東區大學路{i}號"])
    wb.save(path)
    return path


def run_workload(shim: Path, folder: Path, synchronous: str) -> tuple[dict[str, bytes], list[powercut.Op], str]:
    """(the starting files, the logged operations, the marks file's path) of one workload run."""
    folder.mkdir()
    db_path = folder / "school.sqlite3"
    db = open_database(str(db_path))
    try:
        seed_staff(db, CLERK, *CLERK_GRANTS)
    finally:
        db.dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    start = {str(p): p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith("-shm")}
    log, marks = folder.parent / f"{folder.name}.log", folder / "marks"
    env = {**os.environ, "LD_PRELOAD": str(shim), "POWERCUT_DIR": str(folder), "POWERCUT_LOG": str(log)}
    done = subprocess.run([sys.executable, "-m", "tests.data.powercut", str(db_path),
                           str(roster(folder.parent / f"{folder.name}.xlsx")), str(marks), CLERK, synchronous],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    ops = powercut.read_log(log)
    assert any(op.kind == "S" for op in ops) and any(op.path == str(marks) for op in ops), "the shim logged nothing"
    return start, ops, str(marks)


def crash_points(ops: list[powercut.Op], rng: random.Random) -> list[int]:
    """Just before and just after every fsync, and random points in between (k = ops done)."""
    syncs = [i for i, op in enumerate(ops) if op.kind == "S"]
    points = {k for i in syncs for k in (i, i + 1)} | {rng.randrange(1, len(ops) + 1) for _ in range(40)}
    return sorted(points | {len(ops)})


def check_image(files: dict[str, bytes], folder: Path, returned: int) -> str | None:
    """None when the image is consistent and holds every returned transaction, else what is wrong."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, data in files.items():
        if Path(name).name.startswith("school.sqlite3") and not name.endswith("-shm"):
            (folder / Path(name).name).write_bytes(data)
    conn = sqlite3.connect(folder / "school.sqlite3")
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "integrity_check failed"
        students = conn.execute("SELECT count(*) FROM student").fetchone()[0]
        imports = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'roster.import'").fetchone()[0]
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (powercut.COUNTER,)).fetchone()
        counter = int(row[0]) if row else 0
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'setting.set' AND entity_key = ?",
                               (powercut.COUNTER,)).fetchone()[0]
    finally:
        conn.close()
    if students not in (0, STUDENTS) or imports != (students == STUDENTS):
        return f"a half import: {students} students, {imports} import audit rows"
    if counter != audited:
        return f"setting {counter} with {audited} audit rows"
    saved = (students == STUDENTS) + counter
    if saved < returned:
        return f"lost a returned commit: {returned} returned, {saved} on disk"
    return None


def images(start: dict[str, bytes], ops: list[powercut.Op], marks: str, scratch: Path,
           seed: int) -> tuple[int, list[str]]:
    """(how many images were checked, what was wrong with each bad one)."""
    rng = random.Random(seed)
    checked, wrong = 0, []
    for k in crash_points(ops, rng):
        returned = powercut.marks_before(ops, k, marks)
        for mode in ("lose", "keep", *["random"] * RANDOM_IMAGES):
            problem = check_image(powercut.crash_image(start, ops, k, mode, rng), scratch, returned)
            checked += 1
            if problem:
                wrong.append(f"op {k}/{len(ops)} {mode}: {problem}")
    return checked, wrong


def test_a_power_cut_at_any_moment_loses_no_returned_commit_and_no_consistency(shim: Path, tmp_path: Path) -> None:
    start, ops, marks = run_workload(shim, tmp_path / "app", "app")
    assert powercut.marks_before(ops, len(ops), marks) == 1 + powercut.SETTING_WRITES
    checked, wrong = images(start, ops, marks, tmp_path / "image", seed=20)
    assert checked > 200
    assert wrong == []
    # and the app itself opens a cut image, at its schema, and can write to it
    cut = powercut.crash_image(start, ops, len(ops) // 2, "lose", random.Random(1))
    assert check_image(cut, tmp_path / "reopen", 0) is None
    db = open_database(str(tmp_path / "reopen" / "school.sqlite3"))
    db.dispose()


def test_the_simulation_sees_a_lost_commit_when_commits_are_not_synced(shim: Path, tmp_path: Path) -> None:
    """The control: with the writers at synchronous=NORMAL a returned commit is only in the WAL's cache,
    and some image loses it — while every image still passes integrity_check (a cut never breaks
    consistency, only durability)."""
    start, ops, marks = run_workload(shim, tmp_path / "normal", "NORMAL")
    _checked, wrong = images(start, ops, marks, tmp_path / "image", seed=20)
    assert wrong
    assert all("lost a returned commit" in w for w in wrong), wrong[:5]
