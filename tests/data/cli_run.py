"""Running the real CLI entry point in the test's own process, signed in as a named account."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_desktop.cli import main
from tests.data.staff import PASSWORD


def run_as(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path, user: str,
           *args: str, password: str = PASSWORD) -> tuple[int, str, str]:
    """``portfolio-desktop --db DB ARGS`` as ``user`` (PORTFOLIO_USER / PORTFOLIO_PASSWORD): exit code, stdout, stderr."""
    monkeypatch.setenv("PORTFOLIO_USER", user)
    monkeypatch.setenv("PORTFOLIO_PASSWORD", password)
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err
