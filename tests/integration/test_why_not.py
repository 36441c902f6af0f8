"""authz.why_not — what the GUI asks before it offers an action — gives exactly the decision and the
refusal text of authz.require, writes nothing, and with ``anywhere`` answers "for some class or
course" (a mentor's class, a teacher's course, a proxy's holder). The import column mappings are
read and written through a service that checks the import's permission."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portfolio_desktop.domain.items import Action
from portfolio_desktop.domain.roles import Grant, Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import authz, guard, import_mappings
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from tests.data.staff import (
    ACADEMIC,
    ADMIN_ROLE,
    CONSULTANT,
    DEAN,
    REGISTRY_DAY,
    admin,
    mentor,
    school_class,
    staff,
    teacher,
)

P = Permission
D = dt.date(2024, 10, 1)


def audit_rows(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditLog.id))) or 0


def require_text(db: Database, actor: Actor, permission: Permission, **scope: object) -> str | None:
    try:
        authz.require(db, actor, permission, on=D, **scope)  # type: ignore[arg-type]
    except PermissionDenied as exc:
        return f"{exc.zh}|{exc.en}"
    return None


@pytest.mark.parametrize(("who", "permission", "scope"), [
    ("reg", P.ROSTER_WRITE, {"division": "day"}),
    ("reg", P.ROSTER_WRITE, {"division": "night"}),
    ("reg", P.SETTINGS_WRITE, {}),
    ("boss", P.ROSTER_READ, {}),
    ("boss", P.SETTINGS_WRITE, {}),
    ("m301", P.ROSTER_READ, {}),
    ("m301", P.ROSTER_READ, {"class_id": "301"}),
    ("m301", P.ROSTER_READ, {"class_id": "302"}),
    ("m301", P.WINDOWS_SET, {}),
    ("t", P.CLO_CERTIFY, {"course_code": "C01"}),
    ("t", P.CLO_CERTIFY, {"course_code": "C02"}),
    ("ghost", P.ROSTER_READ, {}),
])
def test_same_decision_and_text_as_require_and_nothing_written(db: Database, who: str, permission: Permission,
                                                               scope: dict[str, object]) -> None:
    classes = {"301": school_class(db, "301"), "302": school_class(db, "302")}
    admin(db)
    staff(db, "reg", REGISTRY_DAY)
    staff(db, "m301", mentor(classes["301"]))
    staff(db, "t", teacher("C01"))
    staff(db, "boss", ADMIN_ROLE)
    if "class_id" in scope:
        scope = {**scope, "class_id": classes[str(scope["class_id"])]}
    before = audit_rows(db)
    denied = authz.why_not(db, Actor(who), permission, on=D, **scope)  # type: ignore[arg-type]
    assert audit_rows(db) == before  # asked, not audited
    expected = require_text(db, Actor(who), permission, **scope)
    assert (None if denied is None else f"{denied.zh}|{denied.en}") == expected
    assert audit_rows(db) == before + (expected is not None)  # require audits its refusal


def test_anywhere_is_some_class_or_course_of_the_user_or_of_whom_they_stand_in_for(db: Database) -> None:
    c301, c302 = school_class(db, "301"), school_class(db, "302")
    admin(db)
    dean = staff(db, "dean", DEAN)
    m = staff(db, "m301", mentor(c301))
    t = staff(db, "t", teacher("C01"))
    away = staff(db, "m302", mentor(c302))
    stand_in = staff(db, "stand_in")
    nobody = staff(db, "nobody", CONSULTANT)
    proxies.set_list(db, dean, "m302", ["stand_in"])
    accounts.add_leave(db, dean, away.username, D - dt.timedelta(days=1), D + dt.timedelta(days=10))

    assert authz.why_not(db, m, P.ROSTER_READ, on=D) is not None  # the whole school: no
    assert authz.why_not(db, m, P.ROSTER_READ, on=D, anywhere=True) is None  # its own class: yes
    assert authz.why_not(db, t, P.CLO_CERTIFY, on=D, anywhere=True) is None
    assert authz.why_not(db, m, P.CLO_CERTIFY, on=D, anywhere=True) is not None
    assert authz.why_not(db, stand_in, P.ROSTER_READ, on=D, anywhere=True) is None  # for m302, on leave
    assert authz.why_not(db, stand_in, P.ROSTER_READ, on=D + dt.timedelta(days=30), anywhere=True) is not None
    refused = authz.why_not(db, nobody, P.WINDOWS_SET, on=D, anywhere=True)
    assert refused is not None and "教務主任" in refused.zh and "dean" in refused.en


def test_item_actions_follow_the_schools_submit_roles(db: Database) -> None:
    admin(db)
    reg, academic = staff(db, "reg", REGISTRY_DAY), staff(db, "aca", ACADEMIC)
    assert guard.why_not_action(db, reg, Action.SUBMIT) is None
    assert guard.why_not_action(db, academic, Action.SELECT) is None
    denied = guard.why_not_action(db, academic, Action.SUBMIT)
    assert denied is not None and "提交" in denied.zh


def test_import_mappings_need_the_imports_permission(db: Database) -> None:
    admin(db)
    reg, academic = staff(db, "reg", REGISTRY_DAY), staff(db, "aca", ACADEMIC)
    mapping = {"student_no": "學生代碼", "phone": ""}
    assert import_mappings.remember(db, reg, "roster", mapping) == mapping
    assert import_mappings.load(db, reg, "roster") == mapping
    before = audit_rows(db)
    with pytest.raises(PermissionDenied, match="登錄學籍資料"):
        import_mappings.load(db, academic, "roster")
    with pytest.raises(PermissionDenied, match="登錄學籍資料"):
        import_mappings.remember(db, academic, "roster", {"student_no": "別的欄"})
    with db.read() as s:
        assert get_setting(s, "import.mapping.roster") == mapping  # unchanged
    with db.read() as s:
        denied = s.scalars(select(AuditLog.entity_key).where(AuditLog.action == "authz.denied")).all()
    assert audit_rows(db) == before + 2 and list(denied) == ["roster.write", "roster.write"]
    assert import_mappings.remember(db, academic, "courses", {"code": "代碼"}) == {"code": "代碼"}
    assert import_mappings.why_not(db, reg, "courses") is not None
    assert import_mappings.why_not(db, academic, "courses") is None


def test_the_directory_read_once_decides_as_the_database_does(db: Database) -> None:
    """The GUI decides from a copy of the staff and their proxy lists (authz.StaffDirectory, read once on
    a worker) what it offers; for every person, permission, scope and day here — own grants, a teacher
    on leave with a personal proxy, an office on leave with its office list, a departed mentor in their
    grace period, someone acting for a named holder — it gives the decision and the words the database
    gives, and reads nothing."""
    c301, c302 = school_class(db, "301"), school_class(db, "302")
    c901 = school_class(db, "901", "night")
    boss = admin(db)
    staff(db, "dean", DEAN)
    staff(db, "reg", REGISTRY_DAY)
    staff(db, "reg_night", Grant(Role.REGISTRY, "night"))
    staff(db, "m301", mentor(c301))
    staff(db, "m302", mentor(c302))
    staff(db, "m901", mentor(c901))
    staff(db, "t1", teacher("C01"))
    staff(db, "t2", teacher("C02"))
    staff(db, "stand_in", teacher("C03"))
    staff(db, "office_proxy")
    staff(db, "second")
    staff(db, "aca", ACADEMIC)
    proxies.set_list(db, boss, "m302", ["stand_in", "second"])
    proxies.set_list(db, boss, "t2", ["second", "stand_in"])
    proxies.set_list(db, boss, "function:registry:day", ["office_proxy", "second"])
    proxies.set_list(db, boss, "m901", ["office_proxy"])
    accounts.add_leave(db, boss, "m302", D - dt.timedelta(days=1), D + dt.timedelta(days=10))
    accounts.add_leave(db, boss, "reg", D, D + dt.timedelta(days=3))
    accounts.add_leave(db, boss, "stand_in", D + dt.timedelta(days=5), D + dt.timedelta(days=6))
    accounts.set_departure(db, boss, "m901", D - dt.timedelta(days=2), D + dt.timedelta(days=20))
    directory = authz.StaffDirectory.load(db)

    people = [Actor(n) for n in ("admin", "dean", "reg", "reg_night", "m301", "m302", "m901", "t1", "t2",
                                 "stand_in", "office_proxy", "second", "aca", "ghost")]
    people += [Actor("stand_in", "m302"), Actor("second", "t2"), Actor("office_proxy", "reg"),
               Actor("second", "m301")]
    scopes: list[dict[str, object]] = [{}, {"division": "day"}, {"division": "night"}, {"class_id": c301},
                                       {"class_id": c302}, {"class_id": c901}, {"course_code": "C01"},
                                       {"course_code": "C02"}]
    # unscoped on four days (before, during and after the leaves, in the grace period), with and
    # without "anywhere"; each scope on the day the leaves begin
    days = [D - dt.timedelta(days=5), D, D + dt.timedelta(days=5), D + dt.timedelta(days=30)]
    asks = [({}, day, anywhere) for day in days for anywhere in (False, True)]
    asks += [(scope, D, False) for scope in scopes if scope]
    before = audit_rows(db)
    compared = 0
    for actor in people:
        for permission in Permission:
            for scope, day, anywhere in asks:
                from_db = authz.why_not(db, actor, permission, on=day, anywhere=anywhere,
                                        **scope)  # type: ignore[arg-type]
                from_copy = authz.why_not(None, actor, permission, on=day, anywhere=anywhere,
                                          directory=directory, **scope)  # type: ignore[arg-type]
                assert (from_db is None) == (from_copy is None), (actor, permission, scope, day)
                if from_db is not None and from_copy is not None:
                    assert (from_copy.zh, from_copy.en) == (from_db.zh, from_db.en)
                if not anywhere:
                    assert authz.allowed(None, actor, permission, on=day, directory=directory,
                                         **scope) == (from_db is None)  # type: ignore[arg-type]
                compared += 1
    assert compared > 5_000 and audit_rows(db) == before
