"""Who owns which school setting (domain/setting_owners.py), checked against the seeds: the caps are the
working group's (seed 000 §四 說明3: its secretary the dean), the letterhead the registry's of the
division that mails the notices (seed 001 §九(三)3), the school's profile and the accounts the registry's
(seed 001 §五, seed 000 附表一/附表二 一), the backups 資訊媒體組's (seed 000 附表二 二); the administrator
always."""

from __future__ import annotations

from portfolio_desktop.domain.roles import Role
from portfolio_desktop.domain.setting_owners import ACCOUNTS_OWNER, SETTING_OWNERS, may_change, owner_of


def test_each_setting_and_its_owner() -> None:
    assert owner_of("items.caps").roles == {Role.DEAN}
    assert owner_of("items.submit_roles").roles == {Role.DEAN}
    assert owner_of("workgroup.compliance").roles == {Role.DEAN}
    assert owner_of("notices.letterhead").roles == {Role.REGISTRY} and owner_of("notices.letterhead").per_division
    assert owner_of("notices.letterhead.night") is owner_of("notices.letterhead")  # a division's letterhead
    assert not owner_of("notices.reply_days").per_division  # shared by both divisions: either registry
    for key in ("school.name", "school.code", "school.divisions", "school.current_term"):
        assert owner_of(key).roles == {Role.REGISTRY}, key
    assert owner_of("backup.folder").roles == {Role.IT}
    assert ACCOUNTS_OWNER.roles == {Role.REGISTRY}


def test_the_administrator_is_the_fallback_and_owns_what_the_table_does_not_name() -> None:
    assert all(Role.ADMIN in o.all_roles for o in SETTING_OWNERS.values())
    assert owner_of("something.new").roles == frozenset()
    assert may_change({Role.ADMIN}, "items.caps") and may_change({Role.ADMIN}, "something.new")
    assert not may_change({Role.REGISTRY}, "items.caps") and may_change({Role.REGISTRY}, "school.name")
    assert not may_change({Role.DEAN}, "notices.letterhead") and not may_change({Role.ACADEMIC}, "school.name")
    assert owner_of("items.caps").label() == "教務主任（執行秘書）、系統管理者"
    assert owner_of("notices.letterhead").label("night") == "進修部教務組、系統管理者"
