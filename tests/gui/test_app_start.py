"""The app starts headless: a fresh database gets the demo school, the window shows it, exit 0
(PORTFOLIO_SMOKE=1, as the set-up script runs it); a database that cannot be opened exits 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.open import open_database
from tests.data.staff import REGISTRY_DAY, seed_staff


def _start(db: Path, tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTFOLIO_SMOKE": "1", "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path), **extra}
    return subprocess.run(
        [sys.executable, "-m", "portfolio_desktop", "--db", str(db), *args],
        env=env, capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2],
    )


def test_first_start_fills_demo_data_and_quits_cleanly(tmp_path: Path) -> None:
    db_path = tmp_path / "fresh.sqlite3"
    done = _start(db_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "PORTFOLIO_SMOKE ok" in done.stderr
    db = open_database(str(db_path))
    try:
        actor = seed_staff(db, "reader", REGISTRY_DAY)  # reading the roster needs a role (issue 5)
        nodes = rosters.class_tree(db, actor)
        assert len(nodes) >= 20 and sum(n.students for n in nodes) >= 1000
        assert sum(n.departed for n in nodes) > 0
    finally:
        db.dispose()
    # A second start does not add demo data again.
    again = _start(db_path, tmp_path)
    assert again.returncode == 0, again.stderr
    db = open_database(str(db_path))
    try:
        assert sum(n.students for n in rosters.class_tree(db, actor)) == sum(n.students for n in nodes)
    finally:
        db.dispose()


def test_the_administrator_that_init_creates_starts_the_window(tmp_path: Path) -> None:
    """`init --admin` makes an account holding the administrator role only: it may not read the roster,
    and the window still opens and reports ready (the roster page explains), with no refusal audited."""
    db_path = tmp_path / "school.sqlite3"
    account = {"PORTFOLIO_USER": "boss", "PORTFOLIO_PASSWORD": "boss-pass-2024X"}
    made = _start(db_path, tmp_path, "init", "--admin", "boss", PORTFOLIO_SMOKE="0", **account)
    assert made.returncode == 0, made.stderr
    done = _start(db_path, tmp_path, **account)
    assert done.returncode == 0, done.stderr
    assert "PORTFOLIO_SMOKE ok" in done.stderr and "Traceback" not in done.stderr
    db = open_database(str(db_path))
    try:
        with db.read() as s:
            actions = set(s.scalars(select(AuditLog.action)))
        assert "account.sign_in" in actions and "authz.denied" not in actions
    finally:
        db.dispose()


def test_a_database_that_cannot_be_opened_is_refused(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_text("這不是資料庫" * 100, encoding="utf-8")
    done = _start(not_a_db, tmp_path)
    assert done.returncode == 1
    assert "無法開啟資料庫" in done.stderr or "資料庫" in done.stderr
