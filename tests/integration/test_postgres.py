"""PostgreSQL specifics on a real server started by tests/pg.py (issue 7): the password from the
keyring, a server that is down, the one-writer lock (busy → clear message, no lost update), pooled
connections that survive a server-side disconnect, read-only readers, backups refused with the
pg_dump way. The service scenarios themselves run on the server in tests/integration/postgres/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError

from portfolio_desktop.cli import main
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store import server
from portfolio_desktop.store.engine import Database, DatabaseBusy
from portfolio_desktop.store.models import AuditLog, Setting
from portfolio_desktop.store.open import open_database
from tests.data.keyrings import memory_keyring
from tests.data.staff import ADMIN, ADMIN_PASSWORD, admin
from tests.pg import PASSWORD, PASSWORD_USER, PgServer

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "portfolio_desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


def test_database_on_a_server_is_configured_for_many_workstations(pg_db: Database) -> None:
    assert pg_db.dialect == "postgresql" and pg_db.engine.url.drivername == "postgresql+psycopg"
    with pg_db.write() as s:
        assert s.execute(select(func.current_setting("transaction_isolation"))).scalar_one() == "read committed"
        held = s.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                              "AND pid = pg_backend_pid()")).scalar_one()
        assert held == 1  # the one-writer lock is held by this write transaction
    with pg_db.read() as s:
        assert s.execute(select(func.current_setting("transaction_isolation"))).scalar_one() == "repeatable read"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            s.execute(insert(Setting).values(key="x", value="1"))


def test_password_comes_from_the_keyring(pg_server: PgServer) -> None:
    name = pg_server.create_database(owner=PASSWORD_USER)
    url = pg_server.url(name, user=PASSWORD_USER)  # no password in it
    try:
        with memory_keyring():
            with pytest.raises(server.ServerLoginFailed) as info:
                open_database(url)
            assert "db password" in info.value.en and PASSWORD not in info.value.en
            from portfolio_desktop.services.accounts.secrets import open_store

            open_store().set(server.secret_name(url), PASSWORD)
            db = open_database(url)  # migrates as the database's owner, a non-superuser
            try:
                with db.write() as s:
                    set_setting(s, Actor("clerk"), "test.k", "v")
                assert PASSWORD not in db.url
            finally:
                db.dispose()
            open_store().set(server.secret_name(url), "wrong")
            with pytest.raises(server.ServerLoginFailed) as info:
                open_database(url)
            assert "refused" in info.value.en
    finally:
        pg_server.drop_database(name)


def test_cli_db_password_then_any_command_with_the_url(pg_server: PgServer, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    name = pg_server.create_database(owner=PASSWORD_USER)
    url = pg_server.url(name, user=PASSWORD_USER)
    try:
        with memory_keyring() as ring:
            assert main(["--db", url, "init"]) == 1
            assert "portfolio-desktop db password" in capsys.readouterr().err
            monkeypatch.setenv("PORTFOLIO_DB_PASSWORD", PASSWORD)
            assert main(["db", "password", url]) == 0
            assert list(ring.secrets.values()) == [PASSWORD]
            assert main(["--db", url, "init"]) == 0
            err = capsys.readouterr().err
            assert "database ready" in err and PASSWORD not in err
            assert main(["db", "password", url, "--forget"]) == 0 and ring.secrets == {}
    finally:
        pg_server.drop_database(name)


def test_a_server_that_is_down_gets_a_clear_message(pg_server: PgServer) -> None:
    with socket_port() as port:
        code, _out, err = run_cli("--db", f"postgresql://postgres@127.0.0.1:{port}/school", "roster", "list")
    assert code == 1
    assert f"無法連線到資料庫伺服器 127.0.0.1:{port}" in err and "cannot reach the database server" in err
    assert "Traceback" not in err


@pytest.fixture
def signed_in(pg_url: str) -> dict[str, str]:
    """The first administrator exists; the CLI signs in as them (environment variables)."""
    db = open_database(pg_url)
    try:
        admin(db)
    finally:
        db.dispose()
    return {"PORTFOLIO_USER": ADMIN, "PORTFOLIO_PASSWORD": ADMIN_PASSWORD}


@pytest.fixture
def write_lock(pg_url: str) -> Iterator[psycopg.Connection]:
    """Another workstation in the middle of a write: it holds the one-writer lock."""
    conn = psycopg.connect(server.parse(pg_url).set(drivername="postgresql").render_as_string(hide_password=False))
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (server.WRITE_LOCK_KEY,))
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


def test_busy_server_says_another_workstation_is_writing(pg_url: str, signed_in: dict[str, str],
                                                         write_lock: psycopg.Connection,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_cli("--db", pg_url, "backup", "settings", "--keep", "5",
                             env={"PORTFOLIO_BUSY_TIMEOUT_MS": "300", **signed_in})
    assert code == 1, (out, err)
    assert "資料庫正由另一台工作站寫入中，已等候 0.3 秒仍未完成" in err and "Traceback" not in err
    monkeypatch.setenv("PORTFOLIO_BUSY_TIMEOUT_MS", "300")
    db = open_database(pg_url)
    try:
        with pytest.raises(DatabaseBusy):
            with db.write() as s:
                set_setting(s, Actor("x"), "test.k", 1)
        with db.read() as s:  # a reader never waits for a writer
            assert get_setting(s, "test.k") is None
    finally:
        db.dispose()


def test_writer_waits_for_the_other_then_succeeds(pg_url: str, write_lock: psycopg.Connection) -> None:
    waiting = subprocess.Popen([sys.executable, "-m", "tests.data.procs", "write", pg_url, "test.key", "after"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PORTFOLIO_BUSY_TIMEOUT_MS": "60000"})
    time.sleep(0.5)  # let it start waiting (not a timing assertion: the outcome is the same either way)
    write_lock.rollback()  # the other workstation finishes
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    db = open_database(pg_url)
    try:
        with db.read() as s:
            assert get_setting(s, "test.key") == "after"
    finally:
        db.dispose()


def test_pooled_connections_survive_a_server_side_disconnect(pg_server: PgServer, pg_db: Database) -> None:
    with pg_db.write() as s:
        set_setting(s, Actor("x"), "test.k", 1)
    with pg_db.read() as s:
        assert get_setting(s, "test.k") == 1
    dbname = pg_db.engine.url.database
    pg_server.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{dbname}' "
                      "AND pid <> pg_backend_pid()")
    with pg_db.write() as s:  # pre-ping replaces the dead pooled connections
        set_setting(s, Actor("x"), "test.k", 2)
    with pg_db.read() as s:
        assert get_setting(s, "test.k") == 2


def test_audit_rows_on_the_server_are_append_only_for_raw_sql_too(pg_db: Database) -> None:
    with pg_db.write() as s:
        set_setting(s, Actor("x"), "test.k", 1)
    with pytest.raises(DBAPIError, match="append-only"):
        with pg_db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE audit_log SET actor = 'someone else'")
    with pg_db.read() as s:
        assert s.scalars(select(AuditLog.actor)).all() == ["x"]


def test_backups_are_refused_with_the_pg_dump_way(pg_url: str, signed_in: dict[str, str], pg_db: Database,
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in signed_in.items():
        monkeypatch.setenv(key, value)
    assert main(["--db", pg_url, "backup", "create", "--folder", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert "pg_dump -Fc" in err and "pg_restore" in err and "Traceback" not in err
    assert not (tmp_path / "b").exists()
    assert backup.maybe_daily_backup(pg_db) is None and backup.backup_on_exit(pg_db) is None
    assert backup.backup_settings(pg_db).keep >= 1  # the settings page still reads them


class socket_port:
    """A local port on which nothing listens (bound, not listening, for the duration)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        return int(self.sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
