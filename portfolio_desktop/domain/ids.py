"""身分證統一編號 (national ID) and 居留證統一證號 (resident certificate): shape, check digit, masking.

Source: DOMAIN.md "People and their data" (national ID letter + 9 digits; old resident certificate two
letters + 8 digits; 2021 resident certificate letter + 8/9 + 8 digits; all with check digits) and
DOMAIN.md "Receipts" (IDs masked on paper, A12****789).

The check digit (內政部 / 移民署 rule) is the same for all three kinds: the first letter becomes a
two-digit area code; the eleven digits *area code (2) + the 9 characters after the letter* are
weighted 1,9,8,7,6,5,4,3,2,1,1 and the sum must be a multiple of 10. For the old resident certificate
the second character is a letter A–D whose area code (A=10 … D=13) contributes only its LAST digit
(A→0, B→1, C→2, D→3), e.g. FA12345689 is valid.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal

from portfolio_desktop.errors import RuleError

IdKind = Literal["national", "resident_old", "resident_new"]

# Area letter → two-digit code (note I=34, O=35, W=32, X=30, Y=31, Z=33 are out of order).
AREA_CODES: dict[str, int] = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip

WEIGHTS: tuple[int, ...] = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)

# A letter, then 1/2 (national ID), A–D (old resident certificate) or 8/9 (2021 resident certificate),
# then 8 digits: one pattern for the three shapes, the kind told by the second character.
_ANY_SHAPE = re.compile(r"[A-Z][12A-D89][0-9]{8}")
_KIND_BY_SECOND: dict[str, IdKind] = {"1": "national", "2": "national", "A": "resident_old", "B": "resident_old",
                                      "C": "resident_old", "D": "resident_old", "8": "resident_new",
                                      "9": "resident_new"}  # fmt: skip

_KIND_ZH: dict[IdKind, str] = {
    "national": "身分證統一編號",
    "resident_old": "居留證統一證號（舊式）",
    "resident_new": "居留證統一證號（新式）",
}
_KIND_EN: dict[IdKind, str] = {
    "national": "national ID",
    "resident_old": "resident certificate number (old format)",
    "resident_new": "resident certificate number (2021 format)",
}

_SHAPE_HELP_ZH = "應為 10 碼：1 個英文字母＋數字 1/2（身分證）、A–D（舊式居留證）或 8/9（新式居留證）＋8 位數字"
_SHAPE_HELP_EN = (
    "expected 10 characters: a letter, then 1/2 (national ID), A-D (old resident certificate) "
    "or 8/9 (2021 resident certificate), then 8 digits"
)


def normalize_id(text: str) -> str:
    """Trim (incl. U+3000 / NBSP), full-width → half-width, upper case."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return text.strip().upper()
    return unicodedata.normalize("NFKC", text).strip().upper()


def id_kind(text: str) -> IdKind:
    """Which kind of number *text* is by its shape (check digit not verified)."""
    return _kind_of(text, normalize_id(text))


def _kind_of(text: str, value: str) -> IdKind:
    """The kind of the already normalized *value* (typed as *text*), or the shape error."""
    if _ANY_SHAPE.fullmatch(value):
        return _KIND_BY_SECOND[value[1]]
    raise _shape_error(text, value)


def looks_like_id(text: str) -> bool:
    """Whether *text* has the shape of a national ID or resident certificate number (what a preview of
    a file masks even in a column not mapped to the ID)."""
    value = normalize_id(text)
    return _ANY_SHAPE.fullmatch(value) is not None


def expected_check_digit(text: str) -> int:
    """The last digit that makes *text* (any of the three kinds) valid."""
    value = normalize_id(text)
    _kind_of(value, value)  # the shape error names the normalized value, as it always has
    return _check_digit(value)


