"""The school's current term (services/terms.py current_term): the setting ``school.current_term``
that the set-up wizard writes wins over the calendar while it is within one term of it; without it (or
when it is years stale or not a term) the calendar term of the day (domain.roc.term_of) is used. Every
service that defaults a term or a school year — dashboard, follow-up lists, windows, compliance, the
CLI's --year — starts from it."""

from __future__ import annotations


import datetime as dt
from pathlib import Path

import pytest

from portfolio_desktop.cli import main
from portfolio_desktop.domain.items import CAPS_SEED_001
from portfolio_desktop.domain.roc import format_term, term_of
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.services.workgroup import compliance
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import CURRENT_TERM_KEY, current_term
from portfolio_desktop.services.settings import set_setting
from portfolio_desktop.store.engine import Database
from tests.data.cli_json import json_lines

ADMIN_PW = "admin-pass-2024"


def _store(db: Database, value: object) -> None:
    with db.write() as s:
        set_setting(s, Actor("test"), CURRENT_TERM_KEY, value)


@pytest.mark.parametrize(("stored", "today", "expected"), [
    (None, dt.date(2025, 2, 3), (113, 2)),  # no setting: the calendar
    ("113-1", dt.date(2025, 2, 3), (113, 1)),  # still closing 113-1 in February
    ("113-1", dt.date(2024, 7, 20), (113, 1)),  # already opening 113-1 in July (calendar 112-2)
    ("113-1", dt.date(2024, 10, 1), (113, 1)),
    ("113-1", dt.date(2026, 3, 1), (114, 2)),  # years stale: nobody kept it up to date
    ("113-1", dt.date(2025, 9, 1), (114, 1)),  # two terms away is stale too
    ("not a term", dt.date(2025, 2, 3), (113, 2)),
    (1131, dt.date(2025, 2, 3), (113, 2)),  # not text
])
def test_current_term_prefers_the_setting(db: Database, stored: object, today: dt.date,
                                          expected: tuple[int, int]) -> None:
    if stored is not None:
        _store(db, stored)
    assert current_term(db, today) == expected
    with db.read() as session:  # the same from a caller's session
        assert current_term(session, today) == expected


def _other_term() -> tuple[int, int]:
    """A term next to the calendar's but in another school year, so a default year differs too."""
    year, sem = term_of(dt.date.today())
    return (year - 1, 2) if sem == 1 else (year + 1, 1)


@pytest.fixture
def wizard_school(db: Database) -> tuple[Database, Actor, tuple[int, int]]:
    """Set up as the wizard does, declaring the term next to the calendar's (in another school year)."""
    term = _other_term()
    admin = school_setup.apply_first_run(db, school_setup.FirstRunSetup(
        school=school_setup.SchoolProfile("示範高中", "123456", ("day",), ("普通科",)),
        term=term, caps=CAPS_SEED_001, letterhead={"office": "教務處註冊組"},
        admin=school_setup.AdminAccount("admin", "管理者", ADMIN_PW, (Grant(Role.REGISTRY, "day"), Grant(Role.DEAN))),
        backup=school_setup.BackupChoice("", 5, False),
    ))
    return db, admin, term


def test_the_wizards_term_is_every_services_default(wizard_school: tuple[Database, Actor, tuple[int, int]]) -> None:
    db, admin, term = wizard_school
    label = format_term(*term)
    assert format_term(*term_of(dt.date.today())) != label
    assert current_term(db) == term
    assert dashboard.default_term(db) == label and label in dashboard.known_terms(db)
    assert followup.followup(db, admin, followup.FollowupKind.NO_UPLOADS).term == label
    start = dt.datetime(2030, 1, 1, 8, 0)
    row = windows.set_window(db, admin, None, WindowKind.UPLOAD, start, start + dt.timedelta(days=3))
    assert row.term == label and [w.term for w in windows.list_windows(db, admin)] == [label]
    assert compliance.compliance(db, admin).school_year == term[0]
    assert school_setup.school_settings(db).term == term


def test_the_settings_move_the_current_term(wizard_school: tuple[Database, Actor, tuple[int, int]]) -> None:
    db, admin, _term = wizard_school
    calendar = term_of(dt.date.today())
    school_setup.save_school_settings(db, admin, term=calendar)
    assert current_term(db) == calendar and dashboard.default_term(db) == format_term(*calendar)


def test_the_cli_default_year_is_the_current_terms(wizard_school: tuple[Database, Actor, tuple[int, int]],
                                                   db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, _admin, term = wizard_school
    db.dispose()
    monkeypatch.setenv("PORTFOLIO_USER", "admin")
    monkeypatch.setenv("PORTFOLIO_PASSWORD", ADMIN_PW)
    assert main(["--db", str(db_path), "workgroup", "members", "template", "000"]) == 0  # no --year
    capsys.readouterr()
    assert main(["--db", str(db_path), "workgroup", "members", "--year", str(term[0]), "--json"]) == 0
    assert len(json_lines(capsys.readouterr().out)) == 17
