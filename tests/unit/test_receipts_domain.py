"""Pure rules of the receipt confirmation and the receipt-file cell parsers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.receipts import (
    ReceiptState,
    check_decision,
    is_minor,
    office_for_categories,
    office_name,
    parse_office,
    parse_via,
)
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.receipt_spec import parse_count


def test_minor_on_the_day_before_the_18th_birthday() -> None:
    assert is_minor(date(2006, 8, 30), date(2024, 8, 29))
    assert not is_minor(date(2006, 8, 29), date(2024, 8, 29))
    assert is_minor(None, date(2024, 8, 29))  # unknown: address the guardian too


def test_doubts_go_to_the_submitting_office_or_the_registry() -> None:
    assert office_for_categories(["多元表現", "幹部經歷"]) == "activities"
    assert office_for_categories(["修課紀錄", "多元表現"]) == "registry"
    assert office_name("activities", "night") == "進修部學務組" and office_name("registry", "day") == "註冊組"
    assert parse_office("進修部教務組") == "registry" and parse_office("教學組") == "academic"
    with pytest.raises(RuleError):
        parse_office("總務處")


def test_decisions() -> None:
    check_decision(ReceiptState.CONFIRMED, None)
    with pytest.raises(RuleError):
        check_decision(ReceiptState.DISPUTED, " ")
    with pytest.raises(RuleError):
        check_decision(ReceiptState.PENDING, "x")
    assert parse_via("回條").value == "reply_slip" and parse_via("reply-slip").value == "reply_slip"


@given(st.integers(min_value=1, max_value=10**6))
def test_count_accepts_whole_numbers_as_typed(n: int) -> None:
    full = str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_count(n) == parse_count(float(n)) == parse_count(str(n)) == parse_count(f" {full}件 ") == n


@given(st.one_of(st.integers(max_value=0), st.floats(allow_nan=True).filter(lambda f: not (f.is_integer() and f >= 1)),
                 st.text(alphabet=st.characters(blacklist_categories=("Nd",))).map(lambda t: t + "²")))
def test_count_refuses_everything_else(value: object) -> None:
    with pytest.raises(RuleError):
        parse_count(value)


def test_answering_offices_follow_the_division_and_the_categories() -> None:
    from portfolio_desktop.domain.receipts import answering_offices

    assert answering_offices(["多元表現", "修課紀錄"], "night") == "進修部教務組、進修部學務組"
    assert answering_offices(["幹部經歷"], "day") == "註冊組、訓育組"  # the registry always coordinates
    assert answering_offices([], "day") == "註冊組"


def test_document_serial_is_the_roc_year_and_the_batch() -> None:
    from datetime import date

    from portfolio_desktop.domain.receipts import doc_serial

    assert doc_serial(7, date(2024, 8, 29)) == "1130000007" and doc_serial(12345, date(2025, 1, 2)) == "1140012345"
