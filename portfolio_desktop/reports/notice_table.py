"""The notice's table of received items: rows grouped by term and category, flowed into one or two
columns per page, and drawn.

Rows are of three kinds: a term heading (113學年度第1學期), a category heading (修課紀錄) and an item
(its name, wrapped, and its count). A heading never ends a column: it moves on with the row after it.
A column that starts in the middle of a group repeats its heading with 「（續）」.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_desktop.reports.data import MM, NoticeStudent, ReceiptLine
from portfolio_desktop.reports.layout import LEFT_MM, PAGE_H_MM, RIGHT_MM
from portfolio_desktop.reports.text import Pen

COLUMN_GAP_MM = 6.0
COUNT_W_MM = 10.0  # the 件數 column at the right of each table column


@dataclass(frozen=True)
class TableStyle:
    """How the rows are set: the number of columns, the text size (pt) and the line pitch (mm)."""

    columns: int
    size: float
    lead: float

    @property
    def column_width(self) -> float:
        return (RIGHT_MM - LEFT_MM - COLUMN_GAP_MM * (self.columns - 1)) / self.columns

    @property
    def header_h(self) -> float:
        return self.lead + 2.4

    @property
    def term_h(self) -> float:
        return self.lead + 1.6


ONE_COLUMN = TableStyle(1, 9.5, 4.6)
TWO_COLUMNS = TableStyle(2, 9.0, 4.0)


@dataclass(frozen=True)
class Row:
    kind: str  # "term" | "cat" | "item"
    term: str  # 113學年度第1學期
    category: str
    lines: tuple[str, ...] = ()
    count: int = 0
    continued: bool = False  # a repeated heading at the top of a column

    def height(self, style: TableStyle) -> float:
        if self.kind == "term":
            return style.term_h
        if self.kind == "cat":
            return style.lead + 0.6
        return len(self.lines) * style.lead + 0.4


def build_rows(pen: Pen, student: NoticeStudent, style: TableStyle) -> list[Row]:
    """Items grouped by term, then category (in the order they first appear), as rows."""
    terms: dict[tuple[int, int], dict[str, list[ReceiptLine]]] = {}
    for line in student.items:
        terms.setdefault((line.school_year, line.semester), {}).setdefault(line.category, []).append(line)
    width = (style.column_width - COUNT_W_MM - 4) * MM
    rows: list[Row] = []
    for year, sem in sorted(terms):
        term = f"{year}學年度第{sem}學期"
        rows.append(Row("term", term, ""))
        for category, lines in terms[(year, sem)].items():
            rows.append(Row("cat", term, category))
            for line in lines:
                rows.append(Row("item", term, category, tuple(pen.wrap(line.item, width, style.size)), line.count))
    return rows


def _continuation(first: Row) -> Row:
    label = first.term + (f" {first.category}" if first.kind == "item" else "")
    return Row("term", label, first.category, continued=True)


Column = list[Row]


def flow(rows: Sequence[Row], rooms: Sequence[float], style: TableStyle, *,
         continued: bool = False) -> list[list[Column]] | None:
    """Fill the pages' columns in order (``rooms``: the height of each page's columns, mm, below the
    table header); ``None`` when the rows do not fit in them. ``continued``: the rows go on from an
    earlier page (a first row that is not a term heading gets the heading again)."""
    slots = [(p, room) for p, room in enumerate(rooms) for _ in range(style.columns)]
    pages: list[list[Column]] = [[[] for _ in range(style.columns)] for _ in rooms]
    k = 0
    used = 0.0
    i = 0
    while i < len(rows):
        if k >= len(slots):
            return None
        page, room = slots[k]
        column = pages[page][k % style.columns]
        row = rows[i]
        if not column and row.kind != "term" and (i > 0 or continued):
            column.append(_continuation(row))
            used += style.term_h
        h = row.height(style)
        if used + h <= room:
            column.append(row)
            used += h
            i += 1
            continue
        # the row does not fit: headings at the foot of this column move on with it
        while column and column[-1].kind in ("term", "cat") and not column[-1].continued:
            column.pop()
            i -= 1
        if column and all(r.continued for r in column):
            column.clear()
        k += 1  # (a row taller than any column exhausts the slots: None)
        used = 0.0
    return pages


def flow_balanced(rows: Sequence[Row], rooms: Sequence[float], style: TableStyle) -> list[list[Column]] | None:
    """:func:`flow`, then the last page that has rows is set again with its columns of even length
    (the shortest column height that still holds them), so a short list does not leave the second
    column empty."""
    pages = flow(rows, rooms, style)
    if pages is None or style.columns == 1:
        return pages
    last = max((p for p, columns in enumerate(pages) if any(columns)), default=None)
    if last is None:
        return pages
    own = [r for column in pages[last] for r in column if not r.continued]
    lo, hi, best = 0.0, rooms[last], pages[last]
    for _ in range(14):  # bisection to about 0.02 mm
        mid = (lo + hi) / 2
        tried = flow(own, [mid], style, continued=last > 0)
        if tried is None:
            lo = mid
        else:
            hi, best = mid, tried[0]
    pages[last] = best
    return pages


def draw_table(pen: Pen, top: float, columns: Sequence[Column], style: TableStyle, *, caption: str,
               empty: bool = False) -> float:
    """Draw the header bar (``caption`` over the first column) and the columns from *top* (mm);
    returns the bottom (mm)."""
    c = pen.canvas

    def y(mm: float) -> float:
        return (PAGE_H_MM - mm) * MM

    width = style.column_width
    c.setFillGray(0.88)
    c.rect(LEFT_MM * MM, y(top + style.header_h), (RIGHT_MM - LEFT_MM) * MM, style.header_h * MM, stroke=0, fill=1)
    c.setFillGray(0)
    lowest = top + style.header_h
    for n in range(style.columns):
        x0 = LEFT_MM + n * (width + COLUMN_GAP_MM)
        x1 = x0 + width
        pen.draw((x0 + 1.5) * MM, y(top + style.header_h - 1.6), caption if n == 0 else "項目名稱（續）", style.size)
        pen.draw((x1 - 1.5) * MM, y(top + style.header_h - 1.6), "件數", style.size, align="right")
        cur = top + style.header_h
        if empty and n == 0:
            pen.draw((x0 + 1.5) * MM, y(cur + style.lead + 0.6), "（無收訖項目）", style.size)
            cur += style.lead + 2
        column = columns[n] if n < len(columns) else []
        for row in column:
            cur = _draw_row(pen, row, x0, x1, cur, style)
        lowest = max(lowest, cur)
    c.setLineWidth(0.6)
    c.line(LEFT_MM * MM, y(lowest + 0.5), RIGHT_MM * MM, y(lowest + 0.5))
    return lowest + 0.5


def _draw_row(pen: Pen, row: Row, x0: float, x1: float, cur: float, style: TableStyle) -> float:
    c = pen.canvas

    def y(mm: float) -> float:
        return (PAGE_H_MM - mm) * MM

    h = row.height(style)
    if row.kind == "term":
        c.setFillGray(0.95)
        c.rect(x0 * MM, y(cur + h), (x1 - x0) * MM, h * MM, stroke=0, fill=1)
        c.setFillGray(0)
        pen.draw((x0 + 1.5) * MM, y(cur + h - 1.6), row.term + ("（續）" if row.continued else ""), style.size + 0.5)
    elif row.kind == "cat":
        c.setLineWidth(0.3)
        c.line(x0 * MM, y(cur), x1 * MM, y(cur))
        pen.draw((x0 + 1.5) * MM, y(cur + style.lead), f"【{row.category}】", style.size)
    else:
        for n, line in enumerate(row.lines):
            pen.draw((x0 + 5) * MM, y(cur + style.lead * (n + 1)), line, style.size)
        pen.draw((x1 - 1.5) * MM, y(cur + style.lead), str(row.count), style.size, align="right")
    return cur + h
