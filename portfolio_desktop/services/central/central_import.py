"""Import a central 學生學習歷程資料庫 名冊 (io/central_files.py) onto our model.

Rules:
* Every row names its student by 身分證號 and is checked by 出生日期 (not by 學號): an ID we do not
  have, or a birth date that is not that student's, is a row problem naming the cell.
* 學期課程學習成果 / 學期成績: the course (實際修課學期 + 課程代碼) is added when missing, the student
  enrolled; a 課程學習成果 is an item (kind clo) titled by its 成果簡述; a grade row keeps the
  enrolment's 學期學業成績, 及格, 補考, 採計學分 (course_grade).
* 多元表現 sheets are items of the sheet's category; 幹部經歷暨事蹟紀錄 are 幹部經歷 items. The term
  is the row's 學期, else the cover's (a yearly 名冊 needs the row's).
* 轉學轉科 / 借讀 / 重讀 / 重修 / 補修 outcomes are kept with their school, term and course
  (prior_outcome; seed 000 §五, seed 001 §七), not as courses of this school.
* 學生資料 rows are matched and checked; a student we do not have is created, and 班別 and 特殊身分別
  are stored (services/central/central_students.py); a 學籍狀態 that differs from ours is a 學籍異動 (dated
  學籍異動日期, else today; the transition rules of domain/status.py apply: a refused one is a row
  problem). A 學籍狀態 we cannot read is a warning and leaves the status alone.
* 科目資料 rows (科目名冊) add the term's courses, or update a course's 科目名稱 and 學分.
* National IDs are masked in every message (A12****789).
* Items of a 名冊 were submitted: they are written in state 已提交; one already there (same student,
  term, kind, course or category, title) is unchanged. Caps are not checked (the central database
  has the items already).
* Roles: each sheet needs the entry permission of the office that owns its data (services/guard.py
  ENTRY; grades 登錄修課紀錄及成績, 學生資料 登錄學籍資料, 科目 維護課程及選課) for every division its
  students are in.
* All-or-nothing, one transaction for the whole file; ``dry_run`` reports and writes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.items import ItemKind, ItemState
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import Status, check_transition, parse_status
from portfolio_desktop.errors import ImportRefused, Problem, RuleError
from portfolio_desktop.io.central_files import CentralFile, CentralSheet, read_central
from portfolio_desktop.io.course_spec import code_warnings
from portfolio_desktop.io.rows import ParsedRow
from portfolio_desktop.services import guard, settings
from portfolio_desktop.services.central.central_students import StudentPlan, apply_plan, plan_existing, plan_new
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import BaseImportReport, finish_import, summary_line
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.terms import ensure_term
from portfolio_desktop.services.items.items import utcnow_local
from portfolio_desktop.services.rosters.roster_store import ClassResolver
from portfolio_desktop.store import audit
from portfolio_desktop.store.central_models import CourseGrade, PriorOutcome
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, ItemStateChange, PortfolioItem
from portfolio_desktop.store.models import Student, StatusChange

_SHEET_PERMISSION = {"students": Permission.ROSTER_WRITE, "grades": Permission.GRADES_WRITE,
                     "courses": Permission.COURSES_WRITE}


@dataclass
class CentralImportReport(BaseImportReport):
    recognised: tuple[str, str] = ("", "")
    students: int = 0
    status_changes: int = 0
    items_added: int = 0
    items_unchanged: int = 0
    courses_added: int = 0
    grades: int = 0
    prior: int = 0
    students_added: int = 0
    students_changed: int = 0
    courses_changed: int = 0
    per_sheet: dict[str, int] = field(default_factory=dict)
    # what the 學生資料 rows create or change, one line each (IDs masked): a dry run shows them
    student_plans: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> tuple[str, str]:
        return summary_line(
            (f"學生 {self.students} 位（新增 {self.students_added} 位、資料變更 {self.students_changed} 位、"
             f"學籍異動 {self.status_changes} 筆）",
             f"{self.students} student(s) ({self.students_added} new, {self.students_changed} changed, "
             f"{self.status_changes} status change(s))"),
            (f"項目新增 {self.items_added} 件、已有 {self.items_unchanged} 件",
             f"items added {self.items_added}, already there {self.items_unchanged}"),
            (f"課程新增 {self.courses_added} 門、更新 {self.courses_changed} 門",
             f"courses added {self.courses_added}, updated {self.courses_changed}"),
            (f"成績 {self.grades} 筆", f"grades {self.grades}"),
            (f"轉學／借讀／重讀／重修／補修成果 {self.prior} 筆", f"prior outcomes {self.prior}"),
            dry_run=self.dry_run, sep=("；", "; "))


def _permission(sheet: CentralSheet) -> Permission:
    if sheet.kind.role in _SHEET_PERMISSION:
        return _SHEET_PERMISSION[sheet.kind.role]
    assert sheet.kind.item_kind is not None
    return guard.ENTRY[sheet.kind.item_kind]


class _Import:
    def __init__(self, session: Session, central: CentralFile) -> None:
        self.s = session
        self.central = central
        self.problems: list[Problem] = []
        ids = sorted({str(r.values["national_id"]) for sh in central.sheets for r in sh.table.rows
                      if r.values.get("national_id")})
        self.students: dict[str, tuple[int, Any, str]] = {}
        for i in range(0, len(ids), 900):
            for sid, nid, born, no in session.execute(select(Student.id, Student.national_id, Student.birth_date,
                                                             Student.student_no).where(Student.national_id.in_(ids[i:i + 900]))):
                if nid is not None:  # the query matched it against the IDs of the file
                    self.students[nid] = (sid, born, no)

    def problem(self, sheet: CentralSheet, prow: ParsedRow, key: str, value: object, zh: str, en: str) -> None:
        t = sheet.table
        i = t.mapping.get(key)
        header = t.headers[i] if i is not None else sheet.kind.spec.column(key).header
        shown = "" if value is None else str(value)
        self.problems.append(Problem(t.file, t.sheet, prow.row, header,
                                     mask_id(shown) if key == "national_id" else shown, zh, en))

    def student(self, sheet: CentralSheet, prow: ParsedRow, *, new_ok: bool = False) -> int | None:
        """The student of a row, by 身分證號, checked by 出生日期 (a problem when either fails; with
        ``new_ok`` an ID we do not have is no problem: 0 is returned, a student to create)."""
        nid, born = str(prow.values["national_id"]), prow.values["birth_date"]
        found = self.students.get(nid)
        if found is None:
            if new_ok:
                return 0
            self.problem(sheet, prow, "national_id", nid,
                         f"資料庫沒有身分證號 {mask_id(nid)} 的學生；請先匯入名冊或學生資料名冊（含身分證號）",
                         f"there is no student with ID {mask_id(nid)}; import the roster (with IDs) first")
            return None
        if found[1] is not None and found[1] != born:
            self.problem(sheet, prow, "birth_date", born,
                         f"身分證號 {mask_id(nid)} 的學生（學號 {found[2]}）出生日期在名冊為 {found[1].isoformat()}，與檔案 "
                         f"{born} 不同；請檢查身分證號或出生日期",
                         f"the student with ID {mask_id(nid)} (no. {found[2]}) was born on {found[1].isoformat()} per the "
                         f"roster, not {born}; check the ID or the birth date")
            return None
        return found[0]

    def status_of(self, sheet: CentralSheet, prow: ParsedRow, sid: int, warnings: list[Problem]) -> Status | None:
        """The row's 學籍狀態 when it differs from ours and the change is allowed (None: no change)."""
        text = prow.values.get("status")
        if not text:
            return None
        try:
            new = parse_status(str(text))
        except RuleError as exc:
            t = sheet.table
            warnings.append(Problem(t.file, t.sheet, prow.row, "學籍狀態", str(text), exc.zh + "（僅提醒，學籍狀態不變）",
                                    exc.en + " (a warning; the status is left as it is)"))
            return None
        current = Status(self.s.get(Student, sid).status)  # type: ignore[union-attr]
        if new == current:
            return None
        try:
            check_transition(current, new)
        except RuleError as exc:
            self.problem(sheet, prow, "status", text, exc.zh, exc.en)
            return None
        return new

    def term_of(self, sheet: CentralSheet, prow: ParsedRow) -> tuple[int, int] | None:
        term = prow.values.get("term")
        if term is not None:
            return term  # type: ignore[return-value]
        c = self.central.cover
        if c.semester == 0:
            self.problem(sheet, prow, "term", "", "學年名冊的每一列都要有學期（四碼，如 1121）",
                         "a yearly roster needs each row's term (four digits such as 1121)")
            return None
        return (c.school_year, c.semester)


