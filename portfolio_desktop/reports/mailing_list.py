"""The mailing list of a notice batch (郵寄清單), A4 PDF: 序號, 姓名, 郵遞區號, 地址, 學號 and an empty
掛號號碼 column that the clerk fills in at the post office. Page numbers 第1頁／共N頁 on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4

from portfolio_desktop.reports.data import MM, Letterhead
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.pdf import check_coverage, new_canvas
from portfolio_desktop.reports.text import Pen

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 15.0, 195.0, 15.0, 282.0
# (header, left mm, width mm)
COLUMNS = (("序號", 15.0, 11.0), ("姓名", 26.0, 28.0), ("郵遞區號", 54.0, 17.0), ("地址", 71.0, 70.0),
           ("學號", 141.0, 22.0), ("掛號號碼", 163.0, 32.0))  # fmt: skip
SIZE, LEAD = 9.5, 4.6
MAILING_HEADERS = ["序號", "姓名", "郵遞區號", "地址", "學號", "掛號號碼"]


@dataclass(frozen=True)
class Addressee:
    student_no: str
    name: str
    postal_code: str
    address: str


def _heights(pen: Pen, people: Sequence[Addressee]) -> list[tuple[list[str], float]]:
    out = []
    for p in people:
        lines = pen.wrap(p.address, COLUMNS[3][2] * MM - 4, SIZE) or [""]
        out.append((lines, max(1, len(lines)) * LEAD + 3.4))
    return out


def render_mailing_list(
    people: Sequence[Addressee],
    out: Path | str | BinaryIO,
    *,
    letterhead: Letterhead,
    title: str,
    fonts: FontSet | None = None,
) -> int:
    """Write the list; returns the number of pages."""
    fonts = fonts or font_set()
    check_coverage(fonts, [(f"{p.student_no} {p.name}", [p.name, p.address, p.postal_code, p.student_no]) for p in people])
    check_coverage(fonts, [("信頭 letterhead", [letterhead.school_name, letterhead.office, title])])
    canvas = new_canvas(out, fonts, title=title)
    pen = Pen(canvas, fonts)
    rows = _heights(pen, people)
    pages: list[list[int]] = [[]]
    cur = TOP + 22
    for i, (_, h) in enumerate(rows):
        if cur + h > BOTTOM and pages[-1]:
            pages.append([])
            cur = TOP + 22
        pages[-1].append(i)
        cur += h
    total = len(pages)
    for n, indexes in enumerate(pages, start=1):
        pen.draw(LEFT * MM, PAGE_H - (TOP + 4) * MM, f"{letterhead.school_name} {letterhead.office}", 11)
        pen.draw(LEFT * MM, PAGE_H - (TOP + 10) * MM, title, 12)
        pen.draw(RIGHT * MM, PAGE_H - (TOP + 4) * MM, f"第{n}頁／共{total}頁", 9, align="right")
        pen.draw(RIGHT * MM, PAGE_H - (TOP + 10) * MM, f"共 {len(people)} 件", 9, align="right")
        top = TOP + 14
        canvas.setFillGray(0.88)
        canvas.rect(LEFT * MM, PAGE_H - (top + 7) * MM, (RIGHT - LEFT) * MM, 7 * MM, stroke=0, fill=1)
        canvas.setFillGray(0)
        for header, x, _w in COLUMNS:
            pen.draw(x * MM + 2, PAGE_H - (top + 5) * MM, header, SIZE)
        cur = top + 7
        canvas.setLineWidth(0.3)
        for i in indexes:
            p = people[i]
            lines, h = rows[i]
            base = PAGE_H - (cur + LEAD + 0.6) * MM
            pen.draw(COLUMNS[0][1] * MM + 2, base, str(i + 1), SIZE)
            pen.draw(COLUMNS[1][1] * MM + 2, base, p.name, SIZE)
            pen.draw(COLUMNS[2][1] * MM + 2, base, p.postal_code, SIZE)
            for k, line in enumerate(lines):
                pen.draw(COLUMNS[3][1] * MM + 2, base - k * LEAD * MM, line, SIZE)
            pen.draw(COLUMNS[4][1] * MM + 2, base, p.student_no, SIZE)
            cur += h
            canvas.line(LEFT * MM, PAGE_H - cur * MM, RIGHT * MM, PAGE_H - cur * MM)
        for _h, x, _w in COLUMNS[1:]:
            canvas.line(x * MM, PAGE_H - top * MM, x * MM, PAGE_H - cur * MM)
        canvas.rect(LEFT * MM, PAGE_H - cur * MM, (RIGHT - LEFT) * MM, (cur - top) * MM)
        canvas.showPage()
    canvas.save()
    return total
