"""Terms (學期): the school's current term, a term given as "113-1" / (113, 1) / None, and the
``Term`` rows every term-bound service looks up or creates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.roc import parse_term, term_of
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.services.settings import get_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Term

CURRENT_TERM_KEY = "school.current_term"  # "113-1": written by the set-up wizard (services/admin/school_setup.py)


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
