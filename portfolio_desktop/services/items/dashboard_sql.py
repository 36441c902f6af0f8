"""The dashboard's queries, written once as SQLAlchemy Core expressions and compiled once per dialect.

Why: a dashboard view is a few small lookups and one GROUP BY of a few milliseconds; building and
cache-keying the Core expressions on every call cost more than the query itself (the benchmark
compares us with the bare GROUP BY). :class:`Prepared` compiles the expression on first use (IN lists
expanded, bind names recorded in order) and afterwards runs the SQL text on the connection directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, or_, select
from sqlalchemy.sql import Select

from portfolio_desktop.domain.items import CERTIFIED_OR_LATER, SELECTED_OR_LATER, SUBMITTED_OR_LATER, ItemKind, ItemState
from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.domain.status import DEPARTED
from portfolio_desktop.store.models import Division, SchoolClass, Setting, Student, Term
from portfolio_desktop.store.progress_tables import portfolio_item, receipt_status, term_window

# Core tables only: the item and receipt classes are neither declared nor configured for a dashboard
I = portfolio_item  # noqa: E741 - one-letter table aliases, as in the SQL they build
S = Student.__table__
C = SchoolClass.__table__
D = Division.__table__
T = Term.__table__
W = term_window
SET = Setting.__table__
RS = receipt_status

COUNT_FIELDS = ("clo_uploaded", "clo_certified", "clo_not_certified", "clo_pending", "clo_selected",
                "mp_uploaded", "mp_selected", "submitted", "confirmed")  # fmt: skip
DEPARTED_CODES = sorted(s.value for s in DEPARTED)


class Prepared:
    """A Core statement compiled once per dialect, then executed as text with its parameters."""

    def __init__(self, build: Callable[[], Select]) -> None:  # type: ignore[type-arg]
        self._build = build
        self._cache: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def run(self, conn: Connection, **values: Any) -> list[Any]:
        name = conn.dialect.name
        if name not in self._cache:
            compiled = self._build().compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
            order = tuple(compiled.positiontup or ()) if conn.dialect.positional else None
            self._cache[name] = (compiled.string, order, dict(compiled.params))
        sql, order, defaults = self._cache[name]
        merged = {**defaults, **values}
        params: Any = tuple(merged[n] for n in order) if order is not None else merged
        return list(conn.exec_driver_sql(sql, params).fetchall())


def _codes(states: frozenset[ItemState]) -> list[str]:
    return sorted(s.value for s in states)


def _sum(*conds: Any) -> Any:
    return func.sum(case((and_(*conds), 1), else_=0))


def counts() -> tuple[Any, ...]:
    """The nine conditional sums, in COUNT_FIELDS order ("reached at least" semantics)."""
    clo, mp = I.c.kind == ItemKind.CLO.value, I.c.kind == ItemKind.MP.value
    return (
        _sum(clo).label("clo_uploaded"),
        _sum(clo, I.c.state.in_(_codes(CERTIFIED_OR_LATER))).label("clo_certified"),
        _sum(clo, I.c.state == ItemState.NOT_CERTIFIED.value).label("clo_not_certified"),
        _sum(clo, I.c.state == ItemState.UPLOADED.value).label("clo_pending"),
        _sum(clo, I.c.state.in_(_codes(SELECTED_OR_LATER))).label("clo_selected"),
        _sum(mp).label("mp_uploaded"),
        _sum(mp, I.c.state.in_(_codes(SELECTED_OR_LATER))).label("mp_selected"),
        _sum(I.c.state.in_(_codes(SUBMITTED_OR_LATER))).label("submitted"),
        # domain.items.receipt_confirmed: confirmed item by item, or submitted with the term's receipt confirmed
        _sum(or_(I.c.state == ItemState.CONFIRMED.value,
                 and_(I.c.state.in_(_codes(SUBMITTED_OR_LATER)), RS.c.state == ReceiptState.CONFIRMED.value))
             ).label("confirmed"),
    )


def _with_receipts(items: Any) -> Any:
    """The items joined to their student's 收訖明細 status of the same term (one row per student and
    term: no item is counted twice)."""
    return items.outerjoin(RS, and_(RS.c.student_id == I.c.student_id, RS.c.term_id == I.c.term_id))


def _student_progress() -> Select:  # type: ignore[type-arg]
    """One row per student of a class with the term's counts (LEFT JOIN: no items → zeros)."""
    return (
        select(S.c.id, S.c.seat_no, S.c.student_no, S.c.name, S.c.status, *counts())
        .select_from(_with_receipts(S.outerjoin(I, and_(I.c.student_id == S.c.id,
                                                        I.c.term_id == bindparam("term_id", None)))))
        .where(S.c.class_id == bindparam("class_id", None))
        .group_by(S.c.id)
        .order_by(S.c.seat_no.is_(None), S.c.seat_no, S.c.student_no)
    )


