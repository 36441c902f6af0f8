"""The notice's paper layout read back from the PDF: the reply slip on the page the letter names,
even page counts for two-sided printing, nothing on the back of the slip, the address block inside
every envelope preset's window with Chunghwa Post's sizes and spacing, fold marks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from portfolio_desktop.reports.address_block import AddressTooLong
from portfolio_desktop.reports.data import Letterhead, NoticeStudent, NoticeText, ReceiptLine
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.reports.layout import (
    ADDRESS_INSET_MM,
    ADDRESS_MIN_TEXT_MM,
    ENVELOPE_PRESETS,
    POSTAL_DIGIT_GAP_MM,
    POSTAL_TO_ADDRESS_MM,
)
from portfolio_desktop.reports.notice import render_notices
from tests.data.pdf_words import Word, flat, pages_text, render_grey, save_png, words_by_page

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")

HEAD = Letterhead("高雄市立岡山高級農工職業學校", "教務處註冊組", "820", "高雄市岡山區岡山路533號", "(07)621-2345",
                  email="reg@ksvs.kh.edu.tw", doc_prefix="岡農教註字")  # fmt: skip
NIGHT = replace(HEAD, office="進修部教務組", phone="(07)621-9999", postal_code="820",
                address="高雄市岡山區岡山路533號 進修部", email="night@ksvs.kh.edu.tw", doc_prefix="岡農進教字")
TEXT = NoticeText(date(2024, 8, 29), date(2024, 9, 30), "批次 7", doc_serial="1130000007")
LONG_ADDRESS = "臺南市東區東寧路一段２３４巷５６弄７８號之２　十樓之３"
CATS = ["學籍資料", "修課紀錄", "課程學習成果", "多元表現", "幹部經歷"]
PNG_DIR = Path("/tmp/paper-png")


def items(n: int) -> tuple[ReceiptLine, ...]:
    return tuple(ReceiptLine(112 + i // 20, 1 + (i // 10) % 2, CATS[(i // 4) % 5], f"第{i + 1}項 專題：高雄港的百年變遷", 1)
                 for i in range(n))  # fmt: skip


def student(no: str, n: int, *, name: str = "王𡘙明", address: str = LONG_ADDRESS, status: str = "轉出",
            departed: bool = True, division: str = "day") -> NoticeStudent:
    return NoticeStudent(no, name, "日間部 301", "A12****789", "701012", address, "王大同", True, status, items(n),
                         departed=departed, division=division)  # fmt: skip


def slip_pages(texts: list[str]) -> list[int]:
    return [i + 1 for i, t in enumerate(texts) if "請沿虛線剪下回條" in t]


@pytest.mark.parametrize("count", [0, 1, 3, 6, 10])
def test_a_short_notice_is_one_page_with_the_slip_at_its_foot(tmp_path: Path, count: int) -> None:
    out = tmp_path / "n.pdf"
    result = render_notices([student("0012301", count)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"],
                            text=TEXT, duplex=False)  # fmt: skip
    texts = pages_text(out)
    assert len(texts) == 1 and result.slip_page_by_student == {"0012301": 1}
    assert "將本頁下方回條沿虛線剪下" in flat(texts[0]) and "學生簽名" in texts[0]
    assert all(f"第{k}項" in texts[0] for k in range(1, count + 1))


@pytest.mark.parametrize("count", [14, 30, 45, 120])
def test_a_long_notice_names_the_page_of_its_slip(tmp_path: Path, count: int) -> None:
    out = tmp_path / "n.pdf"
    result = render_notices([student("0012301", count)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"],
                            text=TEXT, duplex=False)  # fmt: skip
    texts = pages_text(out)
    n = len(texts)
    assert n >= 2 and slip_pages(texts) == [n] == [result.slip_page_by_student["0012301"]]
    assert f"本通知共{n}頁，回條在第{n}頁" in flat(texts[0])
    assert not any("本頁下方" in flat(t) for t in texts)
    every = "".join(texts)
    assert all(f"第{k}項" in every for k in range(1, count + 1))


def test_ten_items_no_longer_leave_one_row_alone_on_page_two(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 10)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=TEXT)
    texts = pages_text(out)
    assert "第10項" in texts[0] and "學生簽名" in texts[0]
    assert flat(texts[1]) == "（本頁空白）"


def test_two_sided_batch_starts_every_notice_on_a_front_side(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    counts = [3, 20, 45, 120, 0, 14]
    people = [student(f"00123{k:02d}", n, name=f"學生{k}") for k, n in enumerate(counts)]
    result = render_notices(people, out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=TEXT)
    texts = pages_text(out)
    assert len(texts) == result.pages == sum(result.pages_by_student.values())
    assert all(p % 2 == 0 for p in result.pages_by_student.values())
    start = 0
    for k, person in enumerate(people):
        pages = result.pages_by_student[person.student_no]
        own = texts[start : start + pages]
        assert "學生學習歷程檔案收訖明細確認通知" in own[0] and start % 2 == 0  # a front side
        for t in own:  # no other student on this notice's sheets
            assert not any(f"學生{j}" in t for j in range(len(people)) if j != k)
        letter_pages = [t for t in own if flat(t) != "（本頁空白）"]
        assert len(letter_pages) in (pages, pages - 1)
        start += pages


def _lowest_row(words: list[Word], above: float) -> float:
    """The bottom of the lowest word above *above* mm (the table's rows), ignoring margins' marks."""
    return max((w.y1 for w in words if w.y1 < above), default=0.0)


@pytest.mark.parametrize("count", [14, 20, 45])
def test_cutting_the_slip_off_cuts_no_rows_from_the_back_of_it(tmp_path: Path, count: int) -> None:
    out = tmp_path / "n.pdf"
    result = render_notices([student("0012301", count)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"],
                            text=TEXT)  # fmt: skip
    pages = words_by_page(out)
    slip = result.slip_page_by_student["0012301"]
    cut = min(w.y0 for w in pages[slip - 1] if "請沿虛線剪下回條" in w.text) - 1  # the label sits on the line
    back = slip - 1 if slip % 2 == 0 else slip + 1  # long-edge duplex: the same height on the other side
    below_cut_on_back = [w for w in pages[back - 1] if w.y1 > cut]
    assert below_cut_on_back == [], below_cut_on_back[:3]
    rows_on_slip_page = [w for w in pages[slip - 1] if "第" in w.text and "項" in w.text]
    assert all(w.y1 < cut for w in rows_on_slip_page)


@pytest.mark.parametrize("key", sorted(ENVELOPE_PRESETS))
@pytest.mark.parametrize("address", [LONG_ADDRESS, "高雄市岡山區大仁路1號之𡘙", "新北市板橋區文化路二段１２３巷４５弄６７號之８　三樓之１"])
def test_address_block_stays_inside_every_window_with_post_office_sizes(tmp_path: Path, key: str, address: str) -> None:
    window = ENVELOPE_PRESETS[key]
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 2, address=address)], out, letterhead=HEAD, window=window, text=TEXT)
    words = words_by_page(out)[0]
    left, top, right, bottom = window.area
    assert left - window.left_mm >= ADDRESS_INSET_MM and window.left_mm + window.width_mm - right >= ADDRESS_INSET_MM
    assert top - window.top_mm >= ADDRESS_INSET_MM and window.top_mm + window.height_mm - bottom >= ADDRESS_INSET_MM
    block = [w for w in words if window.left_mm - 1 <= w.x0 < window.left_mm + window.width_mm
             and window.top_mm - 1 <= w.y0 < window.top_mm + window.height_mm]  # fmt: skip
    block.sort(key=lambda w: (w.y0, w.x0))
    assert block[0].text == "701012"
    for w in block:
        assert left - 0.01 <= w.x0 and w.x1 <= right + 0.01 and top - 0.01 <= w.y0 and w.y1 <= bottom + 0.01, w
        assert w.height >= ADDRESS_MIN_TEXT_MM, w
    name = next(w for w in block if w.text == "王𡘙明")  # the recipient's line starts with the name
    lines = [w for w in block[1:] if w.y0 < name.y0 - 1]
    assert flat("".join(w.text for w in lines)) == flat(address)  # wrapped, never clipped
    assert min(w.y0 for w in lines) - block[0].y1 >= POSTAL_TO_ADDRESS_MM
    assert "".join(w.text for w in block if w.y0 >= name.y0 - 1) == "王𡘙明同學暨家長（監護人）收"


def test_postal_code_digits_are_printed_apart_and_tall_enough(tmp_path: Path) -> None:
    window = ENVELOPE_PRESETS["dl_left"]
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 2)], out, letterhead=HEAD, window=window, text=TEXT)
    postal = next(w for w in words_by_page(out)[0] if w.text == "701012")
    dpi = 600
    image = Image.open(render_grey(out, 1, dpi, tmp_path / "p1"))
    px, per_mm = image.load(), dpi / 25.4
    x0, x1 = int((postal.x0 - 1) * per_mm), int((postal.x1 + 2) * per_mm)
    y0, y1 = int(postal.y0 * per_mm), int(postal.y1 * per_mm)
    ink_cols = [x for x in range(x0, x1) if any(px[x, y] < 128 for y in range(y0, y1))]
    ink_rows = [y for y in range(y0, y1) if any(px[x, y] < 128 for x in range(x0, x1))]
    runs, start = [], ink_cols[0]
    for a, b in zip(ink_cols, ink_cols[1:], strict=False):
        if b - a > 1:
            runs.append((start, a))
            start = b
    runs.append((start, ink_cols[-1]))
    assert len(runs) == 6  # six separate digits
    gaps = [(b0 - a1) / per_mm for (_, a1), (b0, _) in zip(runs, runs[1:], strict=False)]
    assert min(gaps) >= POSTAL_DIGIT_GAP_MM, gaps
    assert (ink_rows[-1] - ink_rows[0]) / per_mm >= ADDRESS_MIN_TEXT_MM


def test_address_ideographs_are_at_least_4_mm_high_in_ink(tmp_path: Path) -> None:
    window = ENVELOPE_PRESETS["dl_left"]
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 2, address="臺南市東區東寧路")], out, letterhead=HEAD, window=window, text=TEXT)
    line = next(w for w in words_by_page(out)[0] if w.text == "臺南市東區東寧路")
    dpi = 600
    image = Image.open(render_grey(out, 1, dpi, tmp_path / "p1"))
    px, per_mm = image.load(), dpi / 25.4
    x_first = (int(line.x0 * per_mm), int((line.x0 + (line.x1 - line.x0) / 8) * per_mm))  # 臺 alone
    ink_rows = [y for y in range(int(line.y0 * per_mm), int(line.y1 * per_mm))
                if any(px[x, y] < 128 for x in range(*x_first))]  # fmt: skip
    assert (ink_rows[-1] - ink_rows[0]) / per_mm >= ADDRESS_MIN_TEXT_MM


def test_an_address_that_cannot_fit_is_refused_not_clipped(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    people = [student("0012301", 1), student("0012302", 1, address=LONG_ADDRESS * 3)]
    with pytest.raises(AddressTooLong) as exc:
        render_notices(people, out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=TEXT)
    assert "0012302" in exc.value.zh and "0012301" not in exc.value.zh and "0012302" in exc.value.en
    assert not out.exists()


def test_fold_marks_are_in_the_left_margin_at_the_folds(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 3)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=TEXT)
    dpi = 150
    image = Image.open(render_grey(out, 1, dpi, tmp_path / "p1"))
    px, per_mm = image.load(), dpi / 25.4

    def ink(x0: float, y0: float, x1: float, y1: float) -> bool:
        return any(px[x, y] < 160 for x in range(int(x0 * per_mm), int(x1 * per_mm))
                   for y in range(int(y0 * per_mm), int(y1 * per_mm)))  # fmt: skip

    assert ink(11, 98.5, 16, 99.5) and ink(11, 197.5, 16, 198.5)
    assert not ink(11, 120, 16, 180) and not ink(0, 0, 10, 297)


def test_status_words_the_reason_and_enrolled_students_are_not_told_they_cannot_log_in(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    people = [student("0012301", 2, status="在學", departed=False), student("0012302", 2, name="陳小華", status="畢業")]
    render_notices(people, out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=TEXT, duplex=False)
    enrolled, graduated = (flat(t) for t in pages_text(out))
    assert "無法登入" not in enrolled and "也可以登入學校學習歷程平臺線上確認" in enrolled
    assert "因您已畢業，無法登入學校學習歷程平臺線上確認" in graduated


def test_letter_and_slip_are_complete(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 3)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=TEXT)
    page = flat(pages_text(out)[0])
    assert "發文字號：岡農教註字第1130000007號" in page
    assert "以隨函所附回郵信封寄回" in page
    assert "逾期未寄回回條者，由本校教務處註冊組依已提交的資料完成收訖明細確認" in page
    assert "敬祝平安" in page and "教務處註冊組敬啟" in page
    slip = page[page.index("請沿虛線剪下回條") :]
    assert "電話(07)621-2345" in slip and "電子郵件reg@ksvs.kh.edu.tw" in slip
    words = words_by_page(out)[0]
    doubt = next(w for w in words if w.text.startswith("有疑義"))
    signature = next(w for w in words if w.text.startswith("學生簽名"))
    assert signature.y0 - doubt.y1 >= 18  # three lines to write a doubt on
    without = replace(TEXT, return_envelope=False, doc_serial="")
    render_notices([student("0012301", 3)], out, letterhead=HEAD, window=ENVELOPE_PRESETS["dl_left"], text=without)
    page = flat(pages_text(out)[0])
    assert "回郵信封" not in page and "發文字號" not in page


def test_each_division_gets_its_own_letterhead(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    people = [student("0012301", 2), replace(student("0092301", 2, name="林夜生", division="night"),
                                            answering_offices="進修部教務組、進修部學務組")]  # fmt: skip
    render_notices(people, out, letterhead=HEAD, letterheads={"night": NIGHT}, window=ENVELOPE_PRESETS["dl_left"],
                   text=TEXT, duplex=False)  # fmt: skip
    day, night = (flat(t) for t in pages_text(out))
    assert "教務處註冊組" in day and "進修部" not in day
    assert "進修部教務組" in night and "教務處註冊組" not in night and "(07)621-9999" in night
    assert "原提交單位（進修部教務組、進修部學務組）" in night and "岡農進教字第1130000007號" in night


def test_pages_are_rendered_for_a_look(tmp_path: Path) -> None:
    """Writes PNGs of a one-page and a long notice for the developer to look at (and checks them)."""
    out = tmp_path / "n.pdf"
    render_notices([student("0012301", 10), student("0012302", 45, name="陳小華")], out, letterhead=HEAD,
                   window=ENVELOPE_PRESETS["dl_left"], text=TEXT)  # fmt: skip
    for page, name in ((1, "notice-1page"), (3, "notice-long-p1"), (4, "notice-long-p2")):
        png = save_png(out, page, PNG_DIR / name, dpi=80)
        image = Image.open(png)
        assert abs(image.size[0] - 210 / 25.4 * 80) <= 2 and abs(image.size[1] - 297 / 25.4 * 80) <= 2
