"""The notice PDF itself (reports only, no database): exact text back, masked IDs, embedded fonts,
the reply slip with its cut line on one page, page numbers, the address block in the window, refusal
of characters no font has, and a page rendered to PNG."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from portfolio_desktop.reports.data import (
    ENVELOPE_PRESETS,
    MM,
    Cancelled,
    Letterhead,
    NoticeStudent,
    NoticeText,
    ReceiptLine,
)
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.reports.notice import render_notices
from portfolio_desktop.reports.pdf import UncoveredCharacters

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")

HEAD = Letterhead("高雄市立岡山高級農工職業學校", "教務處註冊組", "820", "高雄市岡山區岡山路533號", "(07)621-2345")
TEXT = NoticeText(date(2024, 8, 29), date(2024, 9, 30), "批次 7")
WINDOW = ENVELOPE_PRESETS["dl_left"]
CATS = ["學籍資料", "修課紀錄", "課程學習成果", "多元表現", "幹部經歷"]


def items(n: int) -> tuple[ReceiptLine, ...]:
    return tuple(ReceiptLine(112 + i // 20, 1 + (i // 10) % 2, CATS[(i // 4) % 5], f"第{i + 1}項 專題：高雄港的百年變遷", 1)
                 for i in range(n))  # fmt: skip


def student(no: str, name: str, n: int, *, address: str = "高雄市岡山區大仁路1號之𡘙", minor: bool = True) -> NoticeStudent:
    return NoticeStudent(no, name, "日間部 301", "A12****789", "82047", address, "王大同", minor, "轉出", items(n))


def pages_text(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout.decode()
    return out.split("\f")[:-1]


def test_names_addresses_and_masked_id_come_back_exactly(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    people = [student("0012301", "王𡘙明", 3), student("0012302", "陳小華", 2, address="臺南市東區大學路1號", minor=False)]
    result = render_notices(people, out, letterhead=HEAD, window=WINDOW, text=TEXT, duplex=False)
    assert result.pages == 2 and result.pages_by_student == {"0012301": 1, "0012302": 1}
    texts = pages_text(out)
    reader_texts = [p.extract_text() for p in PdfReader(out).pages]
    for got in (texts, reader_texts):
        assert "王𡘙明" in got[0] and "高雄市岡山區大仁路1號之𡘙" in got[0]
        assert "陳小華" in got[1] and "臺南市東區大學路1號" in got[1]
        assert all("A12****789" in t for t in got)
        assert "中華民國113年8月29日" in got[0] and "中華民國113年9月30日" in got[0]
    assert "家長（監護人）王大同" in texts[0]  # a minor: the guardian is addressed too
    assert "家長（監護人）王大同" not in texts[1]


def test_metadata_holds_no_personal_data(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", "王𡘙明", 2)], out, letterhead=HEAD, window=WINDOW, text=TEXT)
    meta = PdfReader(out).metadata
    values = " ".join(str(v) for v in meta.values())
    for personal in ("王𡘙明", "0012301", "A12", "82047"):
        assert personal not in values
    raw = out.read_bytes()
    assert b"0012301" not in raw.split(b"stream")[0]  # the document header/info is free of it too


def test_every_font_is_embedded(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", "王𡘙明", 4)], out, letterhead=HEAD, window=WINDOW, text=TEXT)
    lines = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    names = [line.split()[0] for line in lines]
    assert any("Ext-B" in n for n in names) and any(re.search(r"\+TW-Sung-98", n) for n in names)
    assert all(line.split()[-5] == "yes" for line in lines), lines


def test_long_list_pages_are_numbered_and_the_slip_stays_with_its_cut_line(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    result = render_notices([student("0012301", "王𡘙明", 120), student("0012302", "陳小華", 2)], out,
                            letterhead=HEAD, window=WINDOW, text=TEXT, duplex=False)
    n = result.pages_by_student["0012301"]
    assert n >= 3 and result.pages == n + 1
    texts = pages_text(out)
    for i in range(n):
        assert f"第{i + 1}頁／共{n}頁" in texts[i]
        has_cut = "請沿虛線剪下回條" in texts[i]
        has_slip = "收訖明細確認回條" in texts[i] and "學生簽名" in texts[i] and "家長／監護人簽名" in texts[i]
        assert has_cut == has_slip == (i == n - 1), i
    assert "第1頁" not in texts[n]  # a one-page notice carries no page number
    assert "請沿虛線剪下回條" in texts[n] and "收訖明細確認回條" in texts[n]
    every_item = "".join(texts[:n])
    assert all(f"第{k}項" in every_item for k in range(1, 121))
    assert "112學年度第1學期 共 10 件" in texts[n - 1]  # the slip's summary


@pytest.mark.parametrize("count", range(0, 16))
def test_slip_fits_whatever_the_number_of_items(tmp_path: Path, count: int) -> None:
    out = tmp_path / "n.pdf"
    result = render_notices([student("1", "甲", count)], out, letterhead=HEAD, window=WINDOW, text=TEXT, duplex=False)
    texts = pages_text(out)
    assert len(texts) == result.pages
    assert "學生簽名" in texts[-1] and "請沿虛線剪下回條" in texts[-1]
    assert sum("學生簽名" in t for t in texts) == 1


def test_address_block_lies_in_the_envelope_window(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", "王𡘙明", 2)], out, letterhead=HEAD, window=WINDOW, text=TEXT)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], check=True,
                          capture_output=True).stdout.decode()
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)
    boxes = {w[4]: tuple(float(v) / MM for v in w[:4]) for w in words}
    left, top, right, bottom = WINDOW.area  # 5 mm or more inside the window on every side
    assert left >= WINDOW.left_mm + 5 and right <= WINDOW.left_mm + WINDOW.width_mm - 5
    for word in ("82047", "高雄市岡山區大仁路1號之𡘙"):
        x0, y0, x1, y1 = boxes[word]
        assert left - 0.01 <= x0 and x1 <= right, word
        assert top <= y0 and y1 <= bottom, word


def test_uncovered_character_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    people = [student("0012301", "王𡘙明", 2), student("0012309", "林\U00030000", 2)]
    with pytest.raises(UncoveredCharacters) as exc:
        render_notices(people, out, letterhead=HEAD, window=WINDOW, text=TEXT)
    assert exc.value.gaps == [("0012309 林\U00030000", ["\U00030000"])]
    assert "0012309" in exc.value.zh and "U+30000" in exc.value.zh
    assert not out.exists()


def test_cancel_stops_the_render(tmp_path: Path) -> None:
    calls: list[int] = []
    with pytest.raises(Cancelled):
        render_notices([student(str(i), "甲", 1) for i in range(5)], tmp_path / "n.pdf", letterhead=HEAD,
                       window=WINDOW, text=TEXT, progress=lambda d, t: calls.append(d), cancelled=lambda: len(calls) >= 2)
    assert calls == [1, 2]


def test_first_page_renders_to_png_with_the_layout_in_place(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / "n.pdf"
    render_notices([student("0012301", "王𡘙明", 3)], out, letterhead=HEAD, window=WINDOW, text=TEXT)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(out),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    image = QImage(str(tmp_path / "page.png"))
    assert not image.isNull()
    assert abs(image.width() - 210 / 25.4 * 50) <= 2 and abs(image.height() - 297 / 25.4 * 50) <= 2
    px = 50 / 25.4  # pixels per mm

    def ink(x0: float, y0: float, x1: float, y1: float) -> int:
        return sum(1 for x in range(int(x0 * px), int(x1 * px)) for y in range(int(y0 * px), int(y1 * px))
                   if image.pixelColor(x, y).lightness() < 128)  # fmt: skip

    assert ink(WINDOW.left_mm, WINDOW.top_mm, WINDOW.left_mm + WINDOW.width_mm, WINDOW.top_mm + WINDOW.height_mm) > 50
    assert ink(20, 10, 190, 34) > 50  # letterhead
    assert ink(0, 0, 10, 297) == 0  # left margin (the cut line starts at 12 mm)
    assert ink(0, 290, 210, 297) == 0  # bottom margin
    assert ink(20, 92, 190, 99) == 0  # nothing printed across the first fold


def test_logo_from_the_letterhead_is_drawn(tmp_path: Path) -> None:
    from dataclasses import replace

    from PySide6.QtGui import QColor, QImage

    logo = QImage(60, 60, QImage.Format.Format_RGB32)
    logo.fill(QColor("black"))
    logo.save(str(tmp_path / "logo.png"))
    out = tmp_path / "n.pdf"
    render_notices([student("1", "甲", 1)], out, letterhead=replace(HEAD, logo_path=str(tmp_path / "logo.png")),
                   window=WINDOW, text=TEXT)  # fmt: skip
    assert len(PdfReader(out).pages[0].images) == 1
