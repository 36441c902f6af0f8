"""GUI benchmark: whole processes from start to the roster's data shown, and closing when nothing changed.

For each size (2,000 and 50,000 students imported through the roster import, a backup already taken
so the exit backup has something to compare with) it starts, interleaved, ``--runs`` times each:

- ours: a process that loads the GUI module first (as ``portfolio-desktop`` does: the command line
  imports it before anything of Qt), opens the database, opens the main window as the app does
  (without the daily backup and without the sign-in dialog: the signed-in registry clerk is handed
  in), waits for its ``ready`` (the roster's data shown), then closes the window (the exit backup
  runs if it must);
- the floor: a bare ``QMainWindow`` + ``QTableView`` process, shown, one turn of the event loop;
- with ``--before DIR``: the same "ours" process on another checkout of the code (e.g. the commit
  before the op runner: ``git archive <commit> | tar -x -C DIR``), so before and after are measured in
  one run on the same files.

It prints medians of the whole-process time to data shown, the closing time, and the ratio to the
floor. Run: ``.venv/bin/python benchmarks/gui_start.py [--sizes 2000 50000] [--runs 3] [--before DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, os, sys, time
from pathlib import Path
from portfolio_desktop.gui.app import make_application, open_main_window
from PySide6.QtCore import QSettings, QTimer
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.open import open_database

app = make_application()
db = open_database(sys.argv[1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
out = {}
window = open_main_window(db, Actor("benchmark"), daily_backup=False, settings=settings)

def shown():
    out["ready"] = time.time()
    roster = window.roster
    model = getattr(roster, "model", None) or roster.table_model
    out["rows"] = model.shown_count() if hasattr(model, "shown_count") else model.rowCount()
    start = time.perf_counter()
    window.close()
    out["close"] = time.perf_counter() - start
    app.quit()

window.ready.connect(lambda: QTimer.singleShot(0, shown))
app.exec()
(window.ctx.ops if hasattr(window, "ctx") else window.jobs).shutdown()
db.dispose()
print(json.dumps(out))
"""

BARE = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
window = QMainWindow()
view = QTableView(window)
view.setModel(QStandardItemModel(0, 12, view))
window.setCentralWidget(view)
window.resize(1200, 760)
window.show()
out = {}

def shown():
    out["ready"] = time.time()
    window.close()
    app.quit()

QTimer.singleShot(0, shown)
app.exec()
print(json.dumps(out))
"""


def prepare(folder: Path, students: int) -> Path:
    """A migrated database with ``students`` imported by the registry clerk and one backup taken."""
    sys.path.insert(0, str(HERE))
    from bench_actor import ADMIN, registry_clerk
    from roster_import import build_roster

    from portfolio_desktop.services.admin import backup
    from portfolio_desktop.services.rosters import rosters
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.store.open import open_database

    db_path = folder / f"gui-{students}.sqlite3"
    db = open_database(str(db_path))
    try:
        clerk = registry_clerk(db)
        report = rosters.import_roster(db, clerk, build_roster(folder / f"roster-{students}.xlsx", students))
        assert report.added and not report.problems, report.problems[:3]
        admin = Actor(ADMIN)  # backups are the administrator's
        backup.update_backup_settings(db, admin, folder=str(folder / f"backups-{students}"), daily=False)
        backup.create_backup(db, admin)  # the exit backup compares with this one
    finally:
        db.dispose()
    return db_path


def run_child(code: str, args: list[str], pythonpath: Path | None) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules load from their .pyc (the first run writes them)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          cwd=str(pythonpath or ROOT), timeout=600, check=False)
    end = time.time()
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        raise RuntimeError(done.stderr[-2000:])
    out = json.loads(lines[-1])
    out["crashed"] = float(done.returncode != 0)  # e.g. a crash while the interpreter shuts down
    out["shown"] = out["ready"] - start
    out["process"] = end - start
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to measure in the same run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shown_at: dict[str, dict[int, float]] = {}
        for students in args.sizes:
            db_path = prepare(folder, students)
            kinds = {"ours": ROOT} | ({"before": args.before.resolve()} if args.before else {})
            results: dict[str, list[dict[str, float]]] = {k: [] for k in [*kinds, "bare"]}
            for kind, code_dir in kinds.items():  # a warm-up, not counted: it writes the .pyc files
                run_child(CHILD, [str(db_path), str(folder / f"{kind}-{students}-warm.ini")], code_dir)
            for run in range(args.runs):
                for kind, code_dir in kinds.items():
                    ini = folder / f"{kind}-{students}-{run}.ini"
                    results[kind].append(run_child(CHILD, [str(db_path), str(ini)], code_dir))
                results["bare"].append(run_child(BARE, [], None))
            floor = statistics.median(r["shown"] for r in results["bare"])
            print(f"{students:,} students (median of {args.runs}; floor: bare QMainWindow + QTableView "
                  f"{floor:.2f} s to shown)")
            for kind in kinds:
                shown = statistics.median(r["shown"] for r in results[kind])
                close = statistics.median(r["close"] for r in results[kind])
                rows = int(results[kind][0]["rows"])
                process = statistics.median(r["process"] for r in results[kind])
                crashed = sum(int(r["crashed"]) for r in results[kind])
                print(f"  {kind:6} start → data shown {shown:5.2f} s ({shown / floor:4.1f}× the floor), "
                      f"close with nothing changed {close:5.2f} s, whole process {process:5.2f} s, {rows:,} rows"
                      + (f"; exit crashed in {crashed} of {args.runs} runs" if crashed else ""))
                shown_at.setdefault(kind, {})[students] = shown
        if len(args.sizes) > 1:
            small, large = min(args.sizes), max(args.sizes)
            for kind, at in shown_at.items():
                print(f"  {kind:6} {large:,} students take {at[large] / at[small]:.2f}× the time of {small:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
