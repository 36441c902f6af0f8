"""The one gate every command passes before its function runs.

``cli.main`` parses the command line and enters :func:`entered`, which

1. opens the database the command works on; it must already exist (only ``init`` creates one), so
   a mistyped ``--db`` is refused instead of becoming a new empty database;
2. signs the user in: ``--user NAME`` or ``PORTFOLIO_USER``, the password from ``PORTFOLIO_PASSWORD``
   or, at a terminal, a prompt. A wrong password, an unknown user, a locked, disabled or departed
   account, and an account still holding the first password an administrator gave are refused:
   exit 1, a message in both languages on stderr, nothing on stdout, and exactly one audit row
   (written by :func:`services.accounts.sign_in`);
3. hands the open database and the signed-in :class:`Actor` to the command, through
   :func:`commands.common.signed_in` / :func:`commands.common.opened` / :func:`commands.common.cli_actor`,
   and disposes of the database when the command is done.

An import's FILE (marked by :func:`commands.common.add_file_to_read`) is read on a worker while 1 and
2 run (io/read_ahead.py); the command takes it only once it is through, and what it did not take is
discarded.

Every command is gated unless :data:`EXCEPTIONS` names it, with its reason: a new command is gated
without doing anything. Passwords are never arguments (they would land in the shell history and the
process list) and never printed.
"""

from __future__ import annotations

import argparse
import enum
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_desktop import collector
from portfolio_desktop.config import USER_ENV
from portfolio_desktop.errors import PortfolioError

if TYPE_CHECKING:  # the services and the store load when a command runs, not when `--help` is read
    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.store.engine import Database

PASSWORD_ENV = "PORTFOLIO_PASSWORD"
NEW_PASSWORD_ENV = "PORTFOLIO_NEW_PASSWORD"

COMMAND = "gate_command"  # set on every leaf parser by mark_commands(): ("roster", "list"), ("init",) …
# set by commands.common.add_file_to_read on every `… import FILE [--sheet S]`: the gate starts
# reading FILE while it signs the user in (io/read_ahead.py)
READS_FILE = "gate_reads_file"
_PASSAGE = "gate_passage"  # the Passage of the running command


class Access(enum.Enum):
    """How the gate lets a command through."""

    SIGNED_IN = "signed in"  # the default: an existing database and a signed-in user
    CREATES = "creates the database"  # opens or creates the database; nobody to sign in yet
    NO_DATABASE = "opens no database"
    FIRST_RUN = "signed in once an account exists"
    FIRST_PASSWORD = "signed in, the first password accepted"


@dataclass(frozen=True)
class Rule:
    access: Access
    reason: str


# The only commands that do not pass the default gate (besides --help, --version and the GUI, which
# signs in in its own window). Anything not listed here needs an existing database and a sign-in.
# Deliberately not listed: `backup verify` (a backup is every student's record; verify reports its
# tables and counts, and without PATH reads the backup folder from the database: it is signed in
# like `backup restore`), and `db copy` (signed in to its SOURCE, see SIGN_IN_DATABASE).
EXCEPTIONS: dict[tuple[str, ...], Rule] = {
    ("init",): Rule(
        Access.CREATES,
        "creates or upgrades the database; --admin makes the first administrator and is refused once "
        "any account exists (services.accounts.bootstrap_admin), so there is nobody to sign in as yet",
    ),
    ("db", "password"): Rule(
        Access.NO_DATABASE,
        "stores a server password in the OS keyring for this workstation's user; opens no database "
        "and reads no school data",
    ),
    ("demo",): Rule(
        Access.FIRST_RUN,
        "fills an EMPTY database only (services.demo.generate_demo refuses any other); a database "
        "with no account has nobody to sign in as, and once one exists demo signs in like every command",
    ),
    ("accounts", "passwd"): Rule(
        Access.FIRST_PASSWORD,
        "signs in like every command, but is the one command an account that must change its first "
        "(or reset) password may run: it changes it",
    ),
}


def _copy_source(args: argparse.Namespace) -> Database:
    from portfolio_desktop.store.open import connect_existing

    return connect_existing(args.source, password_for=_stored_password)


# Commands whose sign-in is checked against another database than --db. `db copy` is authorised
# by an account of the data it copies (its SOURCE); --db plays no part in it.
SIGN_IN_DATABASE: dict[tuple[str, ...], Callable[[argparse.Namespace], Database]] = {
    ("db", "copy"): _copy_source,
}


@dataclass
class Passage:
    """What the gate hands to the running command."""

    command: tuple[str, ...]
    access: Access
    db: Database | None
    actor: Actor | None


def access_of(command: tuple[str, ...]) -> Access:
    rule = EXCEPTIONS.get(command)
    return rule.access if rule else Access.SIGNED_IN


# ---------------------------------------------------------------------------------- the parser


