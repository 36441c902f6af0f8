"""`backup create|list|verify|restore|settings`: the 備援機制 from the command line (issue 7)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portfolio_desktop.commands.common import signed_in
from portfolio_desktop.commands.secret_store import add_store_option, open_chosen_store
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.admin import backup

EXIT_VERIFY_FAILED = 3


def _on_off(text: str) -> bool:
    if text.lower() in ("on", "yes", "true", "1"):
        return True
    if text.lower() in ("off", "no", "false", "0"):
        return False
    raise argparse.ArgumentTypeError("on / off")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="備份、驗證與還原 / back up, verify and restore")
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)

    c = bsub.add_parser("create", help="立即備份 / back up now")
    c.add_argument("--label", default="manual", help="name tag in the file name (default: manual)")
    c.add_argument("--folder", type=Path, help="write to this folder instead of the configured one")
    enc = c.add_mutually_exclusive_group()
    enc.add_argument("--encrypt", dest="encrypt", action="store_true", default=None,
                     help="encrypt with the backup key kept in the OS keyring (or the encrypted file, see --store)")
    enc.add_argument("--no-encrypt", dest="encrypt", action="store_false")
    add_store_option(c)
    c.set_defaults(func=cmd_create)

    ls = bsub.add_parser("list", help="列出備份 / list backups")
    ls.add_argument("--folder", type=Path)
    ls.set_defaults(func=cmd_list)

    v = bsub.add_parser("verify", help="驗證備份 / verify a backup (integrity, row counts, checksums)")
    v.add_argument("path", nargs="?", type=Path, help="backup file (default: the newest)")
    add_store_option(v)
    v.set_defaults(func=cmd_verify)

    r = bsub.add_parser("restore", help="從備份還原 / restore from a backup")
    r.add_argument("path", type=Path)
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_store_option(r)
    r.set_defaults(func=cmd_restore)

    s = bsub.add_parser("settings", help="備份設定 / show or change backup settings")
    s.add_argument("--folder", help='backup folder ("" = backups/ beside the database)')
    s.add_argument("--keep", type=int, help="how many backups to keep")
    s.add_argument("--encrypt", type=_on_off, metavar="on|off")
    s.add_argument("--daily", type=_on_off, metavar="on|off")
    s.add_argument("--on-exit", dest="on_exit", type=_on_off, metavar="on|off")
    add_store_option(s)
    s.set_defaults(func=cmd_settings)


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def cmd_create(args: argparse.Namespace) -> int:
    with signed_in(args) as (db, actor):
        if args.store:
            open_chosen_store(args)  # the explicit choice of where the backup key is kept
        info = backup.create_backup(db, actor, label=args.label, encrypt=args.encrypt, folder=args.folder)
    print(info.path)
    print(f"已備份 / backed up: {sum(info.rows.values())} rows, {_size(info.size)}"
          + (", 已加密 / encrypted" if info.encrypted else ""), file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with signed_in(args) as (db, actor):
        found = backup.list_backups(db, actor, folder=args.folder)
        folder = args.folder or backup.backup_settings(db).folder
    print(f"備份資料夾 / folder: {folder}", file=sys.stderr)
    for info in found:
        flags = ("enc" if info.encrypted else "") + ("" if info.has_manifest else " no-manifest")
        print(f"{info.created:%Y-%m-%d %H:%M:%S}\t{info.label}\t{_size(info.size)}\t{flags.strip()}\t{info.path}")
    if not found:
        print("尚無備份 / no backups yet", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    path = args.path
    if path is None:
        with signed_in(args) as (db, actor):
            found = backup.list_backups(db, actor)
        if not found:
            raise PortfolioError("尚無備份可驗證", "there is no backup to verify")
        path = found[0].path
    if args.store:
        open_chosen_store(args)  # where the key of an encrypted backup is
    report = backup.verify_backup(path)
    for table, rows in sorted(report.rows.items()):
        print(f"{table}\t{rows}")
    if report.attachments:
        print(f"附件複本 / attachment copies\t{report.attachments}")
    for zh, en in zip(report.warnings_zh, report.warnings_en):
        print(f"注意 / note: {zh} / {en}", file=sys.stderr)
    if report.ok:
        print(f"驗證通過 / verified OK: {report.path}", file=sys.stderr)
        return 0
    for zh, en in zip(report.problems_zh, report.problems_en):
        print(f"{zh} / {en}", file=sys.stderr)
    print(f"驗證失敗 / verification FAILED: {report.path}", file=sys.stderr)
    return EXIT_VERIFY_FAILED


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            raise PortfolioError("還原會取代目前的資料庫；請加上 --yes 確認",
                                 "restore replaces the current database; add --yes to confirm")
        answer = input(f"以 {args.path} 取代目前的資料庫？(目前的檔案會先備份) [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("已取消 / cancelled", file=sys.stderr)
            return 1
    with signed_in(args) as (db, actor):
        if args.store:
            open_chosen_store(args)  # where the key of an encrypted backup is
        report = backup.restore_backup(db, actor, args.path)
    print(f"已還原 / restored from {report.restored_from}", file=sys.stderr)
    if report.attachments_restored:
        print(f"已放回 {report.attachments_restored} 個附件檔 / {report.attachments_restored} attachment file(s) put back",
              file=sys.stderr)
    print(f"還原前的資料庫已備份於 / the previous database was kept as {report.safety_backup}", file=sys.stderr)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    with signed_in(args) as (db, actor):
        if args.store:
            open_chosen_store(args)  # the explicit choice of where the backup key is kept
        if any(v is not None for v in (args.folder, args.keep, args.encrypt, args.daily, args.on_exit)):
            settings = backup.update_backup_settings(
                db, actor, folder=args.folder, keep=args.keep, encrypt=args.encrypt,
                daily=args.daily, on_exit=args.on_exit,
            )
        else:
            settings = backup.backup_settings(db)
    print(f"folder\t{settings.folder}\nkeep\t{settings.keep}\nencrypt\t{settings.encrypt}\n"
          f"daily\t{settings.daily}\non_exit\t{settings.on_exit}")
    return 0
