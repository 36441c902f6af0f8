"""The CLI acts as a signed-in user: init --admin, accounts, proxies, audit; role boundaries hold.

The real entry point (``cli.main``) in-process; a subprocess per call would cost the interpreter
start-up ~40 times (tests/integration/test_cli_roster.py covers the subprocess path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_desktop.cli import main
from tests.data.cli_json import json_lines

ADMIN_PW = "boss-pass-123"
REG_PW = "reg-pass-1234"
FIRST_PW = "first-pass-123"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """Run the real CLI entry point in this process (stdin is not a terminal, as in a script)."""

    def _run(db: Path, *args: str, user: str | None = "boss", password: str | None = ADMIN_PW,
             new_password: str | None = None) -> Result:
        for key, value in (("PORTFOLIO_USER", user), ("PORTFOLIO_PASSWORD", password),
                           ("PORTFOLIO_NEW_PASSWORD", new_password)):
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        monkeypatch.delenv("PORTFOLIO_DB", raising=False)
        capsys.readouterr()
        code = main(["--db", str(db), *args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return _run


@pytest.fixture
def school(tmp_path: Path, run) -> Path:  # noqa: ANN001
    db = tmp_path / "cli.sqlite3"
    r = run(db, "init", "--admin", "boss")
    assert r.returncode == 0, r.stderr
    for args in (("reg", "--name", "陳註冊", "--role", "註冊組"), ("lin", "--name", "林代理"),
                 ("dean", "--name", "王主任", "--role", "dean")):
        r = run(db, "accounts", "add", *args, new_password=FIRST_PW)
        assert r.returncode == 0, r.stderr
        # a new account runs nothing with its first password but `accounts passwd`
        r = run(db, "accounts", "passwd", user=args[0], password=FIRST_PW, new_password=REG_PW)
        assert r.returncode == 0, r.stderr
    return db


def test_admin_created_once_and_sign_in_required(school: Path, run) -> None:  # noqa: ANN001
    again = run(school, "init", "--admin", "other")
    assert again.returncode == 1 and "已有帳號" in again.stderr
    no_user = run(school, "accounts", "list", user=None)
    assert no_user.returncode == 1 and "--user" in no_user.stderr
    no_password = run(school, "accounts", "list", password=None)  # no terminal to prompt on
    assert no_password.returncode == 1 and "PORTFOLIO_PASSWORD" in no_password.stderr
    wrong = run(school, "accounts", "list", password="wrong-one")
    assert wrong.returncode == 1 and "帳號或密碼不正確" in wrong.stderr
    listed = run(school, "accounts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    people = {p["username"]: p for p in json_lines(listed.stdout)}
    assert people["reg"]["roles"] == ["註冊組"] and people["boss"]["roles"] == ["系統管理者"]
    assert ADMIN_PW not in listed.stdout + listed.stderr


def test_role_boundaries_through_the_cli(school: Path, run) -> None:  # noqa: ANN001
    refused = run(school, "accounts", "add", "eve", "--role", "admin", user="reg", password=REG_PW,
                  new_password=REG_PW)
    assert refused.returncode == 1
    assert "系統管理者" in refused.stderr and "administrator" in refused.stderr
    refused = run(school, "proxies", "set", "註冊組", "lin", user="reg", password=REG_PW)
    assert refused.returncode == 1 and "教務主任" in refused.stderr
    refused = run(school, "audit", user="reg", password=REG_PW)
    assert refused.returncode == 1
    ok = run(school, "proxies", "set", "註冊組", "lin", user="dean", password=REG_PW)
    assert ok.returncode == 0, ok.stderr
    log = run(school, "audit", "--json", "--kind", "authz", user="dean", password=REG_PW)
    assert log.returncode == 0, log.stderr
    denied = json_lines(log.stdout)
    assert [d["key"] for d in denied] == ["audit.read", "proxies.write", "accounts.manage"]
    assert all(d["actor"] == "reg" for d in denied)


def test_proxy_lifecycle_and_audit_through_the_cli(school: Path, tmp_path: Path, run) -> None:  # noqa: ANN001
    assert run(school, "proxies", "set", "註冊組", "lin", "dean").returncode == 0
    assert run(school, "accounts", "depart", "reg", "113/09/01").returncode == 0
    who = run(school, "proxies", "who", "註冊組", "--on", "113/10/01")
    assert who.returncode == 0 and who.stdout.startswith("lin\t代 reg")
    assert run(school, "accounts", "leave", "lin", "113/10/01", "113/10/03").returncode == 0
    who = run(school, "proxies", "who", "註冊組", "--on", "113/10/02")
    assert who.stdout.startswith("dean\t代 reg")
    out = tmp_path / "proxies.xlsx"
    assert run(school, "proxies", "export", str(out)).returncode == 0
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows(values_only=False)]
    assert rows[1][:3] == ["註冊組", 1, "lin"]
    assert run(school, "proxies", "set", "註冊組").returncode == 0  # cleared
    imp = run(school, "proxies", "import", str(out))
    assert imp.returncode == 0, imp.stderr
    listed = json_lines(run(school, "proxies", "list", "--json").stdout)
    assert listed == [{"target": "function:registry:day", "label": "註冊組", "proxies": ["lin", "dean"]}]
    log = json_lines(run(school, "audit", "--json", "--user", "boss", "--kind", "proxies").stdout)
    assert [r["action"] for r in log] == ["proxies.import", "proxies.set", "proxies.set"]


def test_reset_and_passwd(school: Path, run) -> None:  # noqa: ANN001
    assert run(school, "accounts", "reset", "reg", new_password="temp-pass-99").returncode == 0
    assert run(school, "accounts", "list", user="reg", password=REG_PW).returncode == 1
    changed = run(school, "accounts", "passwd", user="reg", password="temp-pass-99", new_password="own-pass-456")
    assert changed.returncode == 0, changed.stderr
    assert run(school, "proxies", "list", user="reg", password="own-pass-456").returncode == 0
