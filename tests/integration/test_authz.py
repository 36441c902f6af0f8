"""authz.require: role boundaries on a real database, proxies acting "X for Y", refusals audited,
and the audit log's append-only guarantee."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from portfolio_desktop.domain.roles import Grant, Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import authz, read_scope
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, Setting
from tests.data.staff import DEAN, REGISTRY_DAY, REGISTRY_NIGHT, admin, school_class, staff

P = Permission
D = dt.date(2024, 10, 1)


def denied_rows(db: Database) -> list[tuple[str, str | None, str | None]]:
    with db.read() as s:
        return [(r.actor, r.entity_key, r.after) for r in
                s.scalars(select(AuditLog).where(AuditLog.action == "authz.denied").order_by(AuditLog.id))]


def test_each_office_writes_only_its_own_division(db: Database) -> None:
    day, night = staff(db, "reg", REGISTRY_DAY), staff(db, "nreg", REGISTRY_NIGHT)
    assert authz.require(db, day, P.ROSTER_WRITE, division="day", on=D).on_behalf_of is None
    assert authz.require(db, night, P.RECEIPT_CONFIRM, division="night", on=D).username == "nreg"
    with pytest.raises(PermissionDenied) as info:
        authz.require(db, day, P.ROSTER_WRITE, division="night", on=D)
    assert "進修部教務組" in info.value.zh
    with pytest.raises(PermissionDenied, match="訓育組"):
        authz.require(db, day, P.CADRE_WRITE, division="day", on=D)


def test_refusals_are_audited_in_their_own_transaction(db: Database) -> None:
    reg = staff(db, "reg", REGISTRY_DAY)
    with pytest.raises(PermissionDenied):
        with db.write() as s:
            s.add(Setting(key="half-done", value="1"))  # the caller's pending write …
            authz.require(s, reg, P.SETTINGS_WRITE, on=D)
    with db.read() as s:
        assert s.get(Setting, "half-done") is None  # … is gone
    rows = denied_rows(db)
    assert [(a, k) for a, k, _ in rows] == [("reg", "settings.write")]
    assert "administrator" in (rows[0][2] or "")
    with pytest.raises(PermissionDenied):
        authz.require(db, reg, P.PROXIES_WRITE, on=D)  # (accounts are the registry's too: seed 000 附表一)
    assert len(denied_rows(db)) == 2


def test_unknown_user_is_refused(db: Database) -> None:
    admin(db)
    with pytest.raises(PermissionDenied, match="不是本系統的人員帳號"):
        authz.require(db, Actor("ghost"), P.ROSTER_READ, on=D)


def test_mentor_reads_only_their_own_class(db: Database) -> None:
    admin(db)
    c301, c302 = school_class(db, "301"), school_class(db, "302")
    mentor = staff(db, "lee", Grant(Role.MENTOR, class_id=c301))
    assert authz.require(db, mentor, P.DASHBOARD_READ, class_id=c301, on=D).username == "lee"
    with pytest.raises(PermissionDenied, match="該班導師"):
        authz.require(db, mentor, P.DASHBOARD_READ, class_id=c302, on=D)
    with pytest.raises(PermissionDenied):
        authz.require(db, mentor, P.ROSTER_READ, on=D)  # not the whole school
    assert authz.mentor_classes(db, mentor) == {c301}


def test_teacher_certifies_only_their_courses(db: Database) -> None:
    t = staff(db, "wu", Grant(Role.TEACHER, course_code="C101"))
    assert authz.require(db, t, P.CLO_CERTIFY, course_code="C101", on=D).username == "wu"
    with pytest.raises(PermissionDenied, match="C102"):
        authz.require(db, t, P.CLO_CERTIFY, course_code="C102", on=D)


def test_office_proxy_acts_for_departed_holder_in_order(db: Database) -> None:
    boss = admin(db)
    staff(db, "reg", REGISTRY_DAY)
    lin, chen = staff(db, "lin"), staff(db, "chen")
    dean = staff(db, "dean", DEAN, name="王主任")
    proxies.set_list(db, dean, "註冊組", ["lin", "chen"])
    with pytest.raises(PermissionDenied, match="本人可執行"):  # the holder is there: no proxy needed
        authz.require(db, lin, P.ROSTER_WRITE, division="day", on=D)
    accounts.set_departure(db, boss, "reg", dt.date(2024, 9, 1))
    acting = authz.require(db, lin, P.ROSTER_WRITE, division="day", on=D)
    assert (acting.username, acting.on_behalf_of, acting.label) == ("lin", "reg", "lin 代 reg")
    with pytest.raises(PermissionDenied, match="第 1 順位 lin"):
        authz.require(db, chen, P.ROSTER_WRITE, division="day", on=D)
    accounts.add_leave(db, dean, "lin", D, D + dt.timedelta(days=3))
    assert authz.require(db, chen, P.ROSTER_WRITE, division="day", on=D).on_behalf_of == "reg"
    assert authz.require(db, lin, P.ROSTER_WRITE, division="day", on=D + dt.timedelta(days=4)).username == "lin"
    # the proxy of 註冊組 (日間部) does not reach 進修部
    with pytest.raises(PermissionDenied):
        authz.require(db, chen, P.ROSTER_WRITE, division="night", on=D)


def test_proxy_write_is_attributed_x_for_y(db: Database) -> None:
    boss = admin(db)
    staff(db, "reg", REGISTRY_DAY)
    lin = staff(db, "lin")
    proxies.set_list(db, boss, "註冊組", ["lin"])
    accounts.set_departure(db, boss, "reg", dt.date(2024, 9, 1))
    with db.write() as s:
        acting = authz.require(s, lin, P.WINDOW_OVERRIDE, division="day", on=D)
        acting.audit(s, action="window.override", entity="window", key="113-1 upload", after={"ok": True})
    with db.read() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "window.override")).one()
        assert (row.actor, row.on_behalf_of) == ("lin", "reg")


def test_teacher_grace_then_proxies(db: Database) -> None:
    boss = admin(db)
    wu = staff(db, "wu", Grant(Role.TEACHER, course_code="C101"))
    lin = staff(db, "lin")
    proxies.set_list(db, boss, "wu", ["lin"])
    accounts.set_departure(db, boss, "wu", dt.date(2024, 8, 1), dt.date(2024, 10, 31))
    in_grace = dt.date(2024, 10, 31)
    assert authz.require(db, wu, P.CLO_CERTIFY, course_code="C101", on=in_grace).on_behalf_of is None
    # during the grace the teacher's own account still certifies, and so does the named proxy (seed
    # 001 §九(三)2(1)-(2)); `proxies who` names the same proxy (domain.proxies.acting_for)
    assert authz.require(db, lin, P.CLO_CERTIFY, course_code="C101", on=in_grace).on_behalf_of == "wu"
    assert proxies.resolve_for(db, boss, "wu", in_grace).acting == "lin"
    after = dt.date(2024, 11, 1)
    with pytest.raises(PermissionDenied, match="離職"):
        authz.require(db, wu, P.CLO_CERTIFY, course_code="C101", on=after)
    assert authz.require(db, lin, P.CLO_CERTIFY, course_code="C101", on=after).on_behalf_of == "wu"
    res = proxies.responsible_for_course(db, "C101", after)
    assert (res.acting, res.on_behalf_of) == ("lin", "wu")
    # the proxy of wu's course does not reach other courses
    with pytest.raises(PermissionDenied):
        authz.require(db, lin, P.CLO_CERTIFY, course_code="C999", on=after)


def test_nobody_available_names_the_dean(db: Database) -> None:
    boss = admin(db)
    staff(db, "dean", DEAN, name="王主任")
    staff(db, "reg", REGISTRY_DAY)
    staff(db, "lin")
    proxies.set_list(db, boss, "註冊組", ["lin"])
    accounts.set_departure(db, boss, "reg", dt.date(2024, 9, 1))
    accounts.set_departure(db, boss, "lin", dt.date(2024, 9, 15))
    with pytest.raises(Exception) as info:
        proxies.resolve_for(db, boss, "註冊組", D)
    assert "王主任" in info.value.zh and "執行秘書" in info.value.zh  # type: ignore[attr-defined]


def test_audit_log_cannot_be_updated_or_deleted(db: Database) -> None:
    staff(db, "reg", REGISTRY_DAY)
    with db.read() as s:
        before = s.scalar(select(func.count(AuditLog.id)))
    assert before
    for stmt in (update(AuditLog).values(actor="someone else"), delete(AuditLog)):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.write() as s:
                s.execute(stmt)
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as conn:  # not even raw SQL around the ORM
            conn.execute(text("DELETE FROM audit_log WHERE id = 1"))
    with db.read() as s:
        assert s.scalar(select(func.count(AuditLog.id))) == before
        assert "someone else" not in set(s.scalars(select(AuditLog.actor)))


def test_viewer_for_office_mentor_and_proxy_mentor(db: Database) -> None:
    boss = admin(db)
    c301, c302 = school_class(db, "301"), school_class(db, "302")
    reg = staff(db, "reg", REGISTRY_DAY)
    lee = staff(db, "lee", Grant(Role.MENTOR, class_id=c301))
    staff(db, "ho", Grant(Role.MENTOR, class_id=c302))
    proxies.set_list(db, boss, "ho", ["lee"])
    office = read_scope.viewer_for(db, reg, on=D)  # a per-division office reads its own division
    assert not office.whole_school and office.divisions == {"day"} and office.can_see(c302, "day")
    assert not office.can_see(c302, "night")
    assert read_scope.viewer_for(db, lee, on=D).mentor_class_ids == {c301}
    accounts.add_leave(db, boss, "ho", D, D)
    assert read_scope.viewer_for(db, lee, on=D).mentor_class_ids == {c301, c302}
    with pytest.raises(PermissionDenied):
        read_scope.viewer_for(db, staff(db, "nobody"), on=D)
    assert [k for _, k, _ in denied_rows(db)] == ["dashboard.read"]
