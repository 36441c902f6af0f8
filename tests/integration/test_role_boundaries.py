"""Roles are enforced in the services, so the CLI and the GUI obey the same rules: every role
boundary through the services, then through the CLI (the real entry point, signed in with
PORTFOLIO_USER / PORTFOLIO_PASSWORD; one real subprocess for the exit code and the message)."""

from __future__ import annotations

from tests.data.staff import CLERK  # the shared clerk of the `actor` fixture: reads the whole school

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop.cli import main
from portfolio_desktop.domain.items import ItemKind, ItemState
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.items import items
from portfolio_desktop.services.accounts import proxies
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.item_settings import set_caps
from portfolio_desktop.services.notices.notice_settings import save_settings
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import ItemStateChange, PortfolioItem
from portfolio_desktop.store.models import AuditLog
from tests.data.items_school import NOW, TERM, add_night_class, class_ids, make_school
from tests.data.staff import (
    CLERK_PASSWORD,
    DEAN,
    REGISTRY_DAY,
    REGISTRY_NIGHT,
    mentor,
    seed_staff,
    signed_in_env,
    teacher,
)

LATE = dt.datetime(2025, 1, 15, 9, 0)
TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> dict[str, int]:
    """Day classes 101/102 with courses C01–C07 (tests/data/items_school.py), a 進修部 class 301 with
    student N001, and two CLOs of student 0001 (C01, C02) uploaded by the clerk."""
    make_school(db, actor, tmp_path)
    add_night_class(db)
    ids = {"c01": _clo(db, actor, "C01"), "c02": _clo(db, actor, "C02")}
    return ids


def _clo(db: Database, actor: Actor, course: str) -> int:
    return items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CLO, title=f"{course} 報告",
                          course_code=course, now=NOW).id


def _state(db: Database, item: int) -> str:
    with db.read() as s:
        return s.scalar(select(PortfolioItem.state).where(PortfolioItem.id == item)) or ""


def _denials(db: Database, who: str) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditLog.entity_key).where(AuditLog.action == "authz.denied",
                                                                AuditLog.actor == who).order_by(AuditLog.id)))


# ---- services ---------------------------------------------------------------------------------

def test_a_mentor_reads_only_their_own_class(db: Database, school: dict[str, int], tmp_path: Path) -> None:
    c101 = class_ids(db)["101"]
    lee = seed_staff(db, "lee", mentor(c101))
    assert {s.class_code for s in rosters.list_students(db, lee)} == {"101"}
    assert [n.code for n in rosters.class_tree(db, lee)] == ["101"]
    assert rosters.student_detail(db, lee, "0001").student.name == "王小明"
    with pytest.raises(PermissionDenied) as info:
        rosters.student_detail(db, lee, "0101")  # class 102
    assert "該班導師" in info.value.zh and "mentor of that class" in info.value.en
    with pytest.raises(PermissionDenied):
        rosters.export_roster(db, lee, tmp_path / "102.xlsx", class_code="102")
    assert not (tmp_path / "102.xlsx").exists()
    assert rosters.export_roster(db, lee, tmp_path / "mine.xlsx") == 3  # only class 101
    with pytest.raises(PermissionDenied, match="註冊組"):
        rosters.change_status(db, lee, "0001", Status.SUSPENDED, dt.date(2024, 9, 2))
    assert _denials(db, "lee") == ["roster.read", "roster.read", "status.change"]
    stranger = seed_staff(db, "nobody")
    with pytest.raises(PermissionDenied):
        rosters.list_students(db, stranger)


def test_a_teacher_certifies_only_their_own_courses(db: Database, school: dict[str, int]) -> None:
    chang = seed_staff(db, "chang", teacher("C01"))
    with pytest.raises(PermissionDenied) as info:
        items.certify(db, chang, [school["c01"], school["c02"]], now=NOW)  # C02 is not theirs: all refused
    assert "課程 C02 的任課教師" in info.value.zh and "teacher of course C02" in info.value.en
    assert _state(db, school["c01"]) == ItemState.UPLOADED.value
    assert items.certify(db, chang, [school["c01"]], now=NOW)[0].state is ItemState.CERTIFIED
    with pytest.raises(PermissionDenied, match="教學組"):  # selection is 教學組's
        items.select_items(db, chang, [school["c01"]], now=NOW)
    # late work is the teacher's own, with a reason; it then waits for the registry's countersignature
    assert items.reject(db, chang, [school["c01"]], "重交", now=LATE, override_reason="老師請假")[0].state \
        is ItemState.NOT_CERTIFIED
    [late] = windows.list_overrides(db, Actor(CLERK), TERM)
    assert (late.actor, late.countersign, late.awaiting) == ("chang", "registry", True)


