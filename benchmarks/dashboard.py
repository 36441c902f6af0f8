"""Dashboard benchmark (issue 4): 2,000 students × 75 items (150,000 items) in one SQLite file.

Prints, for the dashboard of one class and for the school overview, our service's time (median of
repeated warm runs, milliseconds) and its ratio to the same GROUP BY written by hand in raw SQL and run
with the bare sqlite3 module on the same file. Targets: ratio ≤ 2, one class ≤ 50 ms.

All 75 items of every student are in the measured term: the worst case for the term's index range.

    .venv/bin/python benchmarks/dashboard.py [--students 2000] [--items 75] [--runs 30] [--keep FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio_desktop.services.items.dashboard import class_dashboard, school_overview  # noqa: E402
from portfolio_desktop.services.read_scope import ReadScope  # noqa: E402
from portfolio_desktop.store.open import open_database  # noqa: E402

CLASS_SIZE = 40
COURSES_PER_CLASS = 10
STATES = ("uploaded", "certified", "not_certified", "selected", "submitted", "confirmed")
MP_STATES = ("uploaded", "selected", "submitted", "confirmed")

_SUMS = (
    "i.kind = 'clo'",
    "i.kind = 'clo' AND i.state IN ('certified','confirmed','selected','submitted')",
    "i.kind = 'clo' AND i.state = 'not_certified'",
    "i.kind = 'clo' AND i.state = 'uploaded'",
    "i.kind = 'clo' AND i.state IN ('confirmed','selected','submitted')",
    "i.kind = 'mp'",
    "i.kind = 'mp' AND i.state IN ('confirmed','selected','submitted')",
    "i.state IN ('confirmed','submitted')",
    "i.state = 'confirmed'",
)


def _counts(alias: bool) -> str:
    return ",\n  ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" + (f" AS c{n}" if alias else "")
                        for n, c in enumerate(_SUMS))


RAW_CLASS = f"""
SELECT s.id, s.seat_no, s.student_no, s.name, s.status,
  {_counts(False)}
FROM student s LEFT OUTER JOIN portfolio_item i ON i.student_id = s.id AND i.term_id = ?
WHERE s.class_id = ? GROUP BY s.id ORDER BY s.seat_no IS NULL, s.seat_no, s.student_no"""
_AT_SCHOOL = "s.status NOT IN ('graduated','left','suspended','transferred_out','withdrawn')"
RAW_OVERVIEW = f"""
SELECT c.id, c.code, c.grade, c.mentor_name, d.name, count(s.id),
  SUM(CASE WHEN {_AT_SCHOOL} THEN 0 ELSE 1 END),
  SUM(CASE WHEN {_AT_SCHOOL} AND p.c0 > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN {_AT_SCHOOL} AND p.c4 + p.c6 > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN {_AT_SCHOOL} AND p.c7 > 0 THEN 1 ELSE 0 END),
  {", ".join(f"coalesce(sum(p.c{n}), 0)" for n in range(9))}
