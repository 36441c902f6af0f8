"""`central import FILE`, `central export` and `central rounds`: the central 學生學習歷程資料庫's own
名冊 files (io/central_files.py), through services/central/central_import.py, services/central/central_export.py and
services/central/submission_rounds.py."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.commands.common import add_import_arguments, run_import, say, signed_in, utf8_stdout
from portfolio_desktop.domain.central_kinds import ROSTER_KINDS, WRITABLE_KINDS

if TYPE_CHECKING:
    from portfolio_desktop.services.central.central_import import CentralImportReport
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.store.engine import Database


# The 名冊別 `central export` writes, with their names (domain/central_kinds.py: a table without imports).
EXPORT_KINDS: dict[int, str] = {kind: ROSTER_KINDS[kind] for kind in WRITABLE_KINDS}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("central", help="中央資料庫名冊匯入、提交名冊產生 / central database roster files")
    csub = p.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    imp = csub.add_parser("import", help="匯入中央資料庫名冊 (.xlsx / .csv) / import a central roster file")
    add_import_arguments(imp)
    imp.set_defaults(func=cmd_import)
    exp = csub.add_parser("export", help="產生提交名冊 / write the roster to submit")
    exp.add_argument("--term", required=True, help="學年期 / term, e.g. 113-1")
    kinds = "、".join(f"{k} {name}" for k, name in EXPORT_KINDS.items())
    exp.add_argument("--kind", required=True, type=int, choices=list(EXPORT_KINDS),
                     help=f"名冊別 / roster kind: {kinds}")
    exp.add_argument("--out", required=True, type=Path, help="輸出檔 / output .xlsx")
    exp.add_argument("--school-code", help="學校代碼 (預設：學校設定) / school code (default: the school settings)")
    exp.add_argument("--division", choices=["day", "night"],
                     help="只含此部別的學生（各部別註冊組各自提交）/ only this division's students")
    exp.set_defaults(func=cmd_export)
    att = csub.add_parser("attendance", help="登錄本學期出缺勤已建置（生輔組；中央資料庫不收）/ record the term's "
                                             "attendance as kept (discipline office; not collected centrally)")
    att.add_argument("--term", help="學年期 / term, e.g. 113-1 (預設：本學期 / default: the current one)")
    att.add_argument("--division", required=True, choices=["day", "night"], help="部別 / division")
    att.set_defaults(func=cmd_attendance)
    rounds = csub.add_parser("rounds", help="提交回合及收訖明細進度 / submission rounds and their receipts")
    rounds.add_argument("--term", help="學年期 / term, e.g. 113-1 (預設：全部 / default: all)")
    rounds.set_defaults(func=cmd_rounds)


def _import_and_show(db: Database, actor: Actor, path: Any, **options: Any) -> CentralImportReport:
    """The import, then the students it creates or changes (one line each, IDs masked)."""
    from portfolio_desktop.services.central import central_import

    report = central_import.import_central(db, actor, path, **options)
    for zh, en in report.student_plans:
        say(zh, en)
    return report


def cmd_import(args: argparse.Namespace) -> int:
    from portfolio_desktop.io.central_files import read_central

    if args.dry_run:  # say what was recognised before the import's own report
        central = read_central(args.file)
        zh, en = central.describe()
        say(zh, en)
        if central.ignored:
            names = "、".join(central.ignored)
            say(f"未辨識的工作表（不匯入）：{names}", f"sheets not recognised (not imported): {names}")
    return run_import(args, _import_and_show)


def cmd_export(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.central import central_export

    with signed_in(args) as (db, actor):
        result = central_export.export_submission(db, actor, args.out, term=args.term, kind=args.kind, division=args.division,
                                                  school_code=args.school_code)
    say(f"已產生名冊別 {result.kind} 的提交名冊 {result.path}：{result.term}，學生 {result.students} 位、"
        f"資料 {result.rows} 列（提交回合 {result.round_id}，SHA-256 {result.sha256[:12]}…）",
        f"wrote roster kind {result.kind} for {result.term} to {result.path}: {result.students} student(s), "
        f"{result.rows} row(s) (submission round {result.round_id}, SHA-256 {result.sha256[:12]}…)")
    return 0


def cmd_attendance(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.central.attendance import record_attendance

    with signed_in(args) as (db, actor):
        kept = record_attendance(db, actor, args.term, args.division)
    say(f"已登錄 {kept.term} {kept.division_name} 出缺勤紀錄（在校 {kept.students} 人；中央資料庫不收）",
        f"attendance of {kept.term}, {kept.division} division, recorded as kept ({kept.students} student(s) at "
        f"school; not collected centrally)")
    return 0


def cmd_rounds(args: argparse.Namespace) -> int:
    from portfolio_desktop.services.central import submission_rounds

    with signed_in(args) as (db, actor):
        rounds = submission_rounds.list_rounds(db, actor, term=args.term)
    utf8_stdout()
    if not rounds:
        say("尚無提交回合", "no submission rounds yet")
    for r in rounds:
        print(f"{r.id}\t{r.term}\t{r.kind} {r.kind_name}\t{r.division or ''}\t{r.students}\t{r.rows}\t"
              f"{r.made_at:%Y-%m-%d %H:%M}\t{r.made_by}\t{r.file_name}\t{r.stage.zh} / {r.stage.value}\t"
              f"{r.confirmed}/{r.students}")
    return 0
