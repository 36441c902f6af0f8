"""The mailed receipt-confirmation notice (收訖明細確認通知) for departed students, one or more A4 pages each.

Seed 001 §六(三): after the school submits, the registry has the receipt details (收訖明細) confirmed;
doubts are answered by the office that submitted the data. Seed 001 §九(三)3 / DOMAIN.md: a student who
has left cannot use the school platform, so the confirmation goes by post.

Page 1: letterhead, the address block where the envelope's window is, the date (中華民國…年…月…日)
and reference data opposite it, the title, a salutation (to the parent or guardian too when the
student is a minor), what this is and why it comes by post, the deadline, how to confirm or raise a
doubt and whom to contact, then the received items grouped by term and category. Long lists go on
to further pages (第2頁／共3頁, with a short header). The reply slip with its cut line sits at the
foot of the last page and never splits: rows are moved to a new page when it would not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4

from portfolio_desktop.domain.roc import format_roc_long
from portfolio_desktop.reports.data import (
    MM,
    Cancelled,
    EnvelopeWindow,
    Letterhead,
    NoticeStudent,
    NoticeText,
    ReceiptLine,
    RenderResult,
)
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.pdf import check_coverage, new_canvas
from portfolio_desktop.reports.reply_slip import LEFT, RIGHT, BOTTOM, draw_reply_slip, slip_height, y
from portfolio_desktop.reports.text import Pen

PAGE_W, PAGE_H = A4
BODY_SIZE, BODY_LEAD = 10.0, 5.4
ROW_SIZE, ROW_LEAD = 9.5, 4.6
PAGE_BOTTOM = 282.0  # mm: rows end above this on pages without the slip
CONT_TABLE_TOP = 31.0  # mm: where the table starts on continuation pages
COL_CAT, COL_ITEM, COL_COUNT = LEFT, LEFT + 36, RIGHT  # mm
TERM_ROW_H = 6.5
TITLE_TOP, SALUTATION_TOP = 104.0, 111.5  # mm; the first tri-fold line is at 99 mm


@dataclass
class _Row:
    kind: str  # "term" | "item"
    term: str  # 113學年度第1學期
    category: str
    lines: list[str]
    count: int = 0
    first: bool = False  # first row of its category group

    @property
    def height(self) -> float:
        return TERM_ROW_H if self.kind == "term" else max(1, len(self.lines)) * ROW_LEAD + 1.6


def _rows(pen: Pen, student: NoticeStudent) -> list[_Row]:
    """Items grouped by term, then category (in the order they first appear), as table rows."""
    rows: list[_Row] = []
    terms: dict[tuple[int, int], dict[str, list[ReceiptLine]]] = {}
    for line in student.items:
        terms.setdefault((line.school_year, line.semester), {}).setdefault(line.category, []).append(line)
    width = (COL_COUNT - 14 - COL_ITEM) * MM
    for year, sem in sorted(terms):
        term = f"{year}學年度第{sem}學期"
        rows.append(_Row("term", term, "", []))
        for category, lines in terms[(year, sem)].items():
            for i, line in enumerate(lines):
                wrapped = pen.wrap(line.item, width, ROW_SIZE)
                rows.append(_Row("item", term, category, wrapped, line.count, first=i == 0))
    return rows


def _paragraphs(student: NoticeStudent, text: NoticeText, head: Letterhead) -> list[str]:
    deadline = format_roc_long(text.deadline)
    contact = "、".join(p for p in (head.office, head.contact) if p)
    phone = f"，電話 {head.phone}" if head.phone else ""
    email = f"，電子郵件 {head.email}" if head.email else ""
    return [
        "　　本校已將您在學期間的學習歷程檔案資料提交至學生學習歷程資料庫，資料庫回傳的收訖明細（已收到的項目）"
        f"如下表，請您確認。因您目前學籍狀態為「{student.status_zh}」，已無法登入學校學習歷程平臺線上確認，"
        "故依本校作業規定以郵寄方式通知。",
        f"　　請核對下表，並於 {deadline} 前將本頁下方回條沿虛線剪下，勾選「確認無誤」或「有疑義」並簽名"
        f"（未成年者請家長或監護人一併簽名），寄回或送交本校{head.office}。有疑義者請在回條寫明項目及內容，"
        f"本校將請原提交單位（{text.answering_offices}）協助確認後回覆。",
        f"　　聯絡窗口：{head.school_name} {contact}{phone}{email}。",
    ]


def _salutation(student: NoticeStudent) -> str:
    if student.minor:
        guardian = f"家長（監護人）{student.guardian} 君" if student.guardian else "家長（監護人）"
        return f"{student.name} 同學 暨 {guardian}　您好："
    return f"{student.name} 同學　您好："


def _recipient(student: NoticeStudent) -> str:
    return f"{student.name} 同學 暨 家長（監護人） 收" if student.minor else f"{student.name} 同學 收"


class NoticeWriter:
    """Draws notices onto one canvas; :meth:`add` appends one student's pages."""

    def __init__(self, pen: Pen, head: Letterhead, window: EnvelopeWindow, text: NoticeText) -> None:
        self.pen, self.head, self.window, self.text = pen, head, window, text
        self.pages = 0

    # --- layout ---------------------------------------------------------------------------------
    def _page1_table_top(self, student: NoticeStudent) -> tuple[list[list[str]], float]:
        width = (RIGHT - LEFT) * MM
        paras = [self.pen.wrap(p, width, BODY_SIZE) for p in _paragraphs(student, self.text, self.head)]
        top = SALUTATION_TOP + sum(len(p) for p in paras) * BODY_LEAD + 4
        return paras, top

    def _paginate(self, rows: list[_Row], first_top: float, slip: float) -> list[list[_Row]]:
        """Rows per page; the last page keeps room for the slip and its cut line."""
        head_h = ROW_LEAD + 3

        def cont_start(first: _Row) -> float:  # a continued page repeats the term heading
            return CONT_TABLE_TOP + head_h + (TERM_ROW_H if first.kind == "item" else 0)

        pages: list[list[_Row]] = [[]]
        cur = first_top + head_h
        for row in rows:
            if cur + row.height > PAGE_BOTTOM and pages[-1]:
                if pages[-1][-1].kind == "term":  # a heading goes down with its first row
                    pages.append([pages[-1].pop()])
                    cur = cont_start(pages[-1][0]) + TERM_ROW_H
                else:
                    pages.append([])
                    cur = cont_start(row)
            pages[-1].append(row)
            cur += row.height
        slip_top = PAGE_H / MM - BOTTOM - slip
        if cur + 4 > slip_top:  # the slip does not fit under the rows: last row(s) go to a new page
            last = pages[-1]
            moved = [last.pop()]
            while last and last[-1].kind == "term":
                moved.insert(0, last.pop())
            pages.append(moved)
        return pages

    # --- drawing --------------------------------------------------------------------------------
    def add(self, student: NoticeStudent) -> int:
        pen = self.pen
        paras, table_top = self._page1_table_top(student)
        slip = slip_height(pen, student)
        pages = self._paginate(_rows(pen, student), table_top, slip)
        total = len(pages)
        for n, page_rows in enumerate(pages, start=1):
            if n == 1:
                self._first_page(student, paras, total)
                top = table_top
            else:
                self._continuation_header(student, n, total)
                top = CONT_TABLE_TOP
            if page_rows or n == 1:
                self._table(top, page_rows, continued=n > 1, empty=not student.items)
            if n == total:
                draw_reply_slip(pen, PAGE_H / MM - BOTTOM - slip, student, self.text, self.head)
            pen.canvas.showPage()
        self.pages += total
        return total

    def _page_number(self, n: int, total: int, top: float) -> None:
        if total > 1:
            self.pen.draw(RIGHT * MM, y(top), f"第{n}頁／共{total}頁", 9, align="right")

    def _first_page(self, student: NoticeStudent, paras: list[list[str]], total: int) -> None:
        pen, head, c = self.pen, self.head, self.pen.canvas
        x = LEFT
        if head.logo_path and Path(head.logo_path).is_file():
            c.drawImage(head.logo_path, LEFT * MM, y(32), 20 * MM, 20 * MM, preserveAspectRatio=True, mask="auto")
            x = LEFT + 24
        pen.draw(x * MM, y(19), head.school_name, 16)
        pen.draw(x * MM, y(25.5), head.office, 11)
        contact = "　".join(
            p for p in (head.return_address, head.phone and f"電話 {head.phone}", head.fax and f"傳真 {head.fax}") if p
        )
        pen.draw(x * MM, y(31), contact, 8.5)
        self._page_number(1, total, 19)
        c.setLineWidth(0.8)
        c.line(LEFT * MM, y(35), RIGHT * MM, y(35))
        self._address_block(student)
        self._reference_block(student)
        pen.draw(PAGE_W / 2, y(TITLE_TOP), "學生學習歷程檔案收訖明細確認通知", 15, align="center")
        pen.draw(LEFT * MM, y(SALUTATION_TOP), _salutation(student), 11)
        cur = SALUTATION_TOP
        for para in paras:
            for line in para:
                cur += BODY_LEAD
                pen.draw(LEFT * MM, y(cur), line, BODY_SIZE)

    def _address_block(self, student: NoticeStudent) -> None:
        pen, w = self.pen, self.window
        width = w.width_mm * MM
        cur = w.top_mm + 5
        pen.draw(w.left_mm * MM, y(cur), student.postal_code, 12)
        for line in pen.wrap(student.address, width, 11)[:4]:
            cur += 5.2
            pen.draw(w.left_mm * MM, y(cur), line, 11)
        for line in pen.wrap(_recipient(student), width, 13)[:2]:
            cur += 7.5
            pen.draw(w.left_mm * MM, y(cur), line, 13)

    def _reference_block(self, student: NoticeStudent) -> None:
        w = self.window
        x = 120.0 if w.left_mm + w.width_mm / 2 < PAGE_W / MM / 2 else LEFT
        lines = [
            f"發文日期：{format_roc_long(self.text.issued_on)}",
            f"學　　號：{student.student_no}",
            f"班　　級：{student.class_label}",
            f"身分證統一編號：{student.masked_id}",
        ]
        if self.text.batch_label:
            lines.append(f"通知批次：{self.text.batch_label}")
        cur = w.top_mm + 4
        for line in lines:
            self.pen.draw(x * MM, y(cur), line, 9.5)
            cur += 5.5

    def _continuation_header(self, student: NoticeStudent, n: int, total: int) -> None:
        pen, c = self.pen, self.pen.canvas
        pen.draw(LEFT * MM, y(16), f"{self.head.school_name} {self.head.office}", 10)
        pen.draw(LEFT * MM, y(22), f"收訖明細確認通知（續）　{student.name}　學號 {student.student_no}", 10)
        self._page_number(n, total, 16)
        c.setLineWidth(0.6)
        c.line(LEFT * MM, y(25), RIGHT * MM, y(25))

    def _table(self, top: float, rows: Sequence[_Row], *, continued: bool, empty: bool) -> None:
        pen, c = self.pen, self.pen.canvas
        head_h = ROW_LEAD + 3
        c.setFillGray(0.88)
        c.rect(LEFT * MM, y(top + head_h), (RIGHT - LEFT) * MM, head_h * MM, stroke=0, fill=1)
        c.setFillGray(0)
        base = top + head_h - 2
        pen.draw(COL_CAT * MM + 2, y(base), "類別", ROW_SIZE)
        pen.draw(COL_ITEM * MM, y(base), "項目名稱" + ("（續）" if continued else ""), ROW_SIZE)
        pen.draw(COL_COUNT * MM - 2, y(base), "件數", ROW_SIZE, align="right")
        cur = top + head_h
        if empty:
            pen.draw(COL_ITEM * MM, y(cur + ROW_LEAD), "（無收訖項目）", ROW_SIZE)
        c.setLineWidth(0.3)
        for i, row in enumerate(rows):
            if row.kind == "term" or (i == 0 and continued):  # a continued page repeats its term
                label = row.term if row.kind == "term" else f"{row.term}（續）"
                c.setFillGray(0.95)
                c.rect(LEFT * MM, y(cur + TERM_ROW_H), (RIGHT - LEFT) * MM, TERM_ROW_H * MM, stroke=0, fill=1)
                c.setFillGray(0)
                pen.draw(COL_CAT * MM + 2, y(cur + TERM_ROW_H - 2), label, 10)
                cur += TERM_ROW_H
                if row.kind == "term":
                    continue
            if row.first or (i == 0 and continued) or (i > 0 and rows[i - 1].kind == "term"):
                c.line(LEFT * MM, y(cur), RIGHT * MM, y(cur))
                pen.draw(COL_CAT * MM + 2, y(cur + ROW_LEAD), row.category + ("" if row.first else "（續）"), ROW_SIZE)
            for n, line in enumerate(row.lines):
                pen.draw(COL_ITEM * MM, y(cur + ROW_LEAD * (n + 1)), line, ROW_SIZE)
            pen.draw(COL_COUNT * MM - 2, y(cur + ROW_LEAD), str(row.count), ROW_SIZE, align="right")
            cur += row.height
        c.setLineWidth(0.6)
        c.line(LEFT * MM, y(cur + 0.5), RIGHT * MM, y(cur + 0.5))


