"""The schema comes from the Alembic versions, the models match them, and an upgrade backs up first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.store import migrate
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database
from portfolio_desktop.store.schema import metadata


def _revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, metadata)
    assert diffs == []


def test_migrated_db_has_every_table_and_is_at_head(db: Database, db_path: Path) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def _older_db(path: Path) -> None:
    """A database at the first revision with one row in it, as an older version of the app left it."""
    engine = create_engine(f"sqlite:///{path}")
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, _revisions()[0])
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO division (code, name) VALUES ('day', '日間部')")
    engine.dispose()


def test_upgrade_of_older_db_takes_a_backup(tmp_path: Path) -> None:
    revisions = _revisions()
    assert len(revisions) >= 2, "this test needs an older revision than head"
    path = tmp_path / "old.sqlite3"
    _older_db(path)
    database = open_database(str(path))
    try:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        assert set(metadata.tables) <= set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()
    (backup,) = (tmp_path / "backups").glob("old-*.sqlite3")
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(revisions[0],)]
        assert con.execute("SELECT code, name FROM division").fetchall() == [("day", "日間部")]
    finally:
        con.close()
    # Opening it again at head takes no further backup.
    open_database(str(path)).dispose()
    assert len(list((tmp_path / "backups").glob("*.sqlite3"))) == 1


def test_failed_upgrade_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the real versions plus one that fails half-way: the upgrade must roll back entirely."""
    head = migrate.head_revision()
    path = tmp_path / "db.sqlite3"
    open_database(str(path)).dispose()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_broken.py").write_text(
        f'''"""broken"""
from alembic import op
import sqlalchemy as sa

revision = "9999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade():
    pass
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)  # where the versions live, nothing else
    with pytest.raises(PortfolioError):
        open_database(str(path))
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half_done" not in tables
    finally:
        con.close()
    assert len(list((tmp_path / "backups").glob("*.sqlite3"))) == 1  # the backup was taken first
