"""Cell-text normalisation shared by every import.

Kept deliberately small and fast: these functions run once per imported cell. Names are never
normalised beyond trimming (DOMAIN.md: 姓名 must round-trip byte for byte, 𡘙 included); codes
(學號, 座號, IDs, 郵遞區號, phones) are also turned half-width.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time

# Every character str.isspace() accepts, plus zero-width characters and the BOM that office
# software leaves at the edges of cells. U+3000 (全形空白) and U+00A0 (NBSP) are included.
WHITESPACE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)

# U+FF01..U+FF5E (full-width ASCII) → U+0021..U+007E; U+3000 → space.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20

_INNER_SPACE = re.compile("[" + re.escape(WHITESPACE) + "]+")


def clean(value: object) -> str:
    """A cell as trimmed text: ``None`` → ``""``; 123.0 → ``"123"``; dates → ISO.

    Only the edges are trimmed (including U+3000 and NBSP); the inside is kept exactly.
    """
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]  # kind is str (no cast() call: this runs once a cell)
        return text.strip(WHITESPACE)
    if kind is float:
        return _float_text(value)  # type: ignore[arg-type]
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _float_text(value)
    return str(value).strip(WHITESPACE)


def _float_text(value: float) -> str:
    """123.0 → "123" (a 學號 typed as a number in Excel); 1.5 → "1.5"; nan/inf as Python writes them."""
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


def halfwidth(text: str) -> str:
    """Full-width ASCII (Ｕ+FF01–FF5E, e.g. "１２３", "Ａ") → ASCII; U+3000 → space."""
    if text.isascii():
        return text
    return text.translate(_HALFWIDTH)


def clean_code(value: object) -> str:
    """A code (學號, 座號, ID, 郵遞區號, phone): trimmed, half-width, no spaces inside."""
    text = clean(value)
    if not text.isascii():
        text = text.translate(_HALFWIDTH)
    if not text.isalnum():
        text = _INNER_SPACE.sub("", text)
    return text
