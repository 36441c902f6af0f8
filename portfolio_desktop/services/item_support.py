"""Shared pieces of the item services (issue 4): terms, the per-school item settings, student lookup
and ``Viewer`` (= services/read_scope.py ReadScope: whose dashboard / lists these are)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import Caps, ItemKind
from portfolio_desktop.domain.roc import format_term, parse_term, term_of
from portfolio_desktop.domain.roles import Role, role_label
from portfolio_desktop.errors import NotFoundError, PortfolioError, RuleError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import ReadScope
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student, Term

CAPS_KEY = "items.caps"
BEHIND_DAYS_KEY = "dashboard.behind_days"
SUBMIT_ROLES_KEY = "items.submit_roles"
CURRENT_TERM_KEY = "school.current_term"  # "113-1": written by the set-up wizard (services/admin/school_setup.py)
DEFAULT_BEHIND_DAYS = 7

# Who submits what (seed 001 §六(二)): 註冊組/進修部教務組 — 學業成績 and CLO; 訓育組/進修部學務組 — 幹部經歷
# and MP. Seed 000 附表二 五 has 教學組 submit the CLO: set items.submit_roles {"clo": "academic"} there.
# services/guard.py require_item checks the SUBMIT action against this setting.
DEFAULT_SUBMIT_ROLES: dict[ItemKind, Role] = {
    ItemKind.CLO: Role.REGISTRY,
    ItemKind.MP: Role.ACTIVITIES,
    ItemKind.CADRE: Role.ACTIVITIES,
    ItemKind.COURSE_RECORD: Role.REGISTRY,
}
SUBMIT_ROLE_PRESETS: dict[str, dict[ItemKind, Role]] = {
    # seed 000 分工明細表 and 附表二 五、六: 教學組 「每學年提交學生勾選之6件課程學習成果」, 學務處(訓育組)
    # 「每學年提交學生勾選之10件多元表現」 and 幹部經歷; 註冊組 填報學業成績 (附表二 四(三)).
    "seed000": {**DEFAULT_SUBMIT_ROLES, ItemKind.CLO: Role.ACADEMIC},
    # seed 001 §六(二)1-4: 註冊組/進修部教務組 學業成績 and CLO, 訓育組/進修部學務組 幹部經歷 and MP.
    "seed001": dict(DEFAULT_SUBMIT_ROLES),
}


Viewer = ReadScope
"""Whose view this is: the one read scope of services/read_scope.py (``Viewer.office()`` /
``Viewer.mentor(ids)`` for a page that already knows its reader)."""


def current_term(source: Database | Session, today: dt.date | None = None) -> tuple[int, int]:
    """The term the school is in: the setting ``school.current_term`` (the set-up wizard writes it,
    services/admin/school_setup.py), else the calendar term of ``today`` (domain.roc.term_of).

    The setting wins while it is the calendar term or the one just before or after it (a school that
    is still closing 113-1 in early February, or already opening 113-2 in late January); one further
    away was not kept up to date and the calendar is used instead, so that defaults never stay in
    a term years old. A value that is not a term (hand-edited) is ignored too.
    """
    calendar = term_of(today or dt.date.today())
    if isinstance(source, Database):
        with source.read() as session:
            stored = get_setting(session, CURRENT_TERM_KEY)
    else:
        stored = get_setting(source, CURRENT_TERM_KEY)
    if not isinstance(stored, str):
        return calendar
    try:
        year, sem = parse_term(stored)
    except PortfolioError:
        return calendar
    if abs((year * 2 + sem) - (calendar[0] * 2 + calendar[1])) > 1:
        return calendar
    return year, sem


def resolve_term(term: str | tuple[int, int] | None, *, today: dt.date | None = None,
                 source: Database | Session | None = None) -> tuple[int, int]:
    """"113-1" / (113, 1) / None (= :func:`current_term` of ``source``; the calendar term of today
    when no database is given)."""
    if term is None:
        return current_term(source, today) if source is not None else term_of(today or dt.date.today())
    if isinstance(term, tuple):
        return term
    return parse_term(term)


def find_term(session: Session, year: int, semester: int) -> Term | None:
    return session.scalar(select(Term).where(Term.school_year == year, Term.semester == semester))


def ensure_term(session: Session, year: int, semester: int) -> Term:
    found = find_term(session, year, semester)
    if found is None:
        if semester not in (1, 2) or year < 1:
            raise RuleError(f"學期 {year}-{semester} 不正確", f"invalid term {year}-{semester}")
        found = Term(school_year=year, semester=semester)
        session.add(found)
        session.flush()
    return found


def require_term(session: Session, year: int, semester: int) -> Term:
    found = find_term(session, year, semester)
    if found is None:
        label = format_term(year, semester)
        raise NotFoundError(f"資料庫中沒有 {label} 學期的資料", f"there is no data for term {label}")
    return found


def find_student(session: Session, student_no: str) -> Student:
    student = session.scalar(select(Student).where(Student.student_no == student_no.strip()))
    if student is None:
        raise NotFoundError(f"沒有學號 {student_no} 的學生", f"there is no student {student_no}")
    return student


def get_caps(session: Session) -> Caps:
    """The school's caps (setting ``items.caps``); the seed-000 defaults where nothing is set."""
    stored = get_setting(session, CAPS_KEY)
    return Caps() if stored is None else Caps.from_dict(stored)


def set_caps(db: Database, actor: Actor, caps: Caps) -> Caps:
    """The school's caps: a school setting, the administrator's (issue 5)."""
    from portfolio_desktop.domain.roles import Permission
    from portfolio_desktop.services import authz

    with db.write() as session:
        acting = authz.require(session, actor, Permission.SETTINGS_WRITE)
        set_setting(session, acting.as_actor(), CAPS_KEY, caps.to_dict())
    return caps


def read_caps(db: Database) -> Caps:
    with db.read() as session:
        return get_caps(session)


def behind_days(session: Session) -> int:
    value = get_setting(session, BEHIND_DAYS_KEY, DEFAULT_BEHIND_DAYS)
    return int(value) if isinstance(value, int) and value >= 0 else DEFAULT_BEHIND_DAYS


def submit_role(session: Session, kind: ItemKind) -> Role | None:
    stored = get_setting(session, SUBMIT_ROLES_KEY) or {}
    code = stored.get(kind.value)
    if code:
        return Role(code)
    return DEFAULT_SUBMIT_ROLES.get(kind)


def set_submit_roles(db: Database, actor: Actor, roles: dict[ItemKind, Role]) -> dict[ItemKind, Role]:
    """Who submits which kind (setting ``items.submit_roles``, e.g. ``SUBMIT_ROLE_PRESETS["seed000"]``):
    a school setting, the administrator's (issue 5). Kinds not given keep the seed-001 default."""
    from portfolio_desktop.domain.roles import Permission
    from portfolio_desktop.services import authz

    if ItemKind.CONSULTATION in roles:
        raise RuleError("課程諮詢紀錄不提交", "consultation records are never submitted")
    with db.write() as session:
        acting = authz.require(session, actor, Permission.SETTINGS_WRITE)
        set_setting(session, acting.as_actor(), SUBMIT_ROLES_KEY, {k.value: r.value for k, r in roles.items()})
    return {**DEFAULT_SUBMIT_ROLES, **roles}


def submit_office(session: Session, kind: ItemKind, division_code: str | None) -> str:
    """The office that submits this kind for this division, as the school names it."""
    role = submit_role(session, kind)
    return "（不提交）" if role is None else role_label(role, division_code)
