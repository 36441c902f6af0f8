"""Every command that takes ``--json`` speaks the one schema of docs/JSON.md: keys in English
snake_case at every depth, a list as JSON Lines (one object per line), a report as one document;
IDs masked. The test walks ``build_parser()``, so a new ``--json`` command is held to it without
anyone remembering to add it here; it runs each, as an account holding every office, on the demo
school with a working group, a meeting, a session and a consultation recorded through the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from portfolio_desktop import cli
from portfolio_desktop.cli import build_parser
from portfolio_desktop.domain.roc import format_roc
from portfolio_desktop.services.admin.demo import generate_demo
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.staff import CLERK, signed_in_env
from portfolio_desktop.commands.gate import leaf_commands

SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
JSON_COMMANDS = sorted(path for path, parser in leaf_commands(build_parser())
                       if any("--json" in a.option_strings for a in parser._actions))
# a report (one document); every other --json command lists rows (JSON Lines)
DOCUMENTS = {("dashboard",), ("workgroup", "compliance"), ("workgroup", "evaluation")}
ID_PATTERN = re.compile(r"\b[A-Z][12]\d{8}\b")  # a whole 身分證統一編號


def keys_not_snake(value: Any, where: str = "") -> list[str]:
    """Every key, at any depth, that is not English snake_case (with where it is)."""
    bad: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if not (isinstance(key, str) and SNAKE.fullmatch(key)):
                bad.append(f"{where}.{key}")
            bad += keys_not_snake(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for inner in value:
            bad += keys_not_snake(inner, f"{where}[]")
    return bad


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from portfolio_desktop.store.open import open_database

    path = tmp_path_factory.mktemp("json") / "portfolio.sqlite3"
    db: Database = open_database(str(path))
    try:
        env = signed_in_env(db, CLERK)
        generate_demo(db, Actor(CLERK), students=120, today=dt.date.today())
    finally:
        db.dispose()
    return path, env


def run(school: tuple[Path, dict[str, str]], argv: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> str:
    path, env = school
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = cli.main(["--db", str(path), *argv])
    captured = capsys.readouterr()
    assert code == 0, (argv, captured.err)
    return captured.out


@pytest.fixture(scope="module")
def recorded(school: tuple[Path, dict[str, str]]) -> tuple[Path, dict[str, str]]:
    """The working group's rows the demo does not make, recorded as an office would."""
    with pytest.MonkeyPatch.context() as mp:
        path, env = school
        for key, value in env.items():
            mp.setenv(key, value)
        base = ["--db", str(path)]
        today = format_roc(dt.date.today())
        first = dt.date.today().replace(day=1)
        for argv in (["workgroup", "members", "template", "000"],
                     ["workgroup", "meetings", "add", format_roc(first), "期程規劃"],
                     ["workgroup", "sessions", "add", "宣導說明", today, "--audience", "學生"],
                     ["consultations", "assign", CLERK, "--class", "101"],
                     ["proxies", "set", "function:registry:day", CLERK],
                     ["notices", "print", "--out", str(path.parent / "通知.pdf"), "--all-departed"]):
            assert cli.main([*base, *argv]) == 0, argv
        from portfolio_desktop.store.open import open_database
        from portfolio_desktop.services.rosters import rosters

        db = open_database(str(path))
        try:
            student = next(s for s in rosters.list_students(db, Actor(CLERK)) if s.class_code == "101")
        finally:
            db.dispose()
        assert cli.main([*base, "consultations", "add", "--mode", "個別", "--student", student.student_no,
                         "--date", today, "--place", "諮詢室", "--content", "選課諮詢"]) == 0
    return school


def test_json_commands_are_found() -> None:
    assert ("roster", "list") in JSON_COMMANDS and ("receipts", "list") in JSON_COMMANDS
    assert len(JSON_COMMANDS) >= 16
    assert DOCUMENTS <= set(JSON_COMMANDS)


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_every_json_output_has_english_snake_case_keys(command: tuple[str, ...], recorded: tuple[Path, dict[str, str]],
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = run(recorded, [*command, "--json"], capsys, monkeypatch)
    if command in DOCUMENTS:
        values = [json.loads(out)]
        assert isinstance(values[0], dict)
    else:
        values = [json.loads(line) for line in out.splitlines()]  # JSON Lines: each line one object
        assert all(isinstance(v, dict) for v in values)
    assert values, f"{' '.join(command)} printed nothing on the demo school: give the test a row to list"
    assert keys_not_snake(values) == []
    assert not ID_PATTERN.search(out), "a whole national ID in a listing"


def test_every_audit_row_of_these_runs_reads_in_words(recorded: tuple[Path, dict[str, str]]) -> None:
    """The audit log the dean reads: every field and code of every row written above (demo, settings,
    working group, consultations, proxies, notices, refusals …) in words, no raw key or JSON."""
    from portfolio_desktop.domain import audit_words
    from portfolio_desktop.services.accounts import audit_log
    from portfolio_desktop.store.open import open_database

    db = open_database(str(recorded[0]))
    try:
        rows = audit_log.query(db, Actor(CLERK), limit=100_000)
    finally:
        db.dispose()
    assert len(rows) > 20

    def unknown(value: Any) -> set[str]:
        found: set[str] = set()
        if isinstance(value, dict) and "role" not in value:
            for key, inner in value.items():
                if audit_words.field_name(key) == key.replace("_", " ") and key not in audit_words._SKIPPED:
                    found.add(key)
                found |= unknown(inner)
        elif isinstance(value, list):
            for inner in value:
                found |= unknown(inner)
        return found

    raw = {(r.action, key) for r in rows for key in unknown(r.before) | unknown(r.after)}
    assert raw == set(), "fields with no words in domain/audit_words.py FIELDS"
    for r in rows:
        text = " ".join([r.words(), *r.diff()])
        assert "{" not in text and "night）" not in text and "day）" not in text, text
