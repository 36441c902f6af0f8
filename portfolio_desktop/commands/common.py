"""What the command modules share: the database and signed-in user the gate (commands/gate.py)
handed to the running command, bilingual messages on stderr, UTF-8 listings on stdout, and the
import sub-commands (their arguments and how their report, problems and ``--errors`` file are shown).

The gate signs every command in before its function runs (``--user NAME`` or ``PORTFOLIO_USER``; the
password from ``PORTFOLIO_PASSWORD`` or, at a terminal, a prompt); the helpers here only hand out
what it opened, and never open or sign in anything themselves.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.commands import gate
from portfolio_desktop.commands.gate import PASSWORD_ENV as PASSWORD_ENV, prompt as prompt  # shared with the command modules
from portfolio_desktop.errors import ImportRefused, Problem

if TYPE_CHECKING:  # loaded when a command runs (the parsers are built without the services)
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.services.imports import BaseImportReport
    from portfolio_desktop.store.engine import Database


def say(zh: str, en: str) -> None:
    """A message in both languages, on stderr (stdout is for listings)."""
    print(f"{zh}\n{en}", file=sys.stderr)


def utf8_stdout() -> None:
    """Listings go out as UTF-8 whatever the console says, so 𡘙 comes out whole."""
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def out(text: str) -> None:
    """Write a listing to stdout (UTF-8) and flush it."""
    utf8_stdout()
    sys.stdout.write(text)
    sys.stdout.flush()


def cli_actor(args: argparse.Namespace, db: Database) -> Actor:
    """The user the gate signed in for this command (``db`` is the database the gate opened)."""
    passage = gate.passage(args)
    if passage.db is not db or passage.actor is None:
        raise RuntimeError(f"{' '.join(passage.command)}: no signed-in user for this database")
    return passage.actor


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The database the gate opened for this command (it disposes of it when the command is done)."""
    passage = gate.passage(args)
    if passage.db is None:
        raise RuntimeError(f"{' '.join(passage.command)}: the gate opened no database for this command")
    yield passage.db


@contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[tuple[Database, Actor]]:
    """:func:`opened`, with the user the gate signed in."""
    with opened(args) as db:
        yield db, cli_actor(args, db)


# ------------------------------------------------------------------------------------ imports


def add_file_to_read(p: argparse.ArgumentParser) -> None:
    """The FILE a command imports: the gate reads it while it signs the user in (io/read_ahead.py)."""
    p.add_argument("file", type=Path)
    p.set_defaults(**{gate.READS_FILE: True})


def add_import_arguments(p: argparse.ArgumentParser, *, term: bool = False) -> None:
    """The arguments every ``… import FILE`` takes (``--term`` where rows may lack their term)."""
    add_file_to_read(p)
    if term:
        p.add_argument("--term", help="檔案沒有學年期時使用 / term for rows without one, e.g. 113-1")
    p.add_argument("--sheet", help="工作表名稱 / sheet name (default: found automatically)")
    p.add_argument("--dry-run", action="store_true", help="只試算，不寫入 / report only, write nothing")
    p.add_argument("--skip-invalid", action="store_true", help="略過有問題的列 / write the good rows, skip bad ones")
    p.add_argument("--errors", type=Path, metavar="OUT.xlsx", help="問題清單存成 .xlsx / save the problems as .xlsx")


def show_problems(problems: list[Problem], errors: Path | None) -> None:
    """Each problem on stderr (file, sheet, row, column, both languages); saved as .xlsx to ``errors``."""
    for problem in problems:
        print(problem.bilingual(), file=sys.stderr)
    if errors is not None and problems:
        from portfolio_desktop.io.problems_xlsx import write_problems  # only when asked for

        write_problems(problems, errors)
        say(f"問題清單已存到 {errors}", f"problems saved to {errors}")


def show_warnings(warnings: list[Problem]) -> None:
    """Each warning on stderr, marked 提醒 / warning (the rows were imported)."""
    for warning in warnings:
        print(f"提醒 warning: {warning.bilingual()}", file=sys.stderr)


def run_import(args: argparse.Namespace, fn: Callable[..., BaseImportReport], **options: Any) -> int:
    """Run an import service with the arguments of :func:`add_import_arguments` and show its report.

    ``fn(db, actor, file, sheet=, dry_run=, skip_invalid=, **options)`` is the import service. Exit
    code 1 when the file is refused (nothing written; every problem shown), else 0.
    """
    from portfolio_desktop.services.imports import log_report

    errors: Path | None = getattr(args, "errors", None)
    with signed_in(args) as (db, actor):
        try:
            report = fn(db, actor, args.file, sheet=args.sheet, dry_run=args.dry_run,
                        skip_invalid=args.skip_invalid, **options)
        except ImportRefused as exc:
            show_problems(exc.problems, errors)
            say(exc.zh, exc.en)
            return 1
    show_problems(report.problems, errors)
    for note in getattr(report, "notes", []):
        say(note.zh, note.en)
    show_warnings(report.warnings)
    for row in getattr(report, "elsewhere", []):  # rows another office imports (items import)
        print(f"留給其他處室 left for another office: {row.bilingual()}", file=sys.stderr)
    if report.skipped_rows:
        rows = ", ".join(str(r) for r in report.skipped_rows)
        say(f"略過的列：{rows}", f"skipped rows: {rows}")
    zh, en = report.summary()
    say(f"{report.file} [{report.sheet}]：{zh}", f"{report.file} [{report.sheet}]: {en}")
    log_report(report, en)
    return 0
