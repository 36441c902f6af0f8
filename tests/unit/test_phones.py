"""Taiwanese phone numbers read as phone numbers (domain.phones): property tests over generated
mobiles and landlines of every area code, written the ways people write them and typed by Excel as
numbers, and numbers that cannot be Taiwanese."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from portfolio_desktop.domain.phones import AREA_CODES, is_taiwan_number, read_phone
from portfolio_desktop.errors import RuleError

_FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789-()#+"}


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    return "09" + draw(st.text("0123456789", min_size=8, max_size=8))


@st.composite
def landlines(draw: st.DrawFn) -> tuple[str, str]:
    """(area code, subscriber number): 02 + 8 digits; any other code + 7 or 8 digits after 0X."""
    code = draw(st.sampled_from(AREA_CODES))
    total = 10 if code == "02" else draw(st.sampled_from((9, 10)))
    first = draw(st.sampled_from("123456789"))
    rest = draw(st.text("0123456789", min_size=total - len(code) - 1, max_size=total - len(code) - 1))
    # 08 + 26… is the 0826 area: a number belongs to the longest code it starts with
    assume(next(c for c in AREA_CODES if (code + first + rest).startswith(c)) == code)
    return code, first + rest


def _numbers() -> st.SearchStrategy[str]:
    return st.one_of(mobiles(), landlines().map(lambda t: t[0] + t[1]))


@given(_numbers())
def test_valid_numbers_are_taiwanese(number: str) -> None:
    assert is_taiwan_number(number)
    assert read_phone(number).text == number and not read_phone(number).restored


@given(_numbers())
def test_a_number_excel_typed_as_a_number_gets_its_0_back(number: str) -> None:
    as_int = int(number)
    for cell in (as_int, float(as_int), str(as_int)):
        reading = read_phone(cell)
        assert reading.text == number and reading.restored


@given(mobiles())
def test_usual_writings_of_a_mobile(number: str) -> None:
    dashed = f"{number[:4]}-{number[4:7]}-{number[7:]}"
    spaced = f"{number[:4]} {number[4:7]} {number[7:]}"
    assert read_phone(dashed).text == dashed and read_phone(spaced).text == spaced
    assert read_phone(f"+886 {number[1:4]} {number[4:7]} {number[7:]}").text == number
    assert read_phone(f"+886-{number[1:]}").text == number
    assert read_phone(number.translate(_FULLWIDTH)).text == number
    assert not any(read_phone(w).restored for w in (dashed, spaced, number.translate(_FULLWIDTH)))


@given(landlines(), st.text("0123456789", min_size=1, max_size=5))
def test_usual_writings_of_a_landline(line: tuple[str, str], ext: str) -> None:
    code, sub = line
    for written in (f"({code}){sub}", f"{code}-{sub}", f"{code}-{sub}#{ext}", f"{code}-{sub} 轉 {ext}",
                    f"{code}-{sub} 分機{ext}", f"({code}) {sub[:-4]}-{sub[-4:]}"):
        assert read_phone(written).text == written
    assert read_phone(f"+886-{code[1:]}-{sub}").text == code + sub
    assert read_phone(f"+886 {code[1:]} {sub}#{ext}").text == f"{code}{sub}#{ext}"
    assert read_phone(f"{code}-{sub}".translate(_FULLWIDTH)).text == f"{code}-{sub}"


@given(_numbers(), _numbers())
def test_two_numbers_in_one_cell(a: str, b: str) -> None:
    assert read_phone(f"{a} / {b}").text == f"{a} / {b}"
    restored = read_phone(f"{int(a)}、{b}")
    assert restored.text == f"{a} / {b}" and restored.restored


@given(st.text("0123456789", min_size=1, max_size=7))
def test_too_few_digits_is_refused(digits: str) -> None:
    with pytest.raises(RuleError) as caught:
        read_phone(digits)
    assert "台灣" in caught.value.zh and "Taiwanese" in caught.value.en


@given(st.text("0123456789", min_size=11, max_size=14))
def test_too_many_digits_is_refused(digits: str) -> None:
    with pytest.raises(RuleError):
        read_phone(digits)


@given(st.integers(min_value=10**9, max_value=10**12))
def test_a_long_number_cell_is_refused(value: int) -> None:
    with pytest.raises(RuleError):
        read_phone(value)


@pytest.mark.parametrize("cell", ["0112345678", "0012345678", "0712", "abc", "0912-345-67X", "09123456789",
                                  "02-0234-5678", "1234567", 12345.5, True, "+1 415 555 0100", "2345-6789"])
def test_not_a_taiwanese_phone(cell: object) -> None:
    with pytest.raises(RuleError):
        read_phone(cell)


@pytest.mark.parametrize(("cell", "stored"), [
    (912345678, "0912345678"), (76211479, "076211479"), (223456789, "0223456789"), (37123456, "037123456"),
    (82612345, "082612345"), ("0912-345-678", "0912-345-678"), ("(02)2345-6789", "(02)2345-6789"),
    ("02-2345-6789#123", "02-2345-6789#123"), ("+886 912 345 678", "0912345678"),
    ("０９１２３４５６７８", "0912345678"), ("０９１２－３４５－６７８", "0912-345-678"),
])  # fmt: skip
def test_examples(cell: object, stored: str) -> None:
    assert read_phone(cell).text == stored


@given(mobiles(), st.sampled_from(["母", "父", "家", "住家", "手機", "監護人"]))
def test_whose_line_it_is_may_be_written_with_the_number(number: str, label: str) -> None:
    assert read_phone(f"{label}：{number}").text == f"{label}:{number}"
    assert read_phone(f"{number}（{label}）").text == f"{number}({label})"
    restored = read_phone(f"{int(number)}({label})")
    assert restored.text == f"{number}({label})" and restored.restored
    with pytest.raises(RuleError):
        read_phone(f"{label}：{number[:-3]}")