def test_the_day_registry_does_not_write_the_night_division(db: Database, school: dict[str, int],
                                                            tmp_path: Path) -> None:
    day = seed_staff(db, "day-reg", REGISTRY_DAY)
    with pytest.raises(PermissionDenied) as info:
        rosters.change_status(db, day, "N001", Status.SUSPENDED, dt.date(2024, 9, 2))
    assert "進修部教務組" in info.value.zh and "night division" in info.value.en
    rosters.change_status(db, day, "0002", Status.SUSPENDED, dt.date(2024, 9, 2))  # its own division
    from tests.data.hostile import roster_xlsx  # a real roster file with a 進修部 row

    path = roster_xlsx(tmp_path / "mixed.xlsx", [["學號", "姓名", "部別", "班級"], ["N002", "新夜生", "進修部", "301"]])
    for dry in (True, False):  # a dry run reveals the roster: refused as well
        with pytest.raises(PermissionDenied, match="進修部"):
            rosters.import_roster(db, day, path, dry_run=dry)
    night = seed_staff(db, "night-reg", REGISTRY_NIGHT)
    assert rosters.import_roster(db, night, path).added == ["N002"]


def test_settings_and_accounts_belong_to_the_offices_the_seeds_name(db: Database, school: dict[str, int]) -> None:
    """The notices' settings are the registry's (seed 001 §六(三), §九(三)3), the caps the working
    group's (seed 000 §四 說明3: the dean), accounts the registry's (seed 000 附表一 註冊組 1) but never
    an administrator's (domain/setting_owners.py)."""
    reg = seed_staff(db, "reg", REGISTRY_DAY, REGISTRY_NIGHT)
    assert save_settings(db, reg, reply_days=20).reply_days == 20
    with pytest.raises(PermissionDenied, match="教務主任"):
        from portfolio_desktop.domain.items import Caps

        set_caps(db, reg, Caps(clo_selected_per_year=2))
    with pytest.raises(PermissionDenied, match="只有系統管理者"):
        accounts.create_staff(db, reg, "eve", "Eve", grants=[Grant(Role.ADMIN)])
    assert accounts.create_staff(db, reg, "eve", "Eve", grants=[teacher("C01")]).username == "eve"
    assert _denials(db, "reg") == ["settings.write", "accounts.manage"]


def test_a_proxy_certifies_for_a_departed_teacher_after_the_grace_period(db: Database, actor: Actor,
                                                                         school: dict[str, int]) -> None:
    chang = seed_staff(db, "chang", teacher("C01"), name="張老師")
    li = seed_staff(db, "li", name="李代課")
    accounts.set_departure(db, actor, "chang", TODAY - 10 * DAY, TODAY - 2 * DAY)  # grace over
    proxies.set_list(db, actor, "chang", ["li"])
    with pytest.raises(PermissionDenied, match="離職"):
        items.certify(db, chang, [school["c01"]], now=NOW)
    items.certify(db, li, [school["c01"]], now=NOW)
    detail = items.item_detail(db, Actor(CLERK), school["c01"])
    assert (detail.history[-1].actor, detail.history[-1].on_behalf_of) == ("li", "chang")  # "li 代 chang"
    with db.read() as s:
        row = s.execute(select(AuditLog.actor, AuditLog.on_behalf_of).where(AuditLog.action == "item.certify")).one()
    assert tuple(row) == ("li", "chang")
    with pytest.raises(PermissionDenied):  # a proxy of C01's teacher is no teacher of C02
        items.certify(db, li, [school["c02"]], now=NOW)


