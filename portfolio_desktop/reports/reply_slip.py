"""The tear-off reply slip (回條) at the foot of a notice page, below a cut line.

It is drawn as one block of known height, so the notice layout can keep it, with its cut line, on one
page (it never splits across pages). It repeats who the student is (name, 學號, class, masked ID),
summarises the received items per term, offers 確認無誤 / 有疑義 boxes with lines to write a doubt on,
signature and date lines for the student and the parent or guardian, where to send it back and whom
to ask (the answering office's phone and e-mail: seed 001 §六(三)).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from portfolio_desktop.domain.roc import format_roc_long
from portfolio_desktop.reports.data import MM, Letterhead, NoticeStudent, NoticeText
from portfolio_desktop.reports.layout import BOTTOM_MM, LEFT_MM, PAGE_H_MM, PAGE_W_MM, RIGHT_MM
from portfolio_desktop.reports.text import Pen

LEFT, RIGHT, BOTTOM = LEFT_MM, RIGHT_MM, BOTTOM_MM  # mm (names kept for callers)
SUMMARY_SIZE, SUMMARY_LEAD, SUMMARY_INDENT = 9.0, 4.2, 24.0
WRITE_LINES, WRITE_PITCH = 3, 6.5  # room to write a doubt
FOOTER_SIZE, FOOTER_LEAD = 9.0, 4.2
# title 7 + who 6 + 1.5 + boxes 6.5 + doubt lines + signatures 9 + 7.5 + 6 to the first footer line
_FIXED_MM = 7 + 6 + 1.5 + 6.5 + WRITE_LINES * WRITE_PITCH + 9 + 7.5 + 6 - FOOTER_LEAD


def y(mm_from_top: float) -> float:
    return (PAGE_H_MM - mm_from_top) * MM


def summary_lines(pen: Pen, student: NoticeStudent) -> list[str]:
    """"113學年度第1學期 共 17 件（修課紀錄 12、課程學習成果 3 …）", wrapped to the slip width."""
    per_term: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for line in student.items:
        per_term[(line.school_year, line.semester)][line.category] += line.count
    texts = []
    for (year, sem), counts in sorted(per_term.items()):
        parts = "、".join(f"{cat} {n}" for cat, n in counts.items())
        texts.append(f"{year}學年度第{sem}學期 共 {sum(counts.values())} 件（{parts}）")
    if not texts:
        texts = ["（無收訖項目）"]
    lines: list[str] = []
    for text in texts:
        lines += pen.wrap(text, (RIGHT - LEFT - SUMMARY_INDENT) * MM, SUMMARY_SIZE)
    return lines


def footer_lines(pen: Pen, text: NoticeText, head: Letterhead) -> list[str]:
    """Where to send the slip, by when, and whom to ask about a doubt (phone, e-mail)."""
    deadline = format_roc_long(text.deadline)
    contact = "　".join(p for p in (head.phone and f"電話 {head.phone}", head.email and f"電子郵件 {head.email}") if p)
    texts = [f"請於 {deadline} 前寄回或送交：{head.return_address}", f"{head.school_name} {head.office} 收",
             f"疑義洽詢：{head.school_name} {head.office}" + (f"　{contact}" if contact else "")]
    return [line for t in texts for line in pen.wrap(t, (RIGHT - LEFT) * MM, FOOTER_SIZE)]


def slip_height(pen: Pen, student: NoticeStudent, text: NoticeText, head: Letterhead) -> float:
    """Height in mm from the cut line to the slip's last line."""
    return (_FIXED_MM + len(summary_lines(pen, student)) * SUMMARY_LEAD
            + len(footer_lines(pen, text, head)) * FOOTER_LEAD)  # fmt: skip


def slip_top(pen: Pen, student: NoticeStudent, text: NoticeText, head: Letterhead) -> float:
    """Where the cut line goes (mm from the top) for the slip to end BOTTOM mm above the edge."""
    return PAGE_H_MM - BOTTOM - slip_height(pen, student, text, head)


def draw_cut_line(pen: Pen, top: float) -> None:
    c = pen.canvas
    c.saveState()
    c.setDash(3, 2)
    c.setLineWidth(0.6)
    c.line(LEFT * MM - 8 * MM, y(top), RIGHT * MM + 8 * MM, y(top))
    c.restoreState()
    label = "✂ 請沿虛線剪下回條，寄回或送交本校 ✂"
    w = pen.width(label, 8)
    c.setFillGray(1)
    c.rect(PAGE_W_MM * MM / 2 - w / 2 - 2 * MM, y(top) - 1.6 * MM, w + 4 * MM, 3.2 * MM, stroke=0, fill=1)
    c.setFillGray(0)
    pen.draw(PAGE_W_MM * MM / 2, y(top) - 1 * MM, label, 8, align="center")


def _signature(pen: Pen, cur: float, label: str) -> None:
    c = pen.canvas
    w = pen.width(label, 10) / MM
    pen.draw(LEFT * MM, y(cur), label, 10)
    c.line((LEFT + w + 1) * MM, y(cur) - 0.8 * MM, (LEFT + w + 45) * MM, y(cur) - 0.8 * MM)
    pen.draw((LEFT + w + 48) * MM, y(cur), "日期：　　　年　　　月　　　日", 10)


def draw_reply_slip(pen: Pen, top: float, student: NoticeStudent, text: NoticeText, head: Letterhead) -> float:
    """Draw the cut line at *top* (mm from the top edge) and the slip below it; returns its bottom (mm)."""
    c = pen.canvas
    draw_cut_line(pen, top)
    cur = top + 7
    pen.draw(PAGE_W_MM * MM / 2, y(cur), "學生學習歷程檔案收訖明細確認回條", 12, align="center")
    cur += 6
    who = f"姓名：{student.name}　學號：{student.student_no}　班級：{student.class_label}"
    pen.draw(LEFT * MM, y(cur), who, 9.5)
    pen.draw(RIGHT * MM, y(cur), f"身分證統一編號：{student.masked_id}", 9, align="right")
    cur += 1.5
    pen.draw(LEFT * MM, y(cur + SUMMARY_LEAD), "收訖項目摘要：", SUMMARY_SIZE)
    for line in summary_lines(pen, student):
        cur += SUMMARY_LEAD
        pen.draw((LEFT + SUMMARY_INDENT) * MM, y(cur), line, SUMMARY_SIZE)
    cur += 6.5
    box = 3.6 * MM
    c.setLineWidth(0.8)
    c.rect(LEFT * MM, y(cur) - 0.6 * MM, box, box)
    pen.draw((LEFT + 5) * MM, y(cur), "確認無誤（以上收訖明細正確）", 10.5)
    c.rect((LEFT + 75) * MM, y(cur) - 0.6 * MM, box, box)
    pen.draw((LEFT + 80) * MM, y(cur), "有疑義（請寫明項目及內容，可另附紙）：", 10.5)
    c.setLineWidth(0.4)
    for _ in range(WRITE_LINES):
        cur += WRITE_PITCH
        c.line((LEFT + 5) * MM, y(cur), RIGHT * MM, y(cur))
    cur += 9
    _signature(pen, cur, "學生簽名：")
    cur += 7.5
    _signature(pen, cur, "家長／監護人簽名：" if student.minor else "家長／監護人簽名（未成年者）：")
    cur += 6 - FOOTER_LEAD
    for line in footer_lines(pen, text, head):
        cur += FOOTER_LEAD
        pen.draw(LEFT * MM, y(cur), line, FOOTER_SIZE)
    return cur
