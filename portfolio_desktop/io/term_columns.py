"""Term columns shared by the course and item imports: 學年度 + 學期, or one 學年期 cell.

A file may write the term as two columns (學年度 113, 學期 1 / 上 / 第一學期) or as one ("113-1",
"1131", "113學年度第1學期"); a 學期 cell holding a whole term ("113-1") is read as the whole term.
"""

from __future__ import annotations

import re

from portfolio_desktop.domain.roc import parse_term
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.normalize import clean, halfwidth
from portfolio_desktop.io.tabular import Column

_SEMESTER = {"1": 1, "2": 2, "一": 1, "二": 2, "上": 1, "下": 2, "上學期": 1, "下學期": 2,
             "第1學期": 1, "第2學期": 2, "第一學期": 1, "第二學期": 2}  # fmt: skip
_YEAR = re.compile(r"(?:民國)?(\d{1,3})(?:學年度?)?")


def parse_school_year(value: object) -> int:
    text = halfwidth(clean(value)).replace(" ", "")
    m = _YEAR.fullmatch(text)
    if not m or int(m.group(1)) < 1:
        raise RuleError(f"學年度「{clean(value)}」應為民國學年度，例如 113",
                        f"school year '{clean(value)}' should be an ROC school year such as 113")
    return int(m.group(1))


def parse_semester(value: object) -> int | tuple[int, int]:
    """1 / 2 (上/下, 第一學期 …), or a whole term such as "113-1" → (113, 1)."""
    text = halfwidth(clean(value)).replace(" ", "")
    if text in _SEMESTER:
        return _SEMESTER[text]
    try:
        return parse_term(text)
    except RuleError:
        raise RuleError(f"學期「{clean(value)}」應為 1 或 2（上／下學期）",
                        f"semester '{clean(value)}' should be 1 or 2") from None


def parse_term_cell(value: object) -> tuple[int, int]:
    return parse_term(halfwidth(clean(value)))


TERM_COLUMNS: tuple[Column, ...] = (
    Column("school_year", "學年度", ("學年",), parse=parse_school_year,
           expected_zh="民國學年度，例如 113", expected_en="an ROC school year, e.g. 113"),
    Column("semester", "學期", ("學期別",), parse=parse_semester,
           expected_zh="1 或 2", expected_en="1 or 2"),
    Column("term", "學年期", ("學年學期", "學年度學期", "學期代碼"), parse=parse_term_cell,
           expected_zh="例如 113-1", expected_en="e.g. 113-1"),
)  # fmt: skip


def term_of_row(values: dict[str, object], default: tuple[int, int] | None) -> tuple[int, int] | None:
    """The row's term from 學年期, or 學年度 + 學期, or the default given for the whole file.

    Raises RuleError when the row has only half of it or the two disagree.
    """
    term = values.get("term")
    year = values.get("school_year")
    sem = values.get("semester")
    if isinstance(sem, tuple):
        if year is not None and year != sem[0]:
            raise RuleError(f"學年度 {year} 與學期 {sem[0]}-{sem[1]} 不一致",
                            f"school year {year} disagrees with term {sem[0]}-{sem[1]}")
        term, year, sem = term or sem, None, None
    if year is not None and sem is not None:
        pair = (int(year), int(sem))  # type: ignore[call-overload]
        if term is not None and term != pair:
            raise RuleError(f"學年期 {term[0]}-{term[1]} 與學年度/學期 {pair[0]}-{pair[1]} 不一致",  # type: ignore[index]
                            f"term {term} disagrees with school year/semester {pair}")
        return pair
    if term is not None:
        return term  # type: ignore[return-value]
    if year is not None or sem is not None:
        if default is not None and year is None:
            return (default[0], int(sem))  # type: ignore[call-overload]
        raise RuleError("學年度與學期要一起填寫", "write both the school year and the semester")
    return default
