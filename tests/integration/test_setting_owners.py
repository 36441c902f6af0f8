"""Each school setting and each account action by the office the seeds name (domain/setting_owners.py),
the administrator as a fallback: on a real database, through the services and the CLI (``cli.main``);
every refusal names the owners, is audited and writes nothing else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop.cli import main
from portfolio_desktop.domain.items import Caps, ItemKind
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.item_settings import read_caps, set_caps, set_submit_roles
from portfolio_desktop.services.notices import notice_settings
from portfolio_desktop.services.settings import get_setting
from portfolio_desktop.services.workgroup import compliance
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, Setting
from tests.data.staff import (
    ACADEMIC,
    ADMIN,
    ADMIN_PASSWORD,
    DEAN,
    IT,
    PASSWORD,
    REGISTRY_DAY,
    REGISTRY_NIGHT,
    admin,
    staff,
    teacher,
)


@pytest.fixture
def people(db: Database) -> dict[str, Actor]:
    return {"admin": admin(db), "dean": staff(db, "dean", DEAN, password=PASSWORD),
            "reg_day": staff(db, "reg_day", REGISTRY_DAY, password=PASSWORD),
            "reg_night": staff(db, "reg_night", REGISTRY_NIGHT, password=PASSWORD),
            "it": staff(db, "it", IT, password=PASSWORD), "acad": staff(db, "acad", ACADEMIC, password=PASSWORD)}


def _settings(db: Database) -> dict[str, str]:
    with db.read() as s:
        return {k: v for k, v in s.execute(select(Setting.key, Setting.value))}


def _denied(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "authz.denied")) or 0


def test_caps_and_the_task_division_are_the_working_groups(db: Database, people: dict[str, Actor]) -> None:
    before = _settings(db)
    with pytest.raises(PermissionDenied, match="需要的職務：教務主任（執行秘書）、系統管理者"):
        set_caps(db, people["reg_day"], Caps(clo_selected_per_year=5))
    assert _settings(db) == before and _denied(db) == 1
    assert set_caps(db, people["dean"], Caps(clo_selected_per_year=5)).clo_selected_per_year == 5  # seed 000 說明3
    assert read_caps(db).clo_selected_per_year == 5
    set_submit_roles(db, people["dean"], {ItemKind.CLO: Role.ACADEMIC})  # seed 001 §三(二) 任務分工
    with pytest.raises(PermissionDenied):
        set_submit_roles(db, people["acad"], {ItemKind.CLO: Role.ACADEMIC})
    compliance.set_rules(db, people["dean"], "000")
    compliance.set_rules(db, people["admin"], "001")  # the administrator as a fallback
    with pytest.raises(PermissionDenied, match="教務主任"):
        compliance.set_rules(db, people["reg_day"], "000")


def test_the_letterhead_is_its_divisions_registrys(db: Database, people: dict[str, Actor]) -> None:
    notice_settings.save_settings(db, people["reg_night"], letterhead={"office": "進修部教務組"}, division="night")
    with pytest.raises(PermissionDenied, match="需要的職務：進修部教務組、系統管理者"):
        notice_settings.save_settings(db, people["reg_day"], letterhead={"office": "註冊組"}, division="night")
    with pytest.raises(PermissionDenied, match="需要的職務：註冊組"):
        notice_settings.save_settings(db, people["reg_night"], letterhead={"office": "x"})  # the school's (day)
    assert notice_settings.save_settings(db, people["reg_day"], letterhead={"office": "註冊組"}).letterhead.office \
        == "註冊組"
    # the envelope, reply days and mailing options serve both divisions: either registry office
    assert notice_settings.save_settings(db, people["reg_night"], reply_days=21).reply_days == 21
    with pytest.raises(PermissionDenied, match="註冊組"):
        notice_settings.save_settings(db, people["dean"], reply_days=9)
    assert notice_settings.save_settings(db, people["admin"], reply_days=9).reply_days == 9


def test_the_settings_dialogs_parts_each_by_its_owner(db: Database, people: dict[str, Actor]) -> None:
    current = school_setup.school_settings(db)
    profile = school_setup.SchoolProfile("國立測試高中", "123456", ("day", "night"), ())
    school_setup.save_school_settings(db, people["reg_day"], school=profile, term=(114, 1),
                                      letterhead={**current.letterhead, "office": "教務處註冊組"})
    after = school_setup.school_settings(db)
    assert (after.school.name, after.letterhead["office"]) == ("國立測試高中", "教務處註冊組")
    with db.read() as s:
        assert get_setting(s, "school.current_term") == "114-1"
    before = _settings(db)
    with pytest.raises(PermissionDenied, match="教務主任"):  # the caps in the same save: nothing written
        school_setup.save_school_settings(db, people["reg_day"], school=replace(profile, name="別校"),
                                          caps=Caps(clo_selected_per_year=1))
    assert _settings(db) == before
    school_setup.save_school_settings(db, people["dean"], caps=Caps(clo_selected_per_year=4))
    school_setup.save_school_settings(db, people["it"], backup=school_setup.BackupChoice("", 9, False))
    assert school_setup.school_settings(db).backup.keep == 9 and read_caps(db).clo_selected_per_year == 4
    with pytest.raises(PermissionDenied, match="資訊媒體組"):
        school_setup.save_school_settings(db, people["dean"], backup=school_setup.BackupChoice("", 3, False))
    with pytest.raises(PermissionDenied, match="註冊組"):
        school_setup.save_school_settings(db, people["acad"])  # owns nothing: refused naming the owners


def test_accounts_are_opened_by_the_registry_never_an_administrators(db: Database, people: dict[str, Actor]) -> None:
    reg = people["reg_day"]
    row = accounts.create_staff(db, reg, "t_new", "新老師", grants=[teacher("C04")], password="new-pass-123")
    assert row.username == "t_new"
    accounts.set_grants(db, reg, "t_new", [teacher("C04"), teacher("C05")])
    accounts.reset_password(db, reg, "t_new", "temp-pass-456")
    accounts.unlock(db, people["reg_night"], "t_new")  # either division's registry (seed 001 §五)
    before = _denied(db)
    with pytest.raises(PermissionDenied, match="只有系統管理者"):
        accounts.set_grants(db, reg, "t_new", [Grant(Role.ADMIN)])
    with pytest.raises(PermissionDenied, match="只有系統管理者"):
        accounts.reset_password(db, reg, ADMIN, "hijack-pass-1")
    with pytest.raises(PermissionDenied, match="只有系統管理者"):
        accounts.create_staff(db, reg, "boss2", "X", grants=[Grant(Role.ADMIN)])
    with pytest.raises(PermissionDenied, match="不能變更自己的職務"):  # nobody raises their own rights
        accounts.set_grants(db, reg, "reg_day", [REGISTRY_DAY, DEAN])
    with pytest.raises(PermissionDenied, match="管理帳號及職務"):
        accounts.create_staff(db, people["dean"], "t_x", "X")
    assert _denied(db) == before + 5
    assert [g.role for g in accounts.get_staff(db, "t_new").grants] == [Role.TEACHER, Role.TEACHER]
    assert accounts.get_staff(db, "reg_day").grants == (REGISTRY_DAY,)
    accounts.set_grants(db, people["admin"], "t_new", [Grant(Role.ADMIN)])  # the administrator may


def test_the_cli_as_each_owner(db: Database, db_path: Path, people: dict[str, Actor], monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    def run(user: str, *args: str) -> int:
        monkeypatch.setenv("PORTFOLIO_USER", user)
        monkeypatch.setenv("PORTFOLIO_PASSWORD", ADMIN_PASSWORD if user == ADMIN else PASSWORD)
        monkeypatch.setenv("PORTFOLIO_NEW_PASSWORD", "t-cli-pass-123")
        return main(["--db", str(db_path), *args])

    assert run("dean", "items", "caps", "--set", "clo_selected_per_year=3") == 0
    assert run("reg_day", "items", "caps", "--set", "clo_selected_per_year=2") == 1
    assert "教務主任" in capsys.readouterr().err
    assert run("reg_night", "notices", "settings", "--division", "night", "--set", "office=進修部教務組") == 0
    assert run("reg_day", "accounts", "add", "t_cli", "--name", "新任老師", "--role", "teacher:C07") == 0
    assert run("reg_day", "accounts", "roles", "t_cli", "--role", "admin") == 1
    assert "只有系統管理者" in capsys.readouterr().err
    assert read_caps(db).clo_selected_per_year == 3
