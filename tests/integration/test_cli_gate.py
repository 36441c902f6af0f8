"""The CLI's one gate, proved on the whole command tree.

The test walks ``build_parser()`` into every sub-parser, builds a minimal valid command line for
every leaf command (dummy positionals and required options, an existing file where one is read, an
output path in an empty folder where one is written), and runs it through the real entry point
(``cli.main``, in-process) against a real database file with a small roster, as:

- a user with every office but the wrong password,
- an unknown user name,
- an account that is locked (its right password),
- an account that still holds its first password (refused for every command but ``accounts passwd``),
- no user name at all.

Each must end with exit 1, nothing on stdout, no output file, and the database exactly as before but
for one new ``account.sign_in_failed`` audit row (none when no name was given, as nobody tried to sign
in). A wrong password also counts one failure on that account: the throttle's bookkeeping.

The commands outside the default gate are asserted explicitly; a new command is gated without doing
anything, and this walk covers it. A few real subprocess runs check the installed entry point.
"""

from __future__ import annotations

import argparse
import ast
import json
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from portfolio_desktop.cli import build_parser, main
from portfolio_desktop.commands import gate
from portfolio_desktop.commands.gate import Access
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.open import open_database
from tests.data.receipts import STUDENTS, load_roster
from tests.data.staff import CLERK, CLERK_PASSWORD, signed_in_env

ROOT = Path(__file__).resolve().parents[2]

LOCKED, LOCKED_PASSWORD = "locked-teacher", "locked-pass-77"
FIRST, FIRST_PASSWORD = "new-teacher", "first-pass-88"
NEW_PASSWORD = "brand-new-pass-99"

# Outside the default gate, each with the reason written beside it in commands/gate.py. Adding an
# exception there without adding it here fails test_exceptions_are_listed_explicitly.
EXPECTED_EXCEPTIONS: dict[tuple[str, ...], Access] = {
    ("init",): Access.CREATES,
    ("db", "password"): Access.NO_DATABASE,
    ("demo",): Access.FIRST_RUN,
    ("accounts", "passwd"): Access.FIRST_PASSWORD,
}
# Never signed in by the gate, so not in the refusal matrix.
UNGATED = {c for c, a in EXPECTED_EXCEPTIONS.items() if a in (Access.CREATES, Access.NO_DATABASE)}


# ------------------------------------------------------------------------------ the parser tree


LEAVES = dict(gate.leaf_commands(build_parser()))
GATED = sorted(c for c in LEAVES if c not in UNGATED)


@dataclass
class Argv:
    argv: list[str]
    written: list[Path]  # what the command would write if it ran


def _is_path(action: argparse.Action) -> bool:
    return action.type is Path


def _reads(command: tuple[str, ...], action: argparse.Action) -> bool:
    """A path the command reads (an import file, a backup to restore, an attachment) or writes."""
    if action.dest in ("errors", "out", "folder", "export"):
        return False
    if action.dest == "file":
        return command[-1] == "import"
    return True  # path (backup verify / restore), minutes, attachment


def _value(command: tuple[str, ...], action: argparse.Action, inputs: Path, outputs: Path, written: list[Path]) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if _is_path(action):
        if _reads(command, action):
            return str(inputs / "input.xlsx")
        target = outputs / f"{action.dest}.{'pdf' if action.dest == 'out' else 'xlsx'}"
        written.append(target)
        return str(target)
    if action.type is int:
        return "1"
    if action.type is float:
        return "0.5"
    dest = action.dest
    if dest in ("date", "starts_on", "ends_on", "start", "end"):
        return "113/08/01"
    if dest == "term":
        return "113-1"
    if command == ("db", "copy"):
        if dest == "source":
            return "{db}"  # the database under test (filled in per run)
        target = outputs / "copy-target.sqlite3"
        written.append(target)
        return str(target)
    if command == ("db", "password"):
        return "postgresql://someone@localhost:5432/school"
    return "0012301"  # a 學號 / user name / code: any text parses


def minimal_argv(command: tuple[str, ...], parser: argparse.ArgumentParser, inputs: Path, outputs: Path) -> Argv:
    """The command, its required positionals and options, each with a dummy value that parses."""
    argv, written = list(command), []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings:
            if action.required:
                argv += [action.option_strings[0], _value(command, action, inputs, outputs, written)]
        elif action.nargs not in ("?", "*"):
            argv.append(_value(command, action, inputs, outputs, written))
    for option in ("--out", "--export", "--errors"):  # optional outputs too: none may appear
        action = next((a for a in parser._actions if option in a.option_strings), None)
        if action is not None and not action.required:
            argv += [option, _value(command, action, inputs, outputs, written)]
    return Argv(argv, written)


