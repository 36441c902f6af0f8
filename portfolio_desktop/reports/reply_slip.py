"""The tear-off reply slip (回條) at the foot of a notice's last page, below a cut line.

It is drawn as one block of known height, so the notice layout can keep it, with its cut line, on one
page (it never splits across pages). It repeats who the student is (name, 學號, class, masked ID),
summarises the received items per term, offers 確認無誤 / 有疑義 boxes with room to write, signature and
date lines for the student and the parent or guardian, and the return address.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from reportlab.lib.pagesizes import A4

from portfolio_desktop.reports.data import MM, Letterhead, NoticeStudent, NoticeText
from portfolio_desktop.reports.text import Pen

PAGE_W, PAGE_H = A4
LEFT, RIGHT = 20.0, 190.0  # mm
BOTTOM = 10.0  # mm: the slip ends this far above the bottom edge
SUMMARY_SIZE, SUMMARY_LEAD, SUMMARY_INDENT = 9.0, 4.4, 24.0
WRITE_LINES = 2
# 8 + 6.5 + 1.5 + 7.5 + 2×7 + 10 + 8 + 7 + 4.4: everything except the item summary lines
_FIXED_MM = 66.9  # everything except the item summary lines (see draw_reply_slip)


def y(mm_from_top: float) -> float:
    return PAGE_H - mm_from_top * MM


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


def slip_height(pen: Pen, student: NoticeStudent) -> float:
    """Height in mm from the cut line to the slip's last line."""
    return _FIXED_MM + len(summary_lines(pen, student)) * SUMMARY_LEAD


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
    c.rect(PAGE_W / 2 - w / 2 - 2 * MM, y(top) - 1.6 * MM, w + 4 * MM, 3.2 * MM, stroke=0, fill=1)
    c.setFillGray(0)
    pen.draw(PAGE_W / 2, y(top) - 1 * MM, label, 8, align="center")


def draw_reply_slip(pen: Pen, top: float, student: NoticeStudent, text: NoticeText, head: Letterhead) -> float:
    """Draw the cut line at *top* (mm from the top edge) and the slip below it; returns its bottom (mm)."""
    from portfolio_desktop.domain.roc import format_roc_long

    c = pen.canvas
    draw_cut_line(pen, top)
    cur = top + 8
    pen.draw(PAGE_W / 2, y(cur), "學生學習歷程檔案收訖明細確認回條", 13, align="center")
    cur += 6.5
    who = f"姓名：{student.name}　學號：{student.student_no}　班級：{student.class_label}"
    pen.draw(LEFT * MM, y(cur), who, 10)
    pen.draw(RIGHT * MM, y(cur), f"身分證統一編號：{student.masked_id}", 9, align="right")
    cur += 1.5
    pen.draw(LEFT * MM, y(cur + SUMMARY_LEAD), "收訖項目摘要：", SUMMARY_SIZE)
    for line in summary_lines(pen, student):
        cur += SUMMARY_LEAD
        pen.draw((LEFT + SUMMARY_INDENT) * MM, y(cur), line, SUMMARY_SIZE)
    cur += 7.5
    box = 3.6 * MM
    c.setLineWidth(0.8)
    c.rect(LEFT * MM, y(cur) - 0.6 * MM, box, box)
    pen.draw((LEFT + 5) * MM, y(cur), "確認無誤（以上收訖明細正確）", 10.5)
    c.rect((LEFT + 80) * MM, y(cur) - 0.6 * MM, box, box)
    pen.draw((LEFT + 85) * MM, y(cur), "有疑義（請寫明項目及內容）：", 10.5)
    c.setLineWidth(0.4)
    for _ in range(WRITE_LINES):
        cur += 7
        c.line((LEFT + 5) * MM, y(cur), RIGHT * MM, y(cur))
    cur += 10
    pen.draw(LEFT * MM, y(cur), "學生簽名：", 10)
    c.line((LEFT + 18) * MM, y(cur) - 0.8 * MM, (LEFT + 62) * MM, y(cur) - 0.8 * MM)
    pen.draw((LEFT + 64) * MM, y(cur), "日期：　　年　　月　　日", 10)
    cur += 8
    guardian = "家長／監護人簽名：" if student.minor else "家長／監護人簽名（未成年者）："
    gw = pen.width(guardian, 10) / MM
    pen.draw(LEFT * MM, y(cur), guardian, 10)
    c.line((LEFT + gw + 1) * MM, y(cur) - 0.8 * MM, (LEFT + gw + 40) * MM, y(cur) - 0.8 * MM)
    pen.draw((LEFT + gw + 42) * MM, y(cur), "日期：　　年　　月　　日", 10)
    cur += 7
    deadline = format_roc_long(text.deadline)
    pen.draw(LEFT * MM, y(cur), f"請於 {deadline} 前寄回：{head.return_address}", 9)
    cur += 4.4
    pen.draw((LEFT + 8) * MM, y(cur), f"{head.school_name} {head.office} 收", 9)
    if head.phone:
        pen.draw(RIGHT * MM, y(cur), f"電話：{head.phone}", 9, align="right")
    return cur
