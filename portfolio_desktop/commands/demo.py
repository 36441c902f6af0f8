"""`demo [--students N] [--seed S]`: fill an EMPTY database with the demo school (issue 3 §7).

A database that already has classes or students is refused (exit 1): demo data must never mix with
or duplicate a real roster, so there is deliberately no --force; point --db at a new file instead.
"""

from __future__ import annotations

import argparse
import sys

from portfolio_desktop.commands.common import signed_in
from portfolio_desktop.services.admin.demo import MAX_SEATS, generate_demo, max_students


def _students(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("應為整數 / must be a whole number") from None
    if not 1 <= value <= max_students():
        raise argparse.ArgumentTypeError(
            f"應為 1–{max_students()}（每班最多 {MAX_SEATS} 人）/ must be 1–{max_students()} "
            f"(at most {MAX_SEATS} students per class)")
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="在空白資料庫建立示範學校 / fill an empty database with a demo school")
    p.add_argument("--students", type=_students, default=1200, metavar="N", help="學生人數 / students (default 1200)")
    p.add_argument("--seed", type=int, default=113, help="亂數種子 / random seed (same seed, same school)")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    # The gate (commands/gate.py, Access.FIRST_RUN) signs the user in once any account exists; on a
    # database without accounts there is nobody to sign in as, and generate_demo refuses any
    # database that is not empty.
    with signed_in(args) as (db, actor):
        s = generate_demo(db, actor, students=args.students, seed=args.seed)
    print(
        f"示範資料已建立：{s.term} 學期，{s.classes} 班，{s.students} 位學生（離校 {s.departed}、"
        f"學籍異動 {s.status_changes} 筆、罕用字姓名 {s.rare_names}、居留證 {s.resident_ids}）\n"
        f"demo school created: term {s.term}, {s.classes} classes, {s.students} students ({s.departed} departed, "
        f"{s.status_changes} status changes, {s.rare_names} rare-character names, {s.resident_ids} resident IDs)",
        file=sys.stderr,
    )
    return 0
