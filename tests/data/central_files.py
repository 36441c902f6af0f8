"""Central 學生學習歷程資料庫 名冊 workbooks and CSVs built with openpyxl (no real student data): the
sheet 封面 with its values on row 2, data sheets named by content starting with 身分證號, 出生日期; a
small roster of students with valid IDs (check digits from domain/ids.py), leading-zero 學號 and an
Ext-B name."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, Student
from tests.data.files import national_id
from tests.data.items_school import division
from tests.data.tables import append_table, write_csv

SCHOOL = "123456"
GOOD_CODE = "112123456H001011111" + "0102"  # 112 entry, 普通型高中, 部定必修
CODE_2 = "112123456H001012111" + "0203"  # 校訂必修
_rng = random.Random(21)
# (學號, 姓名, 身分證號, 出生日期, class)
STUDENTS: list[tuple[str, str, str, dt.date, str]] = [
    ("011001", "王𡘙", national_id(_rng, "F"), dt.date(2007, 4, 25), "101"),
    ("011002", "陳大文", national_id(_rng, "M"), dt.date(2007, 9, 1), "101"),
    ("011003", "林小美", national_id(_rng, "F"), dt.date(2008, 1, 5), "102"),
]
CLO_HEADERS = ["身分證號", "出生日期", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期", "成果簡述"]
GRADE_HEADERS = ["身分證號", "出生日期", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期",
                 "學期學業成績", "及格", "補考", "採計學分"]
MP_HEADERS = ["身分證號", "出生日期", "學期", "名稱", "內容簡述"]
PRIOR_HEADERS = ["身分證號", "出生日期", "原就讀學校代碼", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期",
                 "成果簡述"]


def roc7(d: dt.date) -> str:
    return f"{d.year - 1911:03d}{d.month:02d}{d.day:02d}"


def make_students(db: Database) -> dict[str, int]:
    """Classes 101 and 102 (日間部, grade 1) and the students of STUDENTS; 學號 → id."""
    with db.write() as s:
        day = division(s, "day")
        classes: dict[str, int] = {}
        for no, name, nid, born, code in STUDENTS:
            if code not in classes:
                cls = SchoolClass(division_id=day.id, code=code, grade=1)
                s.add(cls)
                s.flush()
                classes[code] = cls.id
            s.add(Student(student_no=no, name=name, national_id=nid, birth_date=born, class_id=classes[code]))
        s.flush()
        return {st.student_no: st.id for st in s.scalars(select(Student))}


def clo_rows() -> list[list[object]]:
    a, b, c = STUDENTS
    return [
        [a[2], roc7(a[3]), GOOD_CODE, "國語文", "1", "4", "1121", "𡘙字的閱讀心得"],
        [b[2], f"{b[3].year}/{b[3].month}/{b[3].day} 上午 12:00:00", GOOD_CODE, "國語文", 1, 4, 1121, "新詩創作"],
        [c[2], c[3], CODE_2, "探究與實作", "1", "2", "1121", "校園植物調查"],
    ]


def write_roster(path: Path, kind: int, sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[object]]]], *,
                 year: int = 112, semester: int = 1, school: str = SCHOOL) -> Path:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover.append(["學校代碼", "學年度", "學期", "名冊別"])
    cover.append([school, year, semester, kind])
    for name, (headers, rows) in sheets.items():
        append_table(wb.create_sheet(name), headers, rows)
    wb.save(path)
    return path


def write_sheet_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    return write_csv(path, headers, rows)


STUDENT_HEADERS = ["身分證號", "出生日期", "學號", "姓名", "性別", "班別", "班級代碼", "座號", "學籍狀態", "學籍異動日期",
                   "特殊身分別"]
# students of a 學生資料名冊 that the roster does not have yet: (學號, 姓名, 身分證號, 出生日期, 班別, 班級代碼)
NEW_STUDENTS: list[tuple[str, str, str, dt.date, str, str]] = [
    ("011004", "𡘙美玲", national_id(_rng, "F"), dt.date(2007, 12, 31), "1", "102"),
    ("081001", "黃夜讀", national_id(_rng, "M"), dt.date(2006, 3, 3), "01", "301"),
]
RETAKE_HEADERS = ["身分證號", "出生日期", "原就讀學校代碼", "課程代碼", "科目名稱", "開課年級", "修課學分", "實際修課學期",
                  "成果簡述"]


def student_rows() -> list[list[object]]:
    """學生資料 rows: the three students of STUDENTS (A with a 特殊身分別) and the two NEW_STUDENTS."""
    a, b, c = STUDENTS
    d, e = NEW_STUDENTS
    return [
        [a[2], roc7(a[3]), a[0], a[1], "2", "1", a[4], "1", "在學", "", "原住民,身心障礙"],
        [b[2], roc7(b[3]), b[0], b[1], "1", "1", b[4], "2", "在學", "", ""],
        [c[2], roc7(c[3]), c[0], c[1], "2", "1", c[4], "1", "在學", "", ""],
        [d[2], roc7(d[3]), d[0], d[1], "2", d[4], d[5], "7", "在學", "", "新住民子女"],
        [e[2], roc7(e[3]), e[0], e[1], "1", e[4], e[5], "12", "在學", "", ""],
    ]
