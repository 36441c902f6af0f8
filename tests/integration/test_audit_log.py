"""The audit log viewer's service: filters, who may read, .xlsx export (itself audited)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import audit_log
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.accounts.audit_log import AuditFilter
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
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