# The weighted sum split by where its digits come from: the area letter's two digits, the second
# character (a digit, or a letter A–D that counts by its area code's last digit) and the 7 digits
# after it (as ASCII bytes, whose 48s are taken back once).
_AREA_PART: dict[str, int] = {letter: (code // 10) * WEIGHTS[0] + (code % 10) * WEIGHTS[1]
                              for letter, code in AREA_CODES.items()}
_SECOND_PART: dict[str, int] = {**{str(d): d * WEIGHTS[2] for d in range(10)},
                                **{letter: (AREA_CODES[letter] % 10) * WEIGHTS[2] for letter in AREA_CODES}}
_TAIL_WEIGHTS = WEIGHTS[3:10]
_TAIL_ASCII = 48 * sum(_TAIL_WEIGHTS)


def _check_digit(value: str) -> int:
    """The check digit of a normalized value whose shape is already checked."""
    tail: int = sum(map(operator.mul, _TAIL_WEIGHTS, value[2:9].encode("ascii"))) - _TAIL_ASCII
    return -(_AREA_PART[value[0]] + _SECOND_PART[value[1]] + tail) % 10


def is_plain_valid_id(text: str) -> bool:
    """Whether *text* is, as written, a valid ID in its normal form (capitals, half-width, no spaces,
    right check digit): what nearly every cell of an ID column is, so a file's IDs are checked fast."""
    return _ANY_SHAPE.fullmatch(text) is not None and ord(text[9]) - 48 == _check_digit(text)


# all_plain_valid_ids: each character position's part of the weighted sum, mod 10, as a bytes.translate
# table (a byte that cannot stand there maps to 0: the shape is checked first)
def _position_table(part: Callable[[str], int], chars: str) -> bytes:
    table = bytearray(256)
    for ch in chars:
        table[ord(ch)] = part(ch) % 10
    return bytes(table)


_DIGITS = "0123456789"
_POSITION_TABLES: tuple[bytes, ...] = (
    _position_table(_AREA_PART.__getitem__, "".join(AREA_CODES)),
    _position_table(_SECOND_PART.__getitem__, "".join(_SECOND_PART)),
    *(_position_table(lambda d, w=w: int(d) * w, _DIGITS) for w in _TAIL_WEIGHTS),  # type: ignore[misc]
    _position_table(lambda d: int(d) * WEIGHTS[10], _DIGITS),
)
_MOD_10 = bytes(i % 10 for i in range(256))
_SHAPES = re.compile(f"(?:{_ANY_SHAPE.pattern})*")  # the IDs of a column, back to back


def all_plain_valid_ids(texts: Sequence[str]) -> bool:
    """Whether every one of ``texts`` is what :func:`is_plain_valid_id` says yes to, for a whole
    column at once (io.column_pass reads a file's IDs this way).

    The texts, each 10 characters, are joined and their shapes matched in one search; then each
    character position is taken from all of them at once (a slice with step 10) and turned into its
    part of the weighted sum, mod 10 (bytes.translate). Those ten byte strings read as integers add
    up, byte by byte, to every ID's sum: no byte passes 90, so none carries into the next. An ID is
    valid when its byte is a multiple of 10."""
    if not texts:
        return True
    if set(map(len, texts)) != {10}:
        return False
    joined = "".join(texts)
    if not _SHAPES.fullmatch(joined):
        return False
    data = joined.encode("ascii")
    total = sum(int.from_bytes(data[pos::10].translate(table), "little") for pos, table in enumerate(_POSITION_TABLES))
    return not total.to_bytes(len(texts), "little").translate(_MOD_10).strip(b"\0")


def validate_id(text: str) -> str:
    """Return the normalized ID, or raise RuleError saying what is wrong and how to fix it."""
    value = normalize_id(text)
    kind = _kind_of(value, value)
    expected = _check_digit(value)
    if int(value[-1]) != expected:
        raise RuleError(
            f"{_KIND_ZH[kind]}「{text}」檢查碼錯誤：依前 9 碼，最後一碼應為 {expected}，"
            f"實為 {value[-1]}；請核對是否抄錯",
            f"{_KIND_EN[kind]} '{text}' has a wrong check digit: from the first 9 characters the last "
            f"digit should be {expected}, not {value[-1]}; check for a typo",
        )
    return value


def is_valid_id(text: str) -> bool:
    try:
        validate_id(text)
    except RuleError:
        return False
    return True


def mask_id(text: str) -> str:
    """Mask for display: "A123456789" → "A12****789" (keep the first 3 and last 3); short values fully hidden."""
    value = text.strip()
    if not value:
        return ""
    if len(value) < 7:
        return "****"
    return f"{value[:3]}****{value[-3:]}"


def _shape_error(original: str, value: str) -> RuleError:
    """Name the first thing wrong with the shape."""
    if not value:
        return RuleError("身分證／居留證號碼空白", "the ID / resident certificate number is empty")
    if len(value) != 10:
        return RuleError(
            f"號碼「{original}」長度為 {len(value)} 碼；{_SHAPE_HELP_ZH}",
            f"'{original}' has {len(value)} characters; {_SHAPE_HELP_EN}",
        )
    if value[0] not in AREA_CODES:
        return RuleError(
            f"號碼「{original}」第 1 碼「{value[0]}」不是英文字母（地區碼 A–Z）；{_SHAPE_HELP_ZH}",
            f"'{original}': the first character '{value[0]}' is not an area letter A-Z; {_SHAPE_HELP_EN}",
        )
    if value[1] not in "12ABCD89":
        return RuleError(
            f"號碼「{original}」第 2 碼「{value[1]}」不正確：身分證應為 1 或 2，舊式居留證應為 A–D，"
            f"新式居留證應為 8 或 9",
            f"'{original}': the second character '{value[1]}' is wrong: 1 or 2 for a national ID, "
            f"A-D for an old resident certificate, 8 or 9 for a 2021 resident certificate",
        )
    bad = next(i for i, c in enumerate(value[2:], start=3) if c not in "0123456789")
    return RuleError(
        f"號碼「{original}」第 {bad} 碼「{value[bad - 1]}」應為數字；第 3–10 碼須為 8 位數字",
        f"'{original}': character {bad} '{value[bad - 1]}' should be a digit; characters 3-10 must be 8 digits",
    )
