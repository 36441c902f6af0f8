"""Codes Excel typed as numbers (io.codes), footer rows (io.footers), a 合班 class's name
(domain.classes) and the code cells of the roster (io.roster_spec)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.classes import class_label
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.codes import restore_codes
from portfolio_desktop.io.footers import footer_text
from portfolio_desktop.io.roster_spec import parse_postal_code, parse_seat_no, parse_student_no


def test_a_numeric_code_shorter_than_the_text_codes_gets_its_zeros_back() -> None:
    assert restore_codes(["1120001", "0990123", "A123456"], ["990124", "1120002", "12345678"]) == [
        "0990124", "1120002", "12345678"]


@given(st.text("123456789", min_size=1, max_size=1).flatmap(
    lambda first: st.text("0123456789", min_size=5, max_size=5).map(lambda rest: first + rest)))
def test_text_reference_restores_one_lost_zero(six: str) -> None:
    assert restore_codes(["1234567", "7654321"], [six]) == ["0" + six]


def test_mixed_text_lengths_make_a_short_numeric_code_ambiguous() -> None:
    (decision,) = restore_codes(["123456", "1234567"], ["99012"])
    assert isinstance(decision, RuleError)
    assert "6、7" in decision.zh and "Text" in decision.en
    assert restore_codes(["123456", "1234567"], ["7654321"]) == ["7654321"]  # as long as the longest: kept


def test_numeric_codes_alone_restore_only_with_a_clear_majority() -> None:
    numbers = [str(1120000 + i) for i in range(1, 10)] + ["990123"]
    assert restore_codes([], numbers)[-1] == "0990123"
    half = ["1120001", "1120002", "99012", "99013"]
    assert restore_codes([], half) == half  # nothing shows which length is right: kept as read


def test_the_databases_code_lengths_are_the_reference_when_the_file_has_no_text_code() -> None:
    assert restore_codes([], ["110021"], known_lengths={7}) == ["0110021"]  # one new student, Excel's number
    assert restore_codes([], ["110021", "110022"], known_lengths={7}) == ["0110021", "0110022"]
    assert restore_codes(["110021"], ["110022"], known_lengths={7}) == ["110022"]  # the file's text codes first
    (decision,) = restore_codes([], ["11002"], known_lengths={6, 7})
    assert isinstance(decision, RuleError) and "6、7" in decision.zh
    assert restore_codes([], ["110021"], known_lengths=()) == ["110021"]  # nothing to go by: kept


def test_too_many_missing_zeros_is_refused() -> None:
    (decision,) = restore_codes(["1234567"], ["12"])
    assert isinstance(decision, RuleError)


@pytest.mark.parametrize("cells", [
    ["合計：10 人"], ["", "合計", 10], ["總計 240 人"], ["共 10 筆"], ["共10人"], ["製表人：王小明", "", "列印日期：113/09/02"],
    ["列印日期：113/09/02"], ["第 1 頁"], ["頁次：1/3"], ["小計"], ["總人數：38"], ["承辦人：", "", "註冊組長："],
    ["Total: 240"], ["  合計：10 人 "], ["合計：１０ 人"], ["資料筆數：240"], ["以下空白"], ["備註：本表僅供校內使用"],
    ["本頁小計：40 人"],
])  # fmt: skip
def test_footer_lines(cells: list[object]) -> None:
    assert footer_text(cells) is not None


@pytest.mark.parametrize("cells", [
    ["1120001", "合計"], ["王小明"], ["共同科"], ["主任委員會"], [], ["", None], ["合作社"], ["頁"], [3, "合計"],
    ["備註"], ["註冊"],
])  # fmt: skip
def test_not_footer_lines(cells: list[object]) -> None:
    assert footer_text(cells) is None


def test_class_labels() -> None:
    assert class_label("309", "農場經營科", ["農場經營科", "機械科"]) == "309 農場經營科／機械科 合班"
    assert class_label("301", "普通科", ["普通科"]) == "301\u3000普通科"
    assert class_label("301", "普通科", []) == "301\u3000普通科"
    assert class_label("301", None, []) == "301"


@pytest.mark.parametrize(("cell", "code"), [(820, "820"), (82041, "82041"), ("820-41", "82041"), (820041, "820041"),
                                            ("820-041", "820041"), ("１００", "100"), (100.0, "100")])
def test_postal_codes(cell: object, code: str) -> None:
    assert parse_postal_code(cell) == code


@pytest.mark.parametrize("cell", [82, "0820", 1001, "099", "984", "820-4", "8200411", 820.41])
def test_not_postal_codes(cell: object) -> None:
    with pytest.raises(RuleError):
        parse_postal_code(cell)


@pytest.mark.parametrize(("cell", "seat"), [("05", 5), ("5號", 5), ("第 5 號", 5), ("０５", 5), (5.0, 5), (12, 12)])
def test_seat_numbers_written_as_text(cell: object, seat: int) -> None:
    assert parse_seat_no(cell) == seat


def test_a_student_number_excel_could_not_hold_is_refused() -> None:
    with pytest.raises(RuleError) as caught:
        parse_student_no(1.1234567890123457e22)
    assert "15" in caught.value.zh
    assert parse_student_no(110021.0) == "110021"
