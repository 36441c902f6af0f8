"""Reading staff records into domain values (grants, availability); shared by accounts, authz and
proxies. Inside a caller's session; no transactions of its own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from portfolio_desktop.domain.proxies import Leave, Person
from portfolio_desktop.domain.roles import DIVISIONS, Grant, Role
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.store.accounts_models import Staff, StaffRole
from portfolio_desktop.store.models import Division, SchoolClass


def _with_grants() -> tuple[Any, ...]:
    """A staff member's grants (with their division), leaves and account, in the same statement: every
    sign-in and every permission check reads one person, so one round trip instead of five."""
    return (joinedload(Staff.grants).joinedload(StaffRole.division), joinedload(Staff.leaves),
            joinedload(Staff.account))


def find_staff(session: Session, username: str) -> Staff:
    staff = session.scalars(
        select(Staff).where(Staff.username == username.strip()).options(*_with_grants())
    ).unique().one_or_none()
    if staff is None:
        raise NotFoundError(f"找不到人員帳號「{username}」", f"no staff member '{username}'")
    return staff


def maybe_staff(session: Session, username: str) -> Staff | None:
    try:
        return find_staff(session, username)
    except NotFoundError:
        return None


def all_staff(session: Session) -> list[Staff]:
    return list(
        session.scalars(
            select(Staff)
            .order_by(Staff.username)
            .options(selectinload(Staff.grants).selectinload(StaffRole.division), selectinload(Staff.leaves),
                     selectinload(Staff.account))
        )
    )


def display_names(session: Session, usernames: Iterable[str | None]) -> dict[str, str]:
    """Account name → the person's name, for the accounts given that exist (others are left out)."""
    wanted = sorted({u for u in usernames if u})
    if not wanted:
        return {}
    return dict(session.execute(select(Staff.username, Staff.display_name).where(Staff.username.in_(wanted))).all())


def grant_of(row: StaffRole) -> Grant:
    return Grant(
        role=Role(row.role),
        division=row.division.code if row.division is not None else None,
        class_id=row.class_id,
        course_code=row.course_code,
    )


def grants_of(staff: Staff) -> tuple[Grant, ...]:
    return tuple(grant_of(g) for g in staff.grants)


def person_of(staff: Staff) -> Person:
    return Person(
        name=staff.username,
        departed_on=staff.departed_on,
        grace_until=staff.grace_until,
        leaves=tuple(Leave(lv.starts_on, lv.ends_on) for lv in staff.leaves),
        label=staff.display_name,
    )


def division_id(session: Session, code: str | None, *, create: bool = True) -> int | None:
    """The id of the 日間部 / 進修部 row, created on first use (the roster import may not have run yet)."""
    if code is None:
        return None
    if code not in DIVISIONS:
        raise RuleError(f"不認得的部別「{code}」；應為 day（日間部）或 night（進修部）",
                        f"unknown division '{code}'; use day or night")
    row = session.scalar(select(Division).where(Division.code == code))
    if row is None:
        if not create:
            return None
        row = Division(code=code, name=DIVISIONS[code])
        session.add(row)
        session.flush()
    return row.id


def class_id_of(session: Session, code: str, division: str | None = None) -> int:
    """A class by its code (e.g. 301), in the division when given; ambiguous codes must name one."""
    stmt = select(SchoolClass).join(Division).where(SchoolClass.code == code.strip())
    if division is not None:
        stmt = stmt.where(Division.code == division)
    rows = list(session.scalars(stmt))
    if not rows:
        raise NotFoundError(f"找不到班級「{code}」", f"no class '{code}'")
    if len(rows) > 1:
        raise RuleError(f"班級「{code}」在兩個部別都有，請指定部別", f"class '{code}' exists in both divisions; name one")
    return rows[0].id


def class_code_of(session: Session, class_id: int | None) -> str | None:
    if class_id is None:
        return None
    row = session.get(SchoolClass, class_id)
    return row.code if row is not None else str(class_id)


def holds(grants: Iterable[Grant], role: Role, division: str | None) -> bool:
    """Whether these grants hold an office role for the division (a grant for both divisions counts too)."""
    return any(g.role is role and (division is None or g.division is None or g.division == division) for g in grants)


def holders_of(session: Session, role: Role, division: str | None) -> list[Staff]:
    """Staff holding an office role for the division (:func:`holds`), by account name."""
    return [staff for staff in all_staff(session) if holds(grants_of(staff), role, division)]


def staff_with(session: Session, grants: Iterable[Grant]) -> list[Staff]:
    wanted = set(grants)
    return [s for s in all_staff(session) if wanted & set(grants_of(s))]


def grant_label(session: Session, grant: Grant) -> str:
    """A grant as people read it: 導師（301）, 任課教師（C1234）, 進修部教務組."""
    if grant.role is Role.MENTOR:
        return f"導師（{class_code_of(session, grant.class_id)}）"
    return grant.label
