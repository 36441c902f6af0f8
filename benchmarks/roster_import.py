"""Roster import benchmark.

1. Builds a 5,000-row roster .xlsx (all 16 canonical columns, valid IDs, ROC and real dates) and
   prints, best of 3, our ``import_roster`` into a fresh database versus a bare openpyxl
   ``load_workbook(read_only=True)`` pass that touches every cell, and the ratio (target ≤ 1.5).
2. Imports a 50,000-row roster in a child process and prints its peak RSS (target ≤ 300 MB).

Run: ``.venv/bin/python benchmarks/roster_import.py [--rows 5000] [--big-rows 50000]``.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from portfolio_desktop.domain.ids import is_valid_id
from portfolio_desktop.io.roster_spec import ROSTER_HEADERS

RATIO_TARGET = 1.5
RSS_TARGET_MB = 300.0


def _id(rng: random.Random, seen: set[str]) -> str:
    while True:
        head = rng.choice("EDSRTAB") + rng.choice("12") + "".join(rng.choice("0123456789") for _ in range(7))
        for digit in "0123456789":
            if is_valid_id(head + digit) and head + digit not in seen:
                seen.add(head + digit)
                return head + digit


def build_roster(path: Path, rows: int, seed: int = 5000) -> Path:
    """A school-system style roster: a title row, then the canonical header, then ``rows`` students."""
    rng = random.Random(seed)
    seen: set[str] = set()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("學生名冊")
    ws.append(["國立岡山農工 學生名冊（基準測試）"])
    ws.append(ROSTER_HEADERS)
    surnames = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
    given = "冠宇承恩柏翰宥廷品睿怡君雅婷欣詩涵宜庭佳穎"
    departments = ["普通科", "機械科", "電機科", "資訊科", "園藝科"]
    for i in range(rows):
        klass = i // 40  # 40 students a class, seats 1-40
        grade = 1 + klass % 3
        born = dt.date(2011 - grade, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        status, left = (
            ("休學", f"113/{rng.randint(9, 12):02d}/{rng.randint(1, 28):02d}") if i % 50 == 0 else ("在學", None)
        )
        ws.append(
            [
                f"{i:06d}",
                rng.choice(surnames) + rng.choice(given) + rng.choice(given) + ("𡘙" if i % 997 == 0 else ""),
                _id(rng, seen),
                rng.choice("男女"),
                born if i % 2 else f"{born.year - 1911}/{born.month:02d}/{born.day:02d}",
                "日間部" if klass % 10 else "進修部",
                departments[klass % len(departments)],
                f"{grade}{klass // 3 + 1:03d}",
                i % 40 + 1,
                status,
                left,
                rng.choice(["820", "821", "700", "710"]),
                f"高雄市岡山區中山路{rng.randint(1, 400)}號",
                rng.choice(surnames) + "家長",
                "09" + "".join(rng.choice("0123456789") for _ in range(8)),
                f"s{i:06d}@stu.school.example" if i % 3 else None,
            ]
        )
    wb.save(path)
    return path


def bare_openpyxl(path: Path) -> None:
    """The floor: open read-only and touch every cell (the same pass benchmarks/floors.py times)."""
    from floors import openpyxl_pass

    openpyxl_pass(str(path))


def prepared_db(db_path: Path) -> None:
    """A migrated database with the registry clerk who imports (not part of the measured import)."""
    from bench_actor import registry_clerk

    from portfolio_desktop.store.open import open_database

    db = open_database(str(db_path))
    try:
        registry_clerk(db)
    finally:
        db.dispose()


def our_import(path: Path, folder: Path, run: int) -> float:
    from bench_actor import registry_clerk

    from portfolio_desktop.services.rosters.rosters import import_roster
    from portfolio_desktop.store.open import open_database

    db = open_database(str(folder / f"bench-{run}.sqlite3"))  # migrations are not part of the import
    try:
        clerk = registry_clerk(db)  # neither is signing up the clerk
        start = time.perf_counter()
        report = import_roster(db, clerk, path)
        elapsed = time.perf_counter() - start
    finally:
        db.dispose()
    assert not report.problems and report.added, report.problems[:3]
    return elapsed


def best_of(n: int, fn: object) -> float:
    times = []
    for i in range(n):
        start = time.perf_counter()
        result = fn(i)  # type: ignore[operator]
        times.append(result if isinstance(result, float) else time.perf_counter() - start)
    return min(times)


def child_rss(path: Path, db_path: Path) -> None:
    """Child process: import ``path`` into a fresh database and print the peak RSS in MB."""
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.services.rosters.rosters import import_roster
    from portfolio_desktop.store.open import open_database

    db = open_database(str(db_path))  # prepared (clerk included) by the parent process
    report = import_roster(db, Actor("benchmark"), path)
    db.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
    print(f"{mb:.1f} {len(report.added)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--big-rows", type=int, default=50_000)
    parser.add_argument("--child-rss", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_rss:
        child_rss(Path(args.child_rss[0]), Path(args.child_rss[1]))
        return 0

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster = build_roster(folder / "roster5000.xlsx", args.rows)
        bare = best_of(3, lambda _i: bare_openpyxl(roster))
        ours = best_of(3, lambda i: our_import(roster, folder, i))
        ratio = ours / bare
        ok &= ratio <= RATIO_TARGET
        print(f"rows: {args.rows}")
        print(f"bare openpyxl read-only pass (best of 3): {bare:.3f} s")
        print(f"import_roster into a fresh db (best of 3): {ours:.3f} s")
        print(f"ratio: {ratio:.2f} (target <= {RATIO_TARGET}) {'OK' if ratio <= RATIO_TARGET else 'MISSED'}")

        big = build_roster(folder / "roster50000.xlsx", args.big_rows)
        prepared_db(folder / "big.sqlite3")  # the clerk's password hashing stays out of the child's peak
        child = subprocess.run(
            [sys.executable, __file__, "--child-rss", str(big), str(folder / "big.sqlite3")],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        mb, added = child.stdout.split()
        ok &= float(mb) <= RSS_TARGET_MB
        print(
            f"peak RSS importing {added} rows: {float(mb):.1f} MB (target <= {RSS_TARGET_MB:.0f} MB) "
            f"{'OK' if float(mb) <= RSS_TARGET_MB else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
