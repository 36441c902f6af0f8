"""Every speed goal as a whole process against its floor, in one run.

Each job runs our command as a fresh process (Python start, imports, sign-in with the real Argon2
cost, database open, the work, exit) and, in turn with it (A B A B …, so that a machine whose speed
drifts affects both alike), its floor: the same job done by a bare program (benchmarks/floors.py).
Printed per job: median wall seconds of ours and of the floor, the median of the pairwise ratios of
wall time (and of CPU time, user + system, which a busy machine disturbs less), our peak memory
(the process's own maximum resident set), and the goal. Modules load from their .pyc files, as
installed.

    .venv/bin/python benchmarks/whole_process.py [--runs 5] [--only help,import5k,...] [--keep DIR]

Jobs and floors:
  help        `portfolio-desktop --help`                  vs `python -c "import sqlalchemy"`  (goal < 1×)
  signed-in   `roster list --class C --json` as a clerk    vs `python -c "import sqlalchemy"`  (goal ≤ 0.45 s)
  import5k    `roster import` of 5,000 rows, fresh db      vs calamine read + one executemany (goal ≤ 5×)
              … and vs a bare openpyxl read-only pass of the same file                       (goal < 1×)
  import50k   `roster import` of 50,000 rows, fresh db     vs calamine + executemany          (≤ 2×, ≤ 150 MB)
  reimport50k the same file again, every student unchanged  vs calamine + executemany          (≤ 150 MB; the
              school's usual import: its roster again each term; the ratio is shown, not a goal)
  dashboard   `dashboard --class C --json`, 20,000 students vs sqlite3 GROUP BY + SQLAlchemy import (≤ 2×)
  notice1     `notices print` of one notice                vs bare reportlab, same TTFs, same pages (≤ 0.5 s, ≤ 120 MB)
  notices500  `notices print` of 500 notices               vs the same bare reportlab pages    (≥ 300 pages/s)

Building the data takes a minute or two (a 50,000-row .xlsx, a 20,000-student school, a demo school
with 500 more of them graduated); ``--keep DIR`` keeps it for the next run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
ADMIN, ADMIN_PW = "bench-admin", "bench-admin-password-113"
CLERK, CLERK_PW = "clerk", "clerk-password-113"


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    out: str = ""


@dataclass
class Job:
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] | None = None  # not timed: e.g. a fresh copy of the database

    def run(self) -> Run:
        if self.prepare is not None:
            self.prepare()
        env = {**os.environ, **self.env}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules load from their .pyc (the warm-up writes them)
        start = time.perf_counter()
        proc = subprocess.Popen(self.argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                cwd=str(HERE))
        assert proc.stdout is not None
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = out.decode("utf-8", "replace")
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(self.argv)} exited {proc.returncode}:\n{text[-2000:]}")
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def paired(ours: Job, floor: Job, runs: int) -> tuple[list[Run], list[Run]]:
    ours.run()
    floor.run()  # warm-up: page cache, .pyc files
    a: list[Run] = []
    b: list[Run] = []
    for _ in range(runs):
        a.append(ours.run())
        b.append(floor.run())
    return a, b


def cli(db: Path, *args: str, user: str | None = None, password: str | None = None,
        new_password: str | None = None) -> list[str]:
    return [PY, "-m", "portfolio_desktop", "--db", str(db), *(["--user", user] if user else []), *args]


def env_for(password: str, new_password: str | None = None) -> dict[str, str]:
    env = {"PORTFOLIO_PASSWORD": password}
    if new_password:
        env["PORTFOLIO_NEW_PASSWORD"] = new_password
    return env


def run_cli(db: Path, *args: str, user: str | None = None, password: str = ADMIN_PW,
            new_password: str | None = None) -> str:
    return Job(cli(db, *args, user=user), env_for(password, new_password)).run().out


# ------------------------------------------------------------------------------------ data


def school_with_clerk(db: Path) -> None:
    """A database with an administrator and a registry clerk (both divisions) who signs in with a
    password of their own, made through the command line like at a school."""
    run_cli(db, "init", "--admin", ADMIN)
    run_cli(db, "accounts", "add", CLERK, "--name", "註冊組長", "--role", "registry:day", "--role", "registry:night",
            user=ADMIN, new_password="clerk-first-113")
    run_cli(db, "accounts", "passwd", user=CLERK, password="clerk-first-113", new_password=CLERK_PW)


def data_paths(folder: Path) -> dict[str, Path]:
    return {name: folder / name for name in ("roster1k.xlsx", "roster5k.xlsx", "roster50k.xlsx", "empty.sqlite3",
                                             "small.sqlite3", "full50k.sqlite3", "dash.sqlite3", "notices.sqlite3")}


def build_data(folder: Path) -> None:
    """Build what is missing in ``folder`` (run in a child process of its own: see main)."""
    sys.path.insert(0, str(HERE))
    from roster_import import build_roster  # benchmarks/roster_import.py

    paths = data_paths(folder)
    for rows, name in ((1000, "roster1k.xlsx"), (5000, "roster5k.xlsx"), (50_000, "roster50k.xlsx")):
        if not paths[name].exists():
            t = time.perf_counter()
            build_roster(paths[name], rows)
            print(f"  built {name} in {time.perf_counter() - t:.1f} s", flush=True)
    if not paths["empty.sqlite3"].exists():
        school_with_clerk(paths["empty.sqlite3"])
    if not paths["small.sqlite3"].exists():
        shutil.copy(paths["empty.sqlite3"], paths["small.sqlite3"])
        run_cli(paths["small.sqlite3"], "roster", "import", str(paths["roster1k.xlsx"]), user=CLERK, password=CLERK_PW)
    if not paths["full50k.sqlite3"].exists():  # the 50,000 students already imported once
        shutil.copy(paths["empty.sqlite3"], paths["full50k.sqlite3"])
        run_cli(paths["full50k.sqlite3"], "roster", "import", str(paths["roster50k.xlsx"]), user=CLERK,
                password=CLERK_PW)
    if not paths["dash.sqlite3"].exists():
        from dashboard import build  # benchmarks/dashboard.py: bare sqlite3 inserts into a migrated file

        t = time.perf_counter()
        build(paths["dash.sqlite3"], 20_000, 10)
        school_with_clerk(paths["dash.sqlite3"])
        print(f"  built dash.sqlite3 (20,000 students × 10 items) in {time.perf_counter() - t:.1f} s", flush=True)
    if not paths["notices.sqlite3"].exists():
        t = time.perf_counter()
        db = paths["notices.sqlite3"]
        run_cli(db, "init", "--admin", ADMIN)
        run_cli(db, "demo", "--students", "8000", user=ADMIN)
        more_departed(db, 650)
        run_cli(db, "notices", "settings", "--set", "school_name=岡山農工", "office=註冊組", "postal_code=820",
                "address=高雄市岡山區岡山路533號", "phone=(07)621-2345", user=ADMIN)
        run_cli(db, "accounts", "add", CLERK, "--role", "registry:day", "--role", "registry:night", user=ADMIN,
                new_password="clerk-first-113")
        run_cli(db, "accounts", "passwd", user=CLERK, password="clerk-first-113", new_password=CLERK_PW)
        print(f"  built notices.sqlite3 (demo school, 8,000 students) in {time.perf_counter() - t:.1f} s", flush=True)


def more_departed(db: Path, total: int) -> None:
    """Graduate third-year students until ``total`` departed students have receipt details: each new
    one gets the receipt items and states of a departed demo student (the demo gives them to about 4%)."""
    con = sqlite3.connect(db)
    with con:
        donors = [r[0] for r in con.execute("SELECT DISTINCT student_id FROM receipt_item ORDER BY student_id")]
        need = max(total - len(donors), 0)
        new = [r[0] for r in con.execute(
            "SELECT s.id FROM student s JOIN school_class c ON s.class_id = c.id WHERE s.status = 'enrolled' "
            "AND c.grade = 3 ORDER BY s.id LIMIT ?", (need,))]
        con.executemany("UPDATE student SET status = 'graduated', left_on = '2026-06-30' WHERE id = ?",
                        [(i,) for i in new])
        for k, sid in enumerate(new):
            donor = donors[k % len(donors)]
            con.execute("INSERT INTO receipt_item (student_id, term_id, category, item_name, count, source, imported_at) "
                        "SELECT ?, term_id, category, item_name, count, source, imported_at FROM receipt_item "
                        "WHERE student_id = ?", (sid, donor))
            con.execute("INSERT INTO receipt_status (student_id, term_id, state, via, decided_on, question, office, "
                        "updated_at) SELECT ?, term_id, 'pending', NULL, NULL, NULL, NULL, updated_at "
                        "FROM receipt_status WHERE student_id = ?", (sid, donor))
    con.close()


def departed(db: Path, limit: int) -> list[str]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT s.student_no FROM student s WHERE s.id IN (SELECT student_id FROM receipt_item) "
                           "AND s.status NOT IN ('enrolled', 'suspended') ORDER BY s.student_no LIMIT ?",
                           (limit,)).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


# ------------------------------------------------------------------------------------ jobs


@dataclass
class Line:
    job: str
    ours: str
    floor: str
    a: list[Run]
    b: list[Run]
    goal: str
    met: bool
    extra: str = ""

    def show(self) -> str:
        ow, fw = statistics.median(r.wall for r in self.a), statistics.median(r.wall for r in self.b)
        ratio = statistics.median(x.wall / y.wall for x, y in zip(self.a, self.b, strict=True))
        cpu = statistics.median(x.cpu / y.cpu for x, y in zip(self.a, self.b, strict=True))
        peak = max(r.peak_mb for r in self.a)
        return (f"{self.job:11s} {ow:7.3f} s {peak:6.0f} MB | {self.floor:38s} {fw:7.3f} s | {ratio:5.2f}× "
                f"(cpu {cpu:5.2f}×) | {self.goal:24s} {'met' if self.met else 'MISSED'}{self.extra}")


def fresh(template: Path, target: Path) -> Callable[[], None]:
    def copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copy(template, target)
    return copy


def jobs(paths: dict[str, Path], folder: Path, runs: int, only: set[str] | None) -> list[Line]:
    clerk = env_for(CLERK_PW)
    sqla = Job([PY, "-c", "import sqlalchemy"])
    out: list[Line] = []

    def want(name: str) -> bool:
        return only is None or name in only

    def line(job: str, ours: Job, ours_label: str, floor: Job, floor_label: str,
             goal: str, check: Callable[[list[Run], list[Run], float], bool], extra: Callable[[list[Run]], str] = lambda a: "") -> None:
        a, b = paired(ours, floor, runs)
        ratio = statistics.median(x.wall / y.wall for x, y in zip(a, b, strict=True))
        result = Line(job, ours_label, floor_label, a, b, goal, check(a, b, ratio), extra(a))
        print(result.show(), flush=True)
        out.append(result)

    med = statistics.median
    if want("help"):
        line("help", Job([PY, "-m", "portfolio_desktop", "--help"]), "--help", sqla, "python -c 'import sqlalchemy'",
             "< 1× import sqlalchemy", lambda a, b, r: r < 1)
    if want("signed-in"):
        line("signed-in", Job(cli(paths["small.sqlite3"], "roster", "list", "--class", "1005", "--json", user=CLERK),
                              clerk), "roster list --class --json", sqla, "python -c 'import sqlalchemy'",
             "≤ 0.45 s (aim 0.35 s)", lambda a, b, r: med(x.wall for x in a) <= 0.45)
    run_db = folder / "run.sqlite3"
    floor_db = folder / "floor.sqlite3"
    for job, name, goal, limit, mb in (("import5k", "roster5k.xlsx", "≤ 5× floor (aim 3×)", 5.0, None),
                                       ("import50k", "roster50k.xlsx", "≤ 2× floor, ≤ 150 MB", 2.0, 150.0),
                                       ("reimport50k", "roster50k.xlsx", "≤ 150 MB", float("inf"), 150.0)):
        if not want(job):
            continue
        template = paths["full50k.sqlite3" if job.startswith("re") else "empty.sqlite3"]
        ours = Job(cli(run_db, "roster", "import", str(paths[name]), user=CLERK), clerk, fresh(template, run_db))
        floor = Job([PY, str(HERE / "floors.py"), "import", str(paths[name]), str(floor_db)],
                    prepare=lambda: floor_db.unlink(missing_ok=True))
        line(job, ours, "roster import", floor, "calamine read + sqlite3 executemany", goal,
             lambda a, b, r, limit=limit, mb=mb: r <= limit and (mb is None or max(x.peak_mb for x in a) <= mb))
        if job == "import5k":
            bare = Job([PY, str(HERE / "floors.py"), "openpyxl", str(paths[name])])
            line(job, ours, "roster import", bare, "bare openpyxl read-only pass", "< 1× openpyxl",
                 lambda a, b, r: r < 1)
    if want("dashboard"):
        con = sqlite3.connect(paths["dash.sqlite3"])
        term_id, class_id, code = con.execute(
            "SELECT t.id, c.id, c.code FROM term t, school_class c ORDER BY c.id LIMIT 1 OFFSET 250").fetchone()
        con.close()
        ours = Job(cli(paths["dash.sqlite3"], "dashboard", "--term", "113-1", "--class", code, "--json", user=CLERK), clerk)
        floor = Job([PY, str(HERE / "floors.py"), "dashboard", str(paths["dash.sqlite3"]), str(term_id), str(class_id)])
        line("dashboard", ours, "dashboard --class --json", floor, "sqlite3 GROUP BY + import sqlalchemy",
             "≤ 2× floor", lambda a, b, r: r <= 2)
    notices_db = folder / "notices-run.sqlite3"
    cache = folder / "font-cache"  # the cut fonts (reports/font_pieces.py), kept with the data
    printing = {**clerk, "PORTFOLIO_CACHE_DIR": str(cache)}
    for job, count in (("notice1", 1), ("notices500", 500)):
        if not want(job):
            continue
        students = departed(paths["notices.sqlite3"], count)
        pdf = folder / f"{job}.pdf"
        ours = Job(cli(notices_db, "notices", "print", "--out", str(pdf), "--all-departed", "--again",
                       "--student", *students, user=CLERK), printing, fresh(paths["notices.sqlite3"], notices_db))
        if count == 1:  # once per machine: the fonts are cut into their cached pieces
            shutil.rmtree(cache, ignore_errors=True)
            first = ours.run()
            print(f"{'':11s} first print on this machine (fonts cut and cached): {first.wall:.2f} s, "
                  f"{first.peak_mb:.0f} MB", flush=True)
        pages = 2 * len(students)
        floor = Job([PY, str(HERE / "floors.py"), "pdf", str(folder / "floor.pdf"), str(pages)])

        def printed(a: list[Run]) -> int:
            found = re.search(r"(\d+) page\(s\)", a[-1].out)
            return int(found.group(1)) if found else 0

        if count == 1:
            line(job, ours, "notices print (1)", floor, f"bare reportlab, same TTFs, {pages} pages",
                 "≤ 0.5 s, ≤ 120 MB", lambda a, b, r: med(x.wall for x in a) <= 0.5 and max(x.peak_mb for x in a) <= 120,
                 lambda a: f"  ({printed(a)} pages)")
        else:
            line(job, ours, f"notices print ({len(students)})", floor, f"bare reportlab, same TTFs, {pages} pages",
                 "≥ 300 pages/s", lambda a, b, r: printed(a) / med(x.wall for x in a) >= 300,
                 lambda a: f"  ({printed(a)} pages, {printed(a) / med(x.wall for x in a):.0f} pages/s)")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="paired runs per job after one warm-up (default 5)")
    ap.add_argument("--only", help="comma-separated job names")
    ap.add_argument("--keep", type=Path, help="keep the built data in this folder (and reuse it)")
    ap.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build_only:
        build_data(args.keep)
        return 0
    import tempfile

    tmp = None if args.keep else tempfile.TemporaryDirectory()
    folder = args.keep or Path(tmp.name)  # type: ignore[union-attr]
    folder.mkdir(parents=True, exist_ok=True)
    print(f"building data in {folder} …", flush=True)
    # In a child process: a process started by this one begins with this one's resident size as its
    # peak (Linux carries the spawning process's high-water mark over the exec), so a benchmark that
    # had grown to 150 MB building a 50,000-row workbook would report every command at 150 MB.
    subprocess.run([PY, __file__, "--keep", str(folder), "--build-only"], check=True)
    paths = data_paths(folder)
    print(f"{'job':11s} {'ours: wall, peak':>20s} | {'floor':38s} {'wall':>9s} | wall ratio (cpu ratio) | goal")
    lines = jobs(paths, folder, args.runs, set(args.only.split(",")) if args.only else None)
    if tmp is not None:
        tmp.cleanup()
    missed = [x.job for x in lines if not x.met]
    print("all goals met" if not missed else f"missed: {', '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    raise SystemExit(main())