FROM school_class c JOIN division d ON c.division_id = d.id JOIN student s ON s.class_id = c.id
LEFT OUTER JOIN (
  SELECT i.student_id AS student_id,
  {_counts(True)}
  FROM portfolio_item i WHERE i.term_id = ? GROUP BY i.student_id
) AS p ON p.student_id = s.id
GROUP BY c.id ORDER BY d.id, c.code"""


def build(path: Path, students: int, per_student: int, seed: int = 4) -> tuple[int, int]:
    """Fill a migrated file with bare sqlite3 (fast); returns (term id, a class id)."""
    db = open_database(str(path))
    db.dispose()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    now = dt.datetime(2024, 12, 1).isoformat(sep=" ")
    with con:
        con.execute("INSERT INTO division (id, code, name) VALUES (1, 'day', '日間部')")
        con.execute("INSERT INTO term (id, school_year, semester) VALUES (1, 113, 1)")
        classes = (students + CLASS_SIZE - 1) // CLASS_SIZE
        con.executemany("INSERT INTO school_class (id, division_id, code, grade, mentor_name) VALUES (?, 1, ?, ?, ?)",
                        [(c, f"{1 + c // 20}{c % 20 + 1:02d}", 1 + (c // 20) % 3, f"導師{c}") for c in range(1, classes + 1)])
        rows = []
        for n in range(students):
            status = "enrolled" if rng.random() > 0.03 else "suspended"
            rows.append((n + 1, f"{n:07d}", f"學生{n}", 1 + n // CLASS_SIZE, n % CLASS_SIZE + 1, status, now))
        con.executemany("INSERT INTO student (id, student_no, name, class_id, seat_no, status, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        courses = [(c * 100 + k, 1, f"C{c:03d}{k:02d}", f"科目{k}") for c in range(1, classes + 1)
                   for k in range(COURSES_PER_CLASS)]
        con.executemany("INSERT INTO course (id, term_id, code, name) VALUES (?, ?, ?, ?)", courses)
        enrol = [(sid * 100 + k, (1 + (sid - 1) // CLASS_SIZE) * 100 + k, sid)
                 for sid in range(1, students + 1) for k in range(COURSES_PER_CLASS)]
        con.executemany("INSERT INTO enrolment (id, course_id, student_id) VALUES (?, ?, ?)", enrol)
        items = []
        for sid in range(1, students + 1):
            for _ in range(per_student):
                if rng.random() < 0.5:
                    items.append((sid, "clo", rng.choice(STATES), sid * 100 + rng.randrange(COURSES_PER_CLASS), None))
                else:
                    items.append((sid, "mp", rng.choice(MP_STATES), None, "volunteer"))
        con.executemany("INSERT INTO portfolio_item (student_id, term_id, kind, state, enrolment_id, category, title, "
                        "created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, '成果', ?, ?)",
                        [(*i, now, now) for i in items])
    con.execute("ANALYZE")
    con.close()
    return 1, classes // 2


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm caches (page cache, compiled statements)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=2000)
    ap.add_argument("--items", type=int, default=75)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--keep", type=Path, help="keep the database file here")
    args = ap.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "bench.sqlite3"
    t = time.perf_counter()
    term_id, class_id = build(path, args.students, args.items)
    print(f"built {args.students} students × {args.items} items = {args.students * args.items:,} items "
          f"in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    db = open_database(str(path))
    raw = sqlite3.connect(path)
    office = ReadScope.office("benchmark")  # the whole school's reader: the queries are measured, not sign-in
    try:
        ours = class_dashboard(db, office, "113-1", class_id=class_id)
        bare = raw.execute(RAW_CLASS, (term_id, class_id)).fetchall()
        assert [(s.student_id, s.clo_uploaded, s.mp_selected, s.confirmed) for s in ours.students] == \
            [(r[0], r[5], r[11], r[13]) for r in bare], "the service and the raw SQL disagree"
        over = school_overview(db, office, "113-1")
        bare_over = raw.execute(RAW_OVERVIEW, (term_id,)).fetchall()
        assert [(c.class_id, c.students, c.counts["clo_uploaded"], c.students_selected) for c in over] == \
            [(r[0], r[5], r[10], r[8]) for r in bare_over], "the overview and the raw SQL disagree"

        results = []
        for label, service, sql, params in (
            ("one class (40 students, 3,000 items)", lambda: class_dashboard(db, office, "113-1", class_id=class_id),
             RAW_CLASS, (term_id, class_id)),
            ("school overview (all classes)", lambda: school_overview(db, office, "113-1"), RAW_OVERVIEW, (term_id,)),
        ):
            ms = median_ms(service, args.runs)
            raw_ms = median_ms(lambda s=sql, p=params: raw.execute(s, p).fetchall(), args.runs)
            results.append((label, ms, raw_ms))
        for label, ms, raw_ms in results:
            print(f"{label:40s} ours {ms:8.2f} ms   raw SQL {raw_ms:8.2f} ms   ratio {ms / raw_ms:5.2f}")
        one = results[0]
        ok = one[1] <= 50 and all(ms / raw_ms <= 2 for _, ms, raw_ms in results)
        print("targets (ratio ≤ 2, one class ≤ 50 ms):", "met" if ok else "NOT met")
        return 0
    finally:
        raw.close()
        db.dispose()
        folder.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
