"""The envelope calibration page (信封開窗校正頁): printed on plain paper, folded and put into the
envelope, it shows whether the address lands in the window and by how much to move it.

It draws the window as it lies on the folded sheet (dashed), the area the address must stay in
(solid, :data:`~portfolio_desktop.reports.layout.ADDRESS_INSET_MM` or more inside), a sample address
block set exactly as on the letters, the fold lines with their marks, and millimetre rulers along
the top and the left edge (from the printer-safe margin) to measure a shift.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from portfolio_desktop.reports.address_block import draw_address, fit_address
from portfolio_desktop.reports.data import MM
from portfolio_desktop.reports.fonts import FontSet, font_set
from portfolio_desktop.reports.layout import (
    FOLD_MARK_X_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    PRINTER_SAFE_MM,
    EnvelopeWindow,
)
from portfolio_desktop.reports.pdf import new_canvas
from portfolio_desktop.reports.text import Pen

SAMPLE_POSTAL = "701012"
SAMPLE_ADDRESS = "臺南市東區東寧路一段２３４巷５６弄７８號之２　十樓之３"
SAMPLE_RECIPIENT = "王大明 同學 暨 家長（監護人） 收"


def _y(mm: float) -> float:
    return (PAGE_H_MM - mm) * MM


def _rulers(pen: Pen) -> None:
    c = pen.canvas
    c.setLineWidth(0.25)
    s = PRINTER_SAFE_MM
    for mm in range(int(s) + 4, int(PAGE_W_MM - s) + 1):  # along the top edge
        tick = 4 if mm % 10 == 0 else (2.5 if mm % 5 == 0 else 1.5)
        c.line(mm * MM, _y(s), mm * MM, _y(s + tick))
        if mm % 10 == 0:
            pen.draw(mm * MM, _y(s + 7), str(mm), 6, align="center")
    for mm in range(int(s) + 4, int(PAGE_H_MM - s) + 1):  # along the left edge
        tick = 4 if mm % 10 == 0 else (2.5 if mm % 5 == 0 else 1.5)
        c.line(s * MM, _y(mm), (s + tick) * MM, _y(mm))
        if mm % 10 == 0:
            pen.draw((s + 5) * MM, _y(mm) - 1, str(mm), 6)


def render_calibration(window: EnvelopeWindow, out: Path | str | BinaryIO, *, dx_mm: float = 0.0, dy_mm: float = 0.0,
                       fonts: FontSet | None = None) -> int:
    """Write the one-page calibration PDF for ``window`` (already moved by the school's dx/dy)."""
    fonts = fonts or font_set()
    c = new_canvas(out, fonts, title="信封開窗校正頁")
    pen = Pen(c, fonts)
    _rulers(pen)
    c.saveState()
    c.setDash(3, 2)
    c.setLineWidth(0.5)
    c.rect(window.left_mm * MM, _y(window.top_mm + window.height_mm), window.width_mm * MM, window.height_mm * MM)
    c.setStrokeGray(0.6)
    for fold in window.folds_mm:
        c.line(FOLD_MARK_X_MM[1] * MM, _y(fold), (PAGE_W_MM - PRINTER_SAFE_MM) * MM, _y(fold))
    c.restoreState()
    left, top, right, bottom = window.area
    c.setLineWidth(0.3)
    c.rect(left * MM, _y(bottom), (right - left) * MM, (bottom - top) * MM)
    for fold in window.folds_mm:
        c.setLineWidth(0.3)
        c.line(FOLD_MARK_X_MM[0] * MM, _y(fold), FOLD_MARK_X_MM[1] * MM, _y(fold))
    block = fit_address(pen, window, SAMPLE_ADDRESS, SAMPLE_RECIPIENT)
    if block is not None:
        draw_address(pen, window, SAMPLE_POSTAL, block)
    x = 20.0 if window.left_mm > PAGE_W_MM / 2 - 10 else 118.0
    lines = [
        "信封開窗校正頁",
        window.zh,
        f"目前位移：水平 {dx_mm:+g} 公厘、垂直 {dy_mm:+g} 公厘",
        f"虛線框：信封窗口（{window.width_mm:g}×{window.height_mm:g} 公厘）",
        f"實線框：地址須在的範圍（窗內 {window.inset_x_mm:g}／{window.inset_y_mm:g} 公厘）",
    ]
    pen.draw(x * MM, _y(top - 2), lines[0], 12)
    cur = top + 4
    for line in lines[1:]:
        for part in pen.wrap(line, (PAGE_W_MM - 12 - x) * MM, 8.5):
            pen.draw(x * MM, _y(cur), part, 8.5)
            cur += 4.2
    steps = [
        "1. 以普通 A4 紙、與通知相同的印表機與設定列印本頁（不要「縮放至頁面大小」）。",
        "2. 依左側折線記號三折（或對折），放入信封，將信紙推到信封底部、再推到左右兩側各看一次。",
        "3. 實線框與範例地址應始終完整出現在窗內。若偏移，量出偏移公厘數（上方與左側有公厘尺），",
        "   以「notices settings --dx 公厘 --dy 公厘」校正（向右、向下為正），再印一次本頁確認。",
    ]
    cur = 110.0
    for step in steps:
        pen.draw(20 * MM, _y(cur), step, 9.5)
        cur += 6
    c.showPage()
    c.save()
    return 1