# ---------------------------------------------------------------------------------- the school


def _lock(db_path: Path) -> None:
    """Lock LOCKED the way it happens: ten wrong passwords (services.accounts.sign_in), each given a
    time past the previous back-off so the test does not wait for the throttle."""
    db = open_database(str(db_path), create=False)
    try:
        at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for _ in range(10):
            at += dt.timedelta(minutes=1)
            with pytest.raises(PermissionDenied):
                accounts.sign_in(db, LOCKED, "not-the-password", now=at)
        with db.read() as s:
            from portfolio_desktop.store.accounts_models import Account, Staff

            acc = s.query(Account).join(Staff).filter(Staff.username == LOCKED).one()
            assert acc.locked_until is not None and acc.locked_until > dt.datetime.now(dt.UTC).replace(tzinfo=None)
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real database file: the clerk (every office, administrator), a roster with addresses, a
    locked account and one that still holds its first password."""
    folder = tmp_path_factory.mktemp("school")
    path = folder / "school.sqlite3"
    db = open_database(str(path), create=True)
    try:
        env = signed_in_env(db)
        clerk = Actor(env["PORTFOLIO_USER"])
        load_roster(db, clerk, folder, STUDENTS)
        accounts.create_staff(db, clerk, LOCKED, "鎖定老師", password=LOCKED_PASSWORD, must_change=False)
        accounts.create_staff(db, clerk, FIRST, "新進老師", password=FIRST_PASSWORD)  # must change at first sign-in
    finally:
        db.dispose()
    _cheap_hashes(path, {CLERK: CLERK_PASSWORD, LOCKED: LOCKED_PASSWORD, FIRST: FIRST_PASSWORD})
    _lock(path)
    return path


def _cheap_hashes(db_path: Path, passwords: dict[str, str]) -> None:
    """Re-hash the test accounts' passwords with Argon2id's lightest parameters, as a hash made with
    older settings would be (sign_in verifies with the parameters stored in the hash, and re-hashes
    on the next good sign-in): the matrix signs in ~300 times, and the app's 64 MiB hash would make
    that minutes. The app's own hashing is tested in tests/integration/test_accounts.py."""
    from argon2 import PasswordHasher

    light = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    con = sqlite3.connect(db_path)
    try:
        with con:
            for username, password in passwords.items():
                con.execute("UPDATE account SET password_hash = ? WHERE staff_id = (SELECT id FROM staff WHERE username = ?)",
                            (light.hash(password), username))
    finally:
        con.close()


@pytest.fixture
def copy(school: Path, tmp_path: Path) -> Path:
    """This test's own copy of the school (a refused sign-in still writes its audit row)."""
    target = tmp_path / "db" / "school.sqlite3"
    target.parent.mkdir()
    shutil.copy(school, target)
    return target


def snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted (the database as a value)."""
    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def audit_since(db_path: Path, last_id: int) -> list[tuple[str, str, str | None]]:
    """(actor, action, after) of the audit rows written after row ``last_id``."""
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT actor, action, after FROM audit_log WHERE id > ? ORDER BY id", (last_id,)).fetchall()
    finally:
        con.close()


def last_audit_id(db_path: Path) -> int:
    con = sqlite3.connect(db_path)
    try:
        return int(con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
    finally:
        con.close()


def account_failures(db_path: Path, username: str) -> int:
    con = sqlite3.connect(db_path)
    try:
        return int(con.execute("SELECT a.failed_count FROM account a JOIN staff s ON s.id = a.staff_id "
                               "WHERE s.username = ?", (username,)).fetchone()[0])
    finally:
        con.close()


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """``cli.main`` in-process, as a script would run it: no terminal, the sign-in from the environment."""

    def run(argv: list[str], user: str | None, password: str | None) -> Run:
        for key, value in (("PORTFOLIO_USER", user), ("PORTFOLIO_PASSWORD", password),
                           ("PORTFOLIO_NEW_PASSWORD", NEW_PASSWORD), ("PORTFOLIO_DB", None)):
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


# ----------------------------------------------------------------------------------- the tests


def test_the_walk_finds_every_command() -> None:
    """The walk reaches the leaves of every family (a broken walk would prove nothing)."""
    families = {c[0] for c in LEAVES}
    assert families >= {"init", "roster", "status", "demo", "backup", "accounts", "proxies", "audit", "dashboard",
                        "courses", "items", "followup", "windows", "receipts", "notices", "workgroup",
                        "consultations", "db"}
    assert {("receipts", "list"), ("notices", "labels"), ("notices", "mailing-list"), ("backup", "verify"),
            ("db", "copy"), ("items", "certify"), ("consultations", "export")} <= set(LEAVES)
    assert len(LEAVES) >= 70
    for command, parser in LEAVES.items():  # the gate knows each leaf by the same path
        assert parser.get_default(gate.COMMAND) == command


def test_exceptions_are_listed_explicitly() -> None:
    """Only these commands pass the gate another way; each names its reason."""
    assert {c: r.access for c, r in gate.EXCEPTIONS.items()} == EXPECTED_EXCEPTIONS
    assert all(len(r.reason) > 40 for r in gate.EXCEPTIONS.values())
    assert set(gate.EXCEPTIONS) <= set(LEAVES)  # no stale entry
    for command in LEAVES:
        expected = EXPECTED_EXCEPTIONS.get(command, Access.SIGNED_IN)
        assert gate.access_of(command) is expected, command


def test_no_command_module_opens_a_database_or_signs_in_by_itself() -> None:
    """Only the gate opens the command's database and signs in. `db copy` opens its TARGET itself:
    the second database of a copy, written only after the gate signed in to the source."""
    allowed = {("gate.py", "open_database"), ("gate.py", "connect_existing"), ("gate.py", "sign_in"),
               ("db.py", "open_database")}
    found = set()
    for source in (ROOT / "portfolio_desktop" / "commands").glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            if name in ("open_database", "connect_existing", "Database") or (
                    isinstance(node, ast.Attribute) and node.attr == "sign_in"):
                if name != "Database":
                    found.add((source.name, name))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Database":
                found.add((source.name, "Database"))
    assert found <= allowed, found - allowed


CASES = {
    "wrong password": (CLERK, "not-the-password"),
    "unknown user": ("nobody", CLERK_PASSWORD),
    "locked account": (LOCKED, LOCKED_PASSWORD),
    "first password": (FIRST, FIRST_PASSWORD),
}


@pytest.mark.parametrize("command", GATED, ids=" ".join)
def test_every_gated_command_refuses_a_bad_sign_in(command: tuple[str, ...], copy: Path, tmp_path: Path, cli) -> None:  # noqa: ANN001
    inputs = copy.parent
    (inputs / "input.xlsx").write_bytes(b"PK\x03\x04 not opened: the gate refuses first")
    outputs = tmp_path / "out"
    outputs.mkdir()
    built = minimal_argv(command, LEAVES[command], inputs, outputs)
    argv = ["--db", str(copy), *[a.replace("{db}", str(copy)) for a in built.argv]]
    folder_before = sorted(p.name for p in copy.parent.iterdir())

    for case, (user, password) in CASES.items():
        if case == "first password" and gate.access_of(command) is Access.FIRST_PASSWORD:
            continue  # `accounts passwd` is how a first password is changed (test_first_password_…)
        before, last = snapshot(copy), last_audit_id(copy)
        failures = account_failures(copy, CLERK)
        r = cli(argv, user, password)
        where = f"{' '.join(command)} / {case}"
        assert r.code == 1, f"{where}: exit {r.code}\n{r.err}"
        assert r.out == "", f"{where}: printed {r.out!r}"
        assert r.err.strip(), where
        assert "Traceback" not in r.err, where
        assert not any(p.exists() for p in built.written), f"{where}: wrote {built.written}"
        assert list(outputs.iterdir()) == [], where
        after = snapshot(copy)
        new = audit_since(copy, last)
        assert [action for _, action, _ in new] == ["account.sign_in_failed"], f"{where}: {new}"
        for table in before:
            if table not in ("audit_log", "account"):
                assert after[table] == before[table], f"{where}: table {table} changed"
        if case == "wrong password":  # the throttle counts the failure on that account, nothing else
            assert account_failures(copy, CLERK) == failures + 1
            assert len(after["account"]) == len(before["account"])
        else:
            assert after["account"] == before["account"], f"{where}: accounts changed"
        assert sorted(p.name for p in copy.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == \
            [n for n in folder_before if not n.endswith(("-wal", "-shm"))], f"{where}: a file appeared beside the database"

    before = snapshot(copy)
    r = cli(argv, None, CLERK_PASSWORD)  # no user name: nobody tried to sign in, nothing is recorded
    assert (r.code, r.out) == (1, ""), f"{' '.join(command)} / no user: {r.err}"
    assert "--user" in r.err and "PORTFOLIO_USER" in r.err
    assert snapshot(copy) == before
    assert not any(p.exists() for p in built.written)


@pytest.mark.parametrize("command", GATED, ids=" ".join)
def test_every_gated_command_lets_a_signed_in_user_through(command: tuple[str, ...], copy: Path, tmp_path: Path,
                                                             cli) -> None:  # noqa: ANN001
    """The control: the same command lines with the clerk's right password pass the gate (the
    command may still refuse its dummy values, but not the sign-in), so the refusals above are the
    gate's and not a broken command line."""
    inputs = copy.parent
    (inputs / "input.xlsx").write_bytes(b"not a workbook")
    outputs = tmp_path / "out"
    outputs.mkdir()
    built = minimal_argv(command, LEAVES[command], inputs, outputs)
    argv = ["--db", str(copy), *[a.replace("{db}", str(copy)) for a in built.argv]]
    last = last_audit_id(copy)
    r = cli(argv, CLERK, CLERK_PASSWORD)
    assert "Traceback" not in r.err
    assert accounts.BAD_SIGN_IN[0] not in r.err and "PORTFOLIO_USER" not in r.err, r.err
    new = audit_since(copy, last)
    assert (CLERK, "account.sign_in") in [(a, b) for a, b, _ in new], f"{' '.join(command)}: {r.err}"


