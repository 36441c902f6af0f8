"""ROC (民國) dates and school terms (學年度 + 學期): parsing what offices type, and formatting.

Source: DOMAIN.md "Time": ROC year = Gregorian year − 1911; 學年度 113 = Aug 2024 – Jul 2025;
第1學期 Aug–Jan, 第2學期 Feb–Jul; dates on paper are written 中華民國113年8月29日. The parsers read the
forms offices type (113/08/29, 097/04/25, 97.4.25, 1130829, 民國113年8月29日) besides Excel date cells
and ISO text.

How a year is read: 1–3 digits (or a 民國 prefix) is an ROC year, 4 digits is a Gregorian year, which
must be 1912 (民國元年) or later. A run of digits without separators is read by its length: 8 digits =
Gregorian YYYYMMDD ("20240829"), 7 = ROC YYYMMDD ("1130829", "0970425"), 6 = ROC YYMMDD ("970425").
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime

from portfolio_desktop.errors import RuleError

ROC_OFFSET = 1911
FIRST_ROC_DAY = date(1912, 1, 1)  # 民國元年1月1日

ACCEPTED_ZH = (
    "可用格式：113/08/29、097/04/25、97.4.25、97-4-25、1130829、970425、民國113年8月29日、"
    "中華民國113年8月29日、113年8月29日、2024-08-29、2024/8/29、20240829，或 Excel 日期儲存格"
)
ACCEPTED_EN = (
    "accepted forms: 113/08/29, 097/04/25, 97.4.25, 97-4-25, 1130829, 970425, 民國113年8月29日, "
    "中華民國113年8月29日, 113年8月29日, 2024-08-29, 2024/8/29, 20240829, or an Excel date cell"
)

# A trailing time of day, as in "2024-08-29 00:00:00" written by spreadsheets exporting to CSV.
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_CHINESE = re.compile(r"(中華民國|民國|民|西元)?(\d{1,4})年(\d{1,2})月(\d{1,2})日?")
_SEPARATED = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,2})")
_COMPACT = re.compile(r"\d{6,8}")

_TERM_SHORT = re.compile(r"(\d{1,3})[-/.](\d)")
_TERM_COMPACT = re.compile(r"(\d{3})(\d)")  # "1131" only: "113" would be ambiguous
_TERM_LONG = re.compile(r"(?:中華民國|民國)?(\d{1,3})學年度?第?([0-9一二上下])學期")
_SEMESTER_WORDS = {"一": 1, "二": 2, "上": 1, "下": 2}


def _unrecognised(text: str) -> RuleError:
    return RuleError(f"看不懂的日期「{text}」；{ACCEPTED_ZH}", f"cannot read the date '{text}'; {ACCEPTED_EN}")


def _build(text: str, year: int, month: int, day: int, *, roc: bool) -> date:
    """Make the date, or say why it does not exist."""
    if roc:
        if year < 1:
            raise RuleError(
                f"日期「{text}」的民國年為 {year}；民國年從 1 起算", f"date '{text}': ROC year {year} does not exist"
            )
        gregorian = year + ROC_OFFSET
        label_zh, label_en = f"民國{year}年", f"ROC year {year} ({gregorian})"
    else:
        if year < FIRST_ROC_DAY.year:
            raise RuleError(
                f"日期「{text}」的西元年 {year} 早於民國元年（1912）；如為民國年請寫 3 碼以內，例如 113/08/29",
                f"date '{text}': Gregorian year {year} is before 1912; write an ROC year with at most "
                f"3 digits, e.g. 113/08/29",
            )
        gregorian = year
        label_zh, label_en = f"西元{year}年", f"year {year}"
    if not 1 <= month <= 12:
        raise RuleError(
            f"日期「{text}」不存在：沒有 {month} 月（月份應為 1–12）",
            f"date '{text}' does not exist: there is no month {month} (months are 1-12)",
        )
    last = calendar.monthrange(gregorian, month)[1]
    if not 1 <= day <= last:
        raise RuleError(
            f"日期「{text}」不存在：{label_zh}{month}月只有 {last} 天",
            f"date '{text}' does not exist: month {month} of {label_en} has {last} days",
        )
    return date(gregorian, month, day)


def _parse_text(text: str) -> date:
    value = unicodedata.normalize("NFKC", text).strip()
    value = _TIME.sub("", value)
    value = re.sub(r"\s+", "", value)
    if not value:
        raise RuleError(f"日期空白；{ACCEPTED_ZH}", f"the date is empty; {ACCEPTED_EN}")
    if m := _CHINESE.fullmatch(value):
        prefix, y, mo, d = m.groups()
        if prefix == "西元":
            roc = False
        elif prefix:
            roc = True
            if len(y) > 3:
                raise _unrecognised(text)
        else:
            roc = len(y) <= 3
        return _build(text, int(y), int(mo), int(d), roc=roc)
    if m := _SEPARATED.fullmatch(value):
        y, _, mo, d = m.groups()
        return _build(text, int(y), int(mo), int(d), roc=len(y) <= 3)
    if _COMPACT.fullmatch(value):
        year_len = len(value) - 4
        y, mo, d = value[:year_len], value[year_len:-2], value[-2:]
        return _build(text, int(y), int(mo), int(d), roc=year_len <= 3)
    raise _unrecognised(text)


def _to_date(value: object) -> tuple[date, str]:
    """The date and the text to show in messages."""
    if isinstance(value, datetime):
        return value.date(), value.isoformat(sep=" ")
    if isinstance(value, date):
        return value, value.isoformat()
    if isinstance(value, bool):
        raise _unrecognised(str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # A number cell holding 1130829 / 970425 / 20240829; a 5-digit number is a 7-digit ROC date
        # whose leading zeros Excel dropped (0050425 → 50425).
        text = str(value)
        digits = text.zfill(7) if value > 0 and len(text) == 5 else text
        return _parse_text(digits), text
    if isinstance(value, str):
        return _parse_text(value), value
    raise _unrecognised(str(value))


def parse_date(value: object, *, today: date | None = None, allow_future: bool = True) -> date:
    """Read a date from an Excel cell or the text an office typed; see the module doc for the forms.

    Raises RuleError naming the value and the accepted forms; an impossible date (113/02/30) says why,
    a date before 民國元年 is refused, and with ``allow_future=False`` so is a date after *today*.
    """
    result, shown = _to_date(value)
    if result < FIRST_ROC_DAY:
        raise RuleError(
            f"日期「{shown}」早於民國元年（1912-01-01），請確認", f"date '{shown}' is before 1912-01-01; check it"
        )
    if not allow_future:
        ref = today if today is not None else date.today()
        if result > ref:
            raise RuleError(
                f"日期「{shown}」（{format_roc_long(result)}）晚於今天（{format_roc_long(ref)}），不可為未來日期",
                f"date '{shown}' ({result.isoformat()}) is after today ({ref.isoformat()}); "
                f"a future date is not allowed here",
            )
    return result


def roc_year(d: date) -> int:
    """民國年 of *d* (2024 → 113)."""
    year = d.year - ROC_OFFSET
    if year < 1:
        raise RuleError(f"{d.isoformat()} 早於民國元年，無法以民國年表示", f"{d.isoformat()} is before ROC year 1")
    return year


def format_roc(d: date) -> str:
    """2024-08-29 → "113/08/29" (year padded to 3 digits, as in 097/04/25)."""
    return f"{roc_year(d):03d}/{d.month:02d}/{d.day:02d}"


def format_roc_long(d: date) -> str:
    """2024-08-29 → "中華民國113年8月29日", as dates are written on paper."""
    return f"中華民國{roc_year(d)}年{d.month}月{d.day}日"


# --- school terms ---------------------------------------------------------------------------------


def _check_term(year: int, semester: int, shown: str) -> None:
    if year < 1:
        raise RuleError(f"學年度「{shown}」不正確：學年度從 1 起算", f"school year in '{shown}' must be 1 or later")
    if semester not in (1, 2):
        raise RuleError(
            f"學期「{shown}」不正確：學期只有 1（上學期）或 2（下學期）",
            f"semester in '{shown}' must be 1 (Aug-Jan) or 2 (Feb-Jul)",
        )


def term_of(d: date) -> tuple[int, int]:
    """(學年度, 學期) that *d* falls in: Aug–Jan is 第1學期, Feb–Jul is 第2學期 (DOMAIN.md "Time")."""
    if d.month >= 8:
        result = (d.year - ROC_OFFSET, 1)
    elif d.month == 1:
        result = (d.year - ROC_OFFSET - 1, 1)
    else:
        result = (d.year - ROC_OFFSET - 1, 2)
    if result[0] < 1:
        raise RuleError(
            f"{d.isoformat()} 早於民國1學年度（1912-08-01 起）", f"{d.isoformat()} is before school year 1 (1912-08-01)"
        )
    return result


def term_dates(year: int, semester: int) -> tuple[date, date]:
    """First and last day of a term: 113-1 → 2024-08-01 .. 2025-01-31; 113-2 → 2025-02-01 .. 2025-07-31."""
    _check_term(year, semester, _term_text(year, semester))
    start_year = year + ROC_OFFSET
    if semester == 1:
        return date(start_year, 8, 1), date(start_year + 1, 1, 31)
    return date(start_year + 1, 2, 1), date(start_year + 1, 7, 31)


def parse_term(text: str) -> tuple[int, int]:
    """Read "113-1", "113-2", "1131", "113學年度第1學期" (also 第一學期 / 上學期 / 下學期, full-width)."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for pattern in (_TERM_SHORT, _TERM_COMPACT, _TERM_LONG):
        if m := pattern.fullmatch(value):
            year = int(m.group(1))
            sem_text = m.group(2)
            semester = _SEMESTER_WORDS[sem_text] if sem_text in _SEMESTER_WORDS else int(sem_text)
            _check_term(year, semester, text)
            return year, semester
    raise RuleError(
        f"看不懂的學期「{text}」；可用格式：113-1、113-2、1131、113學年度第1學期",
        f"cannot read the term '{text}'; accepted forms: 113-1, 113-2, 1131, 113學年度第1學期",
    )


def _term_text(year: int, semester: int) -> str:
    return f"{year}-{semester}"


def format_term(year: int, semester: int) -> str:
    """(113, 1) → "113-1"."""
    shown = _term_text(year, semester)
    _check_term(year, semester, shown)
    return shown


def format_term_long(year: int, semester: int) -> str:
    """(113, 1) → "113學年度第1學期", as written on notices."""
    _check_term(year, semester, _term_text(year, semester))
    return f"{year}學年度第{semester}學期"
