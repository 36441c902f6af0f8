"""Write the 提交 名冊 for the central 學生學習歷程資料庫 (seed 001 §六(二): the offices submit what the
students selected and what the offices entered) from the items marked 已提交 for a term.

One workbook per 名冊別: the sheet 封面 (學校代碼, 學年度, 學期, 名冊別; values on row 2) and the data
sheets named by content, each row starting with 身分證號 (in full: only here, the central database
matches students by it) and 出生日期 (ROC, seven digits: 0970425); terms as four digits (1131).
Every cell is a text cell (io/xlsx_out.py). The file is written durably, the write audited and
recorded as a submission round (名冊別, term, division, students, rows, when, by whom, file, SHA-256).

名冊別 written: 1 學生資料名冊, 4 科目名冊 and 27 學生重修重讀課程學習成果名冊 (services/central/central_rows.py),
2 學生成績名冊 (the term's 學期成績 on record, course_grade), 24 校內幹部經歷名冊 (幹部經歷 items), 25 學生自填多元表現名冊 (多元表現 items, one sheet
per category), 26 學生課程學習成果名冊 (課程學習成果 items with their course). Permission: the office
that submits that kind (services/guard.py SUBMIT; 學生資料 登錄學籍資料, 科目 維護課程及選課), for every
division whose students are in it. The round remembers its students (whose receipts confirm it).
"""

from __future__ import annotations

import hashlib
import os
from typing import Any
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import ItemKind, ItemState, MPCategory
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.domain.central_kinds import ROSTER_KINDS, WRITABLE_KINDS
from portfolio_desktop.io.central_files import COVER_SHEET, MP_SHEETS, format_term4
from portfolio_desktop.io.xlsx_out import write_text_sheets
from portfolio_desktop.services import guard, settings
from portfolio_desktop.services.central.central_rows import (
    Collected,
    course_rows,
    head,
    in_division,
    retake_rows,
    roc7,
    student_rows,
)
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import find_term, resolve_term
from portfolio_desktop.store import audit
from portfolio_desktop.store.central_models import CourseGrade, SubmissionRound, SubmissionRoundStudent
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, PortfolioItem
from portfolio_desktop.store.models import Student

KIND_ITEMS: dict[int, ItemKind] = {2: ItemKind.COURSE_RECORD, 24: ItemKind.CADRE, 25: ItemKind.MP, 26: ItemKind.CLO}
__all__ = ["WRITABLE_KINDS", "SubmissionResult", "export_submission", "permission_for", "roc7"]
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


def _item_rows(session: Session, item_kind: ItemKind, term_id: int, term4: str, division: str | None) -> Collected:
    """名冊別 2, 24, 25, 26: the term's 學期成績 on record, or its items of the kind marked 已提交."""
    out = Collected(permission=guard.SUBMIT[item_kind])
    stmt: Select[*tuple[Any, ...]] = (select(PortfolioItem, Student).join(Student, PortfolioItem.student_id == Student.id)
            .where(PortfolioItem.kind == item_kind.value, PortfolioItem.state == ItemState.SUBMITTED.value,
                   PortfolioItem.term_id == term_id)
            .order_by(Student.student_no, PortfolioItem.id))
    if item_kind is ItemKind.COURSE_RECORD:
        stmt = (select(CourseGrade, Student).join(Enrolment, CourseGrade.enrolment_id == Enrolment.id)
                .join(Course, Enrolment.course_id == Course.id).join(Student, Enrolment.student_id == Student.id)
                .where(Course.term_id == term_id)
                .order_by(Student.student_no, Course.code))
    for item, student in session.execute(in_division(stmt, division)):
        first = head(student, out)
        grade = student.school_class.grade if student.school_class else None
        if isinstance(item, CourseGrade):
            enrolment = session.get(Enrolment, item.enrolment_id)
            assert enrolment is not None
            course = session.get(Course, enrolment.course_id)
            assert course is not None
            out.add("學期成績", GRADE_HEADERS, [*first, course.code, course.name, grade, course.credits, term4,
                                            item.score, item.passed, item.makeup, item.counted])
        elif item_kind is ItemKind.CLO:
            enrolment = session.get(Enrolment, item.enrolment_id)
            course = session.get(Course, enrolment.course_id) if enrolment else None
            assert course is not None
            out.add("學期課程學習成果", CLO_HEADERS, [*first, course.code, course.name, grade, course.credits, term4,
                                                item.title])
        else:
            cat = MPCategory(item.category) if item.category else MPCategory.OTHER
            name = "幹部經歷暨事蹟紀錄" if item_kind is ItemKind.CADRE else CATEGORY_SHEET[cat]
            out.add(name, PERFORMANCE_HEADERS, [*first, term4, item.title])
    out.divisions = set(guard.division_codes(session, out.student_ids).values()) or {None}
    return out