def _class_lookup(by: str) -> Callable[[], Select]:  # type: ignore[type-arg]
    """The class, the term's id and the behind-days setting in one round trip."""

    def build() -> Select:  # type: ignore[type-arg]
        term_id = (select(T.c.id).where(T.c.school_year == bindparam("year", None), T.c.semester == bindparam("semester", None))
                   .scalar_subquery())
        behind = select(SET.c.value).where(SET.c.key == bindparam("setting_key", None)).scalar_subquery()
        stmt = select(C.c.id, C.c.code, C.c.grade, C.c.mentor_name, D.c.name, term_id.label("term_id"),
                      behind.label("behind_days")).join(D, C.c.division_id == D.c.id)
        return stmt.where(C.c.id == bindparam("class_id", None) if by == "id" else C.c.code == bindparam("class_code", None))

    return build


def _windows_of_year() -> Select:  # type: ignore[type-arg]
    return (select(T.c.school_year, T.c.semester, W.c.kind, W.c.starts_at, W.c.ends_at)
            .join(T, W.c.term_id == T.c.id).where(T.c.school_year == bindparam("year", None)))


def _overview() -> Select:  # type: ignore[type-arg]
    """Per class: students, departed, students with uploads/selections/submissions, item totals.

    Inner query: the term's items grouped by student (an index range scan of
    ix_portfolio_item_term_student); outer: students LEFT JOIN that, grouped by class.
    """
    p = (select(I.c.student_id, *counts()).select_from(_with_receipts(I)).where(I.c.term_id == bindparam("term_id", None))
         .group_by(I.c.student_id).subquery("p").c)
    at_school = S.c.status.not_in(DEPARTED_CODES)
    return (
        select(
            C.c.id, C.c.code, C.c.grade, C.c.mentor_name, D.c.name.label("division"),
            func.count(S.c.id).label("students"),
            func.sum(case((at_school, 0), else_=1)).label("departed"),
            func.sum(case((and_(at_school, p.clo_uploaded > 0), 1), else_=0)).label("students_uploaded"),
            func.sum(case((and_(at_school, (p.clo_selected + p.mp_selected) > 0), 1), else_=0)).label("students_selected"),
            func.sum(case((and_(at_school, p.submitted > 0), 1), else_=0)).label("students_submitted"),
            *[func.coalesce(func.sum(getattr(p, f)), 0).label(f) for f in COUNT_FIELDS],
        )
        .select_from(C.join(D, C.c.division_id == D.c.id).join(S, S.c.class_id == C.c.id)
                     .outerjoin(p.student_id.table, p.student_id == S.c.id))
        # division.id too: PostgreSQL accepts columns of a table only when its key is grouped on
        .group_by(C.c.id, D.c.id)
        .order_by(D.c.id, C.c.code)
    )


STUDENT_PROGRESS = Prepared(_student_progress)
CLASS_BY_ID = Prepared(_class_lookup("id"))
CLASS_BY_CODE = Prepared(_class_lookup("code"))
WINDOWS_OF_YEAR = Prepared(_windows_of_year)
OVERVIEW = Prepared(_overview)


def as_datetime(value: Any) -> dt.datetime:
    """A DATETIME as the driver returns it (SQLite: ISO text) → datetime."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
