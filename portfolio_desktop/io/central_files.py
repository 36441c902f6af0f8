"""The central 學生學習歷程資料庫's own 名冊 files, recognised by themselves.

A 名冊 workbook starts with the sheet 封面 (學校代碼, 學年度, 學期, 名冊別; row 2 holds the values;
學期 0 = a yearly 名冊); its data sheets are named by content (學生資料, 學期成績, 學期課程學習成果,
競賽參與紀錄 …) and start with 身分證號, 出生日期: students are matched by national ID and checked by
birth date, not by 學號 (seed 001 §六(二): the offices submit these 名冊 to the central database). The
CSV variant is one sheet per file named ``{學年度}_{學期}_{名冊}_{工作表}.csv``.

This is not an official specification: sheets and columns are recognised by their names through the
one import machinery (io/tabular.py ``read_table``, header detection and aliases), never by position.
Terms are written as four digits (``1121`` = 學年度 112 第 1 學期); dates may carry 上午/下午 and a time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
import os
from pathlib import Path

from portfolio_desktop.domain import limits
from portfolio_desktop.domain.central_kinds import ROSTER_KINDS as ROSTER_KINDS  # re-exported
from portfolio_desktop.domain.ids import all_plain_valid_ids, validate_id
from portfolio_desktop.domain.items import ItemKind, MPCategory
from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.io.course_spec import parse_course_code, parse_course_name, whole_credits
from portfolio_desktop.io.normalize import clean, clean_code, halfwidth
from portfolio_desktop.io.readers import file_kind
from portfolio_desktop.io.roster_spec import parse_student_no
from portfolio_desktop.io.tabular import Column, ParsedTable, TableSpec, read_table, sheet_names

COVER_SHEET = "封面"
COURSE_SHEET = "科目資料"  # the data sheet of a 科目名冊 (名冊別 4): the term's courses, no students
# 重讀/重修/補修 and 轉學轉科/借讀 outcomes: a student's course outcomes from another school, term or
# attempt, kept with their original school, term and course (seed 000 §五, seed 001 §七).
PRIOR_KINDS: dict[str, str] = {
    "轉學轉科課程學習成果": "transfer",
    "借讀課程學習成果": "borrowed",
    "重讀課程學習成果": "repeat",
    "重修課程學習成果": "retake",
    "補修課程學習成果": "makeup",
}
MP_SHEETS: dict[str, MPCategory] = {
    "競賽參與紀錄": MPCategory.COMPETITION,
    "檢定證照紀錄": MPCategory.CERTIFICATE,
    "服務學習紀錄": MPCategory.VOLUNTEER,
    "彈性學習時間紀錄": MPCategory.FLEXIBLE,
    "團體活動時間紀錄": MPCategory.GROUP_ACTIVITY,
    "職場學習紀錄": MPCategory.WORKPLACE,
    "作品成果紀錄": MPCategory.WORK,
    "大學及技專校院先修課程紀錄": MPCategory.OTHER,
    "其他多元表現紀錄": MPCategory.OTHER,
}
CLASS_KINDS: dict[str, str] = {"1": "日間部", "2": "夜間部", "3": "實用技能學程", "4": "建教班", "01": "進修部"}
_TIME = re.compile(r"\s*(上午|下午|AM|PM)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(上午|下午|AM|PM)?\s*$", re.IGNORECASE)
_TERM4 = re.compile(r"(\d{2,3})([012])")
_CSV_NAME = re.compile(r"(\d{2,3})_([012])_([^_]+)_(.+)")


# ---------------------------------------------------------------------------------- cell parsers


def parse_central_date(value: object) -> dt.date:
    """A date as the central files write it: a date cell, 97/04/25, 2008-04-25, 0970425, with or
    without a time of day (「2008/4/25 上午 12:00:00」); the time is dropped."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | int | float):
        return parse_date(value, allow_future=False)
    text = halfwidth(clean(value))
    m = _TIME.search(text)
    if m and m.start() > 0:
        text = text[:m.start()].strip()
    return parse_date(text, allow_future=False)


