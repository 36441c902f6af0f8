"""`central import FILE` and `central export`: the central 學生學習歷程資料庫's own 名冊 files
(io/central_files.py), through services/central/central_import.py and services/central/central_export.py."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_desktop.commands.common import add_import_arguments, run_import, say, signed_in
from portfolio_desktop.io.central_files import read_central
from portfolio_desktop.services.central import central_export
from portfolio_desktop.services.central import central_import


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("central", help="中央資料庫名冊匯入、提交名冊產生 / central database roster files")
    csub = p.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    imp = csub.add_parser("import", help="匯入中央資料庫名冊 (.xlsx / .csv) / import a central roster file")
    add_import_arguments(imp)
    imp.set_defaults(func=cmd_import)
    exp = csub.add_parser("export", help="產生提交名冊 / write the roster to submit")
    exp.add_argument("--term", required=True, help="學年期 / term, e.g. 113-1")
    exp.add_argument("--kind", required=True, type=int, choices=sorted(central_export.KIND_ITEMS),
                     help="名冊別 / roster kind: 2 學期成績, 24 幹部經歷, 25 多元表現, 26 課程學習成果")
    exp.add_argument("--out", required=True, type=Path, help="輸出檔 / output .xlsx")
    exp.add_argument("--school-code", help="學校代碼 (預設：學校設定) / school code (default: the school settings)")
    exp.set_defaults(func=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    if args.dry_run:  # say what was recognised before the import's own report
        central = read_central(args.file)
        zh, en = central.describe()
        say(zh, en)
        if central.ignored:
            names = "、".join(central.ignored)
            say(f"未辨識的工作表（不匯入）：{names}", f"sheets not recognised (not imported): {names}")
    return run_import(args, central_import.import_central)


def cmd_export(args: argparse.Namespace) -> int:
    with signed_in(args) as (db, actor):
        result = central_export.export_submission(db, actor, args.out, term=args.term, kind=args.kind,
                                                  school_code=args.school_code)
    say(f"已產生名冊別 {result.kind} 的提交名冊 {result.path}：{result.term}，學生 {result.students} 位、"
        f"資料 {result.rows} 列（提交回合 {result.round_id}，SHA-256 {result.sha256[:12]}…）",
        f"wrote roster kind {result.kind} for {result.term} to {result.path}: {result.students} student(s), "
        f"{result.rows} row(s) (submission round {result.round_id}, SHA-256 {result.sha256[:12]}…)")
    return 0
