"""`roster import|export|list` and `status change`: thin wrappers over services.rosters.

Messages go to stderr in both languages; `roster list` writes its listing to stdout (UTF-8, so names
with characters outside the BMP such as 𡘙 come out whole). Exit codes: 0 done, 1 input refused
(nothing written), 2 usage error (argparse).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.commands.json_out import json_line
from portfolio_desktop.commands.common import add_import_arguments, run_import, say, signed_in, utf8_stdout
from portfolio_desktop.commands.scope_notes import say_narrowed
from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.domain.status import parse_status

if TYPE_CHECKING:  # the services load when a command runs, not when the parsers are built
    from portfolio_desktop.services.rosters.roster_types import StudentRow


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("roster", help="學生名冊匯入、匯出、列表 / roster import, export, list")
    rsub = p.add_subparsers(dest="roster_command", metavar="ACTION", required=True)

    imp = rsub.add_parser("import", help="匯入名冊 (.xlsx / .csv) / import a roster file")
    add_import_arguments(imp)
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
    wd = ssub.add_parser("withdraw", help="撤銷誤登錄的最近一筆學籍異動 / withdraw the latest change, recorded by mistake")
    wd.add_argument("student_no", metavar="學號")
    wd.add_argument("change_id", nargs="?", type=int, metavar="CHANGE_ID",
                    help="異動編號（status change 時顯示；省略 = 最近一筆）/ the change's number (default: the latest)")
    wd.add_argument("--reason", required=True, metavar="R", help="撤銷原因 / why it is withdrawn")
    wd.set_defaults(func=cmd_status_withdraw)


def cmd_import(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.rosters import rosters

    return run_import(args, rosters.import_roster)


def cmd_export(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.rosters import rosters
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.ROSTER)
        n = rosters.export_roster(db, scope, args.file, class_code=args.class_code)
    say(f"已匯出 {n} 位學生到 {args.file}", f"exported {n} student(s) to {args.file}")
    say_narrowed(scope, n, "位學生", "student(s)", export=True)
    return 0


def _canonical(row: StudentRow) -> dict[str, Any]:
    """One student for `roster list --json` (docs/JSON.md): the roster's columns by their English keys,
    in the order of the roster file; ID masked; codes beside their labels; dates ISO 8601."""
    from portfolio_desktop.services.rosters.roster_types import GENDER_ZH

    return {
        "student_no": row.student_no,
        "name": row.name,
        "national_id": row.national_id_masked or None,
        "gender": row.gender or None,
        "gender_zh": GENDER_ZH.get(row.gender or "") or None,
        "birth_date": row.birth_date,
        "division": row.division,
        "department": row.department,
        "class_code": row.class_code,
        "seat_no": row.seat_no,
        "status": row.status.value,
        "status_zh": row.status.zh,
        "left_on": row.left_on,
        "postal_code": row.postal_code,
        "address": row.address,
        "guardian": row.guardian,
        "phone": row.phone,
        "email": row.email,
    }


def cmd_list(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.rosters import rosters
    from portfolio_desktop.services.read_scope import ReadKind, scope_for

    with signed_in(args) as (db, actor):
        scope = scope_for(db, actor, ReadKind.ROSTER)
        students = rosters.list_students(db, scope, class_code=args.class_code, departed=True if args.departed else None)
    utf8_stdout()
    try:
        _print_students(students, as_json=args.json)
    except BrokenPipeError:  # `roster list | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush from failing
        return 0
    say(f"共 {len(students)} 位學生", f"{len(students)} student(s)")
    say_narrowed(scope, len(students), "位學生", "student(s)")
    return 0


def _print_students(students: list[StudentRow], *, as_json: bool) -> None:
    out = sys.stdout
    if as_json:
        for s in students:
            out.write(json_line(_canonical(s)) + "\n")
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
    from portfolio_desktop.services.rosters import rosters

    with signed_in(args) as (db, actor):
        change = rosters.change_status(
            db, actor, args.student_no, status, on, reason=args.reason, new_class_code=args.class_code
        )
    moved = f"，班級 {change.from_class} → {change.to_class}" if change.to_class else ""
    moved_en = f", class {change.from_class} → {change.to_class}" if change.to_class else ""
    from_zh = change.from_status.zh if change.from_status else "—"
    from_en = change.from_status.en if change.from_status else "-"
    say(
        f"學號 {args.student_no}：{from_zh} → {change.to_status.zh}{moved}（{on.isoformat()}）已登錄，異動編號 {change.id}",
        f"student {args.student_no}: {from_en} → {change.to_status.en}{moved_en} on {on.isoformat()} recorded "
        f"as change #{change.id}",
    )
    return 0


def cmd_status_withdraw(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.rosters.status_withdraw import withdraw_change

    with signed_in(args) as (db, actor):
        done = withdraw_change(db, actor, args.student_no, args.change_id, args.reason)
    say(f"已撤銷學號 {done.student_no} 的異動 #{done.change_id}（{done.undone.zh}）；"
        f"現為 {done.status.zh}，班級 {done.class_code}",
        f"withdrew change #{done.change_id} ({done.undone.en}) of student {done.student_no}; "
        f"now {done.status.en}, class {done.class_code}")
    return 0
