"""Notice batches on a real database: who is selected, what is recorded, reprint without a second
record, mailing, replies and returns, the mailing list (.pdf/.xlsx) and labels, refusals that leave
the database and the disk as they were, and no full ID anywhere in the output."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.errors import RuleError
from portfolio_desktop.reports.data import Cancelled
from portfolio_desktop.reports.fonts import CNS11643_DIR
from portfolio_desktop.reports.pdf import UncoveredCharacters
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import notices
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notices import NoticeSelection
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.receipts_models import Notice, NoticeBatch
from tests.data.receipts import (
    EXTB,
    FULL_IDS,
    RECEIPT_HEADERS,
    STUDENTS,
    load_roster,
    receipt_rows,
    set_letterhead,
    write_xlsx,
)

pytestmark = pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing")
ISSUED = dt.date(2024, 8, 29)


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> Database:
    rows = [r[:] for r in STUDENTS]
    rows[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]  # 0012304 休學 gets an address
    load_roster(db, actor, tmp_path, rows)
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(4)))
    set_letterhead(db, actor)
    return db


def batch_count(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(NoticeBatch)) or 0,
                s.scalar(select(func.count()).select_from(Notice)) or 0)  # fmt: skip


def text_of(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout.decode()


def assert_no_full_id(path: Path) -> None:
    raw = path.read_bytes()
    text = text_of(path) if path.suffix == ".pdf" else ""
    meta = " ".join(str(v) for v in (PdfReader(path).metadata or {}).values()) if path.suffix == ".pdf" else ""
    for full in FULL_IDS:
        assert full not in text and full not in meta
        for enc in ("ascii", "utf-16-be", "utf-16-le"):
            assert full.encode(enc) not in raw


def test_default_batch_is_departed_students_with_pending_receipts(school: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    batch, warnings = notices.print_notices(school, actor, out, NoticeSelection(), issued_on=ISSUED)
    rows = notices.batch_notices(school, Actor(CLERK), batch.id)
    # ordered by postal code: 820 (陳小華), 82047 (王𡘙明), 831 (張休學); 林在校 is at school
    assert [r.student_no for r in rows] == ["0012302", "0012301", "0012304"]
    assert all(r.terms == ("112-1", "112-2") for r in rows)
    assert batch.notices == 3 and batch.pages == len(PdfReader(out).pages) and batch.deadline == ISSUED + dt.timedelta(days=14)
    # no receipt window set: the deadline fallback is said, in both languages (the GUI shows one)
    assert [(w.zh, w.en) for w in warnings] == [("未設定收訖確認期程，回覆期限訂為發文後 14 天",
                                                "no receipt window set: the deadline is 14 days after the letter's date")]
    text = text_of(out)
    assert EXTB in text and "陳小華" in text and "林在校" not in text and "A12****789" in text and "批次 1" in text
    assert_no_full_id(out)
    # printing again selects nobody: everyone pending already has a notice
    with pytest.raises(RuleError):
        notices.print_notices(school, actor, tmp_path / "again.pdf", NoticeSelection(), issued_on=ISSUED)
    assert not (tmp_path / "again.pdf").exists()
    assert batch_count(school) == (1, 3)


def test_reprint_records_no_second_batch(school: Database, actor: Actor, tmp_path: Path) -> None:
    batch, _ = notices.print_notices(school, actor, tmp_path / "n.pdf", NoticeSelection(class_code="301"), issued_on=ISSUED)
    result = notice_batches.reprint_batch(school, actor, batch.id, tmp_path / "re.pdf")
    assert result.pages == batch.pages and batch_count(school) == (1, 2)
    assert text_of(tmp_path / "re.pdf") == text_of(tmp_path / "n.pdf")
    assert notices.get_batch(school, batch.id).reprints == 1


def test_mailed_then_replies_and_returns(school: Database, actor: Actor, tmp_path: Path) -> None:
    batch, _ = notices.print_notices(school, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    today = dt.date.today()
    with pytest.raises(RuleError):
        notice_batches.mark_mailed(school, actor, batch.id, today + dt.timedelta(days=1))
    assert notice_batches.mark_mailed(school, actor, batch.id, today).mailed_on == today
    row = notice_batches.record_reply(school, actor, "0012301", on=today, result=ReceiptState.CONFIRMED)
    assert row.replied_on == today and row.reply == "confirmed"
    states = {r.term: (r.state, r.via) for r in receipts.list_receipts(school, Actor(CLERK), search="0012301")}
    assert states == {t: (ReceiptState.CONFIRMED, ConfirmVia.REPLY_SLIP) for t in ("112-1", "112-2")}
    with pytest.raises(RuleError):
        notice_batches.record_reply(school, actor, "0012301", on=today, result=ReceiptState.CONFIRMED)
    notice_batches.record_reply(school, actor, "0012302", on=today, result=ReceiptState.DISPUTED, reason="少一件")
    assert {r.state for r in receipts.list_receipts(school, Actor(CLERK), search="0012302")} == {ReceiptState.DISPUTED}
    notice_batches.record_returned(school, actor, "0012304", on=today)
    b = notices.get_batch(school, batch.id)
    assert (b.replied, b.returned) == (2, 1)
    assert receipts.list_receipts(school, Actor(CLERK), no_reply_days=0) == []  # everyone mailed has replied or came back
    with school.read() as s:
        acts = {a for (a,) in s.execute(select(AuditLog.action).where(AuditLog.action.like("notice.%")))}
    assert acts == {"notice.print", "notice.mailed", "notice.reply", "notice.returned"}
    # a returned letter makes the student printable again
    again, _ = notices.print_notices(school, actor, tmp_path / "n2.pdf", NoticeSelection(), issued_on=today)
    assert [r.student_no for r in notices.batch_notices(school, Actor(CLERK), again.id)] == ["0012304"]


def test_no_reply_after_n_days_filter(school: Database, actor: Actor, tmp_path: Path) -> None:
    batch, _ = notices.print_notices(school, actor, tmp_path / "n.pdf", NoticeSelection(student_nos=("0012302",)),
                                     issued_on=ISSUED)  # fmt: skip
    mailed = dt.date.today()
    notice_batches.mark_mailed(school, actor, batch.id, mailed)
    later = mailed + dt.timedelta(days=21)
    assert {r.student_no for r in receipts.list_receipts(school, Actor(CLERK), no_reply_days=21, today=later)} == {"0012302"}
    assert receipts.list_receipts(school, Actor(CLERK), no_reply_days=22, today=later) == []


def test_mailing_list_and_labels(school: Database, actor: Actor, tmp_path: Path) -> None:
    batch, _ = notices.print_notices(school, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    xlsx = tmp_path / "ml.xlsx"
    assert notice_batches.write_mailing_list(school, Actor(CLERK), batch.id, xlsx, start_number="012345", postage=36) == 3
    ws = load_workbook(xlsx).active
    values = list(ws.values)
    assert values[4] == ("順序", "掛號號碼", "收件人", "郵遞區號", "寄達地址", "郵資", "備考")
    assert values[6][:6] == (2, "012346", EXTB, "82047", "高雄市岡山區大仁路１號之𡘙", 36)  # print order
    assert ws.cell(7, 2).data_type == "s" and ws.cell(7, 4).data_type == "s"  # leading zeros kept
    assert not any("0012301" == v for row in values for v in row)  # no 學號 for the post office
    pdf = tmp_path / "ml.pdf"
    assert notice_batches.write_mailing_list(school, Actor(CLERK), batch.id, pdf, mail_class="限時掛號", mailed_on=ISSUED) == 1
    assert EXTB in text_of(pdf) and "掛號號碼" in text_of(pdf) and "國內限時掛號" in text_of(pdf)
    assert "中華民國113年8月29日" in text_of(pdf) and "0012301" not in text_of(pdf)
    labels = tmp_path / "labels.pdf"
    assert notice_batches.write_labels(school, Actor(CLERK), batch.id, labels, layout="2x7") == 1
    label_text = "".join(text_of(labels).split())
    assert f"{EXTB}同學暨家長（監護人）收" in label_text and "陳小華同學收" in label_text  # as on the letters
    for path in (xlsx, pdf, labels):
        assert_no_full_id(path)
    with pytest.raises(RuleError):
        notice_batches.write_mailing_list(school, Actor(CLERK), batch.id, tmp_path / "ml.docx")


def test_cancel_leaves_no_file_and_no_record(school: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    with pytest.raises(Cancelled):
        notices.print_notices(school, actor, out, NoticeSelection(), issued_on=ISSUED, cancelled=lambda: True)
    assert list(tmp_path.glob("*.pdf")) == [] and batch_count(school) == (0, 0)


def test_uncovered_character_refuses_the_whole_batch(school: Database, actor: Actor, tmp_path: Path) -> None:
    rows = [["0012302", "陳小華", 112, 1, "多元表現", "志工服務\U00030000", 1]]
    receipts.import_receipts(school, actor, write_xlsx(tmp_path / "r2.xlsx", RECEIPT_HEADERS, rows))
    with pytest.raises(UncoveredCharacters) as exc:
        notices.print_notices(school, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    assert [who for who, _ in exc.value.gaps] == ["0012302 陳小華"]
    assert list(tmp_path.glob("*.pdf")) == [] and batch_count(school) == (0, 0)


def test_missing_address_and_letterhead_are_refused(db: Database, actor: Actor, tmp_path: Path) -> None:
    load_roster(db, actor, tmp_path)  # 0012304 has no address
    receipts.import_receipts(db, actor, write_xlsx(tmp_path / "r.xlsx", RECEIPT_HEADERS, receipt_rows(2)))
    with pytest.raises(RuleError) as exc:
        notices.print_notices(db, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    assert "信頭" in exc.value.zh
    set_letterhead(db, actor)
    with pytest.raises(RuleError) as exc:
        notices.print_notices(db, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    assert "0012304" in exc.value.zh
    batch, _ = notices.print_notices(db, actor, tmp_path / "n.pdf", NoticeSelection(class_code="301"), issued_on=ISSUED)
    assert batch.notices == 2


def test_the_printed_day_is_the_local_day(school: Database, actor: Actor, tmp_path: Path, taipei_clock: None) -> None:
    """A batch printed at 07:30 in Taiwan is stored at 23:30 UTC the day before: mailing it that morning is
    not 'before it was printed', and mailing it the day before is."""
    batch, _ = notices.print_notices(school, actor, tmp_path / "n.pdf", NoticeSelection(), issued_on=ISSUED)
    with school.write() as s:
        s.get(NoticeBatch, batch.id).created_at = dt.datetime(2024, 10, 14, 23, 30)  # = 10-15 07:30 in Taipei
    with pytest.raises(RuleError) as refused:
        notice_batches.mark_mailed(school, actor, batch.id, dt.date(2024, 10, 14))
    assert "列印日 2024-10-15" in refused.value.zh
    assert notice_batches.mark_mailed(school, actor, batch.id, dt.date(2024, 10, 15)).mailed_on == dt.date(2024, 10, 15)
    printed = {r.printed_on for r in receipts.list_receipts(school, Actor(CLERK), search="0012301")}
    assert printed == {dt.date(2024, 10, 15)}
