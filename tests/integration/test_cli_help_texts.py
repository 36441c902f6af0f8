"""The help the CLI prints says what each argument is and when it is required."""

from __future__ import annotations

import pytest

from portfolio_desktop.cli import main
from portfolio_desktop.domain.roles import Role


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main([*args, "--help"])
    assert stop.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines


def test_accounts_add_lists_every_role_code(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "accounts", "add")
    for role in Role:
        assert f"{role.value}=" in text, role
    assert "mentor:301" in text and "sign-in name" in text


def test_reason_says_when_it_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert "(required)" in _help(capsys, "items", "reject")
    for action in ("certify", "select", "submit"):
        text = _help(capsys, "items", action)
        assert "required" not in text and "optional" in text, action
    assert "required with --disputed" in _help(capsys, "notices", "reply")


def test_positionals_are_described(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "accounts", "leave")
    assert "first day of leave" in text and "last day of leave" in text and "the account on leave" in text
    text = _help(capsys, "workgroup", "meetings")
    assert "not in the future" in text and "agenda" in text
