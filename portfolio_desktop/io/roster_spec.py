"""The roster table (名冊): columns, header aliases and cell parsers.

Columns follow DOMAIN.md "People and their data"; aliases are what school systems and clerks
write. No alias may name two columns (checked by ``headers.alias_index`` and a unit test).
"""

from __future__ import annotations

import re
from datetime import date

from portfolio_desktop.domain.ids import all_plain_valid_ids, is_plain_valid_id, validate_id
from portfolio_desktop.domain.phones import read_phone
from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.domain.status import Status, parse_status
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.normalize import clean, clean_code, halfwidth
from portfolio_desktop.io.read_notes import Repaired
from portfolio_desktop.domain import limits
from portfolio_desktop.io.tabular import Column, TableSpec

MIN_AGE, MAX_AGE = 10, 100  # a plausible age for a senior-high student (incl. 進修部 adults)

_CODE = re.compile(r"[A-Za-z0-9]+")
_SEAT = re.compile(r"第?([0-9]+)號?")
_POSTAL = re.compile(r"([1-9][0-9]{2})(?:-?([0-9]{2,3}))?")
MAX_EXACT_DIGITS = 15  # Excel keeps 15 significant digits of a number
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# the usual cells of a column, each its own value (Column.plain): a code already in capitals, a text
PLAIN_CODE = r"[A-Z0-9]{1,20}"
PLAIN_TEXT = r"[^\n]+"


def _refuse_bool(value: object, zh: str, en: str) -> None:
    """A TRUE/FALSE cell is never a code (Excel turns typed "true" into one)."""
    if isinstance(value, bool):
        raise RuleError(f"{zh}不能是 TRUE/FALSE 邏輯值", f"{en} cannot be a TRUE/FALSE value")


def numeric_code(value: object, zh: str, en: str) -> None:
    """A code Excel stored as a number it could not hold exactly (more than 15 digits, 1.1E+22) is
    refused: the digits it shows are not the code any more."""
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= 10**MAX_EXACT_DIGITS):
        raise RuleError(
            f"{zh}「{clean(value)}」被 Excel 存成數字而失真（Excel 只保留 15 位數）；請把此欄設成「文字」格式後重新輸入",
            f"{en} '{clean(value)}' was stored by Excel as a number and lost digits (Excel keeps 15); format "
            f"the column as Text and type it again",
        )


def parse_student_no(value: object) -> str:
    """學號: letters and digits only, leading zeros kept (a number cell 123.0 becomes "123"; the
    zeros Excel dropped from a numeric cell are put back by the column's ``pad_zeros``)."""
    _refuse_bool(value, "學號", "the student number")
    numeric_code(value, "學號", "student number")
    text = clean_code(value).upper()
    if not _CODE.fullmatch(text) or len(text) > 20:
        raise RuleError(
            f"學號「{clean(value)}」只能有英文字母與數字（最多 20 碼）",
            f"student number '{clean(value)}' may hold only letters and digits (at most 20)",
        )
    return text


def parse_name(value: object) -> str:
    """姓名: trimmed only, kept exactly as written (Ext-B characters such as 𡘙 included)."""
    text = clean(value)
    if len(text) > 60:
        raise RuleError(f"姓名過長（{len(text):,} 字，上限 60 字）",
                        f"the name is too long ({len(text):,} characters; the limit is 60)")
    return text


def parse_national_id(value: object) -> str:
    if type(value) is str and is_plain_valid_id(value):  # the usual cell: a valid ID as written
        return value
    _refuse_bool(value, "身分證統一編號", "the ID")
    return validate_id(clean_code(value))


_GENDER = {"男": "M", "女": "F", "1": "M", "2": "F", "M": "M", "F": "F", "MALE": "M", "FEMALE": "F",
           "男性": "M", "女性": "F", "男生": "M", "女生": "F"}  # fmt: skip


def parse_gender(value: object) -> str:
    text = clean_code(value).upper()
    try:
        return _GENDER[text]
    except KeyError:
        raise RuleError(f"看不懂的性別「{clean(value)}」", f"unknown gender '{clean(value)}'") from None


