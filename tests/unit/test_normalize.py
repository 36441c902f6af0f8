"""io.normalize: trimming, half-width conversion and codes."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.io.normalize import WHITESPACE, clean, clean_code, halfwidth


def test_clean_trims_ideographic_and_no_break_spaces_but_keeps_the_inside() -> None:
    assert clean("\u3000 王\u3000𡘙 \u00a0\t") == "王\u3000𡘙"
    assert clean("\ufeff00123\u200b") == "00123"


def test_clean_of_non_text_cells() -> None:
    assert clean(None) == ""
    assert clean(123.0) == "123"
    assert clean(-7.0) == "-7"
    assert clean(1.5) == "1.5"
    assert clean(123) == "123"
    assert clean(True) == "TRUE"
    assert clean(date(2024, 8, 29)) == "2024-08-29"
    assert clean(datetime(2024, 8, 29)) == "2024-08-29"
    assert clean(datetime(2024, 8, 29, 13, 5)) == "2024-08-29 13:05:00"
    assert clean(float("nan")) == "nan"
    assert clean(1e20) == "100000000000000000000"


def test_halfwidth() -> None:
    assert halfwidth("ＡＢｃ１２３－＠\u3000！～") == "ABc123-@ !~"
    assert halfwidth("王𡘙") == "王𡘙"
    assert halfwidth("plain") == "plain"


def test_clean_code_removes_inner_spaces_and_converts_full_width() -> None:
    assert clean_code("\u3000０１２\u3000３ ") == "0123"
    assert clean_code(" a 1\n2 ") == "a12"
    assert clean_code(301.0) == "301"
    assert clean_code("００１２３") == "00123"


@given(st.text())
def test_clean_is_idempotent_and_trimmed(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert not once or (once[0] not in WHITESPACE and once[-1] not in WHITESPACE)
    assert once in text  # only the edges are removed


@given(st.text())
def test_halfwidth_matches_nfkc_on_the_full_width_block(text: str) -> None:
    out = halfwidth(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        if 0xFF01 <= ord(before) <= 0xFF5E:
            assert after == unicodedata.normalize("NFKC", before)
        elif before == "\u3000":
            assert after == " "
        else:
            assert after == before


@given(st.text())
def test_clean_code_has_no_whitespace_and_no_full_width_ascii(text: str) -> None:
    out = clean_code(text)
    assert not any(ch in WHITESPACE for ch in out)
    assert not any(0xFF01 <= ord(ch) <= 0xFF5E for ch in out)
    assert clean_code(out) == out


@given(st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), st.dates(), st.datetimes(), st.text()))
def test_clean_accepts_every_cell_type(value: object) -> None:
    assert isinstance(clean(value), str)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integral_floats_print_as_integers(n: int) -> None:
    assert clean(float(n)) == str(n)
