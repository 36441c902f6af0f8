"""`db copy SOURCE TARGET`, `db password URL`: moving a school onto a PostgreSQL server (issue 7)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from portfolio_desktop.commands.common import signed_in
from portfolio_desktop.commands.secret_store import add_store_option, open_chosen_store
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.admin import db_copy
from portfolio_desktop.store import server
from portfolio_desktop.store.open import open_database

PASSWORD_ENV = "PORTFOLIO_DB_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="資料庫伺服器與搬移 / database server and moving data")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    c = dsub.add_parser(
        "copy", help="把資料庫整個複製到另一個空白資料庫 / copy every row into an empty database",
        description="Copy SOURCE (an SQLite file, normally) into TARGET (normally postgresql://user@host:port/dbname), "
                    "which must be empty; the target is migrated to this app's version first. One transaction, "
                    "verified by row counts and per-table SHA-256 before it is committed.",
    )
    c.add_argument("source", help="SQLite file (or database URL) to copy from; only your sign-in is recorded in it")
    c.add_argument("target", help="empty database to copy into, e.g. postgresql://user@host:5432/school")
    c.set_defaults(func=cmd_copy)

    pw = dsub.add_parser(
        "password", help="把伺服器密碼存入系統金鑰圈 / store the server password in the OS keyring",
        description=f"The password is read from {PASSWORD_ENV} or typed (not echoed); it is kept in the OS keyring "
                    "(or, with --store encrypted-file, in the encrypted file chosen for a computer without one) "
                    "and used whenever --db names this user, server and database without a password. "
                    "libpq's PGPASSWORD and ~/.pgpass work too.",
    )
    pw.add_argument("url", help="postgresql://user@host:port/dbname (without the password)")
    pw.add_argument("--forget", action="store_true", help="remove the stored password")
    add_store_option(pw)
    pw.set_defaults(func=cmd_password)


def cmd_copy(args: argparse.Namespace) -> int:
    # The gate opened SOURCE as it is and signed in there (gate.SIGN_IN_DATABASE) before the
    # target is touched; the target may be a new SQLite file or an empty server database.
    with signed_in(args) as (source, actor):
        target = open_database(args.target, create=True)
        try:
            def progress(table: str, rows: int) -> None:
                print(f"\r{table}: {rows}", end="", file=sys.stderr, flush=True)

            report = db_copy.copy_database(source, target, actor, progress=progress)
        finally:
            target.dispose()
    print("", file=sys.stderr)
    for table in report.tables:
        print(f"{table.name}\t{table.rows}\t{table.sha256[:16]}")
    print(f"已複製並驗證 / copied and verified: {report.total_rows} rows in {len(report.tables)} tables, "
          f"revision {report.revision}: {report.source} → {report.target}", file=sys.stderr)
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    if not server.is_server_url(args.url):
        raise PortfolioError("請給 postgresql:// 開頭的伺服器網址", "give a server URL starting with postgresql://")
    parsed = server.parse(args.url)
    if parsed.password is not None:
        raise PortfolioError("網址中請不要包含密碼", "leave the password out of the URL")
    name = server.secret_name(parsed)
    store = open_chosen_store(args)
    if args.forget:
        removed = store.delete(name)
        print(("已刪除 / removed: " if removed else "原本就沒有 / nothing stored for: ") + server.display(parsed),
              file=sys.stderr)
        return 0
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise PortfolioError(f"請以環境變數 {PASSWORD_ENV} 提供密碼，或在終端機執行以便輸入",
                                 f"give the password in {PASSWORD_ENV}, or run the command in a terminal to type it")
        try:
            password = getpass.getpass(f"{server.display(parsed)} 的密碼 / password: ")
        except EOFError:
            password = ""
    if not password:
        raise PortfolioError("密碼不可空白", "the password must not be blank")
    store.set(name, password)
    print(f"已存入 / stored in {store.description}: {server.display(parsed)}", file=sys.stderr)
    return 0