@bulk_work
def import_central(
    db: Database, actor: Actor, path: str | os.PathLike[str], **options: Unpack[ImportKeywords]
) -> CentralImportReport:
    """Import a central 名冊; see the module docstring. Raises ImportRefused (nothing written) on any
    problem unless ``skip_invalid``; PortfolioError for a file that is not a 名冊."""
    o = ImportOptions(**options)
    sheet, dry_run, skip_invalid = o.sheet, o.dry_run, o.skip_invalid
    central = read_central(path)
    if sheet is not None:
        central.sheets = [s for s in central.sheets if s.table.sheet == sheet]
    report = CentralImportReport(central.file, "、".join(s.table.sheet for s in central.sheets), dry_run)
    report.recognised = central.describe()
    report.per_sheet = {s.table.sheet: s.table.total_rows for s in central.sheets}
    for s in central.sheets:
        if "course_code" in s.table.mapping:
            report.warnings.extend(code_warnings(s.table))
    now = utcnow_local()
    with db.write() as session:
        ours = str(settings.get_setting(session, "school.code", "") or "")
        theirs = central.cover.school_code
        if ours and theirs and ours != theirs:
            report.warnings.append(Problem(
                central.file, "封面", 2, "學校代碼", theirs,
                f"封面的學校代碼 {theirs} 與本校設定的 {ours} 不同；請確認這是本校的名冊（僅提醒）",
                f"the cover's school code {theirs} differs from this school's {ours}; check the file is ours (a warning)"))
        job = _Import(session, central)
        planned: list[tuple[CentralSheet, ParsedRow, int, tuple[int, int] | None]] = []
        status_plans: dict[int, Status] = {}
        student_plans: dict[int, StudentPlan] = {}
        created_seen: set[str] = set()
        for sh in central.sheets:
            for prow in sh.table.rows:
                if sh.kind.role == "courses":
                    planned.append((sh, prow, 0, prow.values["term"]))  # type: ignore[arg-type]
                    continue
                sid = job.student(sh, prow, new_ok=sh.kind.role == "students")
                if sid is None:
                    continue
                if sh.kind.role == "students":
                    before = len(job.problems)
                    plan = _student_plan(session, job, sh, prow, sid, created_seen)
                    new_status = job.status_of(sh, prow, sid, report.warnings) if sid else None
                    if len(job.problems) == before:
                        planned.append((sh, prow, sid, None))
                        if plan is not None:
                            student_plans[id(prow)] = plan
                        if new_status is not None:
                            status_plans[id(prow)] = new_status
                    continue
                if sh.kind.role in ("mp", "cadre") and not (prow.values.get("title") or prow.values.get("summary")):
                    job.problem(sh, prow, "title", "", "這一列沒有名稱（如 競賽名稱、擔任職務）也沒有內容簡述；請補上",
                                "the row has neither a name (e.g. 競賽名稱, 擔任職務) nor a 內容簡述; add one")
                    continue
                term = job.term_of(sh, prow)
                if sh.kind.role != "students" and term is None:
                    continue
                planned.append((sh, prow, sid, term))
        divisions: dict[int, str | None] = dict(guard.division_codes(session, [p[2] for p in planned if p[2]]))
        new_division = {key: plan.division for key, plan in student_plans.items() if plan.student_id is None}
        actings: dict[tuple[Permission, str | None], Any] = {}
        for sh in central.sheets:
            perm = _permission(sh)
            divs = {new_division[id(r)] if id(r) in new_division else divisions.get(sid)
                    for s2, r, sid, _ in planned if s2 is sh} or {None}
            for div, acting in guard.require_each(session, actor, perm, divs).items():
                actings[(perm, div)] = acting
        problems = sorted([_masked(p) for s in central.sheets for p in s.table.problems] + job.problems,
                          key=lambda p: (p.sheet, p.row))
        report.problems = problems
        report.skipped_rows = sorted({p.row for p in problems})
        if problems and not skip_invalid:
            raise ImportRefused(problems)
        report.students = len({p[2] for p in planned if p[2]}) + len(new_division)
        report.student_plans = [plan.describe() for plan in student_plans.values()]
        resolver = ClassResolver(session) if student_plans else None
        for sh, prow, sid, term in planned:
            acting = actings[(_permission(sh), new_division.get(id(prow), divisions.get(sid)))]
            if id(prow) in student_plans:
                assert resolver is not None
                plan = student_plans[id(prow)]
                sid = apply_plan(session, acting.as_actor(), plan, resolver, report.file)
                if plan.student_id is None:
                    report.students_added += 1
                else:
                    report.students_changed += 1
            if id(prow) in status_plans:
                _change_status(session, acting.as_actor(), sid, status_plans[id(prow)], prow, report)
            _apply_row(session, acting.as_actor(), sh, prow, sid, term, report, now)
        finish_import(session, file=report.file, dry_run=dry_run, cancelled=None,
                      acting=guard.combine(actings.values()), action="roster.central_import", entity="roster",
                      summary={"file": report.file, "kind": central.cover.kind, "term": central.cover.term_label,
                               "school": central.cover.school_code, "sheets": report.per_sheet,
                               "items_added": report.items_added, "grades": report.grades, "prior": report.prior,
                               "students_added": report.students_added, "students_changed": report.students_changed})
    return report