def parse_term4(value: object) -> tuple[int, int]:
    """實際修課學期 / 學期: 1121 = 學年度 112 第 1 學期 (113-1 and 113學年度第1學期 are read too)."""
    text = clean_code(value)
    m = _TERM4.fullmatch(text)
    if m and m.group(2) in "12":
        return int(m.group(1)), int(m.group(2))
    from portfolio_desktop.io.term_columns import parse_term_cell

    try:
        return parse_term_cell(text)
    except RuleError:
        raise RuleError(f"學期「{clean(value)}」應為四碼學年學期，例如 1121（112 學年度第 1 學期）",
                        f"term '{clean(value)}' should be four digits such as 1121 (school year 112, semester 1)") from None


def format_term4(year: int, semester: int) -> str:
    return f"{year}{semester}"


def parse_id(value: object) -> str:
    return validate_id(clean_code(value).upper())


def parse_number_text(value: object) -> str:
    """A score as its shortest text: 87.0 → "87", "87.50" → "87.5"."""
    text = halfwidth(clean(value))
    try:
        number = float(text)
    except ValueError:
        raise RuleError(f"「{text}」不是數字", f"'{text}' is not a number") from None
    if not 0 <= number <= 100:
        raise RuleError(f"成績「{text}」應在 0–100 之間", f"score '{text}' should be 0-100")
    return f"{number:g}"


_FLAGS = {"1": "1", "0": "0", "是": "1", "否": "0", "Y": "1", "N": "0", "TRUE": "1", "FALSE": "0", "及格": "1",
          "不及格": "0", "採計": "1", "不採計": "0"}  # fmt: skip


def parse_flag(value: object) -> str:
    """是/否, 1/0, Y/N → "1"/"0"."""
    text = halfwidth(clean(value)).upper()
    if isinstance(value, bool):
        return "1" if value else "0"
    if text.endswith(".0"):
        text = text[:-2]
    if text not in _FLAGS:
        raise RuleError(f"「{clean(value)}」應為 1/0 或 是/否", f"'{clean(value)}' should be 1/0 or 是/否 (yes/no)")
    return _FLAGS[text]


def parse_counted(value: object) -> str:
    """採計學分: a yes/no flag (→ "1"/"0") or the credits counted (→ their number, "4")."""
    try:
        return parse_flag(value)
    except RuleError:
        try:
            return str(whole_credits(value, "採計學分"))
        except RuleError:
            raise RuleError(f"採計學分「{clean(value)}」應為 是/否 或 0–30 的學分數",
                            f"credits counted '{clean(value)}' should be yes/no or 0-30 credits") from None


def parse_grade_year(value: object) -> int:
    text = clean_code(value).removeprefix("高").removesuffix("年級")
    text = {"一": "1", "二": "2", "三": "3", "四": "4"}.get(text, text)
    if text not in ("1", "2", "3", "4"):
        raise RuleError(f"開課年級「{clean(value)}」應為 1–3", f"grade '{clean(value)}' should be 1-3")
    return int(text)


def parse_hours(value: object) -> int:
    return whole_credits(value, "修課學分")


def parse_summary(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.OUTCOME_SUMMARY / ITEM_TITLE)


_GENDERS = {"1": "M", "2": "F", "男": "M", "女": "F", "M": "M", "F": "F"}


def parse_gender(value: object) -> str:
    """性別: 1 男 / 2 女 (as the 學籍 systems code it), 男/女 or M/F → "M"/"F"."""
    text = clean_code(value).upper().removesuffix(".0")
    if text not in _GENDERS:
        raise RuleError(f"性別「{clean(value)}」應為 1（男）或 2（女）", f"gender '{clean(value)}' should be 1 (male) or 2 (female)")
    return _GENDERS[text]


def parse_class_kind(value: object) -> str:
    """班別: a code of CLASS_KINDS (1 日間部 … 01 進修部) or its name; an unknown code is kept as written
    (the list is not an official one)."""
    text = clean_code(value)
    named = {v: k for k, v in CLASS_KINDS.items()}
    if text in named:
        return named[text]
    if not text.isdigit() or len(text) > 2:
        raise RuleError(f"班別「{clean(value)}」應為班別代碼（1 日間部、2 夜間部、3 實用技能學程、4 建教班、01 進修部…）",
                        f"class kind '{clean(value)}' should be a code such as 1 (day), 2 (evening) or 01 (continuing)")
    return text


