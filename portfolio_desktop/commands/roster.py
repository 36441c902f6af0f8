"""`roster import|export|list` and `status change` (issue 3 §6): thin wrappers over services.rosters.

Messages go to stderr in both languages; `roster list` writes its listing to stdout (UTF-8, so names
with characters outside the BMP such as 𡘙 come out whole). Exit codes: 0 done, 1 input refused
(nothing written), 2 usage error (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from portfolio_desktop.commands.accounts import cli_actor
from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.domain.status import parse_status
from portfolio_desktop.errors import ImportRefused, Problem
from portfolio_desktop.io.roster_spec import ROSTER, ROSTER_HEADERS
from portfolio_desktop.services import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.roster_types import GENDER_ZH, StudentRow
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database


def _actor(args: argparse.Namespace, db: Database) -> Actor:
    """The signed-in user (issue 5: ``--user`` / PORTFOLIO_USER, password from PORTFOLIO_PASSWORD)."""
    return cli_actor(args, db)


def _say(zh: str, en: str) -> None:
    print(f"{zh}\n{en}", file=sys.stderr)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("roster", help="學生名冊匯入、匯出、列表 / roster import, export, list")
    rsub = p.add_subparsers(dest="roster_command", metavar="ACTION", required=True)

    imp = rsub.add_parser("import", help="匯入名冊 (.xlsx / .csv) / import a roster file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--sheet", help="工作表名稱 / sheet name (default: found automatically)")
    imp.add_argument("--dry-run", action="store_true", help="只試算，不寫入 / report only, write nothing")
    imp.add_argument("--skip-invalid", action="store_true", help="略過有問題的列 / write the good rows, skip bad ones")
    imp.add_argument("--errors", type=Path, metavar="OUT.xlsx", help="問題清單存成 .xlsx / save the problems as .xlsx")
    imp.set_defaults(func=cmd_import)

    exp = rsub.add_parser("export", help="匯出名冊 .xlsx / export the roster as .xlsx")
    exp.add_argument("file", type=Path)
    exp.add_argument("--class", dest="class_code", metavar="C", help="只匯出此班 / only this class")
    exp.set_defaults(func=cmd_export)

    ls = rsub.add_parser("list", help="列出學生 / list students")
    ls.add_argument("--class", dest="class_code", metavar="C", help="只列此班 / only this class")
    ls.add_argument("--departed", action="store_true", help="只列已離校 / only departed students")
    ls.add_argument("--json", action="store_true", help="每位學生一行 JSON / one JSON object per line")
    ls.set_defaults(func=cmd_list)

    st = sub.add_parser("status", help="學籍異動 / enrolment status changes")
    ssub = st.add_subparsers(dest="status_command", metavar="ACTION", required=True)
    ch = ssub.add_parser("change", help="登錄一筆學籍異動 / record a status change")
    ch.add_argument("student_no", metavar="學號")
    ch.add_argument(
        "new_status", metavar="NEW_STATUS", help="在學、休學、復學、轉入、轉出、重讀、借讀、退學、畢業、離校"
    )
    ch.add_argument("--date", required=True, metavar="D", help="異動日期 113/08/29 or 2024-08-29")
    ch.add_argument("--reason", metavar="R", help="異動原因 / reason")
    ch.add_argument("--class", dest="class_code", metavar="C", help="轉入此班 / move to this class")
    ch.set_defaults(func=cmd_status_change)


def _save_problems(problems: list[Problem], out: Path | None) -> None:
    if out is None or not problems:
        return
    from portfolio_desktop.io.problems_xlsx import write_problems  # only when asked for

    write_problems(problems, out)
    _say(f"問題清單已存到 {out}", f"problems saved to {out}")


def cmd_import(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        report = rosters.import_roster(
            db, _actor(args, db), args.file, sheet=args.sheet, dry_run=args.dry_run, skip_invalid=args.skip_invalid
        )
    except ImportRefused as exc:
        for problem in exc.problems:
            print(problem.bilingual(), file=sys.stderr)
        _save_problems(exc.problems, args.errors)
        _say(exc.zh, exc.en)
        return 1
    finally:
        db.dispose()
    for problem in report.problems:
        print(problem.bilingual(), file=sys.stderr)
    _save_problems(report.problems, args.errors)
    if report.skipped_rows:
        rows = ", ".join(str(r) for r in report.skipped_rows)
        _say(f"略過的列：{rows}", f"skipped rows: {rows}")
    zh, en = report.summary()
    _say(f"{report.file} [{report.sheet}]：{zh}", f"{report.file} [{report.sheet}]: {en}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        n = rosters.export_roster(db, _actor(args, db), args.file, class_code=args.class_code)
    finally:
        db.dispose()
    _say(f"已匯出 {n} 位學生到 {args.file}", f"exported {n} student(s) to {args.file}")
    return 0


def _canonical(row: StudentRow) -> dict[str, Any]:
    """Canonical zh column name → value for `roster list --json` (ID masked, dates ISO)."""
    values: dict[str, Any] = {
        "student_no": row.student_no,
        "name": row.name,
        "national_id": row.national_id_masked or None,
        "gender": GENDER_ZH.get(row.gender or "", row.gender),
        "birth_date": row.birth_date.isoformat() if row.birth_date else None,
        "division": row.division,
        "department": row.department,
        "class_code": row.class_code,
        "seat_no": row.seat_no,
        "status": row.status.zh,
        "left_on": row.left_on.isoformat() if row.left_on else None,
        "postal_code": row.postal_code,
        "address": row.address,
        "guardian": row.guardian,
        "phone": row.phone,
        "email": row.email,
    }
    key_of = {c.header: c.key for c in ROSTER.columns}
    return {header: values[key_of[header]] for header in ROSTER_HEADERS}


def _utf8_stdout() -> None:
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def cmd_list(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        students = rosters.list_students(db, _actor(args, db), class_code=args.class_code, departed=True if args.departed else None)
    finally:
        db.dispose()
    _utf8_stdout()
    try:
        _print_students(students, as_json=args.json)
    except BrokenPipeError:  # `roster list | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush from failing
        return 0
    _say(f"共 {len(students)} 位學生", f"{len(students)} student(s)")
    return 0


def _print_students(students: list[StudentRow], *, as_json: bool) -> None:
    out = sys.stdout
    if as_json:
        for s in students:
            out.write(json.dumps(_canonical(s), ensure_ascii=False) + "\n")
    else:
        out.write("學號\t姓名\t部別\t班級\t座號\t學籍狀態\t身分證統一編號\n")
        for s in students:
            seat = "" if s.seat_no is None else str(s.seat_no)
            out.write(
                f"{s.student_no}\t{s.name}\t{s.division}\t{s.class_code}\t{seat}\t{s.status.zh}\t{s.national_id_masked}\n"
            )
    out.flush()


def cmd_status_change(args: argparse.Namespace) -> int:
    status = parse_status(args.new_status)
    on = parse_date(args.date, allow_future=False)
    db = open_database(args.db)
    try:
        change = rosters.change_status(
            db, _actor(args, db), args.student_no, status, on, reason=args.reason, new_class_code=args.class_code
        )
    finally:
        db.dispose()
    moved = f"，班級 {change.from_class} → {change.to_class}" if change.to_class else ""
    moved_en = f", class {change.from_class} → {change.to_class}" if change.to_class else ""
    from_zh = change.from_status.zh if change.from_status else "—"
    from_en = change.from_status.en if change.from_status else "-"
    _say(
        f"學號 {args.student_no}：{from_zh} → {change.to_status.zh}{moved}（{on.isoformat()}）已登錄",
        f"student {args.student_no}: {from_en} → {change.to_status.en}{moved_en} on {on.isoformat()} recorded",
    )
    return 0
