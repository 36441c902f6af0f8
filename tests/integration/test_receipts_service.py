"""Receipt details: import through the shared machinery (row-numbered problems, all-or-nothing,
skip on request, idempotent), the confirmation states, filters and the deadline from the window."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import ImportRefused, NotFoundError, RuleError
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.windows import set_window
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.receipts_models import ReceiptItem, ReceiptStatus
from tests.data.receipts import EXTB, RECEIPT_HEADERS, load_roster, receipt_rows, write_xlsx


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> Database:
    load_roster(db, actor, tmp_path)
    return db


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(ReceiptItem)) or 0,
                s.scalar(select(func.count()).select_from(ReceiptStatus)) or 0,
                s.scalar(select(func.count()).select_from(AuditLog)) or 0)  # fmt: skip


def write(tmp_path: Path, rows: list[list[Any]], name: str = "r.xlsx") -> Path:
    return write_xlsx(tmp_path / name, RECEIPT_HEADERS, rows, title="收訖明細 113學年度")


def test_import_stores_items_per_student_and_term(school: Database, actor: Actor, tmp_path: Path) -> None:
    rows = receipt_rows(4) + [["0012301", EXTB, 112, 1, "學籍資料", "項目1 專題報告𡘙", 2]]  # a duplicate adds up
    report = receipts.import_receipts(school, actor, write(tmp_path, rows))
    assert report.students == 4 and len(report.replaced) == 8 and not report.problems
    items = receipts.receipt_items(school, Actor(CLERK), "0012301", "112-1")
    assert [(i.category, i.item, i.count) for i in items] == [("學籍資料", "項目1 專題報告𡘙", 3),
                                                             ("課程學習成果", "項目3 專題報告𡘙", 1)]
    rows_ = receipts.list_receipts(school, Actor(CLERK), pending=True)
    assert len(rows_) == 8 and all(r.state is ReceiptState.PENDING for r in rows_)
    assert {r.name for r in rows_} >= {EXTB}


def test_same_file_twice_changes_nothing(school: Database, actor: Actor, tmp_path: Path) -> None:
    path = write(tmp_path, receipt_rows(3))
    receipts.import_receipts(school, actor, path)
    before = counts(school)
    again = receipts.import_receipts(school, actor, path)
    assert not again.replaced and len(again.unchanged) == 8
    assert counts(school) == before


def test_problems_are_row_numbered_and_nothing_is_written(school: Database, actor: Actor, tmp_path: Path) -> None:
    rows = receipt_rows(2) + [
        ["9999999", "無此人", 112, 1, "學籍資料", "x", 1],  # row 11: unknown 學號
        ["0012302", "陳大華", 112, 1, "學籍資料", "x", 1],  # row 12: name differs
        ["0012302", "陳小華", 112, 3, "學籍資料", "x", 1],  # row 13: no such semester
        ["0012302", "陳小華", 199, 1, "學籍資料", "x", 1],  # row 14: a term not yet begun
        ["0012302", "陳小華", 112, 1, "學籍資料", "x", 0],  # row 15: count < 1
    ]
    before = counts(school)
    with pytest.raises(ImportRefused) as exc:
        receipts.import_receipts(school, actor, write(tmp_path, rows), today=dt.date(2025, 3, 1))
    got = {(p.row, p.column) for p in exc.value.problems}
    assert got == {(11, "學號"), (12, "姓名"), (13, "學期"), (14, "學期"), (15, "件數")}
    by_row = {p.row: p for p in exc.value.problems}
    assert "陳小華" in by_row[12].zh and "9999999" in by_row[11].zh and "尚未開始" in by_row[14].zh
    assert counts(school) == before


def test_skip_invalid_writes_the_good_rows_and_skips_the_whole_term_of_a_bad_one(
    school: Database, actor: Actor, tmp_path: Path
) -> None:
    rows = receipt_rows(2) + [["0012302", "陳大華", 112, 1, "學籍資料", "x", 1]]  # row 11 spoils 0012302 112-1
    report = receipts.import_receipts(school, actor, write(tmp_path, rows), skip_invalid=True)
    assert 11 in report.skipped_rows
    assert "0012302 112-1" not in report.replaced and "0012302 112-2" in report.replaced
    assert receipts.receipt_items(school, Actor(CLERK), "0012302", "112-1") == []


def test_dry_run_reports_without_writing(school: Database, actor: Actor, tmp_path: Path) -> None:
    before = counts(school)
    report = receipts.import_receipts(school, actor, write(tmp_path, receipt_rows(2)), dry_run=True)
    assert len(report.replaced) == 8 and counts(school) == before


def test_confirm_and_dispute_are_recorded_and_audited(school: Database, actor: Actor, tmp_path: Path) -> None:
    receipts.import_receipts(school, actor, write(tmp_path, receipt_rows(4)))
    row = receipts.confirm(school, actor, "0012303", "112-1", dt.date(2024, 9, 2))
    assert row.state is ReceiptState.CONFIRMED and row.via is ConfirmVia.ONLINE and row.decided_on == dt.date(2024, 9, 2)
    with pytest.raises(RuleError):
        receipts.dispute(school, actor, "0012303", "112-2", dt.date(2024, 9, 2), "  ")
    row = receipts.dispute(school, actor, "0012303", "112-2", dt.date(2024, 9, 3), "少一筆多元表現")
    # 112-2 holds 修課紀錄 and 多元表現: two offices, so the registry coordinates (seed 001 §六(三))
    assert row.state is ReceiptState.DISPUTED and row.question == "少一筆多元表現" and row.office == "註冊組"
    with school.read() as s:
        actions = [a for (a,) in s.execute(select(AuditLog.action).where(AuditLog.entity == "receipt")
                                           .order_by(AuditLog.id))][-2:]  # fmt: skip
    assert actions == ["receipt.confirmed", "receipt.disputed"]
    with pytest.raises(NotFoundError):
        receipts.confirm(school, actor, "0012303", "111-1", dt.date(2024, 9, 2))
    assert [r.student_no for r in receipts.list_receipts(school, Actor(CLERK), state=ReceiptState.DISPUTED)] == ["0012303"]


def test_changed_items_send_a_confirmed_receipt_back_to_pending(school: Database, actor: Actor, tmp_path: Path) -> None:
    receipts.import_receipts(school, actor, write(tmp_path, receipt_rows(2)))
    receipts.confirm(school, actor, "0012303", "112-1", dt.date(2024, 9, 2))
    rows = receipt_rows(2) + [["0012303", "林在校", 112, 1, "多元表現", "新增的一件", 1]]
    report = receipts.import_receipts(school, actor, write(tmp_path, rows, "r2.xlsx"))
    assert report.reset_to_pending == ["0012303 112-1"]
    state = {r.term: r.state for r in receipts.list_receipts(school, Actor(CLERK)) if r.student_no == "0012303"}
    assert state["112-1"] is ReceiptState.PENDING


def test_filters_departed_class_and_the_window_deadline(school: Database, actor: Actor, tmp_path: Path) -> None:
    receipts.import_receipts(school, actor, write(tmp_path, receipt_rows(2)))
    set_window(school, actor, "112-1", WindowKind.RECEIPT, dt.datetime(2024, 9, 1, 8), dt.datetime(2024, 9, 30, 17))
    departed = receipts.list_receipts(school, Actor(CLERK), departed=True)
    assert {r.student_no for r in departed} == {"0012301", "0012302", "0012304"}
    assert {r.student_no for r in receipts.list_receipts(school, Actor(CLERK), class_code="201")} == {"0012304"}
    deadlines = {r.term: r.deadline for r in receipts.list_receipts(school, Actor(CLERK), search="0012303")}
    assert deadlines == {"112-1": dt.date(2024, 9, 30), "112-2": None}
