"""Builders for staff and accounts on a real database, through the real services."""

from __future__ import annotations

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.services import accounts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Division, SchoolClass

ADMIN = "admin"
ADMIN_PASSWORD = "admin-pass-1"
PASSWORD = "staff-pass-1"


def admin(db: Database) -> Actor:
    """The first administrator (created on first call)."""
    if not accounts.has_accounts(db):
        accounts.bootstrap_admin(db, ADMIN, ADMIN_PASSWORD, "系統管理者")
    return Actor(ADMIN)


def staff(db: Database, username: str, *grants: Grant, name: str | None = None, password: str | None = None) -> Actor:
    """A staff member holding ``grants``; with an account when ``password`` is given."""
    accounts.create_staff(db, admin(db), username, name or username, grants=list(grants), password=password,
                          must_change=False)
    return Actor(username)


def school_class(db: Database, code: str, division: str = "day", grade: int = 1) -> int:
    with db.write() as s:
        div = s.query(Division).filter_by(code=division).one_or_none()
        if div is None:
            div = Division(code=division, name={"day": "日間部", "night": "進修部"}[division])
            s.add(div)
            s.flush()
        cls = SchoolClass(division_id=div.id, code=code, grade=grade)
        s.add(cls)
        s.flush()
        return cls.id


REGISTRY_DAY = Grant(Role.REGISTRY, "day")
REGISTRY_NIGHT = Grant(Role.REGISTRY, "night")
DEAN = Grant(Role.DEAN)
