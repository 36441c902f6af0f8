"""Courses, their teachers and enrolments (seed 000 附表二 四(一): 教學組/註冊組 import the
course codes, each student's courses and the teachers).

Import rules (the contract the CLI, GUI and tests rely on):
* One file is a course list (no 學號) or an enrolment list (one row per student × course); a course
  is identified by 學年期 + 課程代碼. Its 科目名稱 / 學分 / 授課教師 must agree on every row of the file.
* A course that exists takes the file's name and credits; its teachers are replaced by the file's
  when the file names any. Enrolments are added, never removed (a later file may list only a part).
* 學號 must be a student in the database; a 姓名 given must be that student's name (a typo check).
* All-or-nothing unless ``skip_invalid``; ``dry_run`` reports and writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Unpack, cast
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import ImportRefused, Problem, RuleError
from portfolio_desktop.io.course_spec import COURSES, code_warnings
from portfolio_desktop.io.tabular import ParsedTable
from portfolio_desktop.io.term_columns import term_of_row
from portfolio_desktop.services import authz
from portfolio_desktop.services.read_scope import Reader, require_reader
from portfolio_desktop.services.rosters.roster_store import rows_matching
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import BaseImportReport, finish_import, skipped, summary_line, tally
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.terms import ensure_term, find_term, resolve_term
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, CourseTeacher, Enrolment
from portfolio_desktop.store.models import Student


@dataclass(frozen=True)
class CourseRow:
    id: int
    term: str
    code: str
    name: str
    credits: int | None
    teachers: tuple[str, ...]
    enrolled: int


@dataclass
class CourseImportReport(BaseImportReport):
    courses_added: list[str] = field(default_factory=list)
    courses_changed: list[str] = field(default_factory=list)
    courses_unchanged: list[str] = field(default_factory=list)
    enrolments_added: int = 0
    enrolments_unchanged: int = 0

    def summary(self) -> tuple[str, str]:
        courses = tally(len(self.courses_added), len(self.courses_changed), len(self.courses_unchanged), unit="門",
                        subject=("課程", "courses "))
        added, had = self.enrolments_added, self.enrolments_unchanged
        enrolments = (f"修課新增 {added} 筆、已有 {had} 筆", f"enrolments added {added}, already there {had}")
        return summary_line(courses, enrolments, skipped(len(self.skipped_rows)), dry_run=self.dry_run,
                            sep=("；", "; "))


@dataclass
class _CoursePlan:
    term: tuple[int, int]
    code: str
    name: str
    credits: int | None
    teachers: tuple[str, ...]
    row: int
    students: set[int] = field(default_factory=set)


class _Checker:
    def __init__(self, parsed: ParsedTable) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []
        self.bad: set[int] = set()

    def header(self, key: str) -> str:
        i = self.parsed.mapping.get(key)
        return self.parsed.headers[i] if i is not None else COURSES.column(key).header

    def add(self, row: int, key: str, value: object, zh: str, en: str) -> None:
        shown = "" if value is None else str(value)
        self.problems.append(Problem(self.parsed.file, self.parsed.sheet, row, self.header(key), shown, zh, en))
        self.bad.add(row)


def _plan(session: Session, parsed: ParsedTable, default: tuple[int, int] | None
          ) -> tuple[dict[tuple[tuple[int, int], str], _CoursePlan], _Checker]:
    check = _Checker(parsed)
    numbers = {str(r.values["student_no"]) for r in parsed.rows if r.values.get("student_no")}
    students: dict[str, tuple[int, str]] = {}
    stmt = select(Student.student_no, Student.id, Student.name)
    for no, sid, name in rows_matching(session, stmt, Student.student_no, numbers):
        students[no] = (sid, name)
    plans: dict[tuple[tuple[int, int], str], _CoursePlan] = {}
    for prow in parsed.rows:
        v = prow.values
        try:
            term = term_of_row(v, default)
        except RuleError as exc:
            check.add(prow.row, "semester", v.get("semester"), exc.zh, exc.en)
            continue
        if term is None:
            check.add(prow.row, "term", "", "缺少學年期：請加上學年度與學期欄，或匯入時指定學期（--term 113-1）",
                      "the term is missing: add 學年度 and 學期 columns, or give the term (--term 113-1)")
            continue
        code, name = str(v["course_code"]), str(v["course_name"])
        credits = v.get("credits")
        teachers: tuple[str, ...] = tuple(cast("Iterable[str]", v.get("teachers") or ()))
        student_id: int | None = None
        no = str(v.get("student_no") or "")
        if no:
            found = students.get(str(no))
            if found is None:
                check.add(prow.row, "student_no", no, f"資料庫沒有學號 {no} 的學生；請先匯入名冊",
                          f"there is no student {no}; import the roster first")
                continue
            given = v.get("name")
            if given and given != found[1]:
                check.add(prow.row, "name", given, f"學號 {no} 的姓名在名冊為「{found[1]}」，與檔案不同；請檢查學號",
                          f"student {no} is named '{found[1]}' in the roster; check the student number")
                continue
            student_id = found[0]
        plan = plans.get((term, code))
        if plan is None:
            plan = plans[(term, code)] = _CoursePlan(term, code, name, credits, teachers, prow.row)  # type: ignore[arg-type]
        elif not _agrees(check, prow.row, plan, name, credits, teachers):  # type: ignore[arg-type]
            continue
        if student_id is not None:
            plan.students.add(student_id)
    return plans, check


def _agrees(check: _Checker, row: int, plan: _CoursePlan, name: str, credits: int | None,
            teachers: tuple[str, ...]) -> bool:
    """A course's name / credits / teachers must be the same on every row that gives them."""
    for key, mine, theirs in (("course_name", name, plan.name), ("credits", credits, plan.credits),
                              ("teachers", teachers, plan.teachers)):
        if mine and theirs and mine != theirs:
            shown = "、".join(mine) if isinstance(mine, tuple) else str(mine)
            first = "、".join(theirs) if isinstance(theirs, tuple) else str(theirs)
            check.add(row, key, shown, f"課程 {plan.code} 在第 {plan.row} 列為「{first}」，與此列不一致；請統一",
                      f"course {plan.code} has '{first}' on row {plan.row}; make the rows agree")
            return False
    for attr, mine in (("credits", credits), ("teachers", teachers)):
        if mine and not getattr(plan, attr):
            setattr(plan, attr, mine)
    return True


