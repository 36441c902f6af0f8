"""Notices on a real database with both divisions: each division's letterhead and answering offices,
the 發文字號 per batch, two-sided padding and the return envelope from the settings, a 日間部 clerk's
broad batch that leaves the 進修部 students out (and says so), and wording by 學籍狀態."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notice_settings import notice_settings, save_settings, write_calibration
from portfolio_desktop.services.notices.notices import NoticeSelection
from portfolio_desktop.store.engine import Database
from tests.data.receipts import RECEIPT_HEADERS, set_letterhead, write_xlsx
from tests.data.staff import REGISTRY_DAY, seed_staff

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
ISSUED = dt.date(2024, 8, 29)
HEADERS = ["學號", "姓名", "身分證統一編號", "部別", "班級", "座號", "學籍狀態", "出生日期", "郵遞區號", "通訊地址", "監護人"]
ROSTER = [
    ["0012301", "王𡘙明", "A123456789", "日間部", "301", 1, "轉出", "2008-03-01", "82047", "高雄市岡山區大仁路１號之𡘙", "王大同"],
    ["0012302", "陳小華", "F131104093", "日間部", "301", 2, "畢業", "2005-01-05", "820", "高雄市岡山區岡山路533號", ""],
    ["0012303", "林在校", "E223456785", "日間部", "301", 3, "在學", "2007-12-31", "820", "高雄市岡山區壽天路1號", "林爸爸"],
    ["N092301", "黃夜讀", "S123456784", "進修部", "302", 1, "退學", "2006-05-05", "831", "高雄市大寮區鳳林三路1號", ""],
    ["N092302", "吳夜生", "B123456780", "進修部", "302", 2, "休學", "2007-02-02", "830", "高雄市鳳山區光復路二段132號", "吳媽媽"],
]


def text_pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout.decode()
    return [re.sub(r"\s+", "", p) for p in out.split("\f")[:-1]]


def letters(path: Path) -> dict[str, str]:
    """學號 → the text of that student's pages."""
    out: dict[str, str] = {}
    current = ""
    for page in text_pages(path):
        found = re.search(r"學號：?(\w{7})", page)
        current = found.group(1) if found else current
        out[current] = out.get(current, "") + page
    return out


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> Database:
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "roster.xlsx", HEADERS, ROSTER))
    rows = [[r[0], r[1], 112, 2, cat, f"{cat}項目{k}", 1] for r in ROSTER
            for k, cat in enumerate(["學籍資料", "課程學習成果", "多元表現"])]  # fmt: skip
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, rows))
    set_letterhead(db, actor)
    save_settings(db, actor, letterhead={"doc_prefix": "岡農教註字", "email": "reg@example.edu.tw"})
    return db


def test_each_division_prints_its_own_offices_and_a_document_number(school: Database, actor: Actor, tmp_path: Path) -> None:
    save_settings(school, actor, division="night", letterhead={
        "office": "進修部教務組", "phone": "(07)621-9999", "address": "高雄市岡山區岡山路533號（進修部）",
        "doc_prefix": "岡農進教字", "email": "night@example.edu.tw"})  # fmt: skip
    settings = notice_settings(school)
    assert settings.letterhead_for("night").school_name == "高雄市立岡山高級農工職業學校"  # inherited
    out = tmp_path / "n.pdf"
    batch, warnings = notices.print_notices(school, actor, out, NoticeSelection(all_departed=True), issued_on=ISSUED)
    assert warnings and all("信頭未設定" not in w.zh for w in warnings)
    got = letters(out)
    assert set(got) == {"0012301", "0012302", "N092301", "N092302"}
    for no in ("0012301", "0012302"):
        assert "教務處註冊組" in got[no] and "進修部" not in got[no]
        assert f"岡農教註字第113{batch.id:07d}號" in got[no]
        assert "原提交單位（註冊組、訓育組）" in got[no]
    for no in ("N092301", "N092302"):
        assert "進修部教務組" in got[no] and "註冊組" not in got[no] and "(07)621-9999" in got[no]
        assert "原提交單位（進修部教務組、進修部學務組）" in got[no] and f"岡農進教字第113{batch.id:07d}號" in got[no]
        assert "night@example.edu.tw" in got[no]
    # the reprint prints the same numbers
    notice_batches.reprint_batch(school, actor, batch.id, tmp_path / "re.pdf")
    assert text_pages(tmp_path / "re.pdf") == text_pages(out)