# ------------------------------------------------------------------- first password, --db, public


def test_first_password_runs_nothing_until_changed(copy: Path, cli) -> None:  # noqa: ANN001
    argv = ["--db", str(copy)]
    last = last_audit_id(copy)
    refused = cli([*argv, "roster", "list"], FIRST, FIRST_PASSWORD)
    assert (refused.code, refused.out) == (1, "")
    assert "accounts passwd" in refused.err and "PORTFOLIO_NEW_PASSWORD" in refused.err
    assert "首次登入" in refused.err
    changed = cli([*argv, "accounts", "passwd"], FIRST, FIRST_PASSWORD)
    assert changed.code == 0, changed.err
    assert cli([*argv, "roster", "list"], FIRST, FIRST_PASSWORD).code == 1  # the old one is gone
    listed = cli([*argv, "roster", "list"], FIRST, NEW_PASSWORD)
    assert listed.code != 1 or accounts.BAD_SIGN_IN[0] not in listed.err  # signed in (the role decides the rest)
    actions = [action for actor, action, _ in audit_since(copy, last) if actor == FIRST and action.startswith("account.")]
    assert actions == ["account.sign_in_failed", "account.sign_in", "account.passwd",
                       "account.sign_in_failed", "account.sign_in"]
    assert "first password not changed" in audit_since(copy, last)[0][2]
    again = cli([*argv, "accounts", "passwd"], FIRST, NEW_PASSWORD)  # a new password must differ
    assert again.code == 1 and "不能與舊密碼相同" in again.err


def test_missing_database_is_refused_and_nothing_is_created(tmp_path: Path, cli) -> None:  # noqa: ANN001
    for db in (tmp_path / "no-such-folder" / "school.sqlite3", tmp_path / "missing.sqlite3", tmp_path):
        for argv in (["receipts", "list"], ["demo", "--students", "5"], ["db", "copy", str(db), str(tmp_path / "t.sqlite3")],
                     ["accounts", "passwd"]):
            r = cli(["--db", str(db), *argv], CLERK, CLERK_PASSWORD)
            assert (r.code, r.out) == (1, ""), (db, argv, r.err)
            assert "找不到資料庫檔" in r.err and "database file not found" in r.err and "init" in r.err
    assert [p.name for p in tmp_path.iterdir()] == []
    created = cli(["--db", str(tmp_path / "new" / "school.sqlite3"), "init"], None, None)
    assert created.code == 0 and (tmp_path / "new" / "school.sqlite3").is_file()