def parse_special(value: object) -> tuple[str, ...]:
    """特殊身分別: a comma list (、，, all read)."""
    if len(clean(value)) > limits.SPECIAL_STATUS:
        raise RuleError(f"內容有 {len(clean(value)):,} 字，超過上限 {limits.SPECIAL_STATUS} 字；請縮短",
                        f"{len(clean(value)):,} characters, more than the limit of {limits.SPECIAL_STATUS}; shorten it")
    return tuple(p.strip() for p in re.split(r"[,，、]", clean(value)) if p.strip())


# ---------------------------------------------------------------------------------- table specs

_ID = Column("national_id", "身分證號", ("身分證統一編號", "身分證字號", "身分證號碼", "統一編號", "居留證號"), True,
             parse_id, "身分證或居留證號碼（10 碼，檢查碼正確）", "a national ID (10 characters, valid check digit)",
             personal=True, plain_check=all_plain_valid_ids)
_BIRTH = Column("birth_date", "出生日期", ("生日", "出生年月日"), True, parse_central_date,
                "日期，如 97/04/25、0970425、2008/4/25 上午 12:00:00", "a date such as 97/04/25 or 0970425")
_STUDENT_NO = Column("student_no", "學號", (), False, parse_student_no, max_chars=limits.STUDENT_NO)
_NAME = Column("name", "姓名", ("學生姓名",), False, clean, max_chars=limits.STUDENT_NAME, personal=True)
_COURSE = (
    Column("course_code", "課程代碼", ("科目代碼",), True, parse_course_code, "23 碼課程代碼", "a 23-character course code",
           max_chars=limits.COURSE_CODE),
    Column("course_name", "科目名稱", ("課程名稱",), True, parse_course_name, max_chars=limits.COURSE_NAME),
    Column("grade_year", "開課年級", (), False, parse_grade_year, "1–3", "1-3"),
    Column("credits", "修課學分", ("修課節數", "學分數"), False, parse_hours, "0–30 的整數", "0-30"),
    Column("term", "實際修課學期", ("修課學期",), True, parse_term4, "四碼學年學期，如 1121", "four digits such as 1121"),
)  # fmt: skip

STUDENTS = TableSpec("central_students", (
    _ID, _BIRTH, _STUDENT_NO, _NAME,
    Column("gender", "性別", (), False, parse_gender, "1（男）或 2（女）", "1 (male) or 2 (female)",
           max_chars=limits.GENDER_TEXT),
    Column("class_kind", "班別", (), False, parse_class_kind, "班別代碼（1 日間部、2 夜間部、01 進修部…）",
           "a class kind code", max_chars=limits.CLASS_CODE),
    Column("class_code", "班級代碼", ("班級", "班級名稱"), False, clean_code, max_chars=limits.CLASS_CODE),
    Column("seat_no", "座號", (), False, clean_code, max_chars=limits.SEAT_TEXT),
    Column("status", "學籍狀態", (), False, clean, max_chars=limits.STATUS_TEXT),
    Column("status_date", "學籍異動日期", (), False, parse_central_date),
    Column("special", "特殊身分別", ("特殊身分",), False, parse_special),
), anchors=("national_id", "birth_date"))  # fmt: skip

GRADES = TableSpec("central_grades", (
    _ID, _BIRTH, _STUDENT_NO, _NAME, *_COURSE,
    Column("score", "學期學業成績", ("學期成績", "成績"), False, parse_number_text, "0–100", "0-100"),
    Column("passed", "及格", ("是否及格",), False, parse_flag, "1/0", "1/0"),
    Column("makeup", "補考", ("補考成績",), False, clean, max_chars=limits.MAKEUP),
    Column("counted", "採計學分", ("是否採計學分",), False, parse_counted, "是/否 或學分數", "yes/no or credits"),
), anchors=("national_id", "course_code"))  # fmt: skip

OUTCOMES = TableSpec("central_outcomes", (
    _ID, _BIRTH, _STUDENT_NO, _NAME, *_COURSE,
    Column("summary", "成果簡述", ("內容簡述", "簡述"), True, parse_summary, max_chars=limits.OUTCOME_SUMMARY),
), anchors=("national_id", "course_code"))  # fmt: skip

PRIOR = TableSpec("central_prior", (
    _ID, _BIRTH, _STUDENT_NO, _NAME,
    Column("school_code", "原就讀學校代碼", ("原學校代碼", "原校代碼", "學校代碼"), False, clean_code,
           max_chars=limits.SCHOOL_CODE),
    *_COURSE,
    Column("summary", "成果簡述", ("內容簡述", "簡述"), True, parse_summary, max_chars=limits.OUTCOME_SUMMARY),
), anchors=("national_id", "course_code"))  # fmt: skip

