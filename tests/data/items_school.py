"""A small school for the item / dashboard tests: classes, students (one departed, one 𡘙 name),
courses with enrolments, windows — written with the real services where one exists (courses and
windows through their imports / setters) and the typed models for the roster part."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.services.rosters import courses
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Division, SchoolClass, Student
from tests.data.tables import write_csv as write_csv, write_xlsx as write_xlsx  # the files these tests import

TERM = "113-1"
NOW = dt.datetime(2024, 12, 10, 10, 0)  # inside every window set by open_all_windows
# (class code, [(學號, 姓名, 座號, status)])
CLASSES: dict[str, list[tuple[str, str, int, str]]] = {
    "101": [("0001", "王小明", 1, "enrolled"), ("0002", "王𡘙", 2, "enrolled"), ("0003", "林休學", 3, "suspended")],
    "102": [("0101", "陳大文", 1, "enrolled"), ("0102", "李美玲", 2, "enrolled")],
}
COURSES = [("C01", "國語文", 4, "張老師"), ("C02", "數學", 4, "李老師、王老師"), ("C03", "物理", 2, "黃老師"),
           ("C04", "化學", 2, "黃老師"), ("C05", "歷史", 2, "吳老師"), ("C06", "地理", 2, "吳老師"),
           ("C07", "英語文", 4, "林老師")]  # fmt: skip


def division(s: Session, code: str) -> Division:
    """The division ``code`` (day / night), made when the school has none yet."""
    found = s.scalar(select(Division).where(Division.code == code))
    if found is None:
        found = Division(code=code, name={"day": "日間部", "night": "進修部"}[code])
        s.add(found)
        s.flush()
    return found


def add_night_class(db: Database) -> None:
    """進修部 class 301 with one student, N001 夜間生."""
    with db.write() as s:
        cls = SchoolClass(division_id=division(s, "night").id, code="301", grade=3)
        s.add(cls)
        s.flush()
        s.add(Student(student_no="N001", name="夜間生", class_id=cls.id, seat_no=1, status="enrolled"))


def make_roster(db: Database) -> dict[str, int]:
    """Classes 101 and 102 (日間部) and their students; returns 學號 → student id."""
    with db.write() as s:
        day = division(s, "day")
        for code, people in CLASSES.items():
            cls = SchoolClass(division_id=day.id, code=code, grade=1, mentor_name=f"導師{code}")
            s.add(cls)
            s.flush()
            for no, name, seat, status in people:
                s.add(Student(student_no=no, name=name, class_id=cls.id, seat_no=seat, status=status))
        s.flush()
        return {st.student_no: st.id for st in s.scalars(select(Student))}


def class_ids(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {c.code: c.id for c in s.scalars(select(SchoolClass))}


def make_courses(db: Database, actor: Actor, tmp: Path) -> None:
    """Every student of both classes takes the seven courses of 113-1 (an enrolment .xlsx import)."""
    rows = []
    for code, name, credits, teachers in COURSES:
        for people in CLASSES.values():
            for no, sname, _seat, _status in people:
                rows.append([113, 1, code, name, credits, teachers, no, sname])
    path = write_xlsx(tmp / "enrolments.xlsx", ["學年度", "學期", "課程代碼", "科目名稱", "學分", "授課教師", "學號", "姓名"],
                      rows, title="113學年度第1學期 學生修課名單")
    courses.import_courses(db, actor, path)


def open_all_windows(db: Database, actor: Actor, *, start: dt.datetime = dt.datetime(2024, 12, 1),
                     end: dt.datetime = dt.datetime(2024, 12, 31, 23, 59)) -> None:
    for kind in WindowKind:
        windows.set_window(db, actor, TERM, kind, start, end)


def make_school(db: Database, actor: Actor, tmp: Path, *, with_windows: bool = True) -> dict[str, int]:
    ids = make_roster(db)
    make_courses(db, actor, tmp)
    if with_windows:
        open_all_windows(db, actor)
    return ids


def school_with_uploads(db: Database, actor: Actor, tmp: Path, now: dt.datetime, *, open_days: int) -> dict[str, int]:
    """The school with its windows open from a day before ``now`` for ``open_days`` after it, and four
    course learning outcomes uploaded (0001: C01, C02; 0002: C01; 0101: C03)."""
    from portfolio_desktop.domain.items import ItemKind
    from portfolio_desktop.services.items import items

    ids = make_roster(db)
    make_courses(db, actor, tmp)
    open_all_windows(db, actor, start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=open_days))
    for no, course in (("0001", "C01"), ("0001", "C02"), ("0002", "C01"), ("0101", "C03")):
        items.add_item(db, actor, student_no=no, term=TERM, kind=ItemKind.CLO, title=f"{no}-{course}",
                       course_code=course, now=now)
    return ids