def _masked(problem: Problem) -> Problem:
    """A reader's problem with a national ID cell shows the ID masked."""
    if problem.column not in ("身分證號", *_ID_ALIASES):
        return problem
    return Problem(problem.file, problem.sheet, problem.row, problem.column, mask_id(problem.value), problem.zh,
                   problem.en)


_ID_ALIASES = ("身分證統一編號", "身分證字號", "身分證號碼", "統一編號", "居留證號")


def _student_plan(session: Session, job: _Import, sh: CentralSheet, prow: ParsedRow, sid: int,
                  created_seen: set[str]) -> StudentPlan | None:
    """What a 學生資料 row creates (``sid`` 0) or changes (None: nothing)."""
    def complain(key: str, value: object, zh: str, en: str) -> None:
        job.problem(sh, prow, key, value, zh, en)

    if not sid:
        return plan_new(session, prow, complain, created_seen)
    student = session.get(Student, sid)
    assert student is not None
    changes = plan_existing(student, prow.values, set(sh.table.mapping))
    if "special_status" in changes and len(changes["special_status"][1] or "") > 100:
        complain("special", changes["special_status"][1], "特殊身分別過長（最多 100 字）",
                 "特殊身分別 is too long (at most 100)")
        return None
    if not changes:
        return None
    return StudentPlan(prow.row, sid, student.student_no, "", changes=changes)