def render_notices(
    students: Sequence[NoticeStudent],
    out: Path | str | BinaryIO,
    *,
    letterhead: Letterhead,
    window: EnvelopeWindow,
    text: NoticeText,
    fonts: FontSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """Write one PDF with every student's notice. Checks font coverage first (refuses with a list of
    students and characters: :class:`~portfolio_desktop.reports.pdf.UncoveredCharacters`)."""
    fonts = fonts or font_set()
    head_texts = [letterhead.school_name, letterhead.office, letterhead.address, letterhead.phone]
    check_coverage(fonts, [("信頭 letterhead", [*head_texts, letterhead.contact, letterhead.email])])
    check_coverage(fonts, ((f"{s.student_no} {s.name}", s.printed_text()) for s in students))
    canvas = new_canvas(out, fonts, title="學生學習歷程檔案收訖明細確認通知", subject=text.batch_label)
    writer = NoticeWriter(Pen(canvas, fonts), letterhead, window, text)
    result = RenderResult()
    total = len(students)
    for i, student in enumerate(students):
        if cancelled is not None and cancelled():
            raise Cancelled()
        result.pages_by_student[student.student_no] = writer.add(student)
        if progress is not None:
            progress(i + 1, total)
    canvas.save()
    result.pages = writer.pages
    return result
