"""The role and permission table (DOMAIN.md "Who uses the app"; seed 001 §五, §六)."""

from __future__ import annotations

import pytest

from portfolio_desktop.domain.roles import (
    PERMISSIONS,
    Grant,
    Permission,
    Role,
    can,
    check,
    parse_role,
    role_label,
)
from portfolio_desktop.errors import PermissionDenied

P = Permission
DAY_REG = Grant(Role.REGISTRY, "day")
NIGHT_REG = Grant(Role.REGISTRY, "night")


def test_office_names_per_division() -> None:
    assert role_label(Role.REGISTRY, "day") == "註冊組"
    assert role_label(Role.REGISTRY, "night") == "進修部教務組"
    assert role_label(Role.ACTIVITIES, "night") == "進修部學務組"
    assert parse_role("進修部教務組") == (Role.REGISTRY, "night")
    assert parse_role("訓育組") == (Role.ACTIVITIES, "day")
    assert parse_role("teacher") == (Role.TEACHER, None)
    with pytest.raises(PermissionDenied):
        parse_role("校長室")


def test_every_permission_has_a_role() -> None:
    assert set(PERMISSIONS) == set(Permission)
    assert all(PERMISSIONS[p] for p in Permission)


def test_registry_writes_only_its_own_division() -> None:
    assert can([DAY_REG], P.ROSTER_WRITE, division="day")
    assert not can([DAY_REG], P.ROSTER_WRITE, division="night")
    assert can([NIGHT_REG], P.STATUS_CHANGE, division="night")
    assert can([Grant(Role.REGISTRY)], P.ROSTER_WRITE, division="night")  # a grant for both divisions


def test_refusal_names_the_office_needed() -> None:
    with pytest.raises(PermissionDenied) as info:
        check([DAY_REG], P.RECEIPT_CONFIRM, division="night", who="陳註冊")
    assert "進修部教務組" in info.value.zh and "陳註冊" in info.value.zh
    assert "registry office" in info.value.en


def test_mentor_only_their_own_class() -> None:
    mentor = Grant(Role.MENTOR, class_id=7)
    assert can([mentor], P.DASHBOARD_READ, class_id=7)
    assert not can([mentor], P.DASHBOARD_READ, class_id=8)
    assert not can([mentor], P.DASHBOARD_READ)  # the whole school is not "their class"
    assert not can([mentor], P.ROSTER_WRITE, class_id=7)


def test_teacher_only_their_own_courses() -> None:
    t = Grant(Role.TEACHER, course_code="C101")
    assert can([t], P.CLO_CERTIFY, course_code="C101")
    assert not can([t], P.CLO_CERTIFY, course_code="C102")
    assert not can([t], P.CLO_CERTIFY)
    with pytest.raises(PermissionDenied) as info:
        check([t], P.CLO_CERTIFY, course_code="C102")
    assert "C102" in info.value.zh


def test_accounts_are_the_registrys_and_settings_go_by_key() -> None:
    admin = Grant(Role.ADMIN)
    assert can([admin], P.SETTINGS_WRITE)  # each key's other owners: domain/setting_owners.py
    assert not can([DAY_REG, Grant(Role.DEAN)], P.SETTINGS_WRITE)
    assert can([admin], P.ACCOUNTS_MANAGE) and can([DAY_REG], P.ACCOUNTS_MANAGE)  # seed 000 附表一: 帳號開設
    assert not can([Grant(Role.DEAN)], P.ACCOUNTS_MANAGE)
    assert not can([admin], P.ROSTER_WRITE, division="day")  # the administrator is not an office


def test_offices_keep_to_their_data() -> None:
    acts = Grant(Role.ACTIVITIES, "day")
    assert can([acts], P.CADRE_WRITE, division="day") and can([acts], P.MP_SUBMIT, division="day")
    assert not can([acts], P.CLO_SUBMIT, division="day")
    assert not can([DAY_REG], P.CADRE_WRITE, division="day")
    assert can([Grant(Role.ACADEMIC)], P.COURSES_WRITE) and not can([DAY_REG], P.COURSES_WRITE)
    assert can([Grant(Role.CONSULTANT)], P.CONSULTATION_WRITE)
    assert can([Grant(Role.DEAN)], P.WINDOWS_SET) and can([Grant(Role.DEAN)], P.PROXIES_WRITE)
    assert can([Grant(Role.IT)], P.BACKUP_RUN)
