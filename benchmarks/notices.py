"""Benchmark: 500 mailed notices (portfolio_desktop.reports.notice) against bare reportlab drawing the
same text with the same fonts.

"Bare" replays exactly the text our render drew — every line, at the same place, split into the same
font runs (TW-Sung / TW-Sung-Ext-B) — with plain ``beginText/setFont/textOut`` and nothing else: no
coverage check, no wrapping, no layout, no rules or boxes. The ratio therefore measures everything
our code adds on top of reportlab's own text drawing and font subsetting. Target: ratio ≤ 3.

Run: ``.venv/bin/python benchmarks/notices.py [--notices 500] [--items 8] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portfolio_desktop.reports import text as text_module
from portfolio_desktop.reports.data import ENVELOPE_PRESETS, Letterhead, NoticeStudent, NoticeText, ReceiptLine
from portfolio_desktop.reports.fonts import font_set
from portfolio_desktop.reports.notice import render_notices

CATS = ["學籍資料", "修課紀錄", "課程學習成果", "多元表現", "幹部經歷"]
SURNAMES = "王陳林張李黃吳劉蔡楊"
HEAD = Letterhead("高雄市立岡山高級農工職業學校", "教務處註冊組", "820", "高雄市岡山區岡山路533號", "(07)621-2345",
                  contact="註冊組長")  # fmt: skip


def students(n: int, items: int) -> list[NoticeStudent]:
    out = []
    for i in range(n):
        name = SURNAMES[i % 10] + ("𡘙明" if i % 7 == 0 else "小華")
        lines = tuple(ReceiptLine(112 + k // 4, 1 + (k // 2) % 2, CATS[k % 5], f"第{k + 1}項 自主學習計畫成果報告", 1)
                      for k in range((i % items) + items // 2))  # fmt: skip
        out.append(NoticeStudent(f"{i:07d}", name, "日間部 301", "A12****789", "82047",
                                 f"高雄市岡山區大仁路{i + 1}號{i % 9 + 1}樓", "王大同", i % 3 == 0, "畢業", lines))
    return out


Op = tuple[int, float, float, list[tuple[str, str]], float]


def ours(people: list[NoticeStudent], out: Path, record: list[Op] | None = None) -> tuple[float, int]:
    original = text_module.Pen.draw
    if record is not None:
        def spy(self, x, y, text, size, *, align="left"):  # noqa: ANN001, ANN202
            w = original(self, x, y, text, size, align=align)
            if text:
                start = x - w if align == "right" else x - w / 2 if align == "center" else x
                record.append((self.canvas.getPageNumber(), start, y, self.fonts.runs(text), size))
            return w
        text_module.Pen.draw = spy  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        result = render_notices(people, out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"],
                                text=NoticeText(date(2024, 8, 29), date(2024, 9, 30), "批次 1"))  # fmt: skip
        return time.perf_counter() - t0, result.pages
    finally:
        text_module.Pen.draw = original  # type: ignore[method-assign]


def bare(ops: list[Op], out: Path, primary: str) -> float:
    t0 = time.perf_counter()
    c = Canvas(str(out), pagesize=A4, initialFontName=primary, pageCompression=1)
    page = 1
    for number, x, y, runs, size in ops:
        while number > page:
            c.showPage()
            page += 1
        t = c.beginText(x, y)
        for font, run in runs:
            t.setFont(font, size)
            t.textOut(run)
        c.drawText(t)
    c.showPage()
    c.save()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notices", type=int, default=500)
    ap.add_argument("--items", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    fonts = font_set()  # registration is a one-off per process; not part of either measurement
    people = students(args.notices, args.items)
    with tempfile.TemporaryDirectory() as tmp:
        ops: list[Op] = []
        ours(people, Path(tmp) / "warm.pdf", ops)  # warm-up, and the text to replay
        ours_t = min(ours(people, Path(tmp) / "ours.pdf")[0] for _ in range(args.repeat))
        pages = ours(people, Path(tmp) / "ours.pdf")[1]
        bare_t = min(bare(ops, Path(tmp) / "bare.pdf", fonts.primary) for _ in range(args.repeat))
    print(f"notices: {args.notices}, pages: {pages}, text lines drawn: {len(ops)}")
    print(f"ours: {ours_t:.2f} s ({pages / ours_t:.0f} pages/s, {args.notices / ours_t:.0f} notices/s)")
    print(f"bare reportlab, same text and fonts: {bare_t:.2f} s ({pages / bare_t:.0f} pages/s)")
    print(f"ratio ours/bare: {ours_t / bare_t:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
