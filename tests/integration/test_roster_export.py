"""Roster export: canonical columns, text/date cells, inert formulas, and import(export(db)) = db."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import NotFoundError
from portfolio_desktop.io.roster_spec import ROSTER_HEADERS
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, SchoolClass, StatusChange, Student
from portfolio_desktop.store.open import open_database
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

HEADERS = ["學號", "姓名", "身分證統一編號", "性別", "出生日期", "部別", "科別", "班級", "座號", "學籍狀態",
           "離校日期", "郵遞區號", "通訊地址", "監護人", "聯絡電話", "電子郵件"]  # fmt: skip
ROWS = [
    ["00123", "王𡘙", "A123456789", "女", "97/04/25", "日間部", "資訊科", "301", 1, "在學", None, "820",
     "=HYPERLINK(\"http://example.com\")", "@王大", "+886912345678", "wang@example.com"],
    ["00124", "陳大明", "F131104093", "男", "2008-01-05", "日間部", "資訊科", "301", 2, "休學", "113/09/02",
     "700", "臺南市中西區民生路1號", "陳父", "06-2223333", None],
    ["0500", "林𠮷子", "FA12345689", "F", "0960101", "進修部", "機械科", "151", 3, "在學", None, "82041",
     "高雄市岡山區-巷", None, None, None],
    ["10002", "張志豪", None, None, None, "日間部", "機械科", "201", None, "轉出", "2025/01/10", None, None, None, None,
     None],
]  # fmt: skip


def write_roster(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            if cell.data_type == "f":  # "=HYPERLINK(...)" is a text someone typed, not a formula
                cell.data_type = "s"
    wb.save(path)
    return path


def roster_tables(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with db.read() as s:
        for model in (Student, SchoolClass, StatusChange):
            cols = list(model.__table__.columns)
            out[model.__tablename__] = [tuple(r) for r in s.execute(select(*cols).order_by(cols[0]))]
    return out


def audit_actions(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))


@pytest.fixture
def filled(db: Database, actor: Actor, tmp_path: Path) -> Database:
    rosters.import_roster(db, actor, write_roster(tmp_path / "in.xlsx", ROWS))
    rosters.change_status(db, actor, "00123", Status.ENROLLED, dt.date(2025, 2, 3), new_class_code="201")
    return db


def test_export_cells(filled: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "匯出.xlsx"
    assert rosters.export_roster(filled, actor, out) == 4
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ROSTER_HEADERS
    col = {h: i for i, h in enumerate(ROSTER_HEADERS)}
    rows = list(ws.iter_rows(min_row=2))
    assert [r[col["學號"]].value for r in rows] == ["00123", "10002", "00124", "0500"]  # class order
    first = rows[0]
    assert first[col["學號"]].data_type == "s" and first[col["姓名"]].value == "王𡘙"
    assert first[col["身分證統一編號"]].value == "A123456789"  # full: the file is for the school system
    assert first[col["性別"]].value == "女" and first[col["部別"]].value == "日間部"
    assert first[col["學籍狀態"]].value == "在學" and first[col["班級"]].value == "201"
    born = first[col["出生日期"]]
    assert born.is_date and born.value.date() == dt.date(2008, 4, 25)
    formula = first[col["通訊地址"]]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://example.com")'
    assert formula.quotePrefix and first[col["監護人"]].quotePrefix
    assert first[col["郵遞區號"]].value == "820" and first[col["座號"]].value == 1
    left = rows[2][col["離校日期"]]
    assert left.is_date and left.value.date() == dt.date(2024, 9, 2) and rows[2][col["學籍狀態"]].value == "休學"
    assert rows[3][col["部別"]].value == "進修部" and rows[3][col["學號"]].value == "0500"
    (audit,) = [a for a in audit_actions(filled) if a == "roster.export"]
    assert audit == "roster.export"


def test_import_of_export_into_same_db_changes_nothing(filled: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "round.xlsx"
    rosters.export_roster(filled, actor, out)
    before, actions = roster_tables(filled), audit_actions(filled)
    report = rosters.import_roster(filled, actor, out)
    assert sorted(report.unchanged) == ["00123", "00124", "0500", "10002"]
    assert report.added == report.changed == [] and report.problems == []
    assert roster_tables(filled) == before and audit_actions(filled) == actions


def test_import_of_export_into_fresh_db_reproduces_students(filled: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "round.xlsx"
    rosters.export_roster(filled, actor, out)
    fresh = open_database(str(tmp_path / "fresh.sqlite3"))
    seed_staff(fresh, CLERK, *CLERK_GRANTS)  # the same clerk works on the other database
    try:
        assert sorted(rosters.import_roster(fresh, actor, out).added) == ["00123", "00124", "0500", "10002"]

        def comparable(db: Database) -> list[tuple[Any, ...]]:
            rows = []
            for s in rosters.list_students(db, actor):
                d = dataclasses.asdict(s)
                d.pop("id"), d.pop("class_id")
                rows.append((tuple(d.items()), rosters.student_detail(db, actor, s.student_no).national_id))
            return rows

        assert comparable(fresh) == comparable(filled)
        again = tmp_path / "again.xlsx"
        rosters.export_roster(fresh, actor, again)
        values = lambda p: [[c.value for c in r] for r in load_workbook(p).active.iter_rows()]  # noqa: E731
        assert values(again) == values(out)
    finally:
        fresh.dispose()


def test_export_one_class(filled: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "301.xlsx"
    assert rosters.export_roster(filled, actor, out, class_code="301") == 1
    ws = load_workbook(out).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ["00124"]
    with pytest.raises(NotFoundError):
        rosters.export_roster(filled, actor, tmp_path / "x.xlsx", class_code="999")
    assert not (tmp_path / "x.xlsx").exists()
    exports = []
    with filled.read() as s:
        for after in s.scalars(select(AuditLog.after).where(AuditLog.action == "roster.export")):
            exports.append(json.loads(after))
    assert [(e["rows"], e["class"]) for e in exports] == [(1, "301")]
