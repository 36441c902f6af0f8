"""Builders for staff and accounts on a real database, through the real services."""

from __future__ import annotations

from pathlib import Path

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import division_id
from portfolio_desktop.store.accounts_models import Staff, StaffRole
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database
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


def seed_staff(db: Database, username: str, *grants: Grant, name: str | None = None) -> Actor:
    """A staff record with ``grants`` and no sign-in account, written directly (test set-up, not an
    action of anyone: no audit row, no password hashing — the fixtures of every test use it)."""
    with db.write() as s:
        staff = Staff(username=username, display_name=name or username)
        s.add(staff)
        for g in grants:
            staff.grants.append(StaffRole(role=g.role.value, division_id=division_id(s, g.division),
                                          class_id=g.class_id, course_code=g.course_code))
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
ACTIVITIES_DAY = Grant(Role.ACTIVITIES, "day")
ACTIVITIES_NIGHT = Grant(Role.ACTIVITIES, "night")
ACADEMIC = Grant(Role.ACADEMIC)
ADMIN_ROLE = Grant(Role.ADMIN)
IT = Grant(Role.IT)
CONSULTANT = Grant(Role.CONSULTANT)


def teacher(code: str) -> Grant:
    return Grant(Role.TEACHER, course_code=code)


def mentor(class_id: int) -> Grant:
    return Grant(Role.MENTOR, class_id=class_id)


# The shared `actor` fixture (tests/conftest.py): one clerk holding every office of both divisions and
# the courses of tests/data/items_school.py, so the tests written before roles were enforced keep
# their meaning; the role boundaries have their own tests (tests/integration/test_role_boundaries.py).
CLERK = "註冊組測試員"
CLERK_GRANTS: tuple[Grant, ...] = (
    REGISTRY_DAY, REGISTRY_NIGHT, ACTIVITIES_DAY, ACTIVITIES_NIGHT, ACADEMIC, DEAN, ADMIN_ROLE, IT, CONSULTANT,
    *(teacher(f"C0{i}") for i in range(1, 8)),
)

CLERK_PASSWORD = "clerk-pass-2024"


def signed_in_env(db: Database, username: str = CLERK, grants: tuple[Grant, ...] = CLERK_GRANTS) -> dict[str, str]:
    """Make ``username`` the first account of ``db`` (with a password), holding exactly ``grants``; return the
    environment a CLI process signs in with (PORTFOLIO_USER + PORTFOLIO_PASSWORD)."""
    accounts.bootstrap_admin(db, username, CLERK_PASSWORD)
    accounts.set_grants(db, Actor(username), username, grants)  # exactly these (admin only if listed)
    return {"PORTFOLIO_USER": username, "PORTFOLIO_PASSWORD": CLERK_PASSWORD}


def signed_in_file(path: Path, username: str = CLERK, grants: tuple[Grant, ...] = CLERK_GRANTS) -> dict[str, str]:
    """Open (create) the SQLite database at ``path`` as the app does, make ``username`` its first account
    (:func:`signed_in_env`) and close it again; return the environment a CLI process signs in with."""
    db = open_database(str(path))
    try:
        return signed_in_env(db, username, grants)
    finally:
        db.dispose()