def parse_birth_date(value: object, *, today: date | None = None) -> date:
    """A real date, not in the future, and an age of 10–100 years today."""
    ref = today or date.today()
    born = parse_date(value, today=ref, allow_future=False)
    age = ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise RuleError(
            f"出生日期 {born.isoformat()} 表示今天 {age} 歲；學生應為 {MIN_AGE}–{MAX_AGE} 歲，"
            f"請檢查是否打錯年份（民國年或西元年）",
            f"birth date {born.isoformat()} means age {age} today; a student should be {MIN_AGE}-{MAX_AGE}; "
            f"check the year (ROC or Gregorian?)",
        )
    return born


_DIVISION = {"日間部": "day", "日": "day", "日間": "day", "日校": "day", "DAY": "day",
             "進修部": "night", "夜": "night", "夜間部": "night", "夜間": "night", "進修": "night",
             "進修學校": "night", "夜校": "night", "NIGHT": "night"}  # fmt: skip


def parse_division(value: object) -> str:
    text = clean_code(value).upper()
    try:
        return _DIVISION[text]
    except KeyError:
        raise RuleError(f"看不懂的部別「{clean(value)}」", f"unknown division '{clean(value)}'") from None


def parse_class_code(value: object) -> str:
    _refuse_bool(value, "班級", "the class code")
    text = clean_code(value)
    if len(text) > 20:
        raise RuleError(f"班級代碼「{text}」過長", f"class code '{text}' is too long")
    return text


def parse_seat_no(value: object) -> int:
    """座號: a whole number 1–99, written as a number or as text (「05」, 「5號」, 「第 5 號」)."""
    _refuse_bool(value, "座號", "the seat number")
    text = clean_code(value)
    match = _SEAT.fullmatch(text)
    if match is None or not 1 <= int(match.group(1)) <= 99:
        raise RuleError(f"座號「{clean(value)}」不是 1–99 的整數", f"seat number '{clean(value)}' is not a whole number 1-99")
    return int(match.group(1))


def parse_status_cell(value: object) -> Status:
    return parse_status(clean(value))


def parse_left_on(value: object) -> date:
    return parse_date(value, allow_future=False)


def parse_postal_code(value: object) -> str:
    """郵遞區號: 3 digits (100–983), 3+2 or 3+3; written 100, 10001, 100-01, 100001 or as a number
    (Taiwanese postal codes start with 1–9, so a numeric cell has lost nothing). Stored as digits."""
    _refuse_bool(value, "郵遞區號", "the postal code")
    text = clean_code(value)
    match = _POSTAL.fullmatch(text)
    if match is None or not 100 <= int(match.group(1)) <= 983:
        raise RuleError(
            f"郵遞區號「{clean(value)}」應為 3 碼（100–983）或 3+2、3+3 碼，如 820、82041、820-041",
            f"postal code '{clean(value)}' must be 3 digits (100-983), 3+2 or 3+3, e.g. 820, 82041, 820-041",
        )
    return match.group(1) + (match.group(2) or "")


def parse_phone(value: object) -> str | Repaired:
    """聯絡電話: a Taiwanese number (domain.phones); one whose leading 0 Excel dropped is repaired."""
    reading = read_phone(value)
    return Repaired(reading.text) if reading.restored else reading.text


def parse_email(value: object) -> str:
    text = halfwidth(clean(value))
    if not _EMAIL.fullmatch(text):
        raise RuleError(f"電子郵件「{clean(value)}」格式不對", f"e-mail '{clean(value)}' is not an address")
    return text


def parse_text(value: object) -> str:
    return clean(value)


