"""domain/roles.py with the roles a school setting names for a permission (``roles=``): the check and
the refusal message follow the given roles instead of the fixed table; None keeps the table."""

from __future__ import annotations

import pytest

from portfolio_desktop.domain.roles import Grant, Permission, Role, can, check, needed
from portfolio_desktop.errors import PermissionDenied

ACADEMIC = Grant(Role.ACADEMIC)
REGISTRY_DAY = Grant(Role.REGISTRY, "day")


def test_fixed_table_when_no_roles_are_given() -> None:
    assert can([REGISTRY_DAY], Permission.CLO_SUBMIT, division="day")
    assert not can([ACADEMIC], Permission.CLO_SUBMIT, division="day")


def test_given_roles_replace_the_table() -> None:
    seed000 = frozenset({Role.ACADEMIC})  # seed 000 附表二 五: 教學組 submits CLOs
    assert can([ACADEMIC], Permission.CLO_SUBMIT, division="day", roles=seed000)
    assert not can([REGISTRY_DAY], Permission.CLO_SUBMIT, division="day", roles=seed000)
    assert needed(Permission.CLO_SUBMIT, division="day", roles=seed000)[0] == "教學組"
    with pytest.raises(PermissionDenied, match="需要的職務：教學組"):
        check([REGISTRY_DAY], Permission.CLO_SUBMIT, division="day", roles=seed000)


def test_division_scope_still_applies_to_given_roles() -> None:
    night_only = Grant(Role.REGISTRY, "night")
    roles = frozenset({Role.REGISTRY})
    assert not can([night_only], Permission.MP_SUBMIT, division="day", roles=roles)
    assert can([night_only], Permission.MP_SUBMIT, division="night", roles=roles)
