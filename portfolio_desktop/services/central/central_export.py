"""Write the 提交 名冊 for the central 學生學習歷程資料庫 (seed 001 §六(二): the offices submit what the
students selected and what the offices entered) from the items marked 已提交 for a term.

One workbook per 名冊別: the sheet 封面 (學校代碼, 學年度, 學期, 名冊別; values on row 2) and the data
sheets named by content, each row starting with 身分證號 (in full: only here, the central database
matches students by it) and 出生日期 (ROC, seven digits: 0970425); terms as four digits (1131).
Every cell is a text cell (io/xlsx_out.py). The file is written durably, the write audited and
recorded as a submission round (名冊別, term, division, students, rows, when, by whom, file, SHA-256).

名冊別 written: 2 學生成績名冊 (the term's 學期成績 on record, course_grade), 24 校內幹部經歷名冊 (幹部經歷 items), 25 學生自填多元表現名冊 (多元表現 items, one sheet
per category), 26 學生課程學習成果名冊 (課程學習成果 items with their course). Permission: the office
that submits that kind (services/guard.py SUBMIT), for every division whose students are in it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from portfolio_desktop.domain.items import ItemKind, ItemState, MPCategory
from portfolio_desktop.domain.roc import format_term, roc_year
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io.central_files import COVER_SHEET, MP_SHEETS, ROSTER_KINDS, format_term4
from portfolio_desktop.io.xlsx_out import write_text_sheets
from portfolio_desktop.services import guard, settings
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import find_term, resolve_term
from portfolio_desktop.store import audit
from portfolio_desktop.store.central_models import CourseGrade, SubmissionRound
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, PortfolioItem
from portfolio_desktop.store.models import Student

KIND_ITEMS: dict[int, ItemKind] = {2: ItemKind.COURSE_RECORD, 24: ItemKind.CADRE, 25: ItemKind.MP, 26: ItemKind.CLO}
GRADE_HEADERS = ["身分證號", "出生日期", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期", "學期學業成績", "及格",
                 "補考", "採計學分"]
CLO_HEADERS = ["身分證號", "出生日期", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期", "成果簡述"]
PERFORMANCE_HEADERS = ["身分證號", "出生日期", "學期", "名稱"]
# the sheet each 多元表現 category is written to (the first sheet name of MP_SHEETS for it)
CATEGORY_SHEET: dict[MPCategory, str] = {}
for _name, _cat in MP_SHEETS.items():
    CATEGORY_SHEET.setdefault(_cat, _name)
CATEGORY_SHEET[MPCategory.CADRE] = "幹部經歷暨事蹟紀錄"


@dataclass(frozen=True)
class SubmissionResult:
    path: Path
    kind: int
    term: str
    students: int
    rows: int
    sha256: str
    round_id: int


def roc7(day: object) -> str:
    """A date as the central files write it: ROC year in three digits, month, day (0970425)."""
    import datetime as dt

    assert isinstance(day, dt.date)
    return f"{roc_year(day):03d}{day.month:02d}{day.day:02d}"


def export_submission(db: Database, actor: Actor, out: str | os.PathLike[str], *, term: str, kind: int,
                      school_code: str | None = None) -> SubmissionResult:
    """Write the 名冊 of ``kind`` (24, 25 or 26) for ``term`` to ``out``; see the module docstring."""
    if kind not in KIND_ITEMS:
        known = "、".join(f"{k} {ROSTER_KINDS[k]}" for k in KIND_ITEMS)
        raise PortfolioError(f"名冊別 {kind} 無法由本系統產生；可產生：{known}",
                             f"roster kind {kind} cannot be written here; these can: 2, 24, 25, 26")
    item_kind = KIND_ITEMS[kind]
    year, sem = resolve_term(term, source=db)
    path = Path(out)
    with db.write() as session:
        found = find_term(session, year, sem)
        stmt = (select(PortfolioItem, Student).join(Student, PortfolioItem.student_id == Student.id)
                .where(PortfolioItem.kind == item_kind.value, PortfolioItem.state == ItemState.SUBMITTED.value,
                       PortfolioItem.term_id == (found.id if found is not None else -1))
                .order_by(Student.student_no, PortfolioItem.id))
        if item_kind is ItemKind.COURSE_RECORD:
            stmt = (select(CourseGrade, Student).join(Enrolment, CourseGrade.enrolment_id == Enrolment.id)
                    .join(Course, Enrolment.course_id == Course.id).join(Student, Enrolment.student_id == Student.id)
                    .where(Course.term_id == (found.id if found is not None else -1))
                    .order_by(Student.student_no, Course.code))
        rows = [(item, student) for item, student in session.execute(stmt)]
        divisions = guard.division_codes(session, [s.id for _, s in rows])
        acting = guard.require_divisions(session, actor, guard.SUBMIT[item_kind], set(divisions.values()) or {None})
        missing = sorted({s.student_no for _, s in rows if not s.national_id or s.birth_date is None})
        if missing:
            shown = "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")
            raise PortfolioError(f"下列學生缺少身分證號或出生日期，無法產生名冊：{shown}；請先在名冊補齊",
                                 f"these students lack an ID or birth date, so the roster cannot be written: {shown}; "
                                 f"complete the roster first")
        code = school_code or str(settings.get_setting(session, "school.code", "") or "")
        if not code:
            raise PortfolioError("尚未設定學校代碼；請在學校設定填寫，或以 --school-code 指定",
                                 "the school code is not set; set it in the school settings or give --school-code")
        sheets: dict[str, list[list[object]]] = {}
        term4 = format_term4(year, sem)
        for item, student in rows:
            head = [student.national_id, roc7(student.birth_date)]
            if isinstance(item, CourseGrade):
                enrolment = session.get(Enrolment, item.enrolment_id)
                assert enrolment is not None
                course = session.get(Course, enrolment.course_id)
                assert course is not None
                grade = student.school_class.grade if student.school_class else None
                sheets.setdefault("學期成績", []).append(
                    [*head, course.code, course.name, grade, course.credits, term4, item.score, item.passed,
                     item.makeup, item.counted])
            elif item_kind is ItemKind.CLO:
                enrolment = session.get(Enrolment, item.enrolment_id)
                course = session.get(Course, enrolment.course_id) if enrolment else None
                assert course is not None
                grade = student.school_class.grade if student.school_class else None
                sheets.setdefault("學期課程學習成果", []).append(
                    [*head, course.code, course.name, grade, course.credits, term4, item.title])
            else:
                cat = MPCategory(item.category) if item.category else MPCategory.OTHER
                name = "幹部經歷暨事蹟紀錄" if item_kind is ItemKind.CADRE else CATEGORY_SHEET[cat]
                sheets.setdefault(name, []).append([*head, term4, item.title])
        headers = {ItemKind.CLO: CLO_HEADERS, ItemKind.COURSE_RECORD: GRADE_HEADERS}.get(item_kind, PERFORMANCE_HEADERS)
        cover = (COVER_SHEET, ["學校代碼", "學年度", "學期", "名冊別"], [[code, str(year), str(sem), str(kind)]])
        data: list[tuple[str, Sequence[str], list[list[object]]]] = [(n, headers, r) for n, r in sheets.items()]
        written = write_text_sheets(path, [cover, *data], private=True) - 1
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        students = len({s.id for _, s in rows})
        division = "、".join(sorted(set(divisions.values()))) or None
        record = SubmissionRound(kind=kind, term=format_term(year, sem), division=division, students=students,
                                 rows=written, made_by=acting.username, file_name=path.name, sha256=digest)
        session.add(record)
        session.flush()
        audit.record(session, actor=acting.username, on_behalf_of=acting.on_behalf_of, action="roster.submission",
                     entity="roster", key=path.name,
                     after={"round": record.id, "kind": kind, "term": record.term, "students": students, "rows": written,
                            "file": path.name, "sha256": digest})
        return SubmissionResult(path, kind, record.term, students, written, digest, record.id)
