"""The rows of the 提交 名冊 that are not items: 學生資料名冊 (名冊別 1), 科目名冊 (4) and
學生重修重讀課程學習成果名冊 (27), as services/central/central_export.py writes them (seed 001 §六(二): the
registry submits 學籍資料 and 課程學習成果; seed 000 附表二 四(一): 教學組 keeps the course codes).

Each collector returns the data sheets (name → headers, rows), the students the 名冊 carries, and the
permission and divisions the write needs. Cells are as the central files write them: IDs in full,
dates as seven ROC digits (0970425), terms as four digits (1121), 性別 1 男 / 2 女, 班別 codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.roc import roc_year, term_dates
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import Status
from portfolio_desktop.io.central_files import COURSE_SHEET, PRIOR_KINDS, format_term4
from portfolio_desktop.services import guard
from portfolio_desktop.store.central_models import PriorOutcome
from portfolio_desktop.store.items_models import Course, Enrolment
from portfolio_desktop.store.models import Division, SchoolClass, StatusChange, Student

STUDENT_HEADERS = ["身分證號", "出生日期", "學號", "姓名", "性別", "班別", "班級代碼", "座號", "學籍狀態", "學籍異動日期",
                   "特殊身分別"]
COURSE_HEADERS = ["課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期"]
PRIOR_HEADERS = ["身分證號", "出生日期", "原就讀學校代碼", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期",
                 "成果簡述"]
GENDER_CODES = {"M": "1", "F": "2"}  # 性別 as the 學籍 systems code it
DIVISION_CLASS_KIND = {"day": "1", "night": "01"}  # 班別 when a student has none of their own
# 名冊別 27 carries the 重讀 / 重修 / 補修 outcomes of the term, one sheet each (seed 000 §五, seed 001 §七)
RETAKE_SHEETS = {kind: name for name, kind in PRIOR_KINDS.items() if kind in ("repeat", "retake", "makeup")}


@dataclass
class Collected:
    sheets: dict[str, tuple[Sequence[str], list[list[object]]]] = field(default_factory=dict)
    student_ids: set[int] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)  # 學號 without an ID or a birth date
    permission: Permission = Permission.CLO_SUBMIT
    divisions: set[str | None] = field(default_factory=set)

    def add(self, sheet: str, headers: Sequence[str], row: list[object]) -> None:
        self.sheets.setdefault(sheet, (headers, []))[1].append(row)

    @property
    def rows(self) -> int:
        return sum(len(r) for _, r in self.sheets.values())


def roc7(day: dt.date) -> str:
    """A date as the central files write it: ROC year in three digits, month, day (0970425)."""
    return f"{roc_year(day):03d}{day.month:02d}{day.day:02d}"


def head(student: Student, out: Collected) -> list[object]:
    """身分證號, 出生日期 of a row (a student without them is listed in ``out.missing``)."""
    out.student_ids.add(student.id)
    if not student.national_id or student.birth_date is None:
        out.missing.add(student.student_no)
        return [student.national_id, None]
    return [student.national_id, roc7(student.birth_date)]


def in_division(stmt: Any, division: str | None) -> Any:
    """``stmt`` (which selects students) narrowed to one division's students; None: the whole school."""
    if division is None:
        return stmt
    return stmt.where(Student.class_id.in_(select(SchoolClass.id).join(Division, SchoolClass.division_id == Division.id)
                                           .where(Division.code == division)))


def _finish(session: Session, out: Collected) -> Collected:
    out.divisions = set(guard.division_codes(session, out.student_ids).values()) or {None}
    return out


def student_rows(session: Session, year: int, semester: int, division: str | None = None) -> Collected:
    """名冊別 1: every student at school during the term (enrolled, or left on or after its first day)."""
    out = Collected(permission=Permission.ROSTER_WRITE)
    start, _ = term_dates(year, semester)
    last_change = dict(session.execute(select(StatusChange.student_id, func.max(StatusChange.changed_on))
                                       .group_by(StatusChange.student_id)).all())
    divisions = guard.division_codes(session, session.scalars(select(Student.id)).all())
    stmt = in_division(select(Student, SchoolClass.code).join(SchoolClass, Student.class_id == SchoolClass.id)
                       .order_by(Student.student_no), division)
    for student, class_code in session.execute(stmt):
        status = Status(student.status)
        if status.departed and (student.left_on is None or student.left_on < start):
            continue
        changed = last_change.get(student.id)
        kind = student.class_kind or DIVISION_CLASS_KIND.get(divisions.get(student.id, ""), "")
        out.add("學生資料", STUDENT_HEADERS, [
            *head(student, out), student.student_no, student.name, GENDER_CODES.get(student.gender or ""), kind,
            class_code, None if student.seat_no is None else str(student.seat_no), status.zh,
            roc7(changed) if changed else None, student.special_status])
    return _finish(session, out)


def course_rows(session: Session, year: int, semester: int, term_id: int) -> Collected:
    """名冊別 4: the courses of the term; 開課年級 is the grade of the classes enrolled when they agree."""
    out = Collected(permission=Permission.COURSES_WRITE, divisions={None})
    grades: dict[int, set[int]] = {}
    stmt = (select(Enrolment.course_id, SchoolClass.grade).join(Student, Enrolment.student_id == Student.id)
            .join(SchoolClass, Student.class_id == SchoolClass.id).join(Course, Enrolment.course_id == Course.id)
            .where(Course.term_id == term_id))
    for course_id, grade in session.execute(stmt):
        grades.setdefault(course_id, set()).add(grade)
    for course in session.scalars(select(Course).where(Course.term_id == term_id).order_by(Course.code)):
        seen = grades.get(course.id, set())
        only = str(next(iter(seen))) if len(seen) == 1 else None
        out.add(COURSE_SHEET, COURSE_HEADERS, [course.code, course.name, only,
                                              None if course.credits is None else str(course.credits),
                                              format_term4(year, semester)])
    return out


def retake_rows(session: Session, year: int, semester: int, division: str | None = None) -> Collected:
    """名冊別 27: the 重讀 / 重修 / 補修 course outcomes taken in the term, with their original course."""
    out = Collected(permission=Permission.CLO_SUBMIT)
    stmt = in_division(select(PriorOutcome, Student).join(Student, PriorOutcome.student_id == Student.id)
                       .where(PriorOutcome.kind.in_(list(RETAKE_SHEETS)), PriorOutcome.school_year == year,
                              PriorOutcome.semester == semester)
                       .order_by(Student.student_no, PriorOutcome.course_code, PriorOutcome.id), division)
    for prior, student in session.execute(stmt):
        out.add(RETAKE_SHEETS[prior.kind], PRIOR_HEADERS, [
            *head(student, out), prior.school_code, prior.course_code, prior.course_name,
            None if prior.grade_year is None else str(prior.grade_year),
            None if prior.credits is None else str(prior.credits), format_term4(year, semester), prior.summary])
    return _finish(session, out)
