"""authz.session_directory: the decisions of one transaction read each person once, and never from a
copy older than the session's own changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from portfolio_desktop.domain.roles import Permission, Role
from portfolio_desktop.services import authz, read_scope
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import ReadKind
from portfolio_desktop.store.accounts_models import Staff, StaffRole
from portfolio_desktop.store.engine import Database
from tests.data.staff import ACADEMIC, DEAN, REGISTRY_DAY, REGISTRY_NIGHT, staff

D = dt.date(2024, 10, 1)


@contextmanager
def staff_reads(db: Database) -> Iterator[list[str]]:
    """The SELECTs of the staff table run meanwhile (by the writer or the reader)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        if re.match(r"\s*SELECT\b.*\bFROM staff\b", statement, re.DOTALL):
            seen.append(statement)

    for engine in (db.engine, db.read_engine):
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        for engine in (db.engine, db.read_engine):
            event.remove(engine, "before_cursor_execute", count)


def test_a_read_scope_of_many_grants_reads_the_person_once(db: Database) -> None:
    who = staff(db, "office", REGISTRY_DAY, REGISTRY_NIGHT, ACADEMIC, DEAN)
    with staff_reads(db) as seen:
        scope = read_scope.scope_for(db, who, ReadKind.ROSTER)
    assert scope.whole
    assert len(seen) == 1, seen


def _newcomer() -> Staff:
    return Staff(username="newcomer", display_name="新進組員",
                 grants=[StaffRole(role=Role.REGISTRY.value, division_id=None)])  # both divisions


def _decided(s: Session, who: Actor) -> bool:
    return isinstance(authz._decide(s, who, Permission.ROSTER_WRITE, division="night", class_id=None,
                                    course_code=None, day=D), authz.ActingAs)


def test_a_decision_sees_a_person_the_session_added_but_has_not_written(db: Database) -> None:
    staff(db, "reg", REGISTRY_DAY)
    who = Actor("newcomer")
    with db.write() as s:
        assert not _decided(s, who)  # nobody of that name yet
        s.add(_newcomer())  # pending: a query would write it first, the shared directory must not hide it
        assert _decided(s, who)
        s.rollback()


def test_a_decision_after_a_flush_sees_what_was_written(db: Database) -> None:
    staff(db, "reg", REGISTRY_DAY)
    who = Actor("newcomer")
    with db.write() as s:
        assert not _decided(s, who)
        s.add(_newcomer())
        s.flush()
        assert _decided(s, who)
        s.rollback()


def test_the_shared_directory_ends_with_its_transaction(db: Database) -> None:
    staff(db, "reg", REGISTRY_DAY)
    with db.write() as s:
        first = authz.session_directory(s)
        assert authz.session_directory(s) is first
        s.commit()
        assert authz.session_directory(s) is not first
