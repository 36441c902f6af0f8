"""Taiwanese phone numbers (DOMAIN.md "People and their data": 電話) read as phone numbers.

A domestic number starts with 0: mobiles are 09 + 8 digits; landlines are an area code and the
subscriber number: 02 + 8 digits, every other area code (03, 037, 04, 049, 05, 06, 07, 08, 082,
0826, 0836, 089) + 7 or 8 digits counted after its first two digits (037-123456, 0826-12345 …).
Excel turns a number typed without quotes into a number and drops its leading 0 (0912345678 →
912345678): 8 or 9 digits that become a valid number with the 0 put back are read so.

Accepted writings: 0912-345-678, 0912 345 678, (02)2345-6789, 02-2345-6789#123, 02-2345-6789 轉 123,
分機 / ext / x for an extension, +886 912 345 678 or +886-2-2345-6789 (international form, read into
the domestic one), full-width digits, whose line it is (母：0912-345-678, 07-621-1479（家）: kept as
written). Several numbers in one cell may be separated by / , 、 ; or 或.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portfolio_desktop.errors import RuleError

# Area codes by prefix, longest first so that 0826 wins over 08 (Ministry of Digital Affairs plan).
AREA_CODES: tuple[str, ...] = ("0826", "0836", "037", "049", "082", "089", "02", "03", "04", "05", "06", "07", "08")
MOBILE_PREFIX = "09"

_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20
_SEPARATORS = re.compile(r"\s*(?:/|,|、|;|；|，|或)\s*")
_EXTENSION = re.compile(r"\s*(?:#|＃|轉|分機|ext\.?|EXT\.?|Ext\.?|x|X)\s*(\d{1,6})\s*$")
_GROUPING = re.compile(r"[\s\-‐‑–—.()（）]")
_INTERNATIONAL = re.compile(r"^(?:\+|00)\s*886")
# whose line it is, written before or after the number: 母：0912…, 0912…（父）, 住家 07-…, 手機:0912…
_LABEL_BEFORE = re.compile(r"^[\u4e00-\u9fff]{1,4}\s*[:：]?\s*(?=[0-9(（+])")
_LABEL_AFTER = re.compile(r"\s*[(（][\u4e00-\u9fff]{1,4}[)）]\s*$")


@dataclass(frozen=True)
class PhoneReading:
    """A phone cell as it will be stored, and whether a leading 0 Excel dropped was put back."""

    text: str
    restored: bool = False


def is_taiwan_number(digits: str) -> bool:
    """True for a domestic number (digits only, leading 0, no extension) of a Taiwanese line."""
    if not digits.isdigit() or not digits.startswith("0"):
        return False
    if digits.startswith(MOBILE_PREFIX):
        return len(digits) == 10
    if digits.startswith("02"):
        return len(digits) == 10 and digits[2] != "0"
    for code in AREA_CODES:
        if digits.startswith(code):
            # 7 or 8 digits after the first two digits, the subscriber number not starting with 0
            return len(digits) in (9, 10) and digits[len(code)] != "0"
    return False


def _fail(shown: str) -> RuleError:
    return RuleError(
        f"電話「{shown}」不是台灣的電話號碼：手機為 09 開頭共 10 碼（如 0912-345-678），市話為區碼加號碼"
        f"（如 02-2345-6789、07-621-1479、037-123456），可加分機（#123）",
        f"phone '{shown}' is not a Taiwanese phone number: a mobile is 10 digits starting 09 (0912-345-678); "
        f"a landline is an area code and the number (02-2345-6789, 07-621-1479, 037-123456), optionally "
        f"with an extension (#123)",
    )


def _one(text: str, shown: str) -> tuple[str, bool]:
    """One number as written → (stored text, restored)."""
    body = _LABEL_AFTER.sub("", _LABEL_BEFORE.sub("", text.strip()))
    labelled = body != text.strip()
    ext = _EXTENSION.search(body)
    if ext:
        body = body[: ext.start()]
    international = _INTERNATIONAL.match(body)
    if international:
        body = body[international.end():]
    digits = _GROUPING.sub("", body)
    if not digits.isdigit():
        raise _fail(shown)
    if international:
        digits = "0" + digits.removeprefix("0")  # +886 (0)2 … is written both ways
        if not is_taiwan_number(digits):
            raise _fail(shown)
        return digits + (f"#{ext.group(1)}" if ext else ""), False
    if not digits.startswith("0") and len(digits) in (8, 9) and is_taiwan_number("0" + digits):
        if labelled:
            return text.strip().replace(digits, "0" + digits, 1), True
        return "0" + digits + (f"#{ext.group(1)}" if ext else ""), True
    if not is_taiwan_number(digits):
        raise _fail(shown)
    return text.strip(), False


def read_phone(value: object) -> PhoneReading:
    """A phone cell (text, or the int/float Excel made of it) → how it is stored.

    A text that is a valid number is kept as written (half-width); one whose leading 0 Excel dropped
    gets it back (``restored``); an international +886 form is stored in the domestic form. Anything
    that cannot be a Taiwanese number raises :class:`RuleError` saying what is expected.
    """
    if isinstance(value, bool):
        raise RuleError("電話不能是 TRUE/FALSE 邏輯值", "a phone cannot be a TRUE/FALSE value")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise _fail(repr(value))
        digits = str(int(value))
        if len(digits) in (8, 9) and is_taiwan_number("0" + digits):
            return PhoneReading("0" + digits, True)
        raise _fail(digits)
    text = str(value)
    if not text.isascii():
        text = text.translate(_HALFWIDTH)
    text = text.strip()
    if text.isascii() and text.isdigit() and is_taiwan_number(text):  # the usual cell, written plainly
        return PhoneReading(text)
    if not text:
        raise _fail(text)
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    if not parts:
        raise _fail(text)
    read = [_one(p, text) for p in parts]
    restored = any(r for _, r in read)
    if len(read) == 1:
        return PhoneReading(read[0][0], restored)
    if restored or any(p.strip() != t for p, (t, _) in zip(parts, read, strict=True)):
        return PhoneReading(" / ".join(t for t, _ in read), restored)
    return PhoneReading(text, False)
