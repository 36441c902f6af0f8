"""The bulk write path shared by the roster import and the demo generator.

Everything here runs inside the caller's ``db.write()`` transaction. Divisions, departments and
classes are few: they are loaded once and created on demand through the ORM. Students, 學籍異動 and
audit rows can be tens of thousands: new students go in as plain DBAPI statements of tuples per
chunk (:func:`insert_rows`: many VALUES rows a statement on SQLite, an executemany elsewhere; the
dialect's own value conversions, a column at a time, no statement compiled per row); their audit
record is written by the database itself, one INSERT … SELECT that builds one compact record of the
chunk's new students from the stored rows (:func:`audit_added_students`); 學籍異動 and updates go as
Core executemany statements; never one ORM object or one SELECT per row. (The ORM bulk path was
measured at ~3× slower here: it regroups rows by which values are None; Core's executemany of dicts
builds each row's parameters in Python.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeVar, TypeVarTuple, Unpack, cast

from sqlalchemy import Column, ColumnElement, Connection, Row, Select, Table, bindparam, func, literal, select, update
from sqlalchemy.orm import QueryableAttribute, Session

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters.roster_types import DIVISION_NAMES, PERSON_FIELDS
from portfolio_desktop.store import audit
from portfolio_desktop.store.json_record import json_rows
from portfolio_desktop.store.models import (
    AuditLog,
    Department,
    Division,
    SchoolClass,
    StatusChange,
    Student,
    utcnow,
)

_T = TypeVar("_T")
_Ts = TypeVarTuple("_Ts")

# SQLite allows 32,766 bound parameters (999 before 3.32); stay well below either.
IN_CHUNK = 900


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rows_matching(session: Session, stmt: Select[_T, Unpack[_Ts]], column: QueryableAttribute[Any],
                  values: Collection[Any], *, objects: bool = False) -> Iterator[Row[_T, Unpack[_Ts]]]:
    """The rows of ``stmt`` (whose first column is ``column``) with that column among ``values``: one
    query per :data:`IN_CHUNK` values, or, when ``column``'s table holds no more rows than there are
    values (a file as large as the school), one query for all its rows, kept here by their first column.

    A statement of columns runs on the session's connection, as Core: its rows stream from the cursor
    instead of being fetched all at once and wrapped by the ORM (for 50,000 students that held
    ~55 MB at once and took half as long again); pending ORM changes are flushed first, as the
    session's own ``execute`` would. A statement that selects mapped ``objects`` runs through the
    session, which loads them."""
    conn: Session | Connection = session
    if not objects:
        if session.autoflush:
            session.flush()
        conn = session.connection()
    if len(values) > IN_CHUNK:
        table = cast("Column[Any]", column.expression).table
        if (conn.scalar(select(func.count()).select_from(table)) or 0) <= len(values):
            wanted = values if isinstance(values, (set, frozenset)) else set(values)
            yield from (row for row in conn.execute(stmt) if row[0] in wanted)
            return
    for part in chunks(list(values)):
        yield from conn.execute(stmt.where(column.in_(part)))


def grade_of(class_code: str) -> int:
    """班級 codes start with the grade (101, 205, 301 …); anything else cannot be placed in the tree."""
    first = class_code[:1]
    if first in ("1", "2", "3"):
        return int(first)
    raise RuleError(
        f"班級代碼「{class_code}」的第一碼應為年級 1–3（例如 101、205、301）",
        f"class code '{class_code}' must start with its grade 1–3 (e.g. 101, 205, 301)",
    )


@dataclass
class ClassInfo:
    id: int
    division_id: int
    division_code: str
    code: str
    grade: int
    department_id: int | None
    mentor: str | None


class ClassResolver:
    """Divisions, departments and classes of the database, loaded once, created on demand."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.division_ids: dict[str, int] = {}
        self.division_codes: dict[int, str] = {}
        for d in session.execute(select(Division.id, Division.code)):
            self.division_ids[d.code] = d.id
            self.division_codes[d.id] = d.code
        self.department_ids: dict[str, int] = {
            r.name: r.id for r in session.execute(select(Department.id, Department.name))
        }
        self.department_names: dict[int, str] = {v: k for k, v in self.department_ids.items()}
        self.classes: dict[tuple[str, str], ClassInfo] = {}
        self.by_id: dict[int, ClassInfo] = {}
        rows = session.execute(
            select(
                SchoolClass.id,
                SchoolClass.division_id,
                SchoolClass.code,
                SchoolClass.grade,
                SchoolClass.department_id,
                SchoolClass.mentor_name,
            )
        )
        for r in rows:
            info = ClassInfo(
                r.id, r.division_id, self.division_codes[r.division_id], r.code, r.grade, r.department_id, r.mentor_name
            )
            self._remember(info)
        self.created_classes: list[str] = []
        self.created_departments: list[str] = []
        self.department_updates: list[dict[str, Any]] = []

    def _remember(self, info: ClassInfo) -> None:
        self.classes[(info.division_code, info.code)] = info
        self.by_id[info.id] = info

    def divisions_with_code(self, class_code: str) -> list[str]:
        return [div for (div, code) in self.classes if code == class_code]

    def division_id(self, code: str) -> int:
        if code not in self.division_ids:
            row = Division(code=code, name=DIVISION_NAMES.get(code, code))
            self.session.add(row)
            self.session.flush()
            self.division_ids[code] = row.id
            self.division_codes[row.id] = code
        return self.division_ids[code]

    def department_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.department_ids:
            row = Department(name=name)
            self.session.add(row)
            self.session.flush()
            self.department_ids[name] = row.id
            self.department_names[row.id] = name
            self.created_departments.append(name)
        return self.department_ids[name]

    def department_name(self, info: ClassInfo) -> str | None:
        return None if info.department_id is None else self.department_names[info.department_id]

    def create_classes(self, wanted: Iterable[tuple[str, str, str | None]]) -> None:
        """Create, in the order given, every class (division, code, department) not yet in the database,
        with one executemany instead of one INSERT per class; each is then known as
        :meth:`ensure_class` would have made it (recorded in :attr:`created_classes` in the same order)."""
        fresh: dict[tuple[str, str], str | None] = {}
        for division_code, code, department in wanted:
            if (division_code, code) not in self.classes and (division_code, code) not in fresh:
                fresh[(division_code, code)] = department
        if not fresh:
            return
        rows = [(self.division_id(div), code, grade_of(code), self.department_id(dept), None)
                for (div, code), dept in fresh.items()]
        insert_rows(self.session, cast(Table, SchoolClass.__table__),
                    ("division_id", "code", "grade", "department_id", "mentor_name"), rows)
        stmt = select(SchoolClass.code, SchoolClass.division_id, SchoolClass.id)
        ids = {(r.division_id, r.code): r.id
               for r in rows_matching(self.session, stmt, SchoolClass.code, {code for _div, code in fresh})}
        for (division_id, code, grade, dept_id, _mentor), (div, _code) in zip(rows, fresh, strict=True):
            self._remember(ClassInfo(ids[(division_id, code)], division_id, div, code, grade, dept_id, None))
            self.created_classes.append(f"{DIVISION_NAMES.get(div, div)} {code}")

    def ensure_class(
        self, division_code: str, code: str, department: str | None, mentor: str | None = None
    ) -> ClassInfo:
        """The class (division, code), created when missing; a department given for an existing class
        that has another one becomes the class's main department (recorded in
        :attr:`department_updates`). The students' own departments are not touched."""
        info = self.classes.get((division_code, code))
        dept_id = self.department_id(department)
        if info is None:
            row = SchoolClass(
                division_id=self.division_id(division_code),
                code=code,
                grade=grade_of(code),
                department_id=dept_id,
                mentor_name=mentor,
            )
            self.session.add(row)
            self.session.flush()
            info = ClassInfo(row.id, row.division_id, division_code, code, row.grade, dept_id, mentor)
            self._remember(info)
            self.created_classes.append(f"{DIVISION_NAMES.get(division_code, division_code)} {code}")
        elif dept_id is not None and dept_id != info.department_id:
            self.session.execute(update(SchoolClass).where(SchoolClass.id == info.id).values(department_id=dept_id))
            self.department_updates.append(
                {"class": code, "division": division_code, "before": self.department_name(info), "after": department}
            )
            info.department_id = dept_id
        return info


