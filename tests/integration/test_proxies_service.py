"""Proxy lists: set / reorder / clear, who may edit, .xlsx import (all or nothing) and export."""

from __future__ import annotations


import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import ImportRefused, PermissionDenied, RuleError
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from tests.data.staff import DEAN, PASSWORD, REGISTRY_DAY, REGISTRY_NIGHT, admin, staff

D = dt.date(2024, 10, 1)


@pytest.fixture
def school(db: Database) -> Database:
    admin(db)
    staff(db, "dean", DEAN, name="王主任", password=PASSWORD)
    staff(db, "reg", REGISTRY_DAY, name="陳註冊")
    staff(db, "nreg", REGISTRY_NIGHT, name="進修部教務組長")
    staff(db, "wu", Grant(Role.TEACHER, course_code="C101"), name="吳老師")
    for name in ("lin", "chen", "zhou"):
        staff(db, name, name=f"{name}老師")
    return db


def audit_count(db: Database, action: str) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == action)) or 0


def test_set_reorder_clear_and_audit(school: Database) -> None:
    dean = Actor("dean")
    row = proxies.set_list(school, dean, "進修部教務組", ["lin", "chen"])
    assert row.target.key == "function:registry:night" and row.usernames == ["lin", "chen"]
    row = proxies.set_list(school, dean, "function:registry:night", ["chen", "lin", "zhou"])  # reorder + add
    assert proxies.get_list(school, Actor("dean"), "進修部教務組").usernames == ["chen", "lin", "zhou"]
    proxies.set_list(school, dean, "function:registry:night", ["chen", "lin", "zhou"])  # unchanged: no audit row
    assert audit_count(school, "proxies.set") == 2
    proxies.set_list(school, dean, "wu", ["zhou"])
    assert proxies.get_list(school, Actor("dean"), "person:wu").usernames == ["zhou"]
    proxies.set_list(school, dean, "進修部教務組", [])
    assert proxies.get_list(school, Actor("dean"), "進修部教務組").usernames == []
    keys = [r.target.key for r in proxies.list_lists(school, Actor("dean"))]
    assert keys == ["person:wu"]


def test_bad_lists_are_refused(school: Database) -> None:
    dean = accounts.sign_in(school, "dean", PASSWORD)
    with pytest.raises(RuleError, match="重複"):
        proxies.set_list(school, dean, "註冊組", ["lin", "lin"])
    with pytest.raises(RuleError, match="自己"):
        proxies.set_list(school, dean, "wu", ["wu"])
    with pytest.raises(Exception, match="找不到"):
        proxies.set_list(school, dean, "註冊組", ["nobody"])
    with pytest.raises(RuleError, match="個別"):
        proxies.set_list(school, dean, "任課教師", ["lin"])
    assert proxies.list_lists(school, Actor("dean")) == []


def test_only_dean_or_administrator_edits(school: Database) -> None:
    reg = Actor("reg")
    with pytest.raises(PermissionDenied) as info:
        proxies.set_list(school, reg, "註冊組", ["lin"])
    assert "教務主任" in info.value.zh
    assert proxies.get_list(school, Actor("dean"), "註冊組").usernames == []
    assert audit_count(school, "authz.denied") == 1


def test_who_acts(school: Database) -> None:
    boss = Actor("admin")
    proxies.set_list(school, boss, "註冊組", ["lin", "chen"])
    assert proxies.resolve_for(school, Actor("dean"), "註冊組", D).acting == "reg"
    accounts.add_leave(school, boss, "reg", D, D)
    res = proxies.resolve_for(school, Actor("dean"), "註冊組", D)
    assert (res.acting, res.on_behalf_of, res.rank) == ("lin", "reg", 1)


def write_sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "代理人"
    ws.append(["說明：工作小組訂定"])
    ws.append(["職務或教師", "順位", "代理人帳號", "代理人姓名"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_then_export_round_trip(school: Database, tmp_path: Path) -> None:
    boss = Actor("admin")
    src = write_sheet(tmp_path / "代理人名單.xlsx", [
        ["進修部教務組", 2, "chen", "chen老師"],
        ["進修部教務組", 1, "lin", "lin老師"],
        ["wu", "１", "zhou", ""],
        ["教學組", 1.0, "chen", ""],
    ])
    dry = proxies.import_xlsx(school, boss, src, dry_run=True)
    assert dry.lists["function:registry:night"] == ["lin", "chen"] and dry.dry_run
    assert proxies.list_lists(school, Actor("dean")) == []
    report = proxies.import_xlsx(school, boss, src)
    assert sorted(report.changed) == ["function:academic:", "function:registry:night", "person:wu"]
    assert proxies.get_list(school, Actor("dean"), "進修部教務組").usernames == ["lin", "chen"]
    out = tmp_path / "export.xlsx"
    assert proxies.export_xlsx(school, Actor("dean"), out) == 4
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["職務或教師", "順位", "代理人帳號", "代理人姓名"]
    assert ["進修部教務組", 1, "lin", "lin老師"] in rows and ["wu", 1, "zhou", "zhou老師"] in rows
    # and the export imports back unchanged
    again = proxies.import_xlsx(school, boss, out)
    assert again.changed == []


def test_import_problems_name_row_and_column_and_write_nothing(school: Database, tmp_path: Path) -> None:
    boss = Actor("admin")
    src = write_sheet(tmp_path / "bad.xlsx", [
        ["註冊組", 1, "lin", ""],
        ["註冊組", 1, "chen", ""],  # same rank
        ["校長室", 1, "lin", ""],  # unknown target
        ["教學組", 1, "nobody", ""],  # unknown proxy
        ["教學組", "first", "lin", ""],  # bad rank
    ])
    with pytest.raises(ImportRefused) as info:
        proxies.import_xlsx(school, boss, src)
    where = [(p.row, p.column) for p in info.value.problems]
    assert where == [(4, "順位"), (5, "職務或教師"), (6, "代理人帳號"), (7, "順位")]
    assert all(p.file == "bad.xlsx" and p.sheet == "代理人" for p in info.value.problems)
    assert proxies.list_lists(school, Actor("dean")) == []
    assert audit_count(school, "proxies.import") == 0
