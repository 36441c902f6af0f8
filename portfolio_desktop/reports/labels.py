"""Address labels (地址標籤) on A4 label sheets: postal code, address and "姓名 同學 收" per label.

Layouts are the common A4 sheets sold in Taiwan (e.g. 3×8 = 24 labels of 70×37 mm, 2×7 = 14 labels
of 105×42.3 mm, 3×7 = 21 labels of 70×42.3 mm); margins centre the grid on the sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4

from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import MM
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.mailing_list import Addressee
from portfolio_desktop.reports.pdf import check_coverage, new_canvas
from portfolio_desktop.reports.text import Pen

PAGE_W, PAGE_H = A4


@dataclass(frozen=True)
class LabelLayout:
    key: str
    zh: str
    columns: int
    rows: int
    width_mm: float
    height_mm: float
    pad_mm: float = 4.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def left_mm(self) -> float:
        return (PAGE_W / MM - self.columns * self.width_mm) / 2

    @property
    def top_mm(self) -> float:
        return (PAGE_H / MM - self.rows * self.height_mm) / 2


LABEL_LAYOUTS: dict[str, LabelLayout] = {
    layout.key: layout
    for layout in (
        LabelLayout("3x8", "A4 3×8（24 格，70×37 公厘）", 3, 8, 70.0, 37.0),
        LabelLayout("2x7", "A4 2×7（14 格，105×42.3 公厘）", 2, 7, 105.0, 42.3),
        LabelLayout("3x7", "A4 3×7（21 格，70×42.3 公厘）", 3, 7, 70.0, 42.3),
        LabelLayout("2x8", "A4 2×8（16 格，105×37 公厘）", 2, 8, 105.0, 37.0),
    )
}


def layout_for(key: str) -> LabelLayout:
    try:
        return LABEL_LAYOUTS[key]
    except KeyError:
        known = "、".join(LABEL_LAYOUTS)
        raise RuleError(f"沒有標籤版面「{key}」；可用：{known}", f"no label layout '{key}'; use {known}") from None


def render_labels(
    people: Sequence[Addressee],
    out: Path | str | BinaryIO,
    *,
    layout: LabelLayout,
    title: str = "地址標籤",
    fonts: FontSet | None = None,
    outlines: bool = False,
) -> int:
    """Write the label sheets; returns the number of pages. ``outlines`` draws the label edges (for
    checking the alignment on plain paper)."""
    fonts = fonts or font_set()
    check_coverage(fonts, [(f"{p.student_no} {p.name}", [p.name, p.address, p.postal_code]) for p in people])
    canvas = new_canvas(out, fonts, title=title)
    pen = Pen(canvas, fonts)
    inner = (layout.width_mm - 2 * layout.pad_mm) * MM
    big = 12 if layout.width_mm >= 100 else 11
    small = 10 if layout.width_mm >= 100 else 9
    pages = 0
    for start in range(0, len(people), layout.per_page):
        pages += 1
        for k, p in enumerate(people[start : start + layout.per_page]):
            col, row = k % layout.columns, k // layout.columns
            x = (layout.left_mm + col * layout.width_mm) * MM
            top = (layout.top_mm + row * layout.height_mm) * MM
            if outlines:
                canvas.setLineWidth(0.2)
                canvas.rect(x, PAGE_H - top - layout.height_mm * MM, layout.width_mm * MM, layout.height_mm * MM)
            tx = x + layout.pad_mm * MM
            cy = PAGE_H - top - (layout.pad_mm + 3.5) * MM
            pen.draw(tx, cy, p.postal_code, small)
            for line in pen.wrap(p.address, inner, small)[:3]:
                cy -= small * 1.3
                pen.draw(tx, cy, line, small)
            cy -= big * 1.6
            for line in pen.wrap(f"{p.name} 同學 收", inner, big)[:1]:
                pen.draw(tx, cy, line, big)
        canvas.showPage()
    if pages == 0:
        canvas.showPage()
        pages = 1
    canvas.save()
    return pages