def _change_status(session: Session, actor: Actor, sid: int, new: Status, prow: ParsedRow,
                   report: CentralImportReport) -> None:
    student = session.get(Student, sid)
    assert student is not None
    current = Status(student.status)
    on = prow.values.get("status_date") or utcnow_local().date()
    student.status = new.value
    if new.departed:
        student.left_on = on  # type: ignore[assignment]
    elif current.departed:
        student.left_on = None
    session.add(StatusChange(student_id=sid, from_status=current.value, to_status=new.value, changed_on=on,
                             reason=f"中央名冊匯入 {report.file}"[:200], recorded_by=actor.username,
                             on_behalf_of=actor.on_behalf_of))
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="student.status_change",
                 entity="student", key=student.student_no, before={"status": current.value},
                 after={"status": new.value, "changed_on": on, "source": report.file})
    report.status_changes += 1


def _enrol(session: Session, term_id: int, v: dict[str, object], sid: int, report: CentralImportReport) -> int:
    code = str(v["course_code"])
    course = session.scalar(select(Course).where(Course.term_id == term_id, Course.code == code))
    if course is None:
        course = Course(term_id=term_id, code=code, name=str(v["course_name"]), credits=v.get("credits"))
        session.add(course)
        session.flush()
        report.courses_added += 1
    eid = session.scalar(select(Enrolment.id).where(Enrolment.course_id == course.id, Enrolment.student_id == sid))
    if eid is None:
        enrolment = Enrolment(course_id=course.id, student_id=sid)
        session.add(enrolment)
        session.flush()
        eid = enrolment.id
    return eid


