"""The bulk-mail list of a notice batch in the post office's layout (交寄大宗函件執據; for registered
mail 交寄大宗掛號函件執據, whose counter copy is the 大宗掛號函件存根), as an A4 PDF.

Chunghwa Post takes a bulk posting with a list that names the sender and the sender's address, the
date of posting and the class of mail (平信 / 掛號 / 限時掛號); per piece the registered number, the
addressee and the address and the postage; the count and the postage per page and in all; and room
for the counter's postmark (收寄郵戳) and the clerk's signature (經辦員簽章). The addressee's 學號 is
not the post office's business and is not printed. Dates are ROC dates (中華民國113年9月2日).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from portfolio_desktop.domain.roc import format_roc_long
from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import MM, Letterhead, recipient_line
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.layout import PAGE_H_MM
from portfolio_desktop.reports.pdf import check_coverage, new_canvas
from portfolio_desktop.reports.text import Pen

LEFT, RIGHT = 15.0, 195.0
ROWS_PER_PAGE = 20
# (header, width mm)
COLUMNS = (("順序", 10.0), ("掛號號碼", 24.0), ("收件人", 28.0), ("郵遞區號", 15.0), ("寄達地址", 73.0),
           ("郵資", 15.0), ("備考", 15.0))  # fmt: skip
SIZE, LEAD, MIN_ROW = 9.0, 3.9, 8.0
MAIL_CLASSES = {"平信": "ordinary", "掛號": "registered", "限時掛號": "prompt registered"}
MAIL_CLASS_ALIASES = {"ordinary": "平信", "registered": "掛號", "prompt": "限時掛號", "prompt-registered": "限時掛號",
                      "限掛": "限時掛號"}  # fmt: skip
# .xlsx header (reports/mailing_xlsx.py), the same columns as the PDF
MAILING_HEADERS = [h for h, _ in COLUMNS]


@dataclass(frozen=True)
class Addressee:
    student_no: str  # only to name a student in an error; never printed on the list
    name: str
    postal_code: str
    address: str
    minor: bool = True  # then labels name the parent or guardian too, as the letters do

    @property
    def label_name(self) -> str:
        """The recipient line, the same as on the letter."""
        return recipient_line(self.name, self.minor)


@dataclass(frozen=True)
class Posting:
    """What the post office is told about the whole posting."""

    sender: Letterhead
    mailed_on: date
    mail_class: str = "掛號"  # 平信 / 掛號 / 限時掛號
    start_number: str = ""  # first registered number; the rest follow (leading zeros kept)
    postage: int | None = None  # per piece, NT$; None: left blank to fill in by hand
    batch_label: str = ""

    @property
    def registered(self) -> bool:
        return self.mail_class != "平信"

    @property
    def title(self) -> str:
        return "交寄大宗掛號函件執據" if self.registered else "交寄大宗函件執據"


def mail_class(text: str) -> str:
    """平信 / 掛號 / 限時掛號 (or ordinary / registered / prompt-registered) → the Chinese class."""
    t = text.strip()
    t = MAIL_CLASS_ALIASES.get(t.lower(), t)
    if t not in MAIL_CLASSES:
        raise RuleError(f"不認得的郵件種類「{text}」；可用：平信、掛號、限時掛號",
                        f"unknown class of mail '{text}'; use ordinary, registered or prompt-registered")
    return t


def registered_numbers(start: str, count: int) -> list[str]:
    """``count`` consecutive registered numbers from ``start``, as wide as ``start`` (leading zeros
    kept): "000998" → 000998, 000999, 001000. Empty when no start number is given."""
    s = start.strip()
    if not s:
        return [""] * count
    if not s.isdigit():
        raise RuleError(f"掛號號碼起號「{start}」應只含數字", f"the first registered number '{start}' must be digits only")
    width, first = len(s), int(s)
    if len(str(first + count - 1)) > width:
        raise RuleError(f"掛號號碼從 {s} 起 {count} 件會超過 {width} 位數", f"{count} numbers from {s} overflow {width} digits")
    return [str(first + k).zfill(width) for k in range(count)]


def _row_lines(pen: Pen, p: Addressee) -> tuple[list[str], float]:
    width = COLUMNS[4][1] * MM - 4
    lines = pen.wrap(p.address, width, SIZE) or [""]
    return lines, max(MIN_ROW, len(lines) * LEAD + 3)


def paginate(pen: Pen, people: Sequence[Addressee], room: float) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, p in enumerate(people):
        _, h = _row_lines(pen, p)
        if pages[-1] and (used + h > room or len(pages[-1]) >= ROWS_PER_PAGE):
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += h
    return pages


def _y(mm: float) -> float:
    return (PAGE_H_MM - mm) * MM


def _money(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


TABLE_TOP, TABLE_BOTTOM = 47.0, 236.0


def render_mailing_list(
    people: Sequence[Addressee],
    out: Path | str | BinaryIO,
    *,
    posting: Posting,
    fonts: FontSet | None = None,
) -> int:
    """Write the list; returns the number of pages."""
    fonts = fonts or font_set()
    check_coverage(fonts, [(f"{p.student_no} {p.name}", [p.name, p.address, p.postal_code]) for p in people])
    head = posting.sender
    check_coverage(fonts, [("寄件人 sender", [head.school_name, head.office, head.address, head.phone])])
    numbers = registered_numbers(posting.start_number, len(people)) if posting.registered else [""] * len(people)
    canvas = new_canvas(out, fonts, title=posting.title, subject=posting.batch_label)
    pen = Pen(canvas, fonts)
    header_h = 7.0
    pages = paginate(pen, people, TABLE_BOTTOM - TABLE_TOP - header_h)
    total = len(pages)
    for n, indexes in enumerate(pages, start=1):
        _page_head(pen, posting, n, total)
        top = TABLE_TOP
        canvas.setFillGray(0.88)
        canvas.rect(LEFT * MM, _y(top + header_h), (RIGHT - LEFT) * MM, header_h * MM, stroke=0, fill=1)
        canvas.setFillGray(0)
        xs = [LEFT]
        for _, w in COLUMNS:
            xs.append(xs[-1] + w)
        for (header, _), x in zip(COLUMNS, xs, strict=False):
            pen.draw((x + 1.2) * MM, _y(top + 4.8), header, 8.5)
        cur = top + header_h
        canvas.setLineWidth(0.3)
        for i in indexes:
            p = people[i]
            lines, h = _row_lines(pen, p)
            base = cur + LEAD + 1.2
            cells = [str(i + 1), numbers[i], p.name, p.postal_code]
            for text, x in zip(cells, xs, strict=False):
                pen.draw((x + 1.2) * MM, _y(base), text, SIZE)
            for k, line in enumerate(lines):
                pen.draw((xs[4] + 1.2) * MM, _y(base + k * LEAD), line, SIZE)
            pen.draw((xs[6] - 1.2) * MM, _y(base), _money(posting.postage), SIZE, align="right")
            cur += h
            canvas.line(LEFT * MM, _y(cur), RIGHT * MM, _y(cur))
        for x in xs[1:-1]:
            canvas.line(x * MM, _y(top), x * MM, _y(cur))
        canvas.setLineWidth(0.6)
        canvas.rect(LEFT * MM, _y(cur), (RIGHT - LEFT) * MM, (cur - top) * MM)
        _page_foot(pen, posting, len(indexes), len(people), n == total)
        canvas.showPage()
    canvas.save()
    return total


def _page_head(pen: Pen, posting: Posting, n: int, total: int) -> None:
    head = posting.sender
    pen.draw(105 * MM, _y(18), posting.title, 15, align="center")
    pen.draw(RIGHT * MM, _y(18), f"第{n}頁／共{total}頁", 9, align="right")
    sender = f"寄件人：{head.school_name} {head.office}"
    pen.draw(LEFT * MM, _y(27), sender, 10)
    if head.phone:
        pen.draw(RIGHT * MM, _y(27), f"電話：{head.phone}", 10, align="right")
    pen.draw(LEFT * MM, _y(33), f"寄件人地址：{head.return_address}", 10)
    pen.draw(LEFT * MM, _y(39), f"交寄日期：{format_roc_long(posting.mailed_on)}", 10)
    pen.draw(80 * MM, _y(39), f"郵件種類：國內{posting.mail_class}", 10)
    postage = f"每件郵資：{posting.postage} 元" if posting.postage is not None else "每件郵資：＿＿＿ 元"
    pen.draw(RIGHT * MM, _y(39), postage, 10, align="right")
    if posting.batch_label:
        pen.draw(LEFT * MM, _y(44.5), f"（{posting.batch_label}）", 8)


def _page_foot(pen: Pen, posting: Posting, on_page: int, overall: int, last: bool) -> None:
    c = pen.canvas
    cost = posting.postage
    page_cost = f"，郵資 {_money(cost * on_page)} 元" if cost is not None else "，郵資＿＿＿＿元"
    pen.draw(LEFT * MM, _y(TABLE_BOTTOM + 6), f"本頁 {on_page} 件{page_cost}", 10)
    all_cost = f"，郵資共計 {_money(cost * overall)} 元" if cost is not None else "，郵資共計＿＿＿＿元"
    pen.draw(RIGHT * MM, _y(TABLE_BOTTOM + 6), f"全批共 {overall} 件{all_cost}", 10.5 if last else 10, align="right")
    top, h = TABLE_BOTTOM + 11, 36.0
    c.setLineWidth(0.5)
    boxes = (("寄件人簽章", LEFT, 55.0), ("經辦員簽章", LEFT + 60, 55.0), ("收寄郵戳", LEFT + 120, RIGHT - LEFT - 120))
    for label, x, w in boxes:
        c.rect(x * MM, _y(top + h), w * MM, h * MM)
        pen.draw((x + 2) * MM, _y(top + 5), label, 9)