# Rows per INSERT statement on SQLite: one statement of many VALUES rows does in one step what an
# executemany does in one step per row (measured for 50,000 students of 18 columns: 200 ms against
# 270 ms; 50 to 1,000 rows a statement are all within 5% of each other).
ROWS_PER_STATEMENT = 200


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]],
                converted: dict[str, dict[Any, Any]] | None = None) -> None:
    """INSERT ``rows`` (tuples in the order of ``columns``), each value converted as SQLAlchemy would
    for this dialect (dates and times as SQLite stores them): on SQLite as statements of
    :data:`ROWS_PER_STATEMENT` VALUES rows each, elsewhere as one DBAPI executemany. A caller that
    inserts in chunks passes the same ``converted`` (column → value → as bound) to each, so that a
    value the chunks share (a birth date) is converted once."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    width = len(columns)
    processors = [(i, f) for i, c in enumerate(columns)
                  if (f := table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    # the values one after another, row by row, as the statements bind them; the columns that have a
    # processor are converted in place, a column at a time, each distinct value once (a batch's rows
    # share their time stamp and many of their dates)
    flat = list(chain.from_iterable(rows))
    for i, f in processors:
        done = converted.setdefault(columns[i], {None: None}) if converted is not None else {None: None}
        flat[i::width] = [done[v] if v in done else done.setdefault(v, f(v)) for v in flat[i::width]]
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) VALUES "
    if dialect.name != "sqlite":
        conn.exec_driver_sql(head + f"({', '.join(['%s'] * width)})",
                             [tuple(flat[at : at + width]) for at in range(0, len(flat), width)])
        return
    limit = conn.connection.dbapi_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
    per = max(1, min(ROWS_PER_STATEMENT, limit // width))  # (999 values before SQLite 3.32, 32,766 after)
    values = f"({', '.join(['?'] * width)})"
    full = head + ", ".join([values] * per)
    step = per * width
    for at in range(0, len(flat), step):
        part = flat[at : at + step]
        sql = full if len(part) == step else head + ", ".join([values] * (len(part) // width))
        conn.exec_driver_sql(sql, tuple(part))


_STUDENT_COLUMNS = (*PERSON_FIELDS, "student_no", "class_id", "department_id", "status", "updated_at")
_AUDIT_COLUMNS = ("at", "actor", "on_behalf_of", "action", "entity", "entity_key", "before", "after")


def student_audit_dict(values: dict[str, Any]) -> dict[str, Any]:
    """The canonical fields as stored in an audit row (Status as its code, dates ISO via audit.dumps)."""
    return {k: (v.value if isinstance(v, Status) else v) for k, v in values.items()}


def student_row(values: dict[str, Any], student_no: str, class_id: int, department_id: int | None,
                status: Status | str) -> tuple[Any, ...]:
    """A new student as :func:`insert_student_rows` takes it: PERSON_FIELDS from ``values`` (missing:
    None), then 學號, class, the student's 科別 (None: the class's) and status; the time stamp is added there."""
    return (*map(values.get, PERSON_FIELDS), student_no, class_id, department_id,
            status.value if isinstance(status, Status) else status)


def insert_student_rows(session: Session, rows: list[tuple[Any, ...]],
                        converted: dict[str, dict[Any, Any]] | None = None) -> None:
    """Insert new students given as :func:`student_row` tuples (``converted``: see :func:`insert_rows`)."""
    if rows:
        now = utcnow()
        insert_rows(session, cast(Table, Student.__table__), _STUDENT_COLUMNS, [(*r, now) for r in rows], converted)


def insert_students(session: Session, rows: list[dict[str, Any]], *, return_ids: bool = True) -> dict[str, int]:
    """Insert new students (dicts with ``student_no``, ``class_id``, ``status``, PERSON_FIELDS and
    optionally ``department_id``, the student's 科別: none means the class's);
    returns 學號 → id for them (read back with :func:`rows_matching`) unless ``return_ids`` is false."""
    if not rows:
        return {}
    insert_student_rows(session, [student_row(r, r["student_no"], r["class_id"], r.get("department_id"),
                                              r.get("status") or Status.ENROLLED) for r in rows])
    if not return_ids:
        return {}
    stmt = select(Student.student_no, Student.id)
    return {no: id_ for no, id_ in rows_matching(session, stmt, Student.student_no, [r["student_no"] for r in rows])}


def last_student_id(session: Session) -> int:
    """The largest student id so far (0 for none): the students inserted after this call are those past it."""
    return int(session.scalar(select(func.max(Student.id))) or 0)


def audit_added_students(session: Session, actors: dict[str | None, Actor], after_id: int) -> None:
    """The students inserted after ``after_id`` (a chunk of an import) as one audit row per acting
    person (``actors``: division code → who acts for it): each student's whole record as stored (the
    fields of :data:`PERSON_FIELDS`, 學號, status, division, class code and 科別), all of them in one
    compact record (store/audit.py :data:`~portfolio_desktop.store.audit.STUDENT_ADDS`), built by the
    database in one INSERT … SELECT. The audit log reads it back as one ``student.add`` row per
    student (services/accounts/audit_log.py). Exact because every writer holds the database's write
    lock (store/engine.py): no other writer adds students in between."""
    student, school_class = cast(Table, Student.__table__), cast(Table, SchoolClass.__table__)
    division, department = cast(Table, Division.__table__), cast(Table, Department.__table__)
    fields: dict[str, ColumnElement[Any]] = {f: student.c[f] for f in PERSON_FIELDS}
    fields.update(student_no=student.c.student_no, status=student.c.status, division=division.c.code,
                  class_code=school_class.c.code, department=department.c.name)
    by_actor: dict[tuple[str, str | None], list[str]] = {}
    for code, actor in actors.items():
        if code is not None:
            by_actor.setdefault((actor.username, actor.on_behalf_of), []).append(code)
    now = utcnow()
    table = cast(Table, AuditLog.__table__)
    for (username, on_behalf_of), codes in by_actor.items():
        # the class is found by its key from each student (``+ 0``: not the students by the class's
        # index), so the students are read in id order, the order they were added, with no sort:
        # json_rows keeps the order it is fed on SQLite
        added = (
            select(json_rows(fields, student.c.id).label("record"), func.count().label("students"))
            .select_from(student.join(school_class, school_class.c.id == student.c.class_id + 0)
                         .join(division, division.c.id == school_class.c.division_id)
                         .outerjoin(department, department.c.id == student.c.department_id))
            .where(student.c.id > after_id, division.c.code.in_(codes))
            .subquery()
        )
        stamp = dict(at=now, actor=username, on_behalf_of=on_behalf_of, action=audit.STUDENT_ADDS.stored,
                     entity="student")
        rows = select(*(literal(value, table.c[name].type) for name, value in stamp.items()), added.c.record)
        session.execute(table.insert().from_select([*stamp, "after"], rows.where(added.c.students > 0)))


def update_students(session: Session, rows: list[dict[str, Any]]) -> None:
    """UPDATE by primary key; each dict holds ``id`` and only the columns that change (grouped by which
    columns, one executemany per group)."""
    if not rows:
        return
    now = utcnow()
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in rows:
        item = {k: (v.value if isinstance(v, Status) else v) for k, v in r.items() if k != "id"}
        item["updated_at"] = now
        cols = tuple(sorted(item))
        groups.setdefault(cols, []).append({"row_id": r["id"], **{f"v_{k}": item[k] for k in cols}})
    table = cast(Table, Student.__table__)
    for cols, params in groups.items():
        stmt = update(table).where(table.c.id == bindparam("row_id")).values({k: bindparam(f"v_{k}") for k in cols})
        session.execute(stmt, params)


def insert_changes(session: Session, actor: Actor, rows: list[dict[str, Any]]) -> None:
    """學籍異動 rows: student_id, from_status, to_status, from_class_id, to_class_id, changed_on, reason."""
    if not rows:
        return
    now = utcnow()
    payload = [
        {
            "student_id": r["student_id"],
            "from_status": None if r.get("from_status") is None else Status(r["from_status"]).value,
            "to_status": Status(r["to_status"]).value,
            "from_class_id": r.get("from_class_id"),
            "to_class_id": r.get("to_class_id"),
            "changed_on": r["changed_on"],
            "reason": r.get("reason"),
            "recorded_by": r.get("recorded_by", actor.username),
            "on_behalf_of": r.get("on_behalf_of", actor.on_behalf_of),
            "recorded_at": r.get("recorded_at", now),
        }
        for r in rows
    ]
    session.execute(cast(Table, StatusChange.__table__).insert(), payload)


def insert_audit(session: Session, actor: Actor, action: str, entity: str, items: list[tuple[str, Any, Any]]) -> None:
    """Many audit rows at once: (key, before, after) each, same actor/action/entity.

    The same shape as :func:`portfolio_desktop.store.audit.record`, written in one executemany.
    """
    if not items:
        return
    now = utcnow()
    insert_rows(session, cast(Table, AuditLog.__table__), _AUDIT_COLUMNS,
                [(now, actor.username, actor.on_behalf_of, action, entity, key, audit.dumps(before), audit.dumps(after))
                 for key, before, after in items])