PERFORMANCES = TableSpec("central_performances", (
    _ID, _BIRTH, _STUDENT_NO, _NAME,
    Column("term", "學期", ("學年學期", "實際修課學期"), False, parse_term4, "四碼學年學期，如 1121", "e.g. 1121"),
    Column("title", "名稱", ("項目名稱", "競賽名稱", "證照名稱", "服務名稱", "作品名稱", "課程名稱", "幹部名稱", "擔任職務",
                            "職務名稱", "活動名稱", "內容名稱", "成果名稱", "職稱", "單位名稱", "服務單位"), False, parse_summary,
           max_chars=limits.ITEM_TITLE),
    Column("summary", "內容簡述", ("成果簡述", "事蹟簡述", "簡述", "內容說明", "說明"), False, parse_summary,
           max_chars=limits.ITEM_TITLE),
), anchors=("national_id", "birth_date"))  # fmt: skip
# (a 多元表現 sheet's name column differs by sheet; a row without one is titled by its 內容簡述)

COURSES = TableSpec("central_courses", _COURSE, anchors=("course_code", "course_name"))

COVER = TableSpec("central_cover", (
    Column("school_code", "學校代碼", (), True, clean_code, max_chars=limits.COVER_FIELD),
    Column("school_year", "學年度", (), True, clean_code, max_chars=limits.COVER_FIELD),
    Column("semester", "學期", (), True, clean_code, max_chars=limits.COVER_FIELD),
    Column("kind", "名冊別", (), True, clean_code, max_chars=limits.COVER_FIELD),
), anchors=("school_code", "school_year", "semester", "kind"))  # fmt: skip


@dataclass(frozen=True)
class SheetKind:
    """What a data sheet holds and which spec reads it."""

    role: str  # "students" | "courses" | "grades" | "clo" | "prior" | "mp" | "cadre"
    spec: TableSpec
    category: MPCategory | None = None
    prior: str | None = None
    item_kind: ItemKind | None = None


def sheet_kind(name: str) -> SheetKind | None:
    """The kind of a data sheet, by its name (None: not a sheet of a 名冊)."""
    name = name.strip()
    if name == "學生資料":
        return SheetKind("students", STUDENTS)
    if name in (COURSE_SHEET, "科目", "開設科目", "科目名冊"):
        return SheetKind("courses", COURSES)
    if name == "學期成績":
        return SheetKind("grades", GRADES, item_kind=ItemKind.COURSE_RECORD)
    if name in ("學期課程學習成果", "課程學習成果"):
        return SheetKind("clo", OUTCOMES, item_kind=ItemKind.CLO)
    if name == "幹部經歷暨事蹟紀錄":
        return SheetKind("cadre", PERFORMANCES, item_kind=ItemKind.CADRE)
    if name in MP_SHEETS:
        return SheetKind("mp", PERFORMANCES, category=MP_SHEETS[name], item_kind=ItemKind.MP)
    for prefix in ("重讀", "重修", "補修"):
        if name.startswith(prefix) and name.endswith("課程學習成果"):
            return SheetKind("prior", PRIOR, prior=PRIOR_KINDS[f"{prefix}課程學習成果"], item_kind=ItemKind.CLO)
    if name in PRIOR_KINDS:
        return SheetKind("prior", PRIOR, prior=PRIOR_KINDS[name], item_kind=ItemKind.CLO)
    return None


# ---------------------------------------------------------------------------------- recognition


@dataclass(frozen=True)
class Cover:
    school_code: str
    school_year: int
    semester: int  # 0 = a yearly 名冊
    kind: int  # 名冊別

    @property
    def kind_name(self) -> str:
        return ROSTER_KINDS.get(self.kind, f"名冊別 {self.kind}")

    @property
    def term_label(self) -> str:
        return f"{self.school_year} 學年度" if self.semester == 0 else f"{self.school_year}-{self.semester}"


@dataclass
class CentralSheet:
    kind: SheetKind
    table: ParsedTable