def permission_for(kind: int) -> Permission:
    """The permission writing a 名冊別 needs (the collectors below ask for the same)."""
    return {1: Permission.ROSTER_WRITE, 4: Permission.COURSES_WRITE, 27: Permission.CLO_SUBMIT}.get(kind) or \
        guard.SUBMIT[KIND_ITEMS[kind]]


def _collect(session: Session, kind: int, year: int, sem: int, term_id: int, division: str | None) -> Collected:
    if kind == 1:
        return student_rows(session, year, sem, division)
    if kind == 4:
        return course_rows(session, year, sem, term_id)
    if kind == 27:
        return retake_rows(session, year, sem, division)
    return _item_rows(session, KIND_ITEMS[kind], term_id, format_term4(year, sem), division)


def export_submission(db: Database, actor: Actor, out: str | os.PathLike[str], *, term: str, kind: int,
                      school_code: str | None = None, division: str | None = None) -> SubmissionResult:
    """Write the 名冊 of ``kind`` (one of WRITABLE_KINDS) for ``term`` to ``out``; see the module docstring.
    ``division``: only that division's students (each registry submits its own division, seed 001
    §六(二)); None: every division the user may submit for at once."""
    if kind not in WRITABLE_KINDS:
        known = "、".join(f"{k} {ROSTER_KINDS[k]}" for k in WRITABLE_KINDS)
        raise PortfolioError(f"名冊別 {kind} 無法由本系統產生；可產生：{known}",
                             f"roster kind {kind} cannot be written here; these can: "
                             f"{', '.join(str(k) for k in WRITABLE_KINDS)}")
    year, sem = resolve_term(term, source=db)
    path = Path(out)
    with db.write() as session:
        found = find_term(session, year, sem)
        collected = _collect(session, kind, year, sem, found.id if found is not None else -1, division)
        acting = guard.require_divisions(session, actor, collected.permission, collected.divisions)
        if collected.missing:
            missing = sorted(collected.missing)
            shown = "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")
            raise PortfolioError(f"下列學生缺少身分證號或出生日期，無法產生名冊：{shown}；請先在名冊補齊",
                                 f"these students lack an ID or birth date, so the roster cannot be written: {shown}; "
                                 f"complete the roster first")
        code = school_code or str(settings.get_setting(session, "school.code", "") or "")
        if not code:
            raise PortfolioError("尚未設定學校代碼；請在學校設定填寫，或以 --school-code 指定",
                                 "the school code is not set; set it in the school settings or give --school-code")
        cover = (COVER_SHEET, ["學校代碼", "學年度", "學期", "名冊別"], [[code, str(year), str(sem), str(kind)]])
        data: list[tuple[str, Sequence[str], list[list[object]]]] = [
            (n, headers, r) for n, (headers, r) in collected.sheets.items()]
        written = write_text_sheets(path, [cover, *data], private=True) - 1
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        students = len(collected.student_ids)
        division = "、".join(sorted(d for d in collected.divisions if d)) or None
        record = SubmissionRound(kind=kind, term=format_term(year, sem), division=division, students=students,
                                 rows=written, made_by=acting.username, file_name=path.name, sha256=digest)
        session.add(record)
        session.flush()
        session.add_all(SubmissionRoundStudent(round_id=record.id, student_id=sid)
                        for sid in sorted(collected.student_ids))
        audit.record(session, actor=acting.username, on_behalf_of=acting.on_behalf_of, action="roster.submission",
                     entity="roster", key=path.name,
                     after={"round": record.id, "kind": kind, "term": record.term, "students": students, "rows": written,
                            "file": path.name, "sha256": digest})
        return SubmissionResult(path, kind, record.term, students, written, digest, record.id)
