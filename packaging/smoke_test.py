"""Smoke-test a built bundle: ``python packaging/smoke_test.py DIST/portfolio-desktop/portfolio-desktop``.

Runs the *built executable* (never the checkout) headless in a scratch folder with its own HOME and
per-user folders, so it touches no real data and cannot borrow the repository's files:

1. ``--version`` and ``--bundle-check`` (packaging/launcher.py: keyring backends through entry
   points, reportlab's fonts, the Qt modules and SVG plugin, the migrations and forms on disk);
2. ``--db NEW init --admin`` creates a fresh database with the bundled Alembic versions and its first
   administrator, who adds a 註冊組 (registry, 日間部) account with ``accounts add`` (Argon2 hashing),
   whose first password the registrar changes with ``accounts passwd``;
3. signed in as that registrar (PORTFOLIO_USER / PORTFOLIO_PASSWORD), ``roster import`` of a small
   .xlsx written here with openpyxl (a 學號 with leading zeros, a name outside the BMP, 𡘙), then
   ``roster list --json`` must give them back exactly, the ID masked;
4. the GUI with ``PORTFOLIO_SMOKE=1`` and ``QT_QPA_PLATFORM=offscreen`` on another new database
   (created and filled with the demo school), which must load its window and exit 0.

Exits 0 when every step passed; otherwise prints what failed (with the app's output) and exits 1.
Used by packaging/build.sh --smoke, tests/integration/test_packaging.py and the Windows build script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEADERS = ["學號", "姓名", "身分證統一編號", "性別", "出生日期", "班級", "座號", "學籍狀態"]
STUDENTS = [
    ["00123", "王𡘙", "A123456789", "女", "97/04/25", "301", 1, "在學"],
    ["00124", "陳大明", "F131104093", "男", "2008-01-05", "301", 2, "在學"],
]
ADMIN = ("smoke-admin", "smoke-admin-pass-1")  # throwaway accounts of the scratch database
REGISTRAR = ("smoke-registrar", "smoke-registrar-pass-1")
REGISTRAR_FIRST = "smoke-registrar-first-1"  # the password the administrator gives; changed at once
STEP_TIMEOUT_S = 300  # a hung step fails the smoke test instead of hanging CI


class SmokeFailure(Exception):
    """One step went wrong; the message says which and carries the app's output."""


class Runner:
    """Runs the bundle's executable in a scratch folder with isolated per-user directories."""

    def __init__(self, exe: Path, scratch: Path) -> None:
        self.exe = exe
        self.scratch = scratch
        home = scratch / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PORTFOLIO_", "QT_"))}
        env.update(
            HOME=str(home), USERPROFILE=str(home),
            XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
            LOCALAPPDATA=str(home / "AppData" / "Local"), APPDATA=str(home / "AppData" / "Roaming"),
            PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen",
        )
        self.env = env

    def run(self, step: str, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        try:
            result = subprocess.run(
                [str(self.exe), *args], cwd=self.scratch, env={**self.env, **(extra_env or {})},
                capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=STEP_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"{step}: no answer within {STEP_TIMEOUT_S} s\n{exc.stderr or ''}") from exc
        print(f"  {step}: exit {result.returncode} in {time.monotonic() - started:.1f} s", flush=True)
        if result.returncode != 0:
            raise SmokeFailure(f"{step}: exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result


def write_roster(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in STUDENTS:
        sheet.append(row)
    book.save(path)
    return path


def check(condition: bool, step: str, detail: Any) -> None:
    if not condition:
        raise SmokeFailure(f"{step}: {detail}")


def smoke(exe: Path, scratch: Path) -> None:
    app = Runner(exe, scratch)

    version = app.run("--version", "--version")
    check("portfolio-desktop" in version.stdout, "--version", version.stdout)

    bundle = app.run("bundle check", "--bundle-check")
    report = json.loads(bundle.stdout)
    check(all(item["ok"] for item in report.values()), "bundle check", report)
    print(f"  keyring: {report['keyring']['detail']}")

    db = scratch / "smoke.sqlite3"
    as_admin = {"PORTFOLIO_USER": ADMIN[0], "PORTFOLIO_PASSWORD": ADMIN[1]}
    app.run("init", "--db", str(db), "init", "--admin", ADMIN[0], extra_env=as_admin)
    check(db.is_file(), "init", f"{db} was not created")
    app.run("accounts add", "--db", str(db), "accounts", "add", REGISTRAR[0], "--name", "註冊組測試員",
            "--role", "registry:day", extra_env={**as_admin, "PORTFOLIO_NEW_PASSWORD": REGISTRAR_FIRST})
    # a new account runs nothing with its first password but `accounts passwd`, which changes it
    app.run("accounts passwd", "--db", str(db), "accounts", "passwd",
            extra_env={"PORTFOLIO_USER": REGISTRAR[0], "PORTFOLIO_PASSWORD": REGISTRAR_FIRST,
                       "PORTFOLIO_NEW_PASSWORD": REGISTRAR[1]})

    as_registrar = {"PORTFOLIO_USER": REGISTRAR[0], "PORTFOLIO_PASSWORD": REGISTRAR[1]}
    roster = write_roster(scratch / "名冊.xlsx")
    imported = app.run("roster import", "--db", str(db), "roster", "import", str(roster), extra_env=as_registrar)
    check("added 2" in imported.stderr, "roster import", imported.stderr)

    listed = app.run("roster list", "--db", str(db), "roster", "list", "--json", extra_env=as_registrar)
    rows = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    check([r["student_no"] for r in rows] == ["00123", "00124"], "roster list", rows)
    check([r["name"] for r in rows] == ["王𡘙", "陳大明"], "roster list (names byte for byte)", rows)
    check(rows[0]["national_id"] == "A12****789", "roster list (ID masked)", rows[0])

    gui_db = scratch / "gui.sqlite3"  # a fresh one: PORTFOLIO_SMOKE sets the school up and signs in itself
    gui = app.run("GUI (PORTFOLIO_SMOKE)", "--db", str(gui_db), extra_env={"PORTFOLIO_SMOKE": "1"})
    check("PORTFOLIO_SMOKE ok" in gui.stderr, "GUI (PORTFOLIO_SMOKE)", gui.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exe", type=Path, help="the built executable, DIST/portfolio-desktop/portfolio-desktop[.exe]")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (its path is printed)")
    args = parser.parse_args(argv)
    exe = args.exe.resolve()
    if not exe.is_file():
        print(f"smoke test: no executable at {exe}", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="portfolio-smoke-"))
    print(f"smoke test of {exe} in {scratch}", flush=True)
    try:
        smoke(exe, scratch)
    except SmokeFailure as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
