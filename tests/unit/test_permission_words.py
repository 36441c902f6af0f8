"""A refusal names the duty in words, never the permission code kept for the audit log."""

from __future__ import annotations

import re

from portfolio_desktop.domain.roles import Grant, Permission, Role, denial, grant_covers

_CODE = re.compile(r"\b[a-z]+\.[a-z]+\b")


def test_every_permission_has_words_in_both_languages() -> None:
    for p in Permission:
        assert p.zh and p.en and p.value not in p.en and not _CODE.search(p.en), p


def test_a_denial_has_no_permission_code() -> None:
    for p in Permission:
        exc = denial(p, who="劉數學", division="day")
        assert p.value not in exc.zh and p.value not in exc.en, p
        assert p.en in exc.en and p.zh in exc.zh
    assert "submit course learning outcomes" in denial(Permission.CLO_SUBMIT).en
    assert not grant_covers(Grant(Role.TEACHER, "C1"), Permission.EVALUATION_WRITE)
