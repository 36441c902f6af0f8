"""The address block that shows through an envelope's window: postal code, address, recipient.

The rules are Chunghwa Post's (see :mod:`portfolio_desktop.reports.layout`): the text stays inside the
window's inset area wherever the folded sheet slides, characters at least 4 mm high, postal-code
digits spaced, a gap between the postal-code line and the address. A long address wraps; when it
does not fit even at the smallest allowed size it is refused (:class:`AddressTooLong`), never clipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import MM
from portfolio_desktop.reports.layout import (
    ADDRESS_LEAD,
    ADDRESS_MIN_SIZE_PT,
    ADDRESS_SIZE_PT,
    ASCENT,
    DESCENT,
    PAGE_H_MM,
    POSTAL_CHAR_SPACE_MM,
    POSTAL_GAP_MM,
    POSTAL_SIZE_PT,
    RECIPIENT_GAP_MM,
    EnvelopeWindow,
    pt_mm,
)
from portfolio_desktop.reports.text import Pen


@dataclass(frozen=True)
class AddressLines:
    """A fitted block: where each line's baseline goes (mm from the sheet's top)."""

    size: float
    postal_baseline: float
    address: list[tuple[float, str]]
    recipient: list[tuple[float, str]]


class AddressTooLong(RuleError):
    def __init__(self, who: Sequence[str]) -> None:
        listing = "、".join(who)
        super().__init__(
            f"{len(who)} 位學生的地址太長，無法以至少 4 公厘的字完整印在信封窗內，未列印任何通知。"
            f"請在名冊縮短地址（例如「十樓之三」寫成「10樓之3」）或改用較大開窗的信封樣式：{listing}",
            f"the address of {len(who)} student(s) does not fit the envelope window in letters at least 4 mm "
            f"high; nothing was printed. Shorten it in the roster or choose an envelope with a larger window: {listing}",
        )


def wrap_at_spaces(pen: Pen, text: str, width: float, size: float) -> list[str]:
    """Wrap a recipient line between its words (「王𡘙明 同學 暨 家長（監護人） 收」 never breaks inside
    「家長（監護人）」); a word wider than a line is wrapped by characters."""
    lines: list[str] = []
    for word in text.split(" "):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and pen.width(joined, size) <= width:
            lines[-1] = joined
        elif pen.width(word, size) <= width:
            lines.append(word)
        else:
            lines.extend(pen.wrap(word, width, size))
    return lines or [""]


def fit_address(pen: Pen, window: EnvelopeWindow, address: str, recipient: str) -> AddressLines | None:
    """Lay the block out at the largest size (ADDRESS_SIZE_PT down to ADDRESS_MIN_SIZE_PT, half-point
    steps) whose lines fit the window's area; ``None`` when none does."""
    left, top, right, bottom = window.area
    width = (right - left) * MM / 1.05  # the wrap may hang a closing mark 5 % past the width
    postal_base = top + ASCENT * pt_mm(POSTAL_SIZE_PT)
    size = ADDRESS_SIZE_PT
    while size >= ADDRESS_MIN_SIZE_PT:
        h = pt_mm(size)
        lead = h * ADDRESS_LEAD
        cur = postal_base + DESCENT * pt_mm(POSTAL_SIZE_PT) + POSTAL_GAP_MM + ASCENT * h
        lines = []
        for line in pen.wrap(address, width, size):
            lines.append((cur, line))
            cur += lead
        cur += RECIPIENT_GAP_MM
        names = []
        for line in wrap_at_spaces(pen, recipient, width, size):
            names.append((cur, line))
            cur += lead
        if names[-1][0] + DESCENT * h <= bottom:
            return AddressLines(size, postal_base, lines, names)
        size -= 0.5
    return None


def draw_postal_code(pen: Pen, x_mm: float, baseline_mm: float, code: str, size: float = POSTAL_SIZE_PT) -> None:
    """The postal code with its digits spaced apart (Chunghwa Post: ≥ 0.6 mm between digits)."""
    c = pen.canvas
    c.saveState()  # the character spacing (Tc) would otherwise stay on for all later text
    t = c.beginText(x_mm * MM, (PAGE_H_MM - baseline_mm) * MM)
    t.setCharSpace(POSTAL_CHAR_SPACE_MM * MM)
    for font, run in pen.fonts.runs(code):
        t.setFont(font, size)
        t.textOut(run)
    c.drawText(t)
    c.restoreState()


def draw_address(pen: Pen, window: EnvelopeWindow, postal_code: str, block: AddressLines) -> None:
    x = window.area[0]
    draw_postal_code(pen, x, block.postal_baseline, postal_code)
    for base, line in (*block.address, *block.recipient):
        pen.draw(x * MM, (PAGE_H_MM - base) * MM, line, block.size)