@dataclass
class CentralFile:
    file: str
    cover: Cover
    sheets: list[CentralSheet] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # sheets of no known content

    def describe(self) -> tuple[str, str]:
        c = self.cover
        parts_zh = "、".join(f"{s.table.sheet} {s.table.total_rows} 列" for s in self.sheets) or "沒有資料工作表"
        parts_en = ", ".join(f"{s.table.sheet} {s.table.total_rows} row(s)" for s in self.sheets) or "no data sheet"
        return (f"{self.file}：中央資料庫名冊「{c.kind_name}」（名冊別 {c.kind}），{c.term_label}，學校代碼 {c.school_code}；"
                f"工作表：{parts_zh}",
                f"{self.file}: central database roster {c.kind} ({c.kind_name}), term {c.term_label}, school "
                f"{c.school_code}; sheets: {parts_en}")


def _cover_from_values(file: str, school: str, year: str, semester: str, kind: str) -> Cover:
    try:
        cover = Cover(school, int(year), int(semester), int(kind))
    except ValueError:
        raise PortfolioError(f"{file}：封面的學年度「{year}」、學期「{semester}」或名冊別「{kind}」不是數字",
                             f"{file}: the cover's 學年度 '{year}', 學期 '{semester}' or 名冊別 '{kind}' is not a number"
                             ) from None
    if cover.semester not in (0, 1, 2):
        raise PortfolioError(f"{file}：封面的學期「{semester}」應為 0（學年）、1 或 2",
                             f"{file}: the cover's 學期 '{semester}' should be 0 (yearly), 1 or 2")
    return cover


def is_central(path: str | Path) -> bool:
    """Whether ``path`` is a central 名冊: a workbook with the sheet 封面, or a CSV named
    ``{學年度}_{學期}_{名冊}_{工作表}.csv`` whose 工作表 is a known content."""
    p = Path(path)
    try:
        if file_kind(p) == "csv":
            m = _CSV_NAME.fullmatch(p.stem)
            return m is not None and sheet_kind(m.group(4)) is not None
        return COVER_SHEET in sheet_names(p)
    except PortfolioError:
        return False


def _csv_cover(p: Path) -> tuple[Cover, str]:
    m = _CSV_NAME.fullmatch(p.stem)
    if not m or sheet_kind(m.group(4)) is None:
        raise PortfolioError(f"{p.name}：中央資料庫名冊的 CSV 應命名為 學年度_學期_名冊_工作表.csv，例如 112_1_26_學期課程學習成果.csv",
                             f"{p.name}: a central roster CSV is named YEAR_SEMESTER_ROSTER_SHEET.csv, e.g. "
                             f"112_1_26_學期課程學習成果.csv")
    year, sem, roster, sheet = m.groups()
    kind = roster if roster.isdigit() else next((str(k) for k, v in ROSTER_KINDS.items() if v == roster), "0")
    return _cover_from_values(p.name, "", year, sem, kind), sheet


def read_central(path: str | os.PathLike[str]) -> CentralFile:
    """Read a central 名冊 (workbook or CSV): its cover and every data sheet of known content, each
    parsed with its spec (problems per row, as every import). Raises PortfolioError for a file that is
    not one."""
    p = Path(path)
    if file_kind(p) == "csv":
        cover, name = _csv_cover(p)
        kind = sheet_kind(name)
        assert kind is not None
        return CentralFile(p.name, cover, [CentralSheet(kind, read_table(p, kind.spec))])
    names = sheet_names(p)
    if COVER_SHEET not in names:
        raise PortfolioError(f"{p.name} 沒有「封面」工作表，不是中央資料庫的名冊",
                             f"{p.name} has no 封面 (cover) sheet; it is not a central database roster")
    cover_table = read_table(p, COVER, sheet=COVER_SHEET)
    if not cover_table.rows:
        raise PortfolioError(f"{p.name}：「封面」第 2 列沒有學校代碼、學年度、學期、名冊別",
                             f"{p.name}: row 2 of the 封面 sheet has no school code, year, semester and roster kind")
    v = cover_table.rows[0].values
    cover = _cover_from_values(p.name, str(v["school_code"]), str(v["school_year"]), str(v["semester"]), str(v["kind"]))
    result = CentralFile(p.name, cover)
    for name in names:
        if name == COVER_SHEET:
            continue
        kind = sheet_kind(name)
        if kind is None:
            result.ignored.append(name)
            continue
        result.sheets.append(CentralSheet(kind, read_table(p, kind.spec, sheet=name)))
    return result
