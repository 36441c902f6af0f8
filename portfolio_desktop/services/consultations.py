"""課程諮詢紀錄: consultation records of the 課程諮詢教師 (seed 000 §四(二)3 and its 分工明細表; seed 001
§五(二)2; DOMAIN.md "consultation record").

- Group consultations: many students, date, time, place, content and opinions, an optional
  attachment such as the slides (分工明細表: 進行團體諮詢後 … 並得上傳團體諮詢之資料(如簡報)佐證).
- Individual consultations: one student, one record per consultation (每諮詢一次即有一筆記錄).
- A consultation teacher sees, and records for, only the students they are responsible for (their
  assigned classes and students: 檢視其所負責之學生); the dean and the administrator see all records.
- Never submitted centrally (seed 000 附表二 四(二) 不須提交): there is no submit here, only an export.

Recording needs Permission.CONSULTATION_WRITE (the consultant, or their proxy acting for them: the
record is then the holder's, and says who recorded it). Assigning students to a consultant is the
working group's task division (seed 001 §三(二)): Permission.EVALUATION_WRITE (the dean).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain.roc import format_roc, term_dates
from portfolio_desktop.domain.roles import Permission, Role, denial
from portfolio_desktop.errors import NotFoundError, PermissionDenied, RuleError
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.services import attachments, authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.staff_store import find_staff, maybe_staff
from portfolio_desktop.store import audit
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, Student
from portfolio_desktop.store.workgroup_models import (
    ConsultantAssignment,
    Consultation,
    ConsultationStudent,
)

MODES = {"group": ("團體諮詢", "group"), "individual": ("個別諮詢", "individual")}
_MODE_ALIASES = {"group": "group", "團體": "group", "團體諮詢": "group",
                 "individual": "individual", "個別": "individual", "個別諮詢": "individual", "個人": "individual"}
EXPORT_HEADERS = ["日期", "開始時間", "結束時間", "地點", "型式", "課程諮詢教師", "學號", "姓名", "班級", "諮詢內容",
                  "意見", "附件", "附件 SHA-256", "登錄者"]


def parse_mode(text: str) -> str:
    key = "".join(str(text).split()).lower()
    if key not in _MODE_ALIASES:
        raise RuleError(f"不認得的諮詢型式「{text}」；應為 團體 或 個別", f"unknown mode '{text}'; use group or individual")
    return _MODE_ALIASES[key]


@dataclass(frozen=True)
class StudentRef:
    student_no: str
    name: str
    class_code: str


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    mode: str
    teacher_username: str
    teacher_name: str
    held_on: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    content: str
    opinions: str | None
    students: tuple[StudentRef, ...]
    attachment_id: int | None
    attachment_name: str | None
    attachment_sha256: str | None
    recorded_by: str
    on_behalf_of: str | None

    @property
    def mode_zh(self) -> str:
        return MODES[self.mode][0]

    @property
    def time_text(self) -> str:
        parts = [t.strftime("%H:%M") for t in (self.starts_at, self.ends_at) if t is not None]
        return "–".join(parts)


def _ref(s: Student) -> StudentRef:
    return StudentRef(s.student_no, s.name, s.school_class.code)


def _row(c: Consultation) -> ConsultationRow:
    a = c.attachment
    return ConsultationRow(c.id, c.mode, c.teacher.username, c.teacher.display_name, c.held_on, c.starts_at, c.ends_at,
                           c.place, c.content, c.opinions, tuple(_ref(cs.student) for cs in c.students),
                           a.id if a else None, a.original_name if a else None, a.sha256 if a else None,
                           c.recorded_by, c.on_behalf_of)


# --------------------------------------------------------------------------------- assignments


def assigned_student_ids(session: Session, staff_id: int) -> set[int]:
    """Students a consultant is responsible for: of their assigned classes, plus those assigned one by one."""
    classes = select(ConsultantAssignment.class_id).where(ConsultantAssignment.staff_id == staff_id,
                                                          ConsultantAssignment.class_id.is_not(None))
    singles = select(ConsultantAssignment.student_id).where(ConsultantAssignment.staff_id == staff_id,
                                                            ConsultantAssignment.student_id.is_not(None))
    return set(session.scalars(select(Student.id).where(or_(Student.class_id.in_(classes), Student.id.in_(singles)))))


def assign(db: Database, actor: Actor, consultant: str, *, class_codes: Sequence[str] = (),
           student_nos: Sequence[str] = ()) -> int:
    """Make ``consultant`` responsible for these classes and students; returns how many were new."""
    if not class_codes and not student_nos:
        raise RuleError("請指定班級或學號", "name classes or student numbers")
    added = 0
    with db.write() as s:
        acting = authz.require(s, actor, Permission.EVALUATION_WRITE)
        staff = find_staff(s, consultant)
        if not any(g.role == Role.CONSULTANT.value for g in staff.grants):
            raise RuleError(f"{staff.display_name} 不是課程諮詢教師；請先在人員帳號加上 consultant 職務",
                            f"{staff.username} is not a course-consultation teacher; grant the consultant role first")
        for code in class_codes:
            classes = list(s.scalars(select(SchoolClass).where(SchoolClass.code == code.strip())))
            if not classes:
                raise NotFoundError(f"沒有班級 {code}", f"there is no class {code}")
            for cls in classes:
                if s.scalar(select(ConsultantAssignment).filter_by(staff_id=staff.id, class_id=cls.id)) is None:
                    s.add(ConsultantAssignment(staff_id=staff.id, class_id=cls.id))
                    acting.audit(s, action="consultation.assign", entity="consultant_assignment", key=staff.username,
                                 after={"class": cls.code, "division_id": cls.division_id})
                    added += 1
        for no in student_nos:
            student = _student(s, no)
            if s.scalar(select(ConsultantAssignment).filter_by(staff_id=staff.id, student_id=student.id)) is None:
                s.add(ConsultantAssignment(staff_id=staff.id, student_id=student.id))
                acting.audit(s, action="consultation.assign", entity="consultant_assignment", key=staff.username,
                             after={"student_no": student.student_no})
                added += 1
    return added


def _student(session: Session, student_no: str) -> Student:
    student = session.scalar(select(Student).where(Student.student_no == student_no.strip())
                             .options(selectinload(Student.school_class)))
    if student is None:
        raise NotFoundError(f"沒有學號 {student_no} 的學生", f"there is no student {student_no}")
    return student


def _viewer(session: Session, actor: Actor) -> Staff | None:
    """None = may see every record (dean, administrator); a Staff = a consultant seeing their own."""
    staff = maybe_staff(session, actor.username)
    if staff is None:
        raise denial(Permission.CONSULTATION_WRITE, who=actor.username)
    roles = {g.role for g in staff.grants}
    if roles & {Role.DEAN.value, Role.ADMIN.value}:
        return None
    if Role.CONSULTANT.value in roles:
        return staff
    raise PermissionDenied(f"{staff.display_name} 不能查看課程諮詢紀錄；限課程諮詢教師（本人負責之學生）、教務主任及系統管理者",
                           f"{staff.username} may not read consultation records; only consultants (their own "
                           "students), the dean and the administrator may")


def my_students(db: Database, actor: Actor) -> list[StudentRef]:
    """The students the signed-in consultant is responsible for (the dean / administrator: none to pick)."""
    with db.read() as s:
        staff = _viewer(s, actor)
        if staff is None:
            return []
        ids = assigned_student_ids(s, staff.id)
        rows = s.scalars(select(Student).where(Student.id.in_(ids)).options(selectinload(Student.school_class)))
        return sorted((_ref(r) for r in rows), key=lambda r: (r.class_code, r.student_no))


# ------------------------------------------------------------------------------- consultations


def add_consultation(db: Database, actor: Actor, *, mode: str, student_nos: Sequence[str], held_on: dt.date,
                     place: str, content: str, opinions: str | None = None, starts_at: dt.time | None = None,
                     ends_at: dt.time | None = None, attachment: Path | None = None,
                     today: dt.date | None = None) -> ConsultationRow:
    """Record one consultation for students the (acting-for) consultant is responsible for."""
    code = parse_mode(mode)
    nos = list(dict.fromkeys(n.strip() for n in student_nos if n and n.strip()))
    if not nos:
        raise RuleError("請選擇受諮詢的學生", "choose the student(s) consulted")
    if code == "individual" and len(nos) != 1:
        raise RuleError(f"個別諮詢一筆紀錄只能有一位學生（目前 {len(nos)} 位）；多位學生請用團體諮詢或分別登錄",
                        f"an individual consultation has exactly one student (got {len(nos)}); use a group record")
    if held_on > (today or dt.date.today()):
        raise RuleError(f"諮詢日期 {format_roc(held_on)} 尚未到來", f"the consultation date {held_on} is in the future")
    if starts_at and ends_at and ends_at < starts_at:
        raise RuleError("結束時間早於開始時間", "the end time is before the start time")
    if not place.strip() or not content.strip():
        raise RuleError("請填寫地點及諮詢內容", "place and content are required")
    with db.write() as s:
        acting = authz.require(s, actor, Permission.CONSULTATION_WRITE)
        teacher = find_staff(s, acting.on_behalf_of or acting.username)
        mine = assigned_student_ids(s, teacher.id)
        students = [_student(s, n) for n in nos]
        foreign = [st.student_no for st in students if st.id not in mine]
        if foreign:
            raise PermissionDenied(
                f"學號 {'、'.join(foreign)} 不是 {teacher.display_name} 負責的學生，不能登錄其諮詢紀錄",
                f"student(s) {', '.join(foreign)} are not assigned to {teacher.username}")
        c = Consultation(mode=code, staff_id=teacher.id, held_on=held_on, starts_at=starts_at, ends_at=ends_at,
                         place=place.strip()[:100], content=content.strip(), opinions=(opinions or "").strip() or None,
                         recorded_by=acting.username, on_behalf_of=acting.on_behalf_of)
        if attachment is not None:
            c.attachment = attachments.store_file(s, db, Path(attachment), added_by=acting.username)
        c.students = [ConsultationStudent(student_id=st.id) for st in students]
        s.add(c)
        s.flush()
        s.refresh(c)
        acting.audit(s, action="consultation.add", entity="consultation", key=str(c.id),
                     after={"mode": code, "teacher": teacher.username, "held_on": held_on, "students": nos,
                            "attachment_sha256": c.attachment.sha256 if c.attachment else None})
        return _row(c)


def _visible(session: Session, actor: Actor, *, student_no: str | None, school_year: int | None) -> list[Consultation]:
    staff = _viewer(session, actor)
    stmt = (select(Consultation).options(selectinload(Consultation.teacher), selectinload(Consultation.attachment),
                                         selectinload(Consultation.students).selectinload(ConsultationStudent.student)
                                         .selectinload(Student.school_class))
            .order_by(Consultation.held_on, Consultation.id))
    if staff is not None:
        stmt = stmt.where(Consultation.staff_id == staff.id)
    if school_year is not None:
        stmt = stmt.where(Consultation.held_on.between(term_dates(school_year, 1)[0], term_dates(school_year, 2)[1]))
    if student_no:
        stmt = stmt.where(Consultation.id.in_(select(ConsultationStudent.consultation_id).join(Student)
                                              .where(Student.student_no == student_no.strip())))
    return list(session.scalars(stmt))


def list_consultations(db: Database, actor: Actor, *, student_no: str | None = None,
                       school_year: int | None = None) -> list[ConsultationRow]:
    """The records the actor may see: a consultant their own; the dean / administrator all."""
    with db.read() as s:
        return [_row(c) for c in _visible(s, actor, student_no=student_no, school_year=school_year)]


def export_xlsx(db: Database, actor: Actor, path: Path, *, school_year: int | None = None) -> int:
    """Write the visible records to .xlsx, one row per student and consultation (學號 as text, real dates).

    Audited: who took which consultation records out of the database, and where to."""
    rows = list_consultations(db, actor, school_year=school_year)

    def lines() -> Any:
        for r in rows:
            for st in r.students:
                yield [r.held_on, r.starts_at.strftime("%H:%M") if r.starts_at else "",
                       r.ends_at.strftime("%H:%M") if r.ends_at else "", r.place, r.mode_zh,
                       r.teacher_name, st.student_no, st.name, st.class_code, r.content, r.opinions or "",
                       r.attachment_name or "", r.attachment_sha256 or "",
                       r.recorded_by + (f" 代 {r.on_behalf_of}" if r.on_behalf_of else "")]

    n = write_table(Path(path), EXPORT_HEADERS, lines(), sheet="課程諮詢紀錄", text_columns={1, 2, 6},
                    date_columns={0})
    with db.write() as s:
        audit.record(s, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="consultation.export",
                     entity="consultation", key=str(path)[-120:],
                     after={"records": len(rows), "rows": n, "school_year": school_year})
    return n
