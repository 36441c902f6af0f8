"""The audit log viewer's service: filters, who may read, .xlsx export (itself audited)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import audit_log
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.accounts.audit_log import AuditFilter
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.store.audit import STUDENT_ADDS
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from tests.data.staff import DEAN, REGISTRY_DAY, admin, staff


@pytest.fixture
def logged(db: Database) -> Database:
    boss = admin(db)
    staff(db, "dean", DEAN)
    staff(db, "reg", REGISTRY_DAY)
    staff(db, "lin", name="林=SUM(1)")
    proxies.set_list(db, boss, "註冊組", ["lin"])
    accounts.set_departure(db, boss, "reg", dt.date(2024, 9, 1))
    with db.write() as s:  # lin acts for reg
        acting = proxies.authz.require(s, Actor("lin"), proxies.Permission.WINDOW_OVERRIDE, division="day",
                                       on=dt.date(2024, 10, 1))
        acting.audit(s, action="window.override", entity="window", key="=cmd|' /C calc'!A0", after={"why": "補登"})
    return db


def test_filters(logged: Database) -> None:
    dean = Actor("dean")
    rows = audit_log.query(logged, dean)
    assert rows[0].action == "window.override" and rows[0].who == "lin 代 reg"
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    by_reg = audit_log.query(logged, dean, AuditFilter(user="reg"))
    assert [r.action for r in by_reg] == ["window.override"]  # acted for reg (reg did nothing)
    about_reg = audit_log.query(logged, dean, AuditFilter(record="reg"))
    assert {r.action for r in about_reg} >= {"staff.create", "staff.departure"}
    assert all(r.kind == "proxies" for r in audit_log.query(logged, dean, AuditFilter(kind="proxies")))
    assert [r.action for r in audit_log.query(logged, dean, AuditFilter(kind="proxies.set"))] == ["proxies.set"]
    assert {r.entity_key for r in audit_log.query(logged, dean, AuditFilter(record="lin"))} == {"lin"}
    assert {r.actor for r in audit_log.query(logged, dean, AuditFilter(user="lin"))} == {"lin"}
    today = dt.date.today()
    assert len(audit_log.query(logged, dean, AuditFilter(since=today, until=today))) == len(rows)
    assert audit_log.query(logged, dean, AuditFilter(until=today - dt.timedelta(days=2))) == []
    assert "account" in audit_log.kinds(logged, dean)


def test_only_administrator_and_dean_read(logged: Database) -> None:
    with pytest.raises(PermissionDenied, match="系統管理者"):
        audit_log.query(logged, Actor("reg"))
    assert audit_log.query(logged, Actor("admin"))


def test_export_writes_text_cells_and_is_audited(logged: Database, tmp_path: Path) -> None:
    out = tmp_path / "稽核.xlsx"
    n = audit_log.export_xlsx(logged, Actor("dean"), out, AuditFilter(kind="window"))
    assert n == 1
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == audit_log.HEADERS
    assert rows[1][1:6] == ["lin", "reg", "window.override", "window", "=cmd|' /C calc'!A0"]
    assert ws.cell(2, 6).data_type == "s"  # a text cell, never a formula
    assert "補登" in rows[1][7]
    assert audit_log.query(logged, Actor("dean"), AuditFilter(kind="audit"))[0].action == "audit.export"


@pytest.fixture
def imported(logged: Database, tmp_path: Path) -> Database:
    """Two roster imports (each stores its new students as one batch row) with a change between them:
    00124's phone. The second file's student lives at a number that is another student's 學號."""
    from tests.integration.test_roster_service import ALICE, BOB, CAROL, DAVE, write_roster

    clerk = staff(logged, "clerk", REGISTRY_DAY)
    rosters.import_roster(logged, clerk, write_roster(tmp_path / "a.xlsx", [ALICE, BOB, CAROL]))
    rosters.import_roster(logged, clerk, write_roster(tmp_path / "b.xlsx", [[*BOB[:10], "0933000111"]]))
    dave = [*DAVE[:10], None]
    headers = ["學號", "姓名", "身分證字號", "性別", "生日", "科別", "班級", "座號", "學籍狀態", "離校日期", "地址"]
    rosters.import_roster(logged, clerk, write_roster(tmp_path / "c.xlsx", [[*dave[:10], "中正路00124號"]], headers))
    return logged


def _keys(rows: list[audit_log.AuditRow]) -> list[tuple[str, str | None]]:
    return [(r.action, r.entity_key) for r in rows]


def test_a_batch_row_reads_as_one_row_per_student(imported: Database) -> None:
    dean = Actor("dean")
    with imported.read() as s:
        stored = s.execute(select(AuditLog.action, func.count()).where(AuditLog.entity == "student")
                           .group_by(AuditLog.action)).all()
    assert dict(stored) == {STUDENT_ADDS.stored: 2, "student.update": 1}  # compact: a row per import
    students = audit_log.query(imported, dean, AuditFilter(kind="student"))
    assert _keys(students) == [("student.add", "10002"), ("student.update", "00124"), ("student.add", "10001"),
                               ("student.add", "00124"), ("student.add", "00123")]  # newest first
    alice = students[-1]
    assert alice.words() == "clerk 新增學生 00123 王𡘙" and alice.who == "clerk" and alice.before is None
    assert alice.after["name"] == "王𡘙" and alice.after["national_id"] == "A123456789"
    assert alice.diff()[:8] == ["生日：097/04/25", "班級：301", "科別：資訊科", "部別：日間部", "性別：女", "姓名：王𡘙",
                                "身分證字號：A12****789", "電話：0912345678"]
    assert "national ID: A12****789" in alice.diff(english=True) and "gender: female" in alice.diff(english=True)
    assert _keys(audit_log.query(imported, dean, AuditFilter(kind="student.add"))) == [
        ("student.add", "10002"), ("student.add", "10001"), ("student.add", "00124"), ("student.add", "00123")]
    everything = audit_log.query(imported, dean)
    assert len(everything) == len({r.id for r in everything}) + 2  # the first batch row read as three
    assert [r.action for r in audit_log.query(imported, dean, limit=2)] == ["roster.import", "student.add"]


def test_a_student_is_found_in_a_batch_row_by_number_or_name_and_nothing_else(imported: Database) -> None:
    dean = Actor("dean")
    assert _keys(audit_log.query(imported, dean, AuditFilter(record="00123"))) == [("student.add", "00123")]
    assert _keys(audit_log.query(imported, dean, AuditFilter(record="陳大明"))) == [
        ("student.update", "00124"), ("student.add", "00124")]
    assert _keys(audit_log.query(imported, dean, AuditFilter(record="王𡘙"))) == [("student.add", "00123")]
    # the newest batch holds "00124" only in an address: not a row about 00124, and the rows older
    # than it are still found within the limit
    assert _keys(audit_log.query(imported, dean, AuditFilter(record="00124"), limit=1)) == [
        ("student.update", "00124")]
    assert audit_log.query(imported, dean, AuditFilter(record="資訊科")) == []  # a value, not a record


def test_the_export_has_a_row_per_student_of_a_batch(imported: Database, tmp_path: Path) -> None:
    out = tmp_path / "稽核.xlsx"
    assert audit_log.export_xlsx(imported, Actor("dean"), out, AuditFilter(kind="student.add")) == 4
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows(min_row=2)]
    assert [(r[3], r[5]) for r in rows] == [("student.add", no) for no in ("10002", "10001", "00124", "00123")]
    assert '"name": "王𡘙"' in rows[-1][7] and "00123 王𡘙" in rows[-1][8]
