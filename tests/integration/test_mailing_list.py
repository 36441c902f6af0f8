"""The bulk-mail list (交寄大宗函件執據) read back: PDF text and boxes, and the .xlsx with its print set-up."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import Letterhead
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.reports.mailing_list import Addressee, Posting, mail_class, registered_numbers, render_mailing_list
from portfolio_desktop.reports.mailing_xlsx import write_mailing_xlsx
from tests.data.pdf_words import flat, pages_text, save_png, words_by_page

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
HEAD = Letterhead("高雄市立岡山高級農工職業學校", "教務處註冊組", "820", "高雄市岡山區岡山路533號", "(07)621-2345")
LONG = "臺南市東區東寧路一段２３４巷５６弄７８號之２　十樓之３"


def people(n: int) -> list[Addressee]:
    out = [Addressee("0012301", "王𡘙明", "82047", "高雄市岡山區大仁路１號之𡘙")]
    out += [Addressee(f"00124{k:02d}", f"學生{k:02d}", "070101", LONG if k % 3 == 0 else f"臺南市東區大學路{k}號")
            for k in range(1, n)]  # fmt: skip
    return out


def test_registered_numbers_keep_their_width_and_fill_the_column() -> None:
    assert registered_numbers("000998", 3) == ["000998", "000999", "001000"]
    assert registered_numbers("", 2) == ["", ""]
    with pytest.raises(RuleError):
        registered_numbers("99", 2)
    with pytest.raises(RuleError):
        registered_numbers("12a", 1)
    assert mail_class("registered") == "掛號" and mail_class("限時掛號") == "限時掛號"
    with pytest.raises(RuleError) as exc:
        mail_class("快遞")
    assert "平信、掛號、限時掛號" in exc.value.zh


def test_pdf_has_the_post_office_fields_and_counts_per_page(tmp_path: Path) -> None:
    out = tmp_path / "ml.pdf"
    posting = Posting(HEAD, date(2024, 9, 2), "掛號", start_number="000123", postage=36, batch_label="批次 3")
    everyone = people(45)
    pages = render_mailing_list(everyone, out, posting=posting)
    texts = pages_text(out)
    assert pages == len(texts) == 3
    first = flat(texts[0])
    for wanted in ("交寄大宗掛號函件執據", "寄件人：高雄市立岡山高級農工職業學校教務處註冊組", "寄件人地址：820高雄市岡山區岡山路533號",
                   "交寄日期：中華民國113年9月2日", "郵件種類：國內掛號", "每件郵資：36元", "經辦員簽章", "收寄郵戳", "寄件人簽章",
                   "掛號號碼", "王𡘙明", "高雄市岡山區大仁路１號之𡘙"):  # fmt: skip
        assert wanted in first, wanted
    assert "學號" not in "".join(texts) and "0012301" not in "".join(texts) and "2024" not in "".join(texts)
    assert [re.search(r"本頁(\d+)件，郵資([\d,]+)元", flat(t)).groups() for t in texts] == [
        ("20", "720"), ("20", "720"), ("5", "180")]  # fmt: skip
    assert all("全批共45件，郵資共計1,620元" in flat(t) for t in texts)
    numbers = [w.text for page in words_by_page(out) for w in page if re.fullmatch(r"\d{6}", w.text)]
    assert [n for n in numbers if n != "070101"] == [f"{123 + k:06d}" for k in range(45)]
    assert all(LONG.replace("　", "") in flat(t) for t in texts[:1])  # a long address wraps in its cell
    save_png(out, 1, Path("/tmp/paper-png/mailing-list"), dpi=80)
    image = Image.open("/tmp/paper-png/mailing-list.png")
    assert image.size[0] > 600


def test_ordinary_mail_has_no_registered_numbers_and_blank_postage_to_fill(tmp_path: Path) -> None:
    out = tmp_path / "ml.pdf"
    render_mailing_list(people(3), out, posting=Posting(HEAD, date(2024, 9, 2), "平信", start_number="000123"))
    text = flat(pages_text(out)[0])
    assert "交寄大宗函件執據" in text and "掛號函件" not in text and "國內平信" in text and "000123" not in text
    assert "每件郵資：＿＿＿元" in text and "全批共3件，郵資共計＿＿＿＿元" in text


def test_xlsx_has_a_title_wide_address_and_a_print_setup(tmp_path: Path) -> None:
    out = tmp_path / "ml.xlsx"
    posting = Posting(HEAD, date(2024, 9, 2), "限時掛號", start_number="000123", postage=41, batch_label="批次 3")
    assert write_mailing_xlsx(people(4), out, posting=posting) == 4
    ws = load_workbook(out).active
    assert ws["A1"].value == "交寄大宗掛號函件執據（批次 3）"
    assert "交寄日期：中華民國113年9月2日" in ws["A4"].value and "國內限時掛號" in ws["A4"].value
    assert [c.value for c in ws[5]] == ["順序", "掛號號碼", "收件人", "郵遞區號", "寄達地址", "郵資", "備考"]
    assert [c.value for c in ws[6]][:6] == [1, "000123", "王𡘙明", "82047", "高雄市岡山區大仁路１號之𡘙", 41]
    assert ws.cell(7, 4).value == "070101" and ws.cell(7, 4).data_type == "s"
    assert ws.column_dimensions["E"].width >= len(LONG) * 2
    assert ws.cell(10, 1).value == "全批共 4 件，郵資共計 164 元"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # 9 = A4
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == "1:5"  # rows 1–5 repeat on every printed page
    assert all("學號" not in str(c.value) for row in ws.iter_rows() for c in row if c.value)