def test_the_departed_teacher_certifies_during_the_grace_period(db: Database, actor: Actor,
                                                                school: dict[str, int]) -> None:
    chang = seed_staff(db, "chang", teacher("C01"))
    seed_staff(db, "li")
    accounts.set_departure(db, actor, "chang", TODAY - 3 * DAY, TODAY + 5 * DAY)  # seed 001 §九(三)2(2)
    proxies.set_list(db, actor, "chang", ["li"])
    # the named proxy acts from the departure on (seed 001 §九(三)2(1)), as `proxies who` says …
    assert proxies.resolve_for(db, actor, "chang").acting == "li"
    items.certify(db, Actor("li"), [school["c01"]], now=NOW)
    last = items.item_detail(db, Actor(CLERK), school["c01"]).history[-1]
    assert (last.actor, last.on_behalf_of) == ("li", "chang")
    # … and chang's own account still certifies during its grace (§九(三)2(2))
    items.reject(db, chang, [school["c01"]], "請補上參考資料", now=NOW)
    last = items.item_detail(db, Actor(CLERK), school["c01"]).history[-1]
    assert (last.actor, last.on_behalf_of) == ("chang", None)
    with pytest.raises(PermissionDenied):  # the grace covers certifying only
        rosters.list_students(db, chang)


def test_followup_names_who_is_responsible_and_whom_to_ask(db: Database, actor: Actor,
                                                           school: dict[str, int]) -> None:
    clerk = accounts.get_staff(db, actor.username)  # the clerk teaches every course: not here
    accounts.set_grants(db, actor, actor.username, [g for g in clerk.grants if g.role is not Role.TEACHER])
    seed_staff(db, "chang", teacher("C01"))
    seed_staff(db, "li")
    seed_staff(db, "wu", teacher("C02"))
    seed_staff(db, "ho")
    seed_staff(db, "wang", DEAN, name="王主任")
    accounts.set_departure(db, actor, "chang", TODAY - 10 * DAY)
    proxies.set_list(db, actor, "chang", ["li"])
    accounts.set_departure(db, actor, "wu", TODAY - 10 * DAY)
    accounts.set_departure(db, actor, "ho", TODAY - 10 * DAY)
    proxies.set_list(db, actor, "wu", ["ho"])  # wu's only proxy left too: nobody available
    data = followup.followup(db, Actor(CLERK), followup.FollowupKind.UNCERTIFIED, term=TERM)
    assert data.headers[-1] == "目前負責認證"
    now = {r[1]: r[-1] for r in data.rows}
    assert now["C01"].startswith("li 代 chang")
    assert "無人可代理" in now["C02"] and "王主任" in now["C02"]  # names whom to ask
    with pytest.raises(PermissionDenied):
        items.certify(db, Actor("ho"), [school["c02"]], now=NOW)


def test_refusals_write_nothing_but_the_audit_row(db: Database, school: dict[str, int]) -> None:
    with db.read() as s:
        before = (s.scalar(select(func.count(ItemStateChange.id))), s.scalar(select(func.count(AuditLog.id))))
    intruder = seed_staff(db, "intruder", REGISTRY_NIGHT)
    with pytest.raises(PermissionDenied):
        items.certify(db, intruder, [school["c01"]], now=NOW)
    with db.read() as s:
        after = (s.scalar(select(func.count(ItemStateChange.id))), s.scalar(select(func.count(AuditLog.id))))
    assert after == (before[0], before[1] + 1)


# ---- the CLI ----------------------------------------------------------------------------------

