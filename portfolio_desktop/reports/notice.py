"""The mailed receipt-confirmation notice (收訖明細確認通知) for departed students.

Seed 001 §六(三): after the school submits, the registry (註冊組 / 進修部教務組) confirms the receipt
details (收訖明細); doubts are answered by the office that submitted the data. Seed 001 §九(三)3: a
student who has left and cannot use the school platform is asked by post.

Page 1: the division's letterhead, fold marks, the address block where the envelope's window is
(:mod:`~portfolio_desktop.reports.address_block`), the date, 發文字號 and reference data opposite
it, the title, a salutation (to the parent or guardian too when the student is a minor), what this is
and why it comes by post (worded by the student's status), the deadline, how to reply and with which
envelope, what happens without a reply, whom to contact, a closing, then the received items.

Where the reply slip goes (the rules are in :func:`NoticeWriter.plan`):
* on page 1 whenever the items fit above it, set in one column or, packed, in two;
* otherwise at the foot of the last page, and the letter says 「本通知共 N 頁，回條在第 N 頁」;
* printed two-sided (``duplex``, the default) each notice has an even number of pages (a blank page
  is added), so no student's letter is on the back of another's; and the page on the back of the
  slip keeps its rows above the cut line, so cutting the slip off cuts no rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from portfolio_desktop.domain.roc import format_roc_long
from portfolio_desktop.reports.address_block import AddressLines, AddressTooLong, draw_address, fit_address
from portfolio_desktop.reports.data import (
    MM,
    Cancelled,
    Letterhead,
    NoticeStudent,
    NoticeText,
    RenderResult,
    recipient_line,
)
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.layout import (
    EnvelopeWindow,
    BOTTOM_MM,
    DUPLEX_DEFAULT,
    FOLD_MARK_X_MM,
    LEFT_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    RIGHT_MM,
    SLIP_GAP_MM,
)
from portfolio_desktop.reports.notice_table import (
    ONE_COLUMN,
    TWO_COLUMNS,
    Column,
    TableStyle,
    build_rows,
    draw_table,
    flow_balanced,
)
from portfolio_desktop.reports.pdf import check_coverage, new_canvas
from portfolio_desktop.reports.reply_slip import draw_reply_slip, slip_top, y
from portfolio_desktop.reports.text import Pen

BODY_SIZE, BODY_LEAD = 9.5, 4.6
PAGE_BOTTOM = PAGE_H_MM - BOTTOM_MM  # rows end above this on pages without the slip
CONT_TABLE_TOP = 29.0  # where the table starts on continuation pages
TITLE_TOP, SALUTATION_TOP = 105.0, 112.0  # mm; the first tri-fold line is at 99 mm
MAX_PAGES = 60

# Why the letter comes by post, by 學籍狀態 (seed 001 §九(三)3: those who left cannot use the platform).
_WHY_BY_POST = {
    "休學": "因您目前休學中", "轉出": "因您已轉出本校", "退學": "因您已退學", "畢業": "因您已畢業",
    "離校": "因您已離校",
}  # fmt: skip


def _why(student: NoticeStudent) -> str:
    if not student.departed:
        return (f"您目前學籍狀態為「{student.status_zh}」，也可以登入學校學習歷程平臺線上確認；"
                "本通知以書面寄送供您核對，線上或寄回回條擇一即可。")  # fmt: skip
    why = _WHY_BY_POST.get(student.status_zh, f"因您目前學籍狀態為「{student.status_zh}」")
    return f"{why}，無法登入學校學習歷程平臺線上確認，依本校作業規定以書面郵寄通知您確認。"


def paragraphs(student: NoticeStudent, text: NoticeText, head: Letterhead, *, total: int, slip_page: int) -> list[str]:
    deadline = format_roc_long(text.deadline)
    envelope = "以隨函所附回郵信封" if text.return_envelope else "以信封（請貼足郵資）"
    answering = student.answering_offices or text.answering_offices
    contact = "、".join(p for p in (head.office, head.contact) if p)
    phone = f"，電話 {head.phone}" if head.phone else ""
    email = f"，電子郵件 {head.email}" if head.email else ""
    how = (f"請核對收訖明細，於 {deadline} 前將本頁下方回條沿虛線剪下" if total == 1 else
           f"本通知共 {total} 頁，回條在第 {slip_page} 頁。請核對收訖明細，於 {deadline} 前將回條沿虛線剪下")  # fmt: skip
    return [
        "　　本校已將您的學習歷程檔案資料提交至學生學習歷程資料庫，資料庫回傳的收訖明細（已收到的項目）"
        f"如下表，請您確認。{_why(student)}",
        f"　　{how}，勾選「確認無誤」或「有疑義」並簽名（未成年者請家長或監護人一併簽名），"
        f"{envelope}寄回或送交本校{head.office}。有疑義者請在回條寫明項目及內容，"
        f"本校將請原提交單位（{answering}）協助確認後回覆。",
        f"　　逾期未寄回回條者，由本校{head.office}依已提交的資料完成收訖明細確認；日後如發現疑義，仍請洽本校{head.office}。",
        f"　　聯絡窗口：{head.school_name} {contact}{phone}{email}。",
    ]


def salutation(student: NoticeStudent) -> str:
    if student.minor:
        guardian = f"家長（監護人）{student.guardian} 君" if student.guardian else "家長（監護人）"
        return f"{student.name} 同學 暨 {guardian}　您好："
    return f"{student.name} 同學　您好："


def recipient(student: NoticeStudent) -> str:
    """The name line of the address (the same on letters and labels)."""
    return recipient_line(student.name, student.minor)


@dataclass
class Plan:
    """How one notice is laid out: its pages' table columns, the slip's page, the table style."""

    paras: list[list[str]]
    table_top: float
    style: TableStyle
    pages: list[list[Column]]
    slip_page: int
    slip_top: float

    @property
    def total(self) -> int:
        return len(self.pages)


class NoticeWriter:
    """Draws notices onto one canvas; :meth:`add` appends one student's pages."""

    def __init__(self, pen: Pen, head: Letterhead, window: EnvelopeWindow, text: NoticeText, *,
                 letterheads: Mapping[str, Letterhead] | None = None, duplex: bool = DUPLEX_DEFAULT) -> None:
        self.pen, self.head, self.window, self.text = pen, head, window, text
        self.letterheads = dict(letterheads or {})
        self.duplex = duplex
        self.pages = 0
        self.slip_pages: dict[str, int] = {}  # 學號 → the page with the reply slip

    def head_for(self, student: NoticeStudent) -> Letterhead:
        return self.letterheads.get(student.division, self.head)

    def address(self, student: NoticeStudent) -> AddressLines | None:
        return fit_address(self.pen, self.window, student.address, recipient(student))

    # --- layout ---------------------------------------------------------------------------------
    def _paras(self, student: NoticeStudent, total: int, slip_page: int) -> tuple[list[list[str]], float]:
        width = (RIGHT_MM - LEFT_MM) * MM
        texts = paragraphs(student, self.text, self.head_for(student), total=total, slip_page=slip_page)
        paras = [self.pen.wrap(p, width, BODY_SIZE) for p in texts]
        closing = SALUTATION_TOP + (sum(len(p) for p in paras) + 1) * BODY_LEAD
        return paras, closing + 3

    def plan(self, student: NoticeStudent) -> Plan:
        """The fewest pages that hold the items: one page with the slip at its foot (one column,
        then two), else more pages with the slip on the last one. With ``duplex`` the page on the
        back of the slip (the one before it when the slip is on an even page) keeps its rows above
        the cut line too."""
        pen = self.pen
        cut = slip_top(pen, student, self.text, self.head_for(student))
        under_slip = cut - SLIP_GAP_MM

        def room(top: float, bottom: float, style: TableStyle) -> float:
            return bottom - top - style.header_h

        for total in range(1, MAX_PAGES + 1):
            paras, table_top = self._paras(student, total, total)
            styles = (ONE_COLUMN, TWO_COLUMNS) if total == 1 else (TWO_COLUMNS,)
            for style in styles:
                rows = build_rows(pen, student, style)
                bottoms = [PAGE_BOTTOM] * total
                bottoms[-1] = under_slip
                if self.duplex and total % 2 == 0:
                    bottoms[-2] = under_slip  # the back of the slip
                tops = [table_top] + [CONT_TABLE_TOP] * (total - 1)
                pages = flow_balanced(rows, [room(t, b, style) for t, b in zip(tops, bottoms, strict=True)], style)
                if pages is not None:
                    return Plan(paras, table_top, style, pages, total, cut)
        raise ValueError(f"{student.student_no}: more than {MAX_PAGES} pages")  # not reachable for real receipts

    # --- drawing --------------------------------------------------------------------------------
    def add(self, student: NoticeStudent) -> int:
        """Draw one student's notice; returns its number of pages (with a blank pad page in duplex)."""
        pen = self.pen
        plan = self.plan(student)
        block = self.address(student)
        if block is None:
            raise AddressTooLong([f"{student.student_no} {student.name}"])
        head = self.head_for(student)
        count = sum(line.count for line in student.items)
        for n, columns in enumerate(plan.pages, start=1):
            if n == 1:
                self._first_page(student, head, plan, block)
                top = plan.table_top
                caption = f"收訖項目（共 {len(student.items)} 項、{count} 件）"
            else:
                self._continuation_header(student, head, n, plan.total)
                top = CONT_TABLE_TOP
                caption = "收訖項目（續）"
            if any(columns) or n == 1:
                draw_table(pen, top, columns, plan.style, caption=caption, empty=not student.items)
            if n == plan.slip_page:
                draw_reply_slip(pen, plan.slip_top, student, self.text, head)
            pen.canvas.showPage()
        pages = plan.total
        self.slip_pages[student.student_no] = plan.slip_page
        if self.duplex and pages % 2:
            pen.draw(PAGE_W_MM * MM / 2, y(PAGE_H_MM / 2), "（本頁空白）", 9, align="center")
            pen.canvas.showPage()
            pages += 1
        self.pages += pages
        return pages

    def _fold_marks(self) -> None:
        c = self.pen.canvas
        c.setLineWidth(0.3)
        for fold in self.window.folds_mm:
            c.line(FOLD_MARK_X_MM[0] * MM, y(fold), FOLD_MARK_X_MM[1] * MM, y(fold))

    def _page_number(self, n: int, total: int, top: float) -> None:
        if total > 1:
            self.pen.draw(RIGHT_MM * MM, y(top), f"第{n}頁／共{total}頁", 9, align="right")

    def _first_page(self, student: NoticeStudent, head: Letterhead, plan: Plan, block: AddressLines) -> None:
        pen, c = self.pen, self.pen.canvas
        x = LEFT_MM
        if head.logo_path and Path(head.logo_path).is_file():
            c.drawImage(head.logo_path, LEFT_MM * MM, y(32), 20 * MM, 20 * MM, preserveAspectRatio=True, mask="auto")
            x = LEFT_MM + 24
        pen.draw(x * MM, y(19), head.school_name, 16)
        pen.draw(x * MM, y(25.5), head.office, 11)
        contact = "　".join(
            p for p in (head.return_address, head.phone and f"電話 {head.phone}", head.fax and f"傳真 {head.fax}") if p
        )
        pen.draw(x * MM, y(31), contact, 8.5)
        self._page_number(1, plan.total, 19)
        c.setLineWidth(0.8)
        c.line(LEFT_MM * MM, y(35), RIGHT_MM * MM, y(35))
        self._fold_marks()
        draw_address(pen, self.window, student.postal_code, block)
        self._reference_block(student, head)
        pen.draw(PAGE_W_MM * MM / 2, y(TITLE_TOP), "學生學習歷程檔案收訖明細確認通知", 15, align="center")
        pen.draw(LEFT_MM * MM, y(SALUTATION_TOP), salutation(student), 10.5)
        cur = SALUTATION_TOP
        for para in plan.paras:
            for line in para:
                cur += BODY_LEAD
                pen.draw(LEFT_MM * MM, y(cur), line, BODY_SIZE)
        cur += BODY_LEAD
        pen.draw(LEFT_MM * MM, y(cur), "　　敬祝　平安", BODY_SIZE)
        pen.draw(RIGHT_MM * MM, y(cur), f"{head.school_name} {head.office}　敬啟", BODY_SIZE + 0.5, align="right")

    def _reference_block(self, student: NoticeStudent, head: Letterhead) -> None:
        w = self.window
        x = 120.0 if w.left_mm + w.width_mm / 2 < PAGE_W_MM / 2 else LEFT_MM
        lines = [f"發文日期：{format_roc_long(self.text.issued_on)}"]
        doc_no = head.doc_number(self.text.doc_serial)
        if doc_no:
            lines.append(f"發文字號：{doc_no}")
        lines += [
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

    def _continuation_header(self, student: NoticeStudent, head: Letterhead, n: int, total: int) -> None:
        pen, c = self.pen, self.pen.canvas
        pen.draw(LEFT_MM * MM, y(16), f"{head.school_name} {head.office}", 10)
        pen.draw(LEFT_MM * MM, y(22), f"收訖明細確認通知（續）　{student.name}　學號 {student.student_no}", 10)
        self._page_number(n, total, 16)
        c.setLineWidth(0.6)
        c.line(LEFT_MM * MM, y(25), RIGHT_MM * MM, y(25))


def render_notices(
    students: Sequence[NoticeStudent],
    out: Path | str | BinaryIO,
    *,
    letterhead: Letterhead,
    window: EnvelopeWindow,
    text: NoticeText,
    letterheads: Mapping[str, Letterhead] | None = None,
    duplex: bool = DUPLEX_DEFAULT,
    fonts: FontSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """Write one PDF with every student's notice. ``letterheads``: per division code (a student's
    ``division``), else ``letterhead``. Before anything is drawn it refuses characters no font has
    (:class:`~portfolio_desktop.reports.pdf.UncoveredCharacters`) and addresses that do not fit the
    window (:class:`~portfolio_desktop.reports.address_block.AddressTooLong`)."""
    fonts = fonts or font_set()
    for key, head in [("", letterhead), *sorted((letterheads or {}).items())]:
        texts = [head.school_name, head.office, head.address, head.phone, head.contact, head.email, head.doc_prefix]
        check_coverage(fonts, [(f"信頭 letterhead {key}".strip(), texts)])
    check_coverage(fonts, ((f"{s.student_no} {s.name}", s.printed_text()) for s in students))
    canvas = new_canvas(out, fonts, title="學生學習歷程檔案收訖明細確認通知", subject=text.batch_label)
    writer = NoticeWriter(Pen(canvas, fonts), letterhead, window, text, letterheads=letterheads, duplex=duplex)
    too_long = [f"{s.student_no} {s.name}" for s in students if writer.address(s) is None]
    if too_long:
        raise AddressTooLong(too_long)
    result = RenderResult()
    total = len(students)
    for i, student in enumerate(students):
        if cancelled is not None and cancelled():
            raise Cancelled()
        plan_pages = writer.add(student)
        result.pages_by_student[student.student_no] = plan_pages
        if progress is not None:
            progress(i + 1, total)
    canvas.save()
    result.pages = writer.pages
    result.slip_page_by_student = dict(writer.slip_pages)
    return result