@bulk_work
def import_courses(
    db: Database, actor: Actor, path: str | os.PathLike[str], **options: Unpack[ImportKeywords]
) -> CourseImportReport:
    """Import a course or enrolment list; see the module docstring. Raises ImportRefused (nothing
    written) on problems unless ``skip_invalid``. Needs 維護課程及選課 (教學組), dry run too."""
    o = ImportOptions(**options)
    term, dry_run, skip_invalid, cancelled = o.term, o.dry_run, o.skip_invalid, o.cancelled
    parsed = o.read(path, COURSES, db)
    report = CourseImportReport(parsed.file, parsed.sheet, dry_run)
    report.notes = list(parsed.notes)
    report.warnings = code_warnings(parsed)
    default = resolve_term(term) if term else None
    with db.write() as session:
        actor = authz.require(session, actor, Permission.COURSES_WRITE).as_actor()
        plans, check = _plan(session, parsed, default)
        problems = sorted([*parsed.problems, *check.problems], key=lambda p: p.row)
        report.problems = problems
        report.skipped_rows = sorted(set(parsed.bad_rows) | check.bad)
        if problems and not skip_invalid:
            raise ImportRefused(problems)
        for plan in plans.values():
            _apply(session, actor, plan, report)
        finish_import(session, file=report.file, dry_run=dry_run, cancelled=cancelled,
                      acting=actor, action="courses.import", entity="course",
                      summary={"file": report.file, "sheet": report.sheet, "added": report.courses_added,
                               "changed": report.courses_changed, "enrolments_added": report.enrolments_added,
                               "skipped_rows": report.skipped_rows})
    return report


def _apply(session: Session, actor: Actor, plan: _CoursePlan, report: CourseImportReport) -> None:
    term = ensure_term(session, *plan.term)
    label = f"{format_term(*plan.term)} {plan.code}"
    course = session.scalar(select(Course).where(Course.term_id == term.id, Course.code == plan.code))
    after = {"name": plan.name, "credits": plan.credits, "teachers": list(plan.teachers)}
    if course is None:
        course = Course(term_id=term.id, code=plan.code, name=plan.name, credits=plan.credits)
        course.teachers = [CourseTeacher(teacher_name=t, position=i) for i, t in enumerate(plan.teachers)]
        session.add(course)
        session.flush()
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="course.add",
                     entity="course", key=label, after=after)
        report.courses_added.append(label)
    else:
        current = [t.teacher_name for t in course.teachers]
        before = {"name": course.name, "credits": course.credits, "teachers": current}
        new_teachers = list(plan.teachers) or current
        after = {"name": plan.name, "credits": plan.credits if plan.credits is not None else course.credits,
                 "teachers": new_teachers}
        if before == after:
            report.courses_unchanged.append(label)
        else:
            course.name, course.credits = after["name"], after["credits"]  # type: ignore[assignment]
            if new_teachers != current:
                course.teachers.clear()
                session.flush()
                course.teachers.extend(CourseTeacher(teacher_name=t, position=i) for i, t in enumerate(new_teachers))
            audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="course.update",
                         entity="course", key=label, before=before, after=after)
            report.courses_changed.append(label)
    if plan.students:
        have = set(session.scalars(select(Enrolment.student_id).where(Enrolment.course_id == course.id)))
        new = sorted(plan.students - have)
        report.enrolments_unchanged += len(plan.students & have)
        report.enrolments_added += len(new)
        session.add_all(Enrolment(course_id=course.id, student_id=sid) for sid in new)
        session.flush()


def list_courses(db: Database, actor: Reader, term: str | tuple[int, int] | None = None, *,
                 teacher: str | None = None) -> list[CourseRow]:
    """The courses of a term (default: current) with their teachers and how many students take them.
    Every member of staff reads the course list; a course teacher who holds no other role, their own
    courses (services/read_scope.py kind SCHOOL)."""
    scope = require_reader(db, actor)
    year, sem = resolve_term(term, source=db)
    with db.read() as session:
        found = find_term(session, year, sem)
        if found is None:
            return []
        counts = dict(session.execute(
            select(Enrolment.course_id, func.count()).join(Course).where(Course.term_id == found.id)
            .group_by(Enrolment.course_id)).all())
        stmt = select(Course).where(Course.term_id == found.id).order_by(Course.code)
        if not scope.whole:
            stmt = stmt.where(Course.code.in_(sorted(scope.course_codes)))
        if teacher:
            stmt = stmt.where(Course.id.in_(select(CourseTeacher.course_id).where(CourseTeacher.teacher_name == teacher)))
        label = format_term(year, sem)
        return [CourseRow(c.id, label, c.code, c.name, c.credits, tuple(t.teacher_name for t in c.teachers),
                          counts.get(c.id, 0)) for c in session.scalars(stmt)]
