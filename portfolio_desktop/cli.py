"""The command line: ``portfolio-desktop [--db PATH] COMMAND``; with no command, the GUI.

Exit codes: 0 done, 1 input refused (nothing written), 2 usage error, 4 unexpected error (a defect:
the user reads where the details went, the traceback goes to the log, logs.py; 3 is ``backup
verify``'s "verification failed"). Messages go to stderr in Traditional Chinese and English. Each
family of commands lives in ``portfolio_desktop/commands/`` and registers its sub-parsers here; they
call services only. Every command passes the one gate (``commands/gate.py``: an existing database and
a signed-in user) before its function runs; the few that do not are listed there, each with its
reason. Every command's start and end (with its exit code) are logged.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from portfolio_desktop import __version__, logs
from portfolio_desktop.commands import gate, positionals
from portfolio_desktop.errors import ImportRefused, PortfolioError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_UNEXPECTED = 0, 1, 2, 4

# Each module of portfolio_desktop/commands/ has register(subparsers) and sets `func` on its parsers.
FAMILY_MODULES = ("base", "roster", "demo", "backup", "accounts", "items", "receipts", "workgroup", "central", "db")
# The top-level commands each module registers (tests/unit/test_cli_startup.py checks they agree): a
# command line builds the parsers of its own family only, so it does not import the other eight.
COMMAND_FAMILY: dict[str, str] = {
    "init": "base", "roster": "roster", "status": "roster", "demo": "demo", "backup": "backup",
    "accounts": "accounts", "proxies": "accounts", "audit": "accounts",
    "dashboard": "items", "courses": "items", "items": "items", "windows": "items", "followup": "items",
    "receipts": "receipts", "notices": "receipts", "workgroup": "workgroup", "consultations": "workgroup",
    "central": "central", "db": "db",
}
GLOBAL_OPTIONS = ("--db", "--user")  # the options before COMMAND that take a value


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"portfolio_desktop.commands.{name}")


def build_parser(families: Sequence[str] = FAMILY_MODULES) -> argparse.ArgumentParser:
    """The parser of ``families`` (every command by default: --help, the README check)."""
    parser = argparse.ArgumentParser(
        prog="portfolio-desktop",
        description="學生學習歷程檔案 office app / student learning portfolio office app",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help="SQLite file or database URL (default: per-user data dir; env PORTFOLIO_DB)")
    parser.add_argument("--user", help="acting user (env PORTFOLIO_USER)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for family in families:
        command_module(family).register(sub)
    gate.mark_commands(parser)
    positionals.describe(parser)  # one description per kind of positional (commands/positionals.py)
    return parser


def family_of(argv: Sequence[str]) -> str | None:
    """The command family ``argv`` names (its first word that is no option), or None: no command, an
    unknown one, or a top-level option other than --db / --user (then every parser is built)."""
    words = iter(argv)
    for word in words:
        if word in GLOBAL_OPTIONS:
            next(words, None)
        elif any(word.startswith(f"{option}=") for option in GLOBAL_OPTIONS):
            continue
        elif word.startswith("-"):
            return None
        else:
            return COMMAND_FAMILY.get(word)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    family = family_of(words)
    parser = build_parser((family,) if family is not None else FAMILY_MODULES)
    args = parser.parse_args(words)
    logs.setup()
    from portfolio_desktop.io.durable import clean_leftovers

    clean_leftovers()  # hidden output files a killed run left behind, wherever they are (io/durable.py)
    if not args.command:
        from portfolio_desktop.gui.app import run_gui

        return run_gui(args.db)
    started = logs.command_started(args, words)
    code = _run(args)
    logs.command_finished(started, code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        with gate.entered(args):
            return int(args.func(args) or EXIT_OK)
    except ImportRefused as exc:
        for problem in exc.problems:
            print(problem.bilingual(), file=sys.stderr)
        print(exc.bilingual(), file=sys.stderr)
        logs.log_refusal(exc, args.command)
        return EXIT_REFUSED
    except PortfolioError as exc:
        print(exc.bilingual(), file=sys.stderr)
        logs.log_refusal(exc, args.command)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("已中斷，未寫入任何資料 / interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a defect: never a traceback for the user, all of it in the log
        logs.log_exception(exc, f"command {args.command}")
        zh, en = logs.unexpected_message()
        print(f"{zh}\n{en}", file=sys.stderr)
        return EXIT_UNEXPECTED
