"""身分證統一編號 / 居留證統一證號: shapes, check digits, messages, masking.

The property tests use a generator written here, independent of portfolio_desktop.domain.ids: its own
letter table (the letters listed in area-code order, code = 10 + position) and its own check-digit
computation (solve for the last digit).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.ids import all_plain_valid_ids, id_kind, is_plain_valid_id, is_valid_id, mask_id, normalize_id, validate_id
from portfolio_desktop.errors import RuleError

# --- independent generator -------------------------------------------------------------------------

# The 26 letters in the order of their area codes 10, 11, 12, … 35 (A=10 … H=17, J=18, …, W=32, Z=33,
# I=34, O=35).
IN_CODE_ORDER = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
SECOND_CHARS = {"national": "12", "resident_old": "ABCD", "resident_new": "89"}


def area_code(letter: str) -> int:
    return 10 + IN_CODE_ORDER.index(letter)


def eleven_digits(prefix9: str) -> list[int]:
    """The digits the weights apply to, for the first 9 characters (letter, second char, 7 digits)."""
    tens, units = divmod(area_code(prefix9[0]), 10)
    second = prefix9[1]
    second_digit = int(str(area_code(second))[-1]) if second.isalpha() else int(second)
    return [tens, units, second_digit] + [int(c) for c in prefix9[2:]]


def solve_last_digit(prefix9: str) -> str:
    """The last digit x such that 1·a + 9·b + 8·c + … + 1·(7th digit) + 1·x ≡ 0 (mod 10)."""
    ds = eleven_digits(prefix9)
    weights = [1] + list(range(9, 1, -1)) + [1]  # 1,9,8,7,6,5,4,3,2,1 for the first ten digits
    total = sum(w * d for w, d in zip(weights, ds, strict=True))
    for x in range(10):
        if (total + x) % 10 == 0:
            return str(x)
    raise AssertionError("unreachable")


@st.composite
def generated_ids(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(sorted(SECOND_CHARS)))
    letter = draw(st.sampled_from(IN_CODE_ORDER))
    second = draw(st.sampled_from(SECOND_CHARS[kind]))
    body = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    prefix = letter + second + body
    return kind, prefix + solve_last_digit(prefix)


# Weight of each string position 1..9 (position 0 is the letter, worth two digits).
POSITION_WEIGHT = {1: 8, 2: 7, 3: 6, 4: 5, 5: 4, 6: 3, 7: 2, 8: 1, 9: 1}


def test_generator_agrees_with_published_examples() -> None:
    # Examples published by 內政部 / 移民署, checked against the generator itself.
    for known in ("A123456789", "FA12345689", "A800000014"):
        assert solve_last_digit(known[:9]) == known[9]


@given(generated_ids())
def test_generated_ids_are_accepted(kind_and_id: tuple[str, str]) -> None:
    kind, number = kind_and_id
    assert validate_id(number) == number
    assert is_valid_id(number)
    assert id_kind(number) == kind


@given(generated_ids(), st.data())
def test_changing_one_digit_is_caught_unless_the_weight_hides_it(
    kind_and_id: tuple[str, str], data: st.DataObject
) -> None:
    """A changed digit at weight w by δ is caught exactly when w·δ is not a multiple of 10.

    So at weights 7, 3, 1 (and 9, the letter's units digit) every change is caught; at weights 8, 6, 4, 2 a
    change by ±5, and at weight 5 an even change, is a limitation of the official check digit itself.
    """
    _, number = kind_and_id
    position = data.draw(st.integers(min_value=2, max_value=9))
    old = int(number[position])
    new = data.draw(st.sampled_from([d for d in range(10) if d != old]))
    changed = number[:position] + str(new) + number[position + 1 :]
    still_valid = POSITION_WEIGHT[position] * (new - old) % 10 == 0
    assert is_valid_id(changed) == still_valid
    if not still_valid:
        with pytest.raises(RuleError) as err:
            validate_id(changed)
        assert f"最後一碼應為 {solve_last_digit(changed[:9])}" in err.value.zh


@given(generated_ids(), st.data())
def test_changing_the_second_character(kind_and_id: tuple[str, str], data: st.DataObject) -> None:
    """Caught unless the new character is allowed and counts the same mod 5 (weight 8): 1↔B, 2↔C, D↔8.

    Those three swaps turn a valid number of one kind into a valid number of another kind.
    """
    _, number = kind_and_id
    new = data.draw(st.sampled_from([c for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != number[1]]))

    def counts_as(c: str) -> int:
        return area_code(c) % 10 if c.isalpha() else int(c)

    allowed = "".join(SECOND_CHARS.values())
    expected = new in allowed and 8 * (counts_as(new) - counts_as(number[1])) % 10 == 0
    assert is_valid_id(number[0] + new + number[2:]) == expected


@given(generated_ids(), st.sampled_from(IN_CODE_ORDER))
def test_changing_the_letter_is_caught_unless_codes_collide(
    kind_and_id: tuple[str, str], letter: str
) -> None:
    _, number = kind_and_id
    changed = letter + number[1:]

    def letter_sum(c: str) -> int:
        tens, units = divmod(area_code(c), 10)
        return tens + 9 * units

    assert is_valid_id(changed) == ((letter_sum(letter) - letter_sum(number[0])) % 10 == 0)


@given(generated_ids(), st.sampled_from(["lower", "fullwidth", "spaces"]))
def test_normalisation_keeps_the_id(kind_and_id: tuple[str, str], how: str) -> None:
    _, number = kind_and_id
    written = {
        "lower": number.lower(),
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) for c in number),
        "spaces": "\u3000 " + number + "\u00a0\t",
    }[how]
    assert normalize_id(written) == number
    assert validate_id(written) == number


@given(generated_ids())
def test_mask_keeps_first_and_last_three(kind_and_id: tuple[str, str]) -> None:
    _, number = kind_and_id
    masked = mask_id(number)
    assert masked == number[:3] + "****" + number[7:]


# --- examples and messages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("A123456789", "national"),  # 1·1+0·9 + 8+14+18+20+20+18+14+8 + 9 = 130
        ("FA12345689", "resident_old"),  # F=15, A→0: 1+45 + 0 + 7+12+15+16+15+12+8 + 9 = 140
        ("A800000014", "resident_new"),  # 1 + 64 + 1 + 4 = 70
    ],
)
def test_published_examples(number: str, kind: str) -> None:
    assert validate_id(number) == number
    assert id_kind(number) == kind


def test_old_certificate_second_letter_counts_by_the_last_digit_of_its_code() -> None:
    # AB: A=10 → 1·1 + 0·9 = 1; B=11 → 1·8 = 8; sum 9, so the last digit is 1.
    assert is_valid_id("AB00000001")
    # AD: 1 + (13 → 3)·8 = 25, so the last digit is 5.
    assert is_valid_id("AD00000005")
    assert not is_valid_id("AD00000001")


def test_normalize() -> None:
    assert normalize_id("  ａ１２３４５６７８９\u3000") == "A123456789"
    assert normalize_id("") == ""


@pytest.mark.parametrize(
    ("text", "zh_part", "en_part"),
    [
        ("", "空白", "empty"),
        ("A12345678", "長度為 9 碼", "has 9 characters"),
        ("A1234567890", "長度為 11 碼", "has 11 characters"),
        ("1123456789", "第 1 碼「1」不是英文字母", "first character '1' is not an area letter"),
        ("A323456789", "第 2 碼「3」不正確", "second character '3' is wrong"),
        ("AE23456789", "第 2 碼「E」不正確", "second character 'E' is wrong"),
        ("A1234567X9", "第 9 碼「X」應為數字", "character 9 'X' should be a digit"),
        ("A123456788", "最後一碼應為 9，實為 8", "should be 9, not 8"),
        ("FA12345680", "居留證統一證號（舊式）「FA12345680」檢查碼錯誤", "old format"),
        ("A800000015", "最後一碼應為 4", "should be 4, not 5"),
    ],
)
def test_refusals_say_what_is_wrong(text: str, zh_part: str, en_part: str) -> None:
    with pytest.raises(RuleError) as err:
        validate_id(text)
    assert zh_part in err.value.zh
    assert en_part in err.value.en
    assert not is_valid_id(text)


def test_id_kind_refuses_unknown_shapes_but_not_wrong_check_digits() -> None:
    assert id_kind("A123456780") == "national"  # shape only
    with pytest.raises(RuleError):
        id_kind("AZ12345678")


@pytest.mark.parametrize(
    ("text", "masked"),
    [("A123456789", "A12****789"), ("", ""), ("  ", ""), ("FA12345689", "FA1****689"), ("AB12", "****")],
)
def test_mask(text: str, masked: str) -> None:
    assert mask_id(text) == masked


@given(st.text(alphabet="AFZ12D89 0123456789ａ", min_size=0, max_size=12), generated_ids())
def test_the_fast_check_agrees_with_the_whole_rule(text: str, kind_and_id: tuple[str, str]) -> None:
    """is_plain_valid_id (a file's usual ID cell) says yes exactly for a valid ID already in normal form."""
    for candidate in (text, kind_and_id[1], kind_and_id[1].lower(), f" {kind_and_id[1]}"):
        expected = is_valid_id(candidate) and normalize_id(candidate) == candidate
        assert is_plain_valid_id(candidate) == expected, candidate


@st.composite
def id_columns(draw: st.DrawFn) -> list[str]:
    """A column of IDs as a file holds them: valid ones, some with one character changed (a wrong
    check digit, a typo in the body, a small letter, a full-width digit), some of another length."""
    texts = [number for _kind, number in draw(st.lists(generated_ids(), max_size=40))]
    for _ in range(draw(st.integers(0, 3))):
        if not texts:
            break
        at = draw(st.integers(0, len(texts) - 1))
        place = draw(st.integers(0, 10))
        new = draw(st.sampled_from("0123456789ABDZa１ "))
        texts[at] = texts[at][:place] + new + texts[at][place + 1 :]
    return texts


@given(id_columns())
def test_a_column_is_valid_at_once_exactly_when_each_of_its_ids_is(texts: list[str]) -> None:
    """all_plain_valid_ids, which reads a whole column at once, agrees with is_plain_valid_id cell by cell."""
    assert all_plain_valid_ids(texts) == all(map(is_plain_valid_id, texts))


def test_one_wrong_check_digit_anywhere_in_a_long_column_is_found() -> None:
    """Every ID's weighted sum is one byte of a big integer: a wrong digit in the first, a middle or the
    last ID (where a carry between bytes would show) is found."""
    column = [prefix + solve_last_digit(prefix) for prefix in (f"{letter}{second}{n:07d}" for n in range(0, 9_000_000, 9_973)
                                                               for letter, second in (("A", "1"), ("Z", "2"), ("F", "D"), ("Y", "9")))]
    assert all_plain_valid_ids(column)
    for at in (0, len(column) // 2, len(column) - 1):
        wrong = list(column)
        wrong[at] = wrong[at][:9] + str((int(wrong[at][9]) + 5) % 10)
        assert not all_plain_valid_ids(wrong)
