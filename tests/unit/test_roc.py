"""ROC (民國) dates and school terms: every accepted form, every refusal, and round trips."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.roc import (
    format_roc,
    format_roc_long,
    format_term,
    format_term_long,
    parse_date,
    parse_term,
    roc_year,
    term_dates,
    term_of,
)
from portfolio_desktop.errors import RuleError

D = date(2024, 8, 29)
OLD = date(2008, 4, 25)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-08-29", D),
        ("2024/8/29", D),
        ("2024.08.29", D),
        ("20240829", D),  # 8 digits: Gregorian
        ("113/08/29", D),
        ("113/8/29", D),
        ("113.08.29", D),
        ("113-8-29", D),
        ("1130829", D),  # 7 digits: ROC
        ("097/04/25", OLD),
        ("97/04/25", OLD),
        ("97.4.25", OLD),
        ("97-4-25", OLD),
        ("0970425", OLD),
        ("970425", OLD),  # 6 digits: ROC yy mm dd
        ("民國113年8月29日", D),
        ("中華民國113年8月29日", D),
        ("113年8月29日", D),
        ("113年08月29日", D),
        ("民國97年4月25日", OLD),
        ("民97年4月25日", OLD),
        ("西元2024年8月29日", D),
        ("2024年8月29日", D),
        ("民國 113 年 8 月 29 日", D),
        ("  113/08/29\u3000", D),
        ("１１３／０８／２９", D),  # full-width digits and slash
        ("１１３０８２９", D),
        ("民國１１３年８月２９日", D),
        ("２０２４－０８－２９", D),
        ("2024-08-29 00:00:00", D),  # what a spreadsheet writes when a date cell goes to CSV
        ("2024-08-29T13:45", D),
        ("1/1/1", date(1912, 1, 1)),  # 民國元年
        ("999/12/31", date(2910, 12, 31)),
        ("113/02/29", date(2024, 2, 29)),  # leap year
    ],
)
def test_text_forms(value: str, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D, D),
        (datetime(2024, 8, 29, 15, 30), D),  # Excel date cells come as datetime
        (1130829, D),  # a number cell
        (20240829, D),
        (970425, OLD),
        (1130829.0, D),  # openpyxl / calamine give floats for number cells
        (50425, date(1916, 4, 25)),  # 0050425 with its leading zeros dropped by Excel
    ],
)
def test_cell_values(value: object, expected: date) -> None:
    assert parse_date(value) == expected
    assert type(parse_date(value)) is date


def test_seven_and_eight_digit_runs_are_told_apart() -> None:
    assert parse_date("1130829") == date(2024, 8, 29)
    assert parse_date("20240829") == date(2024, 8, 29)
    assert parse_date("1000101") == date(1911 + 100, 1, 1)
    assert parse_date("19120101") == date(1912, 1, 1)


@pytest.mark.parametrize(
    ("value", "zh_part", "en_part"),
    [
        ("113/02/30", "不存在：民國113年2月只有 29 天", "does not exist: month 2 of ROC year 113 (2024) has 29 days"),
        ("112/02/29", "只有 28 天", "has 28 days"),
        ("113/04/31", "只有 30 天", "has 30 days"),
        ("113/13/01", "沒有 13 月", "no month 13"),
        ("113/00/10", "沒有 0 月", "no month 0"),
        ("113/08/00", "只有 31 天", "does not exist"),
        ("1130230", "不存在", "does not exist"),
        ("2023-02-29", "西元2023年2月只有 28 天", "month 2 of year 2023 has 28 days"),
        ("民國113年2月30日", "不存在", "does not exist"),
        ("0/1/1", "民國年從 1 起算", "ROC year 0 does not exist"),
        ("1900-01-01", "早於民國元年", "before 1912"),
        ("19110101", "早於民國元年", "before 1912"),
        ("民國2024年8月29日", "看不懂的日期", "cannot read the date"),
        ("113/08-29", "看不懂的日期「113/08-29」", "cannot read the date '113/08-29'"),  # mixed separators
        ("8/29/2024", "看不懂的日期", "accepted forms"),
        ("11308291", "早於民國元年", "before 1912"),  # 8 digits = Gregorian 1130/82/91
        ("11308", "看不懂的日期", "accepted forms"),
        ("113/08/29/1", "看不懂的日期", "accepted forms"),
        ("明天", "看不懂的日期「明天」；可用格式：113/08/29", "cannot read the date '明天'; accepted forms: 113/08/29"),
        ("", "日期空白", "empty"),
        ("\u3000 ", "日期空白", "empty"),
        (True, "看不懂的日期", "cannot read"),
        (None, "看不懂的日期", "cannot read"),
        (1130829.5, "看不懂的日期", "cannot read"),
        (-1130829, "看不懂的日期", "cannot read"),
        (date(1900, 1, 1), "早於民國元年", "before 1912-01-01"),
        (datetime(1899, 12, 31), "早於民國元年", "before 1912-01-01"),
    ],
)
def test_refusals(value: object, zh_part: str, en_part: str) -> None:
    with pytest.raises(RuleError) as err:
        parse_date(value)
    assert zh_part in err.value.zh
    assert en_part in err.value.en


def test_unreadable_text_lists_the_accepted_forms() -> None:
    with pytest.raises(RuleError) as err:
        parse_date("二〇二四年")
    for form in ("113/08/29", "97.4.25", "1130829", "民國113年8月29日", "2024-08-29"):
        assert form in err.value.zh
        assert form in err.value.en


def test_future_dates() -> None:
    today = date(2024, 9, 1)
    assert parse_date("113/09/01", today=today, allow_future=False) == today
    assert parse_date("113/09/02", today=today) == date(2024, 9, 2)  # allowed by default
    with pytest.raises(RuleError) as err:
        parse_date("113/09/02", today=today, allow_future=False)
    assert "晚於今天（中華民國113年9月1日），不可為未來日期" in err.value.zh
    assert "is after today (2024-09-01)" in err.value.en
    with pytest.raises(RuleError):
        parse_date(datetime(2024, 9, 2, 0, 0), today=today, allow_future=False)


def test_future_defaults_to_the_real_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(RuleError):
        parse_date(tomorrow.isoformat(), allow_future=False)
    assert parse_date(date.today().isoformat(), allow_future=False) == date.today()


def test_formatting() -> None:
    assert format_roc(D) == "113/08/29"
    assert format_roc(OLD) == "097/04/25"
    assert format_roc(date(1912, 1, 1)) == "001/01/01"
    assert format_roc_long(D) == "中華民國113年8月29日"
    assert format_roc_long(OLD) == "中華民國97年4月25日"
    assert roc_year(D) == 113
    assert roc_year(date(1912, 1, 1)) == 1
    with pytest.raises(RuleError):
        roc_year(date(1911, 12, 31))
    with pytest.raises(RuleError):
        format_roc(date(1911, 12, 31))


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2024, 8, 1), (113, 1)),
        (date(2024, 12, 31), (113, 1)),
        (date(2025, 1, 31), (113, 1)),
        (date(2025, 2, 1), (113, 2)),
        (date(2025, 7, 31), (113, 2)),
        (date(2024, 7, 31), (112, 2)),
        (date(1912, 8, 1), (1, 1)),
    ],
)
def test_term_of(day: date, term: tuple[int, int]) -> None:
    assert term_of(day) == term


def test_term_of_before_the_first_school_year() -> None:
    with pytest.raises(RuleError):
        term_of(date(1912, 7, 31))


def test_term_dates() -> None:
    assert term_dates(113, 1) == (date(2024, 8, 1), date(2025, 1, 31))
    assert term_dates(113, 2) == (date(2025, 2, 1), date(2025, 7, 31))
    assert term_dates(112, 2) == (date(2024, 2, 1), date(2024, 7, 31))
    for year, semester in ((113, 3), (113, 0), (0, 1)):
        with pytest.raises(RuleError):
            term_dates(year, semester)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("113-1", (113, 1)),
        ("113-2", (113, 2)),
        ("1131", (113, 1)),
        ("1132", (113, 2)),
        ("97-1", (97, 1)),
        ("113/2", (113, 2)),
        ("113.1", (113, 1)),
        ("113學年度第1學期", (113, 1)),
        ("113學年度第2學期", (113, 2)),
        ("113學年度第一學期", (113, 1)),
        ("113學年度第二學期", (113, 2)),
        ("113學年第1學期", (113, 1)),
        ("113學年度上學期", (113, 1)),
        ("113學年度下學期", (113, 2)),
        ("民國113學年度第1學期", (113, 1)),
        (" 113 學年度 第 1 學期 ", (113, 1)),
        ("１１３－１", (113, 1)),
    ],
)
def test_parse_term(text: str, term: tuple[int, int]) -> None:
    assert parse_term(text) == term


@pytest.mark.parametrize(
    ("text", "zh_part", "en_part"),
    [
        ("113-3", "學期只有 1（上學期）或 2（下學期）", "must be 1 (Aug-Jan) or 2 (Feb-Jul)"),
        ("1130", "學期只有 1", "semester"),
        ("971", "看不懂的學期", "cannot read"),
        ("0-1", "學年度從 1 起算", "school year"),
        ("113", "看不懂的學期「113」", "cannot read the term '113'"),
        ("2024-1", "看不懂的學期", "accepted forms: 113-1"),
        ("", "看不懂的學期", "cannot read"),
        ("113學年度第3學期", "學期只有 1", "semester"),
    ],
)
def test_parse_term_refusals(text: str, zh_part: str, en_part: str) -> None:
    with pytest.raises(RuleError) as err:
        parse_term(text)
    assert zh_part in err.value.zh
    assert en_part in err.value.en


def test_format_term() -> None:
    assert format_term(113, 1) == "113-1"
    assert format_term_long(113, 2) == "113學年度第2學期"
    with pytest.raises(RuleError):
        format_term(113, 3)


# --- properties -------------------------------------------------------------------------------------

dates_1912_2100 = st.dates(min_value=date(1912, 1, 1), max_value=date(2100, 12, 31))


@given(dates_1912_2100)
def test_roc_round_trips(d: date) -> None:
    assert parse_date(format_roc(d)) == d
    assert parse_date(format_roc_long(d)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.year}/{d.month}/{d.day}") == d
    roc = d.year - 1911
    assert parse_date(f"{roc:03d}{d.month:02d}{d.day:02d}") == d  # 7-digit form
    assert parse_date(d.strftime("%Y%m%d")) == d  # 8-digit form
    assert parse_date(f"民國{roc}年{d.month}月{d.day}日") == d
    assert parse_date(f"{roc}.{d.month}.{d.day}") == d
    if roc < 100:
        assert parse_date(f"{roc:02d}{d.month:02d}{d.day:02d}") == d  # 6-digit form
    assert roc_year(d) == roc


@given(dates_1912_2100, st.integers(min_value=-400, max_value=400))
def test_future_refusal_is_exactly_after_today(d: date, offset: int) -> None:
    today = d + timedelta(days=offset)
    if offset >= 0:
        assert parse_date(format_roc(d), today=today, allow_future=False) == d
    else:
        with pytest.raises(RuleError):
            parse_date(format_roc(d), today=today, allow_future=False)


@given(st.dates(min_value=date(1912, 8, 1), max_value=date(2100, 12, 31)))
def test_term_of_agrees_with_term_dates(d: date) -> None:
    year, semester = term_of(d)
    start, end = term_dates(year, semester)
    assert start <= d <= end
    assert term_of(start) == term_of(end) == (year, semester)
    # Terms tile the calendar: the day before a term belongs to the previous one, the day after to the next.
    after = term_of(end + timedelta(days=1))
    assert after == ((year, 2) if semester == 1 else (year + 1, 1))
    if start > date(1912, 8, 1):
        before = term_of(start - timedelta(days=1))
        assert before == ((year - 1, 2) if semester == 1 else (year, 1))
    assert parse_term(format_term(year, semester)) == (year, semester)
    assert parse_term(format_term_long(year, semester)) == (year, semester)
    if year >= 100:
        assert parse_term(f"{year}{semester}") == (year, semester)