def test_demo_needs_no_account_only_on_a_database_without_one(tmp_path: Path, cli) -> None:  # noqa: ANN001
    db = tmp_path / "demo.sqlite3"
    assert cli(["--db", str(db), "init"], None, None).code == 0
    made = cli(["--db", str(db), "demo", "--students", "30"], None, None)
    assert made.code == 0, made.err


def test_db_password_opens_no_database(tmp_path: Path, cli) -> None:  # noqa: ANN001
    """Public: with no account and no database it still answers (here: refuses a URL with a password
    in it, before any keyring is touched), and creates nothing."""
    r = cli(["--db", str(tmp_path / "none.sqlite3"), "db", "password", "postgresql://u:pw@localhost/school"], None, None)
    assert r.code == 1 and "leave the password out" in r.err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------- subprocesses


def _real(db: Path, *argv: str, user: str | None, password: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    env["PYTHONIOENCODING"] = "utf-8"
    if user is not None:
        env["PORTFOLIO_USER"] = user
    if password is not None:
        env["PORTFOLIO_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(db), *argv], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("argv", "user", "password"), [
    (["receipts", "list"], CLERK, "not-the-password"),
    (["notices", "labels", "1", "--out", "{out}"], "nobody", "x"),
    (["courses", "list"], LOCKED, LOCKED_PASSWORD),
])
def test_real_process_refuses(argv: list[str], user: str, password: str, copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    before, last = snapshot(copy), last_audit_id(copy)
    r = _real(copy, *[a.replace("{out}", str(out)) for a in argv], user=user, password=password)
    assert (r.returncode, r.stdout) == (1, ""), r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
    assert [action for _, action, _ in audit_since(copy, last)] == ["account.sign_in_failed"]
    after = snapshot(copy)
    assert {t: v for t, v in after.items() if t not in ("audit_log", "account")} == \
        {t: v for t, v in before.items() if t not in ("audit_log", "account")}


def test_real_process_missing_folder_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "school.sqlite3"
    r = _real(db, "windows", "list", user=CLERK, password=CLERK_PASSWORD)
    assert (r.returncode, r.stdout) == (1, "") and "database file not found" in r.stderr
    assert not db.parent.exists()


# ------------------------------------------------------------------------- the garbage collector

_COLLECTOR_PROBE = """
import gc, json, sys
from portfolio_desktop import __main__ as entry
from portfolio_desktop.commands import gate

during = {}
sign_in = gate.sign_in

def watched(*args, **kwargs):
    during["enabled"] = gc.isenabled()
    return sign_in(*args, **kwargs)

gate.sign_in = watched
end_now = entry.end_now

def report(code):  # the command is over: say how the collector stands, then let the process end
    print(json.dumps({"code": code, "during_sign_in": during["enabled"], "after": gc.isenabled(),
                      "young": gc.get_threshold()[0], "frozen": gc.get_freeze_count()}))
    end_now(code)

entry.end_now = report
sys.argv = ["portfolio-desktop", *sys.argv[1:]]
entry.run()
print("not ended")
"""


def test_the_entry_point_collects_again_once_the_gate_has_signed_in(copy: Path) -> None:
    """collector.py: paused while the process starts and signs in, then what start-up made is frozen
    and collection resumes with larger young generations."""
    from portfolio_desktop import collector

    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    env.update(PORTFOLIO_USER=CLERK, PORTFOLIO_PASSWORD=CLERK_PASSWORD, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-c", _COLLECTOR_PROBE, "--db", str(copy), "roster", "list", "--json"],
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=True)
    state = json.loads(done.stdout.splitlines()[-1])  # (a command's process ends in end_now: no "not ended")
    assert state["code"] == 0 and state["during_sign_in"] is False and state["after"] is True
    assert state["young"] == collector.YOUNG and state["frozen"] > 10_000


def test_a_command_run_in_process_leaves_the_collector_as_it_was(copy: Path, cli) -> None:  # noqa: ANN001
    """Only the process entry point pauses the collector: ``cli.main`` called by a program (or a test)
    changes neither its thresholds nor what is frozen."""
    import gc

    enabled, threshold, frozen = gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()
    assert cli(["--db", str(copy), "roster", "list"], CLERK, CLERK_PASSWORD).code == 0
    assert (gc.isenabled(), gc.get_threshold()) == (enabled, threshold)
    # nothing frozen by the command (a freeze adds every live object); objects an earlier test froze may
    # meanwhile be freed by reference counting, so the count can only have gone down
    assert gc.get_freeze_count() <= frozen