ROSTER = TableSpec(
    name="roster",
    columns=(
        Column("student_no", "學號", ("學生學號", "學生編號", "學籍號碼", "student no", "studentno"), True,
               parse_student_no, "英文字母與數字，保留開頭的 0", "letters and digits, leading zeros kept",
               pad_zeros=True, max_chars=limits.STUDENT_NO, plain=PLAIN_CODE),
        Column("name", "姓名", ("學生姓名", "中文姓名", "name"), True, parse_name, "學生姓名", "the student's name",
               max_chars=limits.STUDENT_NAME, personal=True, plain=r"[^\n]{1,60}"),
        Column("national_id", "身分證統一編號",
               ("身分證字號", "身分證號", "統一編號", "身份證字號", "身份證號", "身分證號碼", "身份證號碼",
                "身份證統一編號", "身分證", "身份證", "居留證號", "居留證統一證號", "統一證號"), False,
               parse_national_id, "身分證或居留證號碼（10 碼，檢查碼正確）", "a national ID or resident certificate number",
               personal=True, plain_check=all_plain_valid_ids),
        Column("gender", "性別", ("sex", "gender"), False, parse_gender, "男、女、1、2、M 或 F", "男/女, 1/2 or M/F"),
        Column("birth_date", "出生日期", ("生日", "出生年月日", "出生日", "birthday", "birth date"), False,
               parse_birth_date, "日期，如 97/04/25、2008-04-25；年齡 10–100 歲",
               "a date such as 97/04/25 or 2008-04-25; age 10-100"),
        Column("division", "部別", ("班別", "學部", "division"), False, parse_division,
               "日間部或進修部", "日間部 (day) or 進修部 (night)"),
        Column("department", "科別", ("科系", "科", "科組", "學程", "department"), False, parse_text,
               max_chars=limits.DEPARTMENT, plain=PLAIN_TEXT),
        Column("class_code", "班級", ("班級代碼", "班級代號", "班號", "班", "class"), True, parse_class_code,
               "班級代碼，如 301", "a class code such as 301", max_chars=limits.CLASS_CODE, plain=PLAIN_CODE),
        Column("seat_no", "座號", ("座位號", "座位", "座次", "seat"), False, parse_seat_no, "1–99 的整數", "a whole number 1-99"),
        Column("status", "學籍狀態", ("狀態", "學籍", "在學狀態", "學籍狀況", "status"), False, parse_status_cell,
               "、".join(s.zh for s in Status), ", ".join(s.value for s in Status)),
        Column("left_on", "離校日期", ("離校日", "離校時間"), False, parse_left_on,
               "日期，不可為未來日期", "a date, not in the future"),
        Column("postal_code", "郵遞區號", ("郵區", "郵編", "郵遞區號3+2", "郵遞區號3+3", "postal code", "zip"), False,
               parse_postal_code, "3 碼（100–983）或 3+2、3+3 碼", "3 digits (100-983), 3+2 or 3+3",
               max_chars=limits.POSTAL_CODE),
        Column("address", "通訊地址", ("地址", "戶籍地址", "住址", "聯絡地址", "通訊處", "address"), False, parse_text,
               max_chars=limits.ADDRESS, personal=True, plain=PLAIN_TEXT),
        Column("guardian", "監護人", ("家長", "家長姓名", "監護人姓名", "法定代理人", "guardian"), False, parse_text,
               max_chars=limits.GUARDIAN, personal=True, plain=PLAIN_TEXT),
        Column("phone", "聯絡電話", ("電話", "手機", "行動電話", "連絡電話", "電話號碼", "phone"), False, parse_phone,
               "台灣的電話號碼，如 0912-345-678、07-621-1479、(02)2345-6789#123",
               "a Taiwanese phone number, e.g. 0912-345-678, 07-621-1479, (02)2345-6789#123", max_chars=limits.PHONE,
               personal=True, plain=r"09[0-9]{2}-?[0-9]{3}-?[0-9]{3}"),
        Column("email", "電子郵件", ("電子信箱", "email", "e-mail", "信箱", "mail"), False, parse_email,
               "電子郵件地址", "an e-mail address", max_chars=limits.EMAIL, personal=True,
               plain=r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    ),  # fmt: skip
    anchors=("student_no", "name"),
    unique=("student_no",),
)

ROSTER_HEADERS: list[str] = [c.header for c in ROSTER.columns]
ROSTER_KEYS: list[str] = [c.key for c in ROSTER.columns]
