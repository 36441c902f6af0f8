"""What protects the audit log and the data a user was told were saved: TRUNCATE refused on a server,
a least-privilege server role that cannot touch the log at all, a digest chain across SQLite backups
that shows deleted audit rows at verify, durable commits, and database errors without parameters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import set_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.open import open_database
from tests.pg import PgServer

SECRET_ID = "A123456789"


def test_truncate_of_the_audit_log_is_refused_on_the_server(pg_db: Database) -> None:
    with pg_db.write() as s:
        set_setting(s, Actor("x"), "test.k", 1)
    with pytest.raises(DBAPIError, match="append-only"):
        with pg_db.engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE audit_log")
    with pg_db.read() as s:
        assert s.scalars(select(AuditLog.actor)).all() == ["x"]


def test_a_least_privilege_role_works_but_cannot_touch_the_log(pg_server: PgServer, pg_url: str) -> None:
    """The README's hardening: the app's everyday role owns nothing and may not change the log."""
    dbname = pg_url.rsplit("/", 1)[1]
    role = f"pd_app_{dbname}"
    pg_server.execute(f"CREATE ROLE {role} LOGIN")
    for sql in (f"GRANT CONNECT ON DATABASE {dbname} TO {role}",
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
                f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}"):
        pg_server.execute(sql, dbname=dbname)
    try:
        db = open_database(pg_server.url(dbname, user=role))  # at head: nothing to migrate
        try:
            with db.write() as s:
                set_setting(s, Actor("x"), "test.k", 2)
            for sql in ("TRUNCATE audit_log", "DELETE FROM audit_log",
                        "ALTER TABLE audit_log DISABLE TRIGGER ALL", "DROP TRIGGER audit_log_no_truncate ON audit_log"):
                with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                    with db.engine.begin() as conn:
                        conn.exec_driver_sql(sql)
            with db.read() as s:
                assert s.scalars(select(AuditLog.actor)).all() == ["x"]
        finally:
            db.dispose()
    finally:
        pg_server.execute(f"REASSIGN OWNED BY {role} TO postgres", dbname=dbname)
        pg_server.execute(f"DROP OWNED BY {role}", dbname=dbname)
        pg_server.execute(f"DROP ROLE {role}")


def _delete_audit_row_behind_the_apps_back(db_file: Path, row_id: int) -> None:
    conn = sqlite3.connect(db_file)
    try:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = ?", (row_id,))
        conn.commit()
    finally:
        conn.close()


def test_a_deleted_audit_row_shows_when_a_later_backup_is_verified(db: Database, db_path: Path,
                                                                     actor: Actor) -> None:
    for n in range(3):
        with db.write() as s:
            set_setting(s, actor, f"test.k{n}", n)
    first = backup.create_backup(db, actor, prune=False)
    with db.write() as s:
        set_setting(s, actor, "test.after", 1)
    clean = backup.create_backup(db, actor, prune=False)
    report = backup.verify_backup(clean.path)
    assert report.ok, report.problems_en  # the log only grew: nothing to report

    with db.read() as s:
        victim = s.scalars(select(AuditLog.id).order_by(AuditLog.id)).all()[1]
    db.dispose()
    _delete_audit_row_behind_the_apps_back(db_path, victim)
    tampered = backup.create_backup(db, actor, prune=False)
    report = backup.verify_backup(tampered.path)
    assert not report.ok
    named = [p for p in report.problems_en if "audit log lost or changed rows" in p]
    assert any(first.path.name in p for p in named) and any(clean.path.name in p for p in named)
    assert any("稽核紀錄" in p for p in report.problems_zh)


def test_writer_commits_are_durable_readers_do_not_pay_for_it(db: Database) -> None:
    with db.write() as s:
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL: fsync at every commit
    with db.read() as s:
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL


def test_a_database_error_never_carries_the_values_it_was_given(engine_db: Database) -> None:
    """A refused INSERT of personal data says what failed, never the ID, name or address it held."""
    with pytest.raises(DBAPIError) as failed:
        with engine_db.write() as s:
            s.execute(text("INSERT INTO audit_log (id, at, actor, action, entity, entity_key) "
                           "VALUES (:i, :at, :a, :b, :c, :k)"),
                      [{"i": 1, "at": "2024-01-01", "a": "x", "b": "y", "c": "z", "k": SECRET_ID},
                       {"i": 1, "at": "2024-01-01", "a": "x", "b": "y", "c": "z", "k": SECRET_ID}])
    assert SECRET_ID not in str(failed.value)
    assert SECRET_ID not in repr(failed.value)