@pytest.fixture
def cli_school(db: Database, db_path: Path, actor: Actor, school: dict[str, int],
               monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The school above; the clerk is its administrator; day registry, a mentor and a teacher have
    accounts (created through the CLI)."""
    env = signed_in_env(db, actor.username)
    now = dt.datetime.now().replace(microsecond=0)  # the CLI acts on the clock: certification open now
    windows.set_window(db, actor, TERM, WindowKind.CERTIFICATION, now - dt.timedelta(days=1), now + dt.timedelta(days=1))
    monkeypatch.delenv("PORTFOLIO_DB", raising=False)
    first = "first-pass-123"  # what the administrator gives; each changes it to CLERK_PASSWORD at once
    for user, role in (("dayreg", "registry:day"), ("lee", "mentor:101"), ("chang", "teacher:C01")):
        for key, value in {**env, "PORTFOLIO_NEW_PASSWORD": first}.items():
            monkeypatch.setenv(key, value)
        assert main(["--db", str(db_path), "accounts", "add", user, "--role", role]) == 0
        for key, value in {"PORTFOLIO_USER": user, "PORTFOLIO_PASSWORD": first,
                           "PORTFOLIO_NEW_PASSWORD": CLERK_PASSWORD}.items():
            monkeypatch.setenv(key, value)
        assert main(["--db", str(db_path), "accounts", "passwd"]) == 0
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return school


def _as(monkeypatch: pytest.MonkeyPatch, db_path: Path, user: str, *args: str) -> int:
    monkeypatch.setenv("PORTFOLIO_USER", user)
    return main(["--db", str(db_path), *args])


def test_role_boundaries_through_the_cli(cli_school: dict[str, int], db: Database, db_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert _as(monkeypatch, db_path, "lee", "roster", "list", "--json") == 0
    assert {json.loads(line)["class_code"] for line in capsys.readouterr().out.splitlines()} == {"101"}
    assert _as(monkeypatch, db_path, "lee", "dashboard", "--term", TERM, "--class", "102") == 1
    assert "導師" in capsys.readouterr().err
    assert _as(monkeypatch, db_path, "chang", "items", "certify", str(cli_school["c02"])) == 1
    err = capsys.readouterr().err
    assert "課程 C02 的任課教師" in err and "teacher of course C02" in err
    assert _as(monkeypatch, db_path, "chang", "items", "list", "--json") == 0  # a teacher sees their courses' items
    assert {json.loads(line)["course_code"] for line in capsys.readouterr().out.splitlines()} == {"C01"}
    assert _as(monkeypatch, db_path, "chang", "items", "certify", str(cli_school["c01"])) == 0
    assert _as(monkeypatch, db_path, "dayreg", "status", "change", "N001", "休學", "--date", "113/09/02") == 1
    assert "進修部教務組" in capsys.readouterr().err
    assert _as(monkeypatch, db_path, "dayreg", "notices", "settings", "--dx", "1") == 0  # the registry's (§九(三)3)
    assert _as(monkeypatch, db_path, "dayreg", "items", "caps", "--set", "clo_selected_per_year=3") == 1
    assert "教務主任" in capsys.readouterr().err  # the working group's (seed 000 §四 說明3)
    assert _as(monkeypatch, db_path, "dayreg", "backup", "create") == 1
    assert "資訊媒體組" in capsys.readouterr().err
    assert _as(monkeypatch, db_path, "dayreg", "accounts", "roles", "lee", "--role", "admin") == 1
    assert _as(monkeypatch, db_path, "dayreg", "status", "change", "0002", "休學", "--date", "113/09/02") == 0
    with db.read() as s:
        denied = list(s.execute(select(AuditLog.actor, AuditLog.entity_key).where(AuditLog.action == "authz.denied")
                                .order_by(AuditLog.id)))
    # the mentor's look at class 102 is refused by the read scope, and audited like every refusal
    assert [tuple(d) for d in denied] == [("lee", "dashboard.read"), ("chang", "clo.certify"),
                                          ("dayreg", "status.change"), ("dayreg", "settings.write"),
                                          ("dayreg", "backup.run"), ("dayreg", "accounts.manage")]


def test_a_refused_cli_action_exits_1_naming_the_role(cli_school: dict[str, int], db_path: Path) -> None:
    """A script: the real process, signed in from the environment, refused with both languages."""
    env = {**os.environ, "PORTFOLIO_USER": "lee", "PORTFOLIO_PASSWORD": CLERK_PASSWORD, "PYTHONIOENCODING": "utf-8"}
    env.pop("PORTFOLIO_DB", None)
    done = subprocess.run([sys.executable, "-m", "portfolio_desktop", "--db", str(db_path), "status", "change",
                           "0001", "休學", "--date", "113/09/02"], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 1
    assert "需要的職務：註冊組" in done.stderr and "this needs: registry office" in done.stderr