def leaf_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every leaf parser of the tree, with its command path (``("notices", "labels")``)."""
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield path, parser
        return
    for action in actions:
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) not in seen:  # an alias names the same parser
                seen.add(id(sub))
                yield from leaf_commands(sub, (*path, name))


def mark_commands(parser: argparse.ArgumentParser) -> None:
    """Record on every leaf parser its command path for the gate."""
    for path, leaf in leaf_commands(parser):
        leaf.set_defaults(**{COMMAND: path})


# ----------------------------------------------------------------------------------- sign-in


def user_name(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if not name:
        raise PortfolioError("請以 --user 或環境變數 PORTFOLIO_USER 指定登入帳號",
                             "name the user with --user or the PORTFOLIO_USER variable")
    return str(name)


def prompt(label: str) -> str:
    """Ask for a password at the terminal (not echoed); refused when there is no terminal."""
    if not sys.stdin.isatty():
        raise PortfolioError(f"沒有終端機可輸入{label}；請設定環境變數", f"no terminal to type the {label}; set the variable")
    return getpass.getpass(f"{label}: ")


def sign_in(db: Database, name: str, *, first_password_ok: bool = False) -> Actor:
    """The password from PORTFOLIO_PASSWORD or a prompt, checked by :func:`services.accounts.sign_in`
    (throttled, audited once). An account whose password must change is refused with how to change it."""
    from portfolio_desktop.services.accounts import accounts

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = prompt(f"{name} 的密碼 / password ({PASSWORD_ENV})")
    try:
        return accounts.sign_in(db, name, password, first_password_ok=first_password_ok)
    except accounts.FirstPasswordNotChanged:
        raise PortfolioError(
            f"{name} 的密碼須先變更（首次登入或經管理者重設）才能執行其他指令。請執行 "
            f"portfolio-desktop --user {name} accounts passwd：目前的密碼取自 {PASSWORD_ENV}、"
            f"新密碼取自 {NEW_PASSWORD_ENV}，未設定時在終端機提示輸入",
            f"{name} must change the password (first sign-in, or reset by an administrator) before any "
            f"other command. Run: portfolio-desktop --user {name} accounts passwd — the current password "
            f"from {PASSWORD_ENV}, the new one from {NEW_PASSWORD_ENV}, or typed at a terminal prompt",
        ) from None


def _first_run_actor(args: argparse.Namespace, db: Database) -> Actor:
    """No account yet: nobody can sign in, and the command refuses a database that is not empty.
    Once an account exists the command is signed in like any other."""
    from portfolio_desktop.services.accounts import accounts
    from portfolio_desktop.services.context import Actor, default_actor

    if accounts.has_accounts(db):
        return sign_in(db, user_name(args))
    named = getattr(args, "user", None) or os.environ.get(USER_ENV)
    return Actor(named) if named else default_actor()


def _check_password_early(args: argparse.Namespace) -> None:
    """With the password in PORTFOLIO_PASSWORD and an SQLite file, start the Argon2 check now, on a
    worker thread, while the database layer loads (domain/passwords.py :func:`verify_soon`); the
    sign-in still applies every rule and takes the result only for the same hash and password."""
    password = os.environ.get(PASSWORD_ENV)
    name = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if password is None or not name:
        return
    from portfolio_desktop.config import resolve_db_url, sqlite_path
    from portfolio_desktop.store.account_peek import stored_password_hash

    path = sqlite_path(resolve_db_url(args.db))
    stored = stored_password_hash(path, str(name)) if path is not None else None
    if stored is not None:
        from portfolio_desktop.domain.passwords import verify_soon

        verify_soon(stored, password)


@contextmanager
def _file_read_early(args: argparse.Namespace) -> Iterator[Callable[[], None]]:
    """An import's file is read on a worker while the user signs in (io/read_ahead.py); the command
    takes what was read only once it is through the gate, and what it did not take is discarded.
    Yields what waits for the reading's sheet guard (io/read_ahead.py :func:`wait_for_guard`)."""
    if not getattr(args, READS_FILE, False) or getattr(args, "file", None) is None:
        yield lambda: None
        return
    from portfolio_desktop.io import read_ahead

    read_ahead.start(Path(args.file), getattr(args, "sheet", None))
    try:
        yield read_ahead.wait_for_guard
    finally:
        read_ahead.discard()


def _open(args: argparse.Namespace, command: tuple[str, ...], access: Access) -> Database:
    opener = SIGN_IN_DATABASE.get(command)
    if opener is not None:
        return opener(args)
    from portfolio_desktop.store.open import open_database

    return open_database(args.db, create=access is Access.CREATES, password_for=_stored_password,
                         backup_key=_stored_backup_key)


# The secret store (keyring, cryptography) loads only when a server password or the backup key is
# really needed: a SQLite database at the head needs neither.
def _stored_password(name: str) -> str | None:
    from portfolio_desktop.services.accounts import secrets

    return secrets.stored_password(name)


def _stored_backup_key() -> bytes:
    from portfolio_desktop.services.accounts import secrets

    return secrets.stored_backup_key()


@contextmanager
def entered(args: argparse.Namespace) -> Iterator[Passage]:
    """Let the parsed command through the gate (or refuse it with a PortfolioError: exit 1)."""
    command = tuple(getattr(args, COMMAND, ()))
    access = access_of(command)
    if access is Access.NO_DATABASE:
        passage = Passage(command, access, None, None)
        setattr(args, _PASSAGE, passage)
        collector.start_up_done()
        yield passage
        return
    with _file_read_early(args) as wait_for_guard:
        if access in (Access.SIGNED_IN, Access.FIRST_PASSWORD) and command not in SIGN_IN_DATABASE:
            _check_password_early(args)
        wait_for_guard()
        db = _open(args, command, access)
        try:
            if access in (Access.SIGNED_IN, Access.FIRST_PASSWORD):
                actor: Actor | None = sign_in(db, user_name(args), first_password_ok=access is Access.FIRST_PASSWORD)
            elif access is Access.FIRST_RUN:
                actor = _first_run_actor(args, db)
            else:
                actor = None
            passage = Passage(command, access, db, actor)
            setattr(args, _PASSAGE, passage)
            collector.start_up_done()  # signed in: what the command does next is its own work
            yield passage
        finally:
            setattr(args, _PASSAGE, None)
            db.dispose()


def passage(args: argparse.Namespace) -> Passage:
    """The running command's passage; a command run without the gate is a programming error."""
    found = getattr(args, _PASSAGE, None)
    if found is None:
        raise RuntimeError("command ran outside the gate: call it through portfolio_desktop.cli.main")
    return found  # type: ignore[no-any-return]
