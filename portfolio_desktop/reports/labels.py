"""Address labels (地址標籤) on A4 label sheets: postal code, address and the same recipient line as the
letters (「王𡘙明 同學 暨 家長（監護人） 收」 for a minor), sized to the label.

The sheets are real products (:data:`~portfolio_desktop.reports.layout.LABEL_PRODUCTS`, with the
dimensions printed on their packs); text stays ``pad_mm`` inside each label and never nearer the
sheet edge than the printer-safe margin. The largest size that fits the label's text area is used
(:data:`~portfolio_desktop.reports.layout.LABEL_MIN_SIZE_PT` at least); an address that does not fit
even then is refused, never clipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.address_block import draw_postal_code, wrap_at_spaces
from portfolio_desktop.reports.data import MM
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.layout import (
    ASCENT,
    DESCENT,
    LABEL_ALIASES,
    LABEL_MIN_SIZE_PT,
    LABEL_PRODUCTS,
    PAGE_H_MM,
    LabelProduct,
    pt_mm,
)
from portfolio_desktop.reports.mailing_list import Addressee
from portfolio_desktop.reports.pdf import check_coverage, new_canvas
from portfolio_desktop.reports.text import Pen

LabelLayout = LabelProduct  # the name callers used
LABEL_LAYOUTS: dict[str, LabelProduct] = dict(LABEL_PRODUCTS)
MAX_SIZE_PT = 14.0
LEAD = 1.2


def layout_for(key: str) -> LabelProduct:
    product = LABEL_PRODUCTS.get(LABEL_ALIASES.get(key, key))
    if product is None:
        known = "、".join(f"{k}（{p.zh}）" for k, p in LABEL_PRODUCTS.items())
        raise RuleError(f"沒有標籤版面「{key}」；可用：{known}", f"no label layout '{key}'; use {', '.join(LABEL_PRODUCTS)}")
    return product


@dataclass(frozen=True)
class LabelText:
    size: float
    lines: list[tuple[float, str]]  # (baseline mm below the text area's top, text) after the postal code
    postal_baseline: float


def fit_label(pen: Pen, area: tuple[float, float, float, float], address: str, recipient: str) -> LabelText | None:
    left, top, right, bottom = area
    width = (right - left) * MM / 1.05  # a closing mark may hang 5 % past the width
    size = MAX_SIZE_PT
    while size >= LABEL_MIN_SIZE_PT:
        h = pt_mm(size)
        postal = ASCENT * h
        cur = postal + DESCENT * h + 1.2 + ASCENT * h
        lines = []
        for line in pen.wrap(address, width, size):
            lines.append((cur, line))
            cur += h * LEAD
        cur += 0.8
        for line in wrap_at_spaces(pen, recipient, width, size):
            lines.append((cur, line))
            cur += h * LEAD
        if lines[-1][0] + DESCENT * h <= bottom - top:
            return LabelText(size, lines, postal)
        size -= 0.5
    return None


def render_labels(
    people: Sequence[Addressee],
    out: Path | str | BinaryIO,
    *,
    layout: LabelProduct,
    title: str = "地址標籤",
    fonts: FontSet | None = None,
    outlines: bool = False,
) -> int:
    """Write the label sheets; returns the number of pages. ``outlines`` draws the label edges (for
    checking the alignment on plain paper)."""
    fonts = fonts or font_set()
    check_coverage(fonts, [(f"{p.student_no} {p.name}", [p.label_name, p.address, p.postal_code]) for p in people])
    canvas = new_canvas(out, fonts, title=title)
    pen = Pen(canvas, fonts)
    fitted = [fit_label(pen, layout.text_area(k % layout.per_page), p.address, p.label_name) for k, p in enumerate(people)]
    too_long = [f"{p.student_no} {p.name}" for p, f in zip(people, fitted, strict=True) if f is None]
    if too_long:
        raise RuleError(f"{len(too_long)} 位學生的地址在「{layout.zh}」標籤上放不下（字至少 {LABEL_MIN_SIZE_PT:g} 點），"
                        f"請改用較大的標籤或縮短地址：{'、'.join(too_long)}",
                        f"the address of {len(too_long)} student(s) does not fit a {layout.key} label: {', '.join(too_long)}")
    pages = 0
    for start in range(0, len(people), layout.per_page):
        pages += 1
        for k, p in enumerate(people[start : start + layout.per_page]):
            if outlines:
                x0, y0, x1, y1 = layout.box(k)
                canvas.setLineWidth(0.2)
                canvas.rect(x0 * MM, (PAGE_H_MM - y1) * MM, (x1 - x0) * MM, (y1 - y0) * MM)
            left, top, _, _ = layout.text_area(k)
            text = fitted[start + k]
            assert text is not None
            draw_postal_code(pen, left, top + text.postal_baseline, p.postal_code, size=text.size)
            for base, line in text.lines:
                pen.draw(left * MM, (PAGE_H_MM - top - base) * MM, line, text.size)
        canvas.showPage()
    if pages == 0:
        canvas.showPage()
        pages = 1
    canvas.save()
    return pages
