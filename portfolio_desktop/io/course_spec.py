"""The course / enrolment table (seed 000 附表二 四(一): 教學組 imports the course codes and
each student's courses with their teachers).

One file may be a course list (no 學號 column: one row per course) or an enrolment list (one row per
student × course, the course columns repeated on each row); both go through the same import.
"""

from __future__ import annotations

import re

from portfolio_desktop.domain import course_code as national
from portfolio_desktop.domain import limits
from portfolio_desktop.errors import Problem, RuleError
from portfolio_desktop.io.normalize import clean, clean_code, halfwidth
from portfolio_desktop.io.roster_spec import numeric_code, parse_student_no
from portfolio_desktop.io.tabular import Column, ParsedTable, TableSpec
from portfolio_desktop.io.term_columns import TERM_COLUMNS

_CODE = re.compile(r"[A-Za-z0-9\-_.]+")
_TEACHER_SPLIT = re.compile(r"[、,，/／;；]+")


def parse_course_code(value: object) -> str:
    """課程代碼: letters, digits, - _ . , half-width, upper case. A code that looks like a national
    23-character 課程代碼 (domain/course_code.py) is checked part by part: a wrong part is refused
    naming the part; an unknown 課程類型 / 課程類別 letter is only a warning (:func:`code_warnings`).
    A school's own short code (``MATH101``) passes as it is. A code Excel stored as a number keeps its
    digits when it could hold them exactly; the zeros it dropped are put back by the column's
    ``pad_zeros`` (io.codes)."""
    if isinstance(value, bool):
        raise RuleError("課程代碼不能是 TRUE/FALSE 邏輯值", "a course code cannot be a TRUE/FALSE value")
    numeric_code(value, "課程代碼", "course code")
    text = clean_code(value).upper()
    if not _CODE.fullmatch(text) or len(text) > 40:
        raise RuleError(f"課程代碼「{clean(value)}」只能有英文字母、數字與 - _ .（最多 40 碼）",
                        f"course code '{clean(value)}' may hold only letters, digits and - _ . (at most 40)")
    if national.looks_national(text):
        wrong = [f for f in national.check(text) if not f.warning]
        if wrong:
            raise RuleError(
                "全國課程代碼有誤：" + "；".join(f.zh for f in wrong) + "。請對照課程計畫平臺的 23 碼課程代碼修正",
                "the national course code is wrong: " + "; ".join(f.en for f in wrong)
                + ". Copy the 23-character code from the course plan platform")
    return text


def code_warnings(parsed: ParsedTable, key: str = "course_code") -> list[Problem]:
    """Warnings (not refusals) for the national codes of ``parsed`` whose 課程類型 or 課程類別 is not a
    known one: the layout is not an official specification, so a new letter may be right."""
    i = parsed.mapping.get(key)
    header = parsed.headers[i] if i is not None else "課程代碼"
    out: list[Problem] = []
    for prow in parsed.rows:
        code = prow.values.get(key)
        if isinstance(code, str) and national.looks_national(code):
            for f in national.check(code):
                if f.warning:
                    out.append(Problem(parsed.file, parsed.sheet, prow.row, header, code,
                                       f"{f.zh}（僅提醒，仍會匯入）", f"{f.en} (a warning; imported all the same)"))
    return out


def describe_code(code: str) -> str:
    """A short decoded description of a national code for listings (「普通型高中・部定必修・領域 01・科目 AB」);
    empty for a school's own code."""
    decoded = national.decode(code)
    return decoded.describe_short_zh() if decoded is not None else ""


def parse_course_name(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.COURSE_NAME)


def whole_credits(value: object, label_zh: str = "學分") -> int:
    """Credits (學分, or 修課學分 / 修課節數 in the central files): a whole number 0-30."""
    text = halfwidth(clean(value))
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not number.is_integer() or not 0 <= number <= 30:
        raise RuleError(f"{label_zh}「{text}」應為 0–30 的整數", f"credits '{text}' should be a whole number 0-30")
    return int(number)


def parse_credits(value: object) -> int:
    return whole_credits(value)


def parse_teachers(value: object) -> tuple[str, ...]:
    """授課教師: one name or several separated by 、 , / ; (kept in that order, duplicates dropped)."""
    names: list[str] = []
    for part in _TEACHER_SPLIT.split(clean(value)):
        name = part.strip()
        if name and name not in names:
            if len(name) > limits.TEACHER_NAME:
                raise RuleError(f"教師姓名「{name[:20]}…」有 {len(name):,} 字，超過上限 {limits.TEACHER_NAME} 字",
                                f"a teacher's name has {len(name):,} characters, more than the limit of "
                                f"{limits.TEACHER_NAME}")
            names.append(name)
    return tuple(names)


COURSES = TableSpec(
    name="courses",
    columns=(
        *TERM_COLUMNS,
        Column("course_code", "課程代碼", ("科目代碼", "課程代號", "科目代號", "代碼"), required=True,
               parse=parse_course_code, expected_zh="課程代碼（英數字）", expected_en="a course code (letters and digits)",
               pad_zeros=True, max_chars=limits.COURSE_CODE),
        Column("course_name", "科目名稱", ("課程名稱", "科目", "課程"), required=True, parse=parse_course_name,
               max_chars=limits.COURSE_NAME),
        Column("credits", "學分", ("學分數",), parse=parse_credits, expected_zh="0–30 的整數", expected_en="0-30"),
        Column("teachers", "授課教師", ("任課教師", "教師", "教師姓名", "授課老師", "任課老師"), parse=parse_teachers),
        Column("student_no", "學號", ("學生學號",), parse=parse_student_no,
               expected_zh="學號（英數字）", expected_en="a student number", pad_zeros=True,
               max_chars=limits.STUDENT_NO),
        Column("name", "姓名", ("學生姓名",), parse=clean, max_chars=limits.STUDENT_NAME, personal=True),
        Column("class_code", "班級", ("班級代碼", "班別"), parse=clean_code, max_chars=limits.CLASS_CODE),
    ),
    anchors=("course_code", "course_name"),
)  # fmt: skip

COURSE_HEADERS: list[str] = ["學年期", "課程代碼", "科目名稱", "學分", "授課教師"]
