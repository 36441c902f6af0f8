"""Cells as the central 名冊 write them: four-digit terms, dates with 上午/下午 and a time, flags."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio_desktop.errors import RuleError
from portfolio_desktop.io import central_files as cf


def test_terms_are_four_digits() -> None:
    assert cf.parse_term4("1121") == (112, 1) and cf.parse_term4(1132) == (113, 2)
    assert cf.parse_term4("113-1") == (113, 1) and cf.format_term4(113, 1) == "1131"
    with pytest.raises(RuleError) as caught:
        cf.parse_term4("1123")
    assert "1121" in caught.value.zh


def test_dates_may_carry_a_time_of_day() -> None:
    born = dt.date(2007, 4, 25)
    for cell in ("0960425", "96/04/25", "2007/4/25 上午 12:00:00", "2007/4/25 下午 03:15", "2007-04-25 13:00",
                 dt.datetime(2007, 4, 25, 0, 0), born):
        assert cf.parse_central_date(cell) == born, cell


def test_flags_and_scores() -> None:
    assert [cf.parse_flag(v) for v in ("是", "否", 1, "0", "Y", True)] == ["1", "0", "1", "0", "1", "1"]
    assert [cf.parse_counted(v) for v in ("是", "4", 2.0)] == ["1", "4", "2"]
    assert cf.parse_grade_year("二") == 2 and cf.parse_grade_year("高三") == 3
    assert cf.parse_number_text(87.0) == "87" and cf.parse_number_text("87.50") == "87.5"
    with pytest.raises(RuleError):
        cf.parse_number_text("101")


def test_sheets_are_known_by_name() -> None:
    assert cf.sheet_kind("學期課程學習成果").role == "clo"  # type: ignore[union-attr]
    assert cf.sheet_kind("競賽參與紀錄").category.value == "competition"  # type: ignore[union-attr]
    assert cf.sheet_kind("重修課程學習成果").prior == "retake"  # type: ignore[union-attr]
    assert cf.sheet_kind("借讀課程學習成果").prior == "borrowed"  # type: ignore[union-attr]
    assert cf.sheet_kind("說明") is None


def test_gender_and_class_kind_codes() -> None:
    assert [cf.parse_gender(v) for v in ("1", "2", "男", "女", "M", 2.0)] == ["M", "F", "M", "F", "M", "F"]
    assert [cf.parse_class_kind(v) for v in ("1", "01", "4", "進修部", "日間部")] == ["1", "01", "4", "01", "1"]
    with pytest.raises(RuleError) as caught:
        cf.parse_gender("3")
    assert "1（男）" in caught.value.zh
    with pytest.raises(RuleError):
        cf.parse_class_kind("夜校")
    assert cf.parse_special("原住民，身心障礙、 新住民子女") == ("原住民", "身心障礙", "新住民子女")
    assert cf.sheet_kind("科目資料").role == "courses"  # type: ignore[union-attr]
