"""Accounts: first administrator, sign-in, throttle and lock, reset, departure; passwords never leak."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from portfolio_desktop.domain import passwords as pw
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from tests.data.staff import ADMIN, ADMIN_PASSWORD, REGISTRY_DAY, admin, staff

T0 = dt.datetime(2024, 10, 1, 8, 0, 0)
SECRET = "Zebra-Quartz-𡘙-4417"


def audit_rows(db: Database) -> list[tuple[str, str | None, str, str | None, str | None, str | None]]:
    """(actor, on_behalf_of, action, entity_key, before, after) of every audit row."""
    with db.read() as s:
        return [(r.actor, r.on_behalf_of, r.action, r.entity_key, r.before, r.after)
                for r in s.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_first_administrator_only_once(db: Database) -> None:
    assert not accounts.has_accounts(db)
    row = accounts.bootstrap_admin(db, ADMIN, ADMIN_PASSWORD)
    assert row.role_labels == ("系統管理者",)
    with pytest.raises(PermissionDenied):
        accounts.bootstrap_admin(db, "other", "other-pass-1")
    actor = accounts.sign_in(db, ADMIN, ADMIN_PASSWORD)
    assert actor.username == ADMIN and actor.roles and actor.display_name == ADMIN


def test_wrong_password_and_unknown_user_get_the_same_answer(db: Database) -> None:
    admin(db)
    with pytest.raises(PermissionDenied) as a:
        accounts.sign_in(db, ADMIN, "wrong-pass", now=T0)
    with pytest.raises(PermissionDenied) as b:
        accounts.sign_in(db, "nobody", "wrong-pass", now=T0)
    assert a.value.zh == b.value.zh == accounts.BAD_SIGN_IN[0]


def test_failures_slow_down_then_lock_then_admin_unlocks(db: Database) -> None:
    boss = admin(db)
    staff(db, "reg", REGISTRY_DAY, password="reg-pass-01")
    now = T0
    for _ in range(3):
        with pytest.raises(PermissionDenied, match="帳號或密碼不正確"):
            accounts.sign_in(db, "reg", "nope-nope", now=now)
    # too soon after the 3rd failure: refused without even checking, even with the right password
    with pytest.raises(PermissionDenied, match="等候"):
        accounts.sign_in(db, "reg", "reg-pass-01", now=now + dt.timedelta(seconds=1))
    failures = 3
    while failures < pw.LOCK_AFTER:
        now += dt.timedelta(seconds=61)
        with pytest.raises(PermissionDenied):
            accounts.sign_in(db, "reg", "nope-nope", now=now)
        failures += 1
    with pytest.raises(PermissionDenied, match="鎖定"):
        accounts.sign_in(db, "reg", "reg-pass-01", now=now + dt.timedelta(minutes=5))
    assert accounts.get_staff(db, "reg").locked_until is not None
    accounts.unlock(db, boss, "reg")
    assert accounts.sign_in(db, "reg", "reg-pass-01", now=now + dt.timedelta(minutes=5)).username == "reg"
    # success resets the counter
    assert accounts.get_staff(db, "reg").locked_until is None


def test_lock_expires(db: Database) -> None:
    admin(db)
    staff(db, "reg", REGISTRY_DAY, password="reg-pass-01")
    now = T0
    for _ in range(pw.LOCK_AFTER):
        with pytest.raises(PermissionDenied):
            accounts.sign_in(db, "reg", "nope-nope", now=now)
        now += dt.timedelta(seconds=61)
    with pytest.raises(PermissionDenied, match="鎖定"):
        accounts.sign_in(db, "reg", "reg-pass-01", now=now)
    assert accounts.sign_in(db, "reg", "reg-pass-01", now=now + dt.timedelta(minutes=16)).username == "reg"


def test_reset_requires_change_and_an_administrators_password_only_an_administrator_resets(db: Database) -> None:
    boss = admin(db)
    reg = staff(db, "reg", REGISTRY_DAY, password="reg-pass-01")
    staff(db, "lin", password="lin-pass-01")
    with pytest.raises(PermissionDenied, match="系統管理者"):  # the registry opens accounts, not administrators'
        accounts.reset_password(db, reg, "admin", "hijack-pass")
    accounts.reset_password(db, reg, "lin", "temp-pass-2")  # 帳號開設 (seed 000 附表一 註冊組 1)
    assert accounts.password_must_change(db, "lin")
    accounts.reset_password(db, boss, "reg", "temp-pass-1")
    assert accounts.password_must_change(db, "reg")
    accounts.change_password(db, "reg", "temp-pass-1", "mine-pass-22")
    assert not accounts.password_must_change(db, "reg")
    with pytest.raises(PermissionDenied):
        accounts.sign_in(db, "reg", "temp-pass-1")
    assert accounts.sign_in(db, "reg", "mine-pass-22").username == "reg"
    with pytest.raises(RuleError):
        accounts.change_password(db, "reg", "mine-pass-22", "short")


def test_departed_account_closed_after_grace(db: Database) -> None:
    boss = admin(db)
    staff(db, "wang", password="wang-pass-1")
    accounts.set_departure(db, boss, "wang", dt.date(2024, 9, 1), dt.date(2024, 9, 30))
    assert accounts.sign_in(db, "wang", "wang-pass-1", now=dt.datetime(2024, 9, 30, 12)).username == "wang"
    with pytest.raises(PermissionDenied, match="離職"):
        accounts.sign_in(db, "wang", "wang-pass-1", now=dt.datetime(2024, 10, 1, 12))
    with pytest.raises(RuleError):
        accounts.set_departure(db, boss, "wang", dt.date(2024, 9, 1), dt.date(2024, 8, 1))


def test_the_grace_ends_at_local_midnight(db: Database, taipei_clock: None) -> None:
    """Times are stored in UTC; the grace's last day is a day at the school: at 01:00 on 10-01 in
    Taipei (09-30 17:00 UTC) it is over."""
    boss = admin(db)
    staff(db, "wang", password="wang-pass-1")
    accounts.set_departure(db, boss, "wang", dt.date(2024, 9, 1), dt.date(2024, 9, 30))
    assert accounts.sign_in(db, "wang", "wang-pass-1", now=dt.datetime(2024, 9, 30, 15, 59)).username == "wang"
    with pytest.raises(PermissionDenied, match="離職"):
        accounts.sign_in(db, "wang", "wang-pass-1", now=dt.datetime(2024, 9, 30, 17, 0))


def test_create_staff_refuses_duplicates_and_bad_names(db: Database) -> None:
    boss = admin(db)
    accounts.create_staff(db, boss, "lin", "林老師")
    with pytest.raises(RuleError, match="已存在"):
        accounts.create_staff(db, boss, "lin", "林老師")
    with pytest.raises(RuleError):
        accounts.create_staff(db, boss, "has space", "x")


def test_password_never_in_database_file_logs_or_audit(db: Database, db_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    boss = admin(db)
    accounts.create_staff(db, boss, "lin", "林老師", password=SECRET)
    accounts.sign_in(db, "lin", SECRET)
    with pytest.raises(PermissionDenied):
        accounts.sign_in(db, "lin", SECRET + "x")
    with pytest.raises(PermissionDenied):
        accounts.sign_in(db, SECRET, SECRET)  # a password typed into the name box
    accounts.reset_password(db, boss, "lin", SECRET[::-1])
    accounts.change_password(db, "lin", SECRET[::-1], SECRET + "2")
    db.dispose()  # checkpoint the WAL so every byte is in files we read below
    needles = [s.encode("utf-8") for s in (SECRET, SECRET[::-1], "Zebra-Quartz")]
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert files
    for f in files:
        data = f.read_bytes()
        for n in needles:
            assert n not in data, f"password found in {f.name}"
    assert "Zebra-Quartz" not in caplog.text
    rows = audit_rows(db)
    assert rows
    for r in rows:
        assert "Zebra-Quartz" not in " ".join(str(x) for x in r)
    assert ("(unknown)", "account.sign_in_failed") in {(r[0], r[2]) for r in rows}
