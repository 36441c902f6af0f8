"""The student list a page at a time: what a screen over tens of thousands of students reads as it
scrolls, instead of every student at once.

The filter (學號 or 姓名 text, classes, departed or not) and the order are applied by the database;
the number shown comes from one COUNT; a student's position in the order from one ROW_NUMBER query.
Every query is narrowed to the students the reader may read, as :func:`list_students` is
(services/read_scope.py, kind ROSTER: an office of both divisions the whole school, a per-division
office its division, a mentor their own class(es), a consultant their assigned students). A reader
builds its scope once with :func:`roster_scope` and hands it to each page read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, case, func, literal, select, type_coerce
from sqlalchemy.sql.elements import UnaryExpression

from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.normalize import halfwidth
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, scope_for
from portfolio_desktop.services.rosters.roster_queries import _DEPARTED_CODES, _StudentDept, _student_select, _to_row
from portfolio_desktop.services.rosters.roster_types import STUDENT_SORTS, StudentFilter, StudentPage
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Department, Division, SchoolClass, Student

MAX_PAGE = 5000  # rows one read may ask for


def roster_scope(db: Database, actor: Reader) -> ReadScope:
    """The students ``actor`` may read in the roster; refuses (audited) someone who may read none."""
    return scope_for(db, actor, ReadKind.ROSTER)


def _where(scope: ReadScope, flt: StudentFilter) -> list[ColumnElement[bool]]:
    clauses = [scope.student_clause()]
    if flt.class_ids is not None:
        clauses.append(Student.class_id.in_(sorted(flt.class_ids)))
    if not flt.departed:
        clauses.append(Student.status.not_in(_DEPARTED_CODES))
    text = halfwidth(flt.text).strip().lower()
    if text:
        clauses.append(func.lower(Student.student_no).contains(text, autoescape=True)
                       | func.lower(Student.name).contains(text, autoescape=True))
    return clauses


def _masked_id() -> ColumnElement[Any]:
    """The ID as the table shows it (domain/ids.py mask_id): sorting by it tells nothing of the hidden digits."""
    value = type_coerce(func.trim(func.coalesce(Student.national_id, "")), String)
    return case(
        (value == "", literal("")),
        (func.length(value) < 7, literal("****")),
        else_=type_coerce(func.substr(value, 1, 3), String) + "****"
        + type_coerce(func.substr(value, func.length(value) - 2, 3), String),
    )


def _blank_last(column: Any) -> list[Any]:
    """A missing value first, as an empty cell sorts before any date (then reversed with the order)."""
    return [case((column.is_(None), 0), else_=1), column]


def _sort_keys(flt: StudentFilter) -> list[Any]:
    if flt.sort not in STUDENT_SORTS:
        raise RuleError(f"無法依「{flt.sort}」排序", f"cannot sort by {flt.sort!r}")
    keys: dict[str, list[Any]] = {
        "student_no": [],
        "name": [func.lower(Student.name)],
        "class": [SchoolClass.code],
        "seat": [func.coalesce(Student.seat_no, 0)],
        "gender": [func.coalesce(Student.gender, "")],
        "national_id": [_masked_id()],
        "birth_date": _blank_last(Student.birth_date),
        "status": [case(*((Student.status == code, rank) for rank, code in enumerate(flt.status_order)),
                        else_=len(flt.status_order)) if flt.status_order else Student.status],
        "left_on": _blank_last(Student.left_on),
        "division": [Division.name],
        "department": [func.coalesce(_StudentDept.name, Department.name, "")],
        "phone": [func.coalesce(Student.phone, "")],
    }
    return keys[flt.sort]


def _order(flt: StudentFilter) -> list[UnaryExpression[Any]]:
    """The filter's order, then 學號 (unique): the same rows in the same order on every read."""
    keys = [*_sort_keys(flt), Student.student_no]
    return [k.desc() if flt.descending else k.asc() for k in keys]


def student_page(db: Database, reader: Reader, flt: StudentFilter, offset: int, limit: int, *,
                 with_total: bool = False) -> StudentPage:
    """``limit`` students from ``offset`` on in the filter's order (IDs masked, as in
    :func:`list_students`); with ``with_total`` also how many the filter shows."""
    if offset < 0 or not 0 < limit <= MAX_PAGE:
        raise RuleError(f"無法讀取第 {offset} 筆起的 {limit} 筆", f"cannot read {limit} rows from row {offset}")
    scope = roster_scope(db, reader)
    stmt = _student_select().where(*_where(scope, flt)).order_by(*_order(flt)).offset(offset).limit(limit)
    with db.read() as session:
        rows = [_to_row(r) for r in session.execute(stmt)]
        total = None
        if with_total:
            total = (offset + len(rows) if len(rows) < limit and (rows or offset == 0)
                     else int(session.scalar(select(func.count(Student.id)).where(*_where(scope, flt))) or 0))
    return StudentPage(offset, rows, total)


def student_position(db: Database, reader: Reader, flt: StudentFilter, student_no: str) -> int | None:
    """Where the student with this 學號 stands in the filter's order (0 = first), or None when the
    filter does not show them (or the reader may not read them)."""
    scope = roster_scope(db, reader)
    ranked = (
        _student_select().with_only_columns(
            Student.student_no, func.row_number().over(order_by=_order(flt)).label("position"))
        .where(*_where(scope, flt))
        .subquery()
    )
    with db.read() as session:
        found = session.scalar(select(ranked.c.position).where(ranked.c.student_no == student_no.strip()))
    return None if found is None else int(found) - 1
