"""Read side of the roster: the class tree, student lists and one student's detail with history.

Every reader names the :class:`Actor`; what they see is decided by services/read_scope.py (kind
ROSTER): an office of both divisions the whole school, a per-division office its division, a mentor
their own class(es) (seed 001 §五(三)3), a consultant their assigned students; anyone else is refused
(audited). Full IDs only for the registry of the student's division; others get them masked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.status import DEPARTED, Status
from portfolio_desktop.errors import NotFoundError
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, classes_named, require_student, scope_for
from portfolio_desktop.services.accounts.staff_store import display_names
from portfolio_desktop.services.rosters.class_departments import department_counts
from portfolio_desktop.services.rosters.roster_types import (
    DIVISION_ORDER,
    ChangeRow,
    ClassNode,
    StudentDetail,
    StudentRow,
)
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Department, Division, SchoolClass, StatusChange, Student

_DEPARTED_CODES = sorted(s.value for s in DEPARTED)


def _division_rank() -> Any:
    """日間部 before 進修部, then any other division by name."""
    return case(*((Division.code == code, rank) for code, rank in DIVISION_ORDER.items()), else_=len(DIVISION_ORDER))


def class_order() -> tuple[Any, ...]:
    return (_division_rank(), Division.name, SchoolClass.grade, SchoolClass.code)


def class_tree(db: Database, actor: Reader) -> list[ClassNode]:
    """Every class the actor may read (a mentor: their own), ordered division → grade → code, with how
    many students (of those the actor may read) and how many departed."""
    scope = scope_for(db, actor, ReadKind.ROSTER)
    departed = func.sum(case((Student.status.in_(_DEPARTED_CODES), 1), else_=0))
    counts = (
        select(Student.class_id, func.count(Student.id).label("n"), departed.label("gone"))
        .where(scope.student_clause())
        .group_by(Student.class_id)
        .subquery()
    )
    stmt = (
        select(
            SchoolClass.id,
            Division.name,
            Division.code,
            SchoolClass.grade,
            SchoolClass.code,
            Department.name,
            SchoolClass.mentor_name,
            func.coalesce(counts.c.n, 0),
            func.coalesce(counts.c.gone, 0),
        )
        .join(Division, SchoolClass.division_id == Division.id)
        .outerjoin(Department, SchoolClass.department_id == Department.id)
        .outerjoin(counts, counts.c.class_id == SchoolClass.id)
        .order_by(*class_order())
    )
    stmt = stmt.where(scope.class_clause())
    with db.read() as session:
        rows = list(session.execute(stmt))
        per_class = department_counts(session, [r[0] for r in rows])
    return [ClassNode(cid, division, code_of_division, grade, code, department, mentor, n, gone,
                      departments=per_class.get(cid, ()))
            for cid, division, code_of_division, grade, code, department, mentor, n, gone in rows]


# 科別 of a student: their own, else their class's (a student added before it was theirs)
_StudentDept = aliased(Department, name="student_department")


def _student_select() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Student.id,
            Student.student_no,
            Student.name,
            Student.national_id,
            Student.gender,
            Student.birth_date,
            Division.name,
            func.coalesce(_StudentDept.name, Department.name),
            Student.class_id,
            SchoolClass.code,
            Student.seat_no,
            Student.status,
            Student.left_on,
            Student.postal_code,
            Student.address,
            Student.guardian,
            Student.phone,
            Student.email,
            Division.code,
        )
        .join(SchoolClass, Student.class_id == SchoolClass.id)
        .join(Division, SchoolClass.division_id == Division.id)
        .outerjoin(Department, SchoolClass.department_id == Department.id)
        .outerjoin(_StudentDept, Student.department_id == _StudentDept.id)
    )


_STATUS: dict[str, Status] = {s.value: s for s in Status}  # a dict look-up: Status(code) costs ~3 µs a row


def _to_row(r: Any) -> StudentRow:
    """A row as the screens show it: the ID always masked (the detail form asks for the full one)."""
    status = _STATUS[r[11]]
    return StudentRow(
        id=r[0],
        student_no=r[1],
        name=r[2],
        national_id_masked=mask_id(r[3] or ""),
        gender=r[4],
        birth_date=r[5],
        division=r[6],
        department=r[7],
        class_id=r[8],
        class_code=r[9],
        seat_no=r[10],
        status=status,
        departed=status.departed,
        left_on=r[12],
        postal_code=r[13],
        address=r[14],
        guardian=r[15],
        phone=r[16],
        email=r[17],
    )


def student_query(
    *,
    class_id: int | None = None,
    class_code: str | None = None,
    departed: bool | None = None,
    search: str | None = None,
    class_ids: frozenset[int] | None = None,
    scope: ReadScope | None = None,
) -> Select[Any]:
    """The filtered, ordered student select (class order, then 座號 with blanks last, then 學號);
    ``class_ids`` limits it to those classes, ``scope`` to the students a reader may see."""
    stmt = _student_select()
    if scope is not None:
        stmt = stmt.where(scope.student_clause())
    if class_ids is not None:
        stmt = stmt.where(Student.class_id.in_(sorted(class_ids)))
    if class_id is not None:
        stmt = stmt.where(Student.class_id == class_id)
    if class_code is not None:
        stmt = stmt.where(SchoolClass.code == class_code.strip())
    if departed is True:
        stmt = stmt.where(Student.status.in_(_DEPARTED_CODES))
    elif departed is False:
        stmt = stmt.where(Student.status.not_in(_DEPARTED_CODES))
    text = (search or "").strip()
    if text:
        stmt = stmt.where(
            or_(Student.student_no.startswith(text, autoescape=True), Student.name.contains(text, autoescape=True))
        )
    return stmt.order_by(*class_order(), Student.seat_no.is_(None), Student.seat_no, Student.student_no)


def list_students(
    db: Database,
    actor: Reader,
    *,
    class_id: int | None = None,
    class_code: str | None = None,
    departed: bool | None = None,
    search: str | None = None,
) -> list[StudentRow]:
    """Students, optionally of one class, only departed (True) / only at school (False), or matching
    ``search`` (學號 prefix or a substring of the name). Only the students the actor may read
    (services/read_scope.py); a class outside that is refused (audited)."""
    scope = scope_for(db, actor, ReadKind.ROSTER)
    class_ids = None
    if class_code is not None:
        class_ids = frozenset(classes_named(db, scope, class_code))
    if class_id is not None:
        _require_class(db, scope, class_id)
    stmt = student_query(class_id=class_id, class_code=class_code, departed=departed, search=search,
                         class_ids=class_ids, scope=scope)
    with db.read() as session:  # plain rows through Core: no ORM entity is loaded here
        return [_to_row(r) for r in session.connection().execute(stmt)]


def _changes(session: Session, student_id: int) -> list[ChangeRow]:
    from_class = aliased(SchoolClass)
    to_class = aliased(SchoolClass)
    stmt = (
        select(StatusChange, from_class.code, to_class.code)
        .outerjoin(from_class, StatusChange.from_class_id == from_class.id)
        .outerjoin(to_class, StatusChange.to_class_id == to_class.id)
        .where(StatusChange.student_id == student_id)
        .order_by(StatusChange.changed_on, StatusChange.id)
    )
    found = list(session.execute(stmt))
    names = display_names(session, [n for c, _f, _t in found for n in (c.recorded_by, c.on_behalf_of)])
    return [
        ChangeRow(
            id=c.id,
            changed_on=c.changed_on,
            from_status=None if c.from_status is None else Status(c.from_status),
            to_status=Status(c.to_status),
            from_class=fc,
            to_class=tc,
            reason=c.reason,
            recorded_by=c.recorded_by,
            on_behalf_of=c.on_behalf_of,
            recorded_at=c.recorded_at,
            recorded_by_name=names.get(c.recorded_by, c.recorded_by),
            on_behalf_of_name=names.get(c.on_behalf_of, c.on_behalf_of) if c.on_behalf_of else None,
        )
        for c, fc, tc in found
    ]


def _require_class(db: Database, scope: ReadScope, class_id: int) -> None:
    with db.read() as session:
        row = session.execute(select(SchoolClass.code, Division.code).join(Division)
                              .where(SchoolClass.id == class_id)).first()
    if row is None or scope.can_see(class_id, row[1]):
        return
    if scope.student_ids:  # a consultant's single students of that class: listed, nothing more
        return
    raise scope.refuse(db, what_zh=f"班級 {row[0]} 的資料", what_en=f"the data of class {row[0]}",
                       division=row[1], class_id=class_id)


def student_detail(db: Database, actor: Reader, student_no: str) -> StudentDetail:
    """One student with the ID for the detail form (full for the registry of the student's division,
    masked for everyone else: services/read_scope.py) and the 學籍異動 history, oldest first. A
    student outside the reader's scope is refused (audited)."""
    scope = scope_for(db, actor, ReadKind.ROSTER)
    with db.read() as session:
        r = session.execute(_student_select().where(Student.student_no == student_no.strip())).first()
        if r is None:
            raise NotFoundError(f"找不到學號 {student_no} 的學生", f"no student with student number {student_no}")
    require_student(db, scope, r[0], r[8], r[18], r[1])
    with db.read() as session:
        return StudentDetail(student=_to_row(r), national_id=scope.national_id(r[3], r[18]),
                             changes=_changes(session, r[0]))
