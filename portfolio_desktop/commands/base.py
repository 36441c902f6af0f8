"""`init`: create or upgrade the database."""

from __future__ import annotations

import argparse
import sys

from portfolio_desktop.commands.common import opened


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="建立或升級資料庫 / create or upgrade the database")
    p.add_argument("--admin", metavar="NAME",
                   help="首次建立系統管理者帳號（密碼取自 PORTFOLIO_PASSWORD 或提示輸入）/ "
                        "create the first administrator (password from PORTFOLIO_PASSWORD or a prompt)")
    p.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    """The gate opened (and if needed created) the database: ``init`` is the one command that creates."""
    with opened(args) as db:
        print(f"資料庫已就緒 / database ready: {db.url}", file=sys.stderr)
        if getattr(args, "admin", None):
            from portfolio_desktop.commands.accounts import init_admin

            init_admin(db, args.admin)
    return 0