def _course(session: Session, term_id: int, v: dict[str, object], report: CentralImportReport) -> None:
    """A 科目資料 row: the term's course, added, or its 科目名稱 and 學分 brought up to date."""
    code, name, credits = str(v["course_code"]), str(v["course_name"]), v.get("credits")
    course = session.scalar(select(Course).where(Course.term_id == term_id, Course.code == code))
    if course is None:
        session.add(Course(term_id=term_id, code=code, name=name, credits=credits))
        session.flush()
        report.courses_added += 1
    elif course.name != name or (credits is not None and course.credits != credits):
        course.name = name
        if credits is not None:
            course.credits = credits  # type: ignore[assignment]
        report.courses_changed += 1


def _item(session: Session, actor: Actor, sid: int, term_id: int, kind: ItemKind, category: str | None, title: str,
          enrolment_id: int | None, report: CentralImportReport, now: Any) -> None:
    stmt = select(PortfolioItem.id).where(PortfolioItem.student_id == sid, PortfolioItem.term_id == term_id,
                                          PortfolioItem.kind == kind.value, PortfolioItem.title == title)
    stmt = stmt.where(PortfolioItem.enrolment_id == enrolment_id) if enrolment_id else \
        stmt.where(PortfolioItem.category.is_(None) if category is None else PortfolioItem.category == category)
    if session.scalar(stmt) is not None:
        report.items_unchanged += 1
        return
    obj = PortfolioItem(student_id=sid, term_id=term_id, kind=kind.value, category=category, title=title,
                        enrolment_id=enrolment_id, state=ItemState.SUBMITTED.value, occurred_at=now)
    session.add(obj)
    session.flush()
    session.add(ItemStateChange(item_id=obj.id, from_state=None, to_state=obj.state, action="import", at=now,
                                actor=actor.username, on_behalf_of=actor.on_behalf_of))
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="item.import",
                 entity="portfolio_item", key=str(obj.id),
                 after={"student_id": sid, "term_id": term_id, "kind": kind.value, "category": category,
                        "title": title, "state": obj.state, "source": "central"})
    report.items_added += 1


def _apply_row(session: Session, actor: Actor, sh: CentralSheet, prow: ParsedRow, sid: int,
               term: tuple[int, int] | None, report: CentralImportReport, now: Any) -> None:
    v = prow.values
    role = sh.kind.role
    if role == "students" or term is None:
        return
    if role == "prior":
        same = select(PriorOutcome.id).where(
            PriorOutcome.student_id == sid, PriorOutcome.kind == sh.kind.prior, PriorOutcome.school_year == term[0],
            PriorOutcome.semester == term[1], PriorOutcome.course_code == str(v["course_code"]),
            PriorOutcome.summary == str(v["summary"]))
        if session.scalar(same) is not None:
            return  # imported before: kept once
        session.add(PriorOutcome(student_id=sid, kind=sh.kind.prior, school_code=v.get("school_code"),
                                 school_year=term[0], semester=term[1], course_code=str(v["course_code"]),
                                 course_name=str(v["course_name"]), grade_year=v.get("grade_year"),
                                 credits=v.get("credits"), summary=str(v["summary"])))
        report.prior += 1
        return
    term_id = ensure_term(session, *term).id
    if role == "courses":
        _course(session, term_id, v, report)
        return
    if role in ("clo", "grades"):
        eid = _enrol(session, term_id, v, sid, report)
        if role == "clo":
            _item(session, actor, sid, term_id, ItemKind.CLO, None, str(v["summary"]), eid, report, now)
            return
        grade = session.scalar(select(CourseGrade).where(CourseGrade.enrolment_id == eid))
        if grade is None:
            grade = CourseGrade(enrolment_id=eid)
            session.add(grade)
        grade.score, grade.passed = v.get("score"), v.get("passed")  # type: ignore[assignment]
        grade.makeup, grade.counted = v.get("makeup"), v.get("counted")  # type: ignore[assignment]
        report.grades += 1
        return
    kind = sh.kind.item_kind
    assert kind is not None
    category = sh.kind.category.value if sh.kind.category is not None else None
    _item(session, actor, sid, term_id, kind, category, str(v.get("title") or v["summary"]), None, report, now)
