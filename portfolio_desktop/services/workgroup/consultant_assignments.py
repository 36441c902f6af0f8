"""Which students each 課程諮詢教師 is responsible for (分工明細表 課程諮詢教師: 檢視其所負責之學生).

The working group divides the work (seed 001 §三(二)), so assigning and un-assigning classes or single
students needs Permission.EVALUATION_WRITE (the dean). Reading who is assigned to whom: the dean and the
administrator see every assignment; a consultant (or the proxy acting for one) only their own.

Un-assigning never touches records already written: a consultation stays the consultant's record (and
visible to them) after the student moves to another consultant.

Also the helpers the consultation records share (:func:`viewer`, :func:`find_student`,
:func:`assigned_student_ids`, :class:`StudentRef`); ``services.consultations`` re-exports the public ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain.roles import Permission, Role, denial
from portfolio_desktop.errors import NotFoundError, PermissionDenied, RuleError
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import find_staff, maybe_staff
from portfolio_desktop.store.accounts_models import Staff, StaffRole
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, Student
from portfolio_desktop.store.workgroup_models import ConsultantAssignment


@dataclass(frozen=True)
class StudentRef:
    student_no: str
    name: str
    class_code: str


@dataclass(frozen=True)
class AssignmentRow:
    """One class or one student a consultant is responsible for."""

    id: int
    consultant: str  # username
    consultant_name: str
    class_code: str | None  # a whole class …
    division: str | None
    students: int  # … and how many students it has now (1 for a single student)
    student_no: str | None  # … or one student
    student_name: str | None

    @property
    def target(self) -> str:
        return self.class_code if self.class_code is not None else f"{self.student_no} {self.student_name}"


@dataclass(frozen=True)
class Consultant:
    username: str
    name: str


def ref(s: Student) -> StudentRef:
    return StudentRef(s.student_no, s.name, s.school_class.code)


def find_student(session: Session, student_no: str) -> Student:
    student = session.scalar(select(Student).where(Student.student_no == student_no.strip())
                             .options(selectinload(Student.school_class)))
    if student is None:
        raise NotFoundError(f"沒有學號 {student_no} 的學生", f"there is no student {student_no}")
    return student


def assigned_student_ids(session: Session, staff_id: int) -> set[int]:
    """Students a consultant is responsible for: of their assigned classes, plus those assigned one by one."""
    classes = select(ConsultantAssignment.class_id).where(ConsultantAssignment.staff_id == staff_id,
                                                          ConsultantAssignment.class_id.is_not(None))
    singles = select(ConsultantAssignment.student_id).where(ConsultantAssignment.staff_id == staff_id,
                                                            ConsultantAssignment.student_id.is_not(None))
    return set(session.scalars(select(Student.id).where(or_(Student.class_id.in_(classes), Student.id.in_(singles)))))


def refused(db: Database, actor: Actor, exc: PermissionDenied, **ctx: Any) -> PermissionDenied:
    """Audit a refused read of consultation records (as authz.require audits its refusals) and return it."""
    authz.audit_refusal(db, actor, Permission.CONSULTATION_WRITE, exc, {"read": "consultations", **ctx})
    return exc


def _decide_viewer(session: Session, db: Database, actor: Actor) -> Staff | None | PermissionDenied:
    if actor.on_behalf_of and actor.on_behalf_of != actor.username:
        if authz.allowed(db, actor, Permission.CONSULTATION_WRITE):
            return find_staff(session, actor.on_behalf_of)
        return PermissionDenied(
            f"{actor.username} 目前不能代理 {actor.on_behalf_of} 查看課程諮詢紀錄",
            f"{actor.username} cannot act for {actor.on_behalf_of} on consultation records now")
    staff = maybe_staff(session, actor.username)
    if staff is None:
        return denial(Permission.CONSULTATION_WRITE, who=actor.username)
    roles = {g.role for g in staff.grants}
    if roles & {Role.DEAN.value, Role.ADMIN.value}:
        return None
    if Role.CONSULTANT.value in roles:
        return staff
    return PermissionDenied(
        f"{staff.display_name} 不能查看課程諮詢紀錄；限課程諮詢教師（本人負責之學生）、教務主任及系統管理者",
        f"{staff.username} may not read consultation records; only consultants (their own "
        "students), the dean and the administrator may")


def viewer(session: Session, db: Database, actor: Actor) -> Staff | None:
    """None = may see every record (dean, administrator); a Staff = the consultant whose own records and
    students the actor sees: themselves, or — when the actor names whom they act for — the consultant
    they are now the first available proxy of (authz decides, seed 001 §九(一)2). Refusals are audited."""
    decided = _decide_viewer(session, db, actor)
    if isinstance(decided, PermissionDenied):
        raise refused(db, actor, decided)
    return decided


def read_denied(db: Database, actor: Actor) -> PermissionDenied | None:
    """Why ``actor`` may not read consultation records (the same decision as :func:`viewer`), or None;
    not audited: for the GUI to ask before it reads."""
    with db.read() as session:
        decided = _decide_viewer(session, db, actor)
    return decided if isinstance(decided, PermissionDenied) else None


def _consultant(session: Session, username: str) -> Staff:
    staff = find_staff(session, username)
    if not any(g.role == Role.CONSULTANT.value for g in staff.grants):
        raise RuleError(f"{staff.display_name} 不是課程諮詢教師；請先在人員帳號加上 consultant 職務",
                        f"{staff.username} is not a course-consultation teacher; grant the consultant role first")
    return staff


def _classes(session: Session, code: str) -> list[SchoolClass]:
    classes = list(session.scalars(select(SchoolClass).where(SchoolClass.code == code.strip())))
    if not classes:
        raise NotFoundError(f"沒有班級 {code}", f"there is no class {code}")
    return classes


def assign(db: Database, actor: Actor, consultant: str, *, class_codes: Sequence[str] = (),
           student_nos: Sequence[str] = ()) -> int:
    """Make ``consultant`` responsible for these classes and students; returns how many were new."""
    if not class_codes and not student_nos:
        raise RuleError("請指定班級或學號", "name classes or student numbers")
    added = 0
    with db.write() as s:
        acting = authz.require(s, actor, Permission.EVALUATION_WRITE)
        staff = _consultant(s, consultant)
        for code in class_codes:
            for cls in _classes(s, code):
                if s.scalar(select(ConsultantAssignment).filter_by(staff_id=staff.id, class_id=cls.id)) is None:
                    s.add(ConsultantAssignment(staff_id=staff.id, class_id=cls.id))
                    acting.audit(s, action="consultation.assign", entity="consultant_assignment", key=staff.username,
                                 after={"class": cls.code, "division_id": cls.division_id})
                    added += 1
        for no in student_nos:
            student = find_student(s, no)
            if s.scalar(select(ConsultantAssignment).filter_by(staff_id=staff.id, student_id=student.id)) is None:
                s.add(ConsultantAssignment(staff_id=staff.id, student_id=student.id))
                acting.audit(s, action="consultation.assign", entity="consultant_assignment", key=staff.username,
                             after={"student_no": student.student_no})
                added += 1
    return added


def unassign(db: Database, actor: Actor, consultant: str, *, class_codes: Sequence[str] = (),
             student_nos: Sequence[str] = ()) -> int:
    """Take these classes and students off ``consultant``; returns how many assignments were removed.

    All or nothing: a class or student that is not assigned to them refuses the whole action."""
    if not class_codes and not student_nos:
        raise RuleError("請指定班級或學號", "name classes or student numbers")
    removed = 0
    with db.write() as s:
        acting = authz.require(s, actor, Permission.EVALUATION_WRITE)
        staff = find_staff(s, consultant)
        for code in class_codes:
            rows = [r for cls in _classes(s, code)
                    for r in s.scalars(select(ConsultantAssignment).filter_by(staff_id=staff.id, class_id=cls.id))]
            if not rows:
                raise NotFoundError(f"{staff.display_name} 並未負責班級 {code.strip()}",
                                    f"class {code.strip()} is not assigned to {staff.username}")
            for row in rows:
                acting.audit(s, action="consultation.unassign", entity="consultant_assignment", key=staff.username,
                             before={"class": code.strip(), "division_id": row.school_class.division_id})
                s.delete(row)
                removed += 1
        for no in student_nos:
            student = find_student(s, no)
            row = s.scalar(select(ConsultantAssignment).filter_by(staff_id=staff.id, student_id=student.id))
            if row is None:
                raise NotFoundError(f"{staff.display_name} 並未個別負責學號 {student.student_no}",
                                    f"student {student.student_no} is not assigned to {staff.username} one by one")
            acting.audit(s, action="consultation.unassign", entity="consultant_assignment", key=staff.username,
                         before={"student_no": student.student_no})
            s.delete(row)
            removed += 1
    return removed


def list_assignments(db: Database, actor: Actor, consultant: str | None = None) -> list[AssignmentRow]:
    """Assignments the actor may see (the dean / administrator: all, or one consultant's; a consultant:
    their own), by consultant, then classes before single students."""
    with db.read() as s:
        own = viewer(s, db, actor)
        if own is not None:
            if consultant not in (None, own.username):
                raise refused(db, actor, PermissionDenied(
                    f"只能查看自己負責的學生，不能查看 {consultant} 的指派；可查看全部指派的職務：教務主任、系統管理者",
                    f"you may see only your own assignments, not those of {consultant}; the dean and the "
                    "administrator see all"), consultant=consultant)
            consultant = own.username
        stmt = (select(ConsultantAssignment).join(Staff, ConsultantAssignment.staff_id == Staff.id)
                .options(selectinload(ConsultantAssignment.staff),
                         selectinload(ConsultantAssignment.school_class).selectinload(SchoolClass.division),
                         selectinload(ConsultantAssignment.student).selectinload(Student.school_class))
                .order_by(Staff.username, ConsultantAssignment.id))
        if consultant is not None:
            stmt = stmt.where(Staff.username == consultant.strip())
        sizes = {cid: n for cid, n in s.execute(select(Student.class_id, func.count(Student.id))
                                                .group_by(Student.class_id))}
        out = []
        for a in s.scalars(stmt):
            if a.school_class is not None:
                out.append(AssignmentRow(a.id, a.staff.username, a.staff.display_name, a.school_class.code,
                                         a.school_class.division.name, sizes.get(a.school_class.id, 0), None, None))
            elif a.student is not None:
                out.append(AssignmentRow(a.id, a.staff.username, a.staff.display_name, None, None, 1,
                                         a.student.student_no, a.student.name))
        return sorted(out, key=lambda r: (r.consultant, r.class_code is None, r.class_code or "", r.student_no or ""))


def consultants(db: Database, actor: Actor) -> list[Consultant]:
    """The consultation teachers the actor may pick: all of them for the dean / administrator, else themselves."""
    with db.read() as s:
        own = viewer(s, db, actor)
        if own is not None:
            return [Consultant(own.username, own.display_name)]
        rows = s.scalars(select(Staff).join(StaffRole, StaffRole.staff_id == Staff.id)
                         .where(StaffRole.role == Role.CONSULTANT.value).distinct().order_by(Staff.username))
        return [Consultant(r.username, r.display_name) for r in rows]


def class_codes(db: Database) -> list[str]:
    """Every class code, once (a code shared by 日間部 and 進修部 is assigned for both, as :func:`assign` does)."""
    with db.read() as s:
        return sorted(set(s.scalars(select(SchoolClass.code))))