def test_without_a_night_letterhead_the_office_is_still_the_night_registry(school: Database, actor: Actor,
                                                                           tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    _, warnings = notices.print_notices(school, actor, out, NoticeSelection(student_nos=("N092301",)), issued_on=ISSUED)
    assert any("進修部信頭未設定" in w.zh and "進修部教務組" in w.zh for w in warnings)
    page = text_pages(out)[0]
    assert "進修部教務組" in page and "註冊組" not in page


def test_a_day_clerk_prints_the_day_division_and_hears_how_many_were_left_out(school: Database,
                                                                              tmp_path: Path) -> None:
    clerk = seed_staff(school, "day-registry", REGISTRY_DAY)
    out = tmp_path / "n.pdf"
    batch, warnings = notices.print_notices(school, clerk, out, NoticeSelection(all_departed=True), issued_on=ISSUED)
    assert {r.student_no for r in notices.batch_notices(school, clerk, batch.id)} == {"0012301", "0012302"}
    left_out = [w for w in warnings if "未列入本批" in w.zh]
    assert [w.zh for w in left_out] == ["另有 2 位進修部學生不在您可列印的部別，未列入本批（請由進修部教務組列印）"]
    assert "2 night-division student(s) left out" in left_out[0].en
    with pytest.raises(PermissionDenied):  # named students of the other division are refused, not dropped
        notices.print_notices(school, clerk, tmp_path / "x.pdf", NoticeSelection(student_nos=("N092301",)),
                              issued_on=ISSUED)  # fmt: skip
    assert not (tmp_path / "x.pdf").exists()


def test_the_letter_is_worded_by_status(school: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    notices.print_notices(school, actor, out, NoticeSelection(student_nos=("0012303", "0012302", "N092302")),
                          issued_on=ISSUED)  # fmt: skip
    got = letters(out)
    assert "無法登入" not in got["0012303"] and "在學" in got["0012303"] and "也可以登入學校學習歷程平臺線上確認" in got["0012303"]
    assert "因您已畢業，無法登入" in got["0012302"]
    assert "因您目前休學中，無法登入" in got["N092302"]


def test_two_sided_padding_and_return_envelope_follow_the_settings(school: Database, actor: Actor, tmp_path: Path) -> None:
    on = tmp_path / "duplex.pdf"
    batch, _ = notices.print_notices(school, actor, on, NoticeSelection(class_code="301"), issued_on=ISSUED)
    assert batch.pages == len(PdfReader(on).pages) == 4  # two one-page letters, each with a blank back
    assert all("以隨函所附回郵信封寄回" in p for p in text_pages(on)[::2])
    save_settings(school, actor, duplex=False, return_envelope=False)
    off = tmp_path / "simplex.pdf"
    batch, _ = notices.print_notices(school, actor, off, NoticeSelection(class_code="302"), issued_on=ISSUED)
    assert batch.pages == len(PdfReader(off).pages) == 2
    assert all("回郵信封" not in p and "請貼足郵資" in p for p in text_pages(off))


def test_calibration_page_draws_the_window_of_the_chosen_envelope(school: Database, actor: Actor, tmp_path: Path) -> None:
    save_settings(school, actor, envelope_preset="dl_right", dx_mm=1.5)
    out = tmp_path / "cal.pdf"
    window = write_calibration(school, out)
    assert window.key == "dl_right" and window.left_mm == pytest.approx(105 + 1.5)
    page = text_pages(out)[0]
    assert "信封開窗校正頁" in page and "水平+1.5公厘" in page and "701012" in page
    assert len(PdfReader(out).pages) == 1
