"""`db copy SQLITE_FILE postgresql://…` (issue 7): every row moves, verified by counts and checksums;
refusals leave the target exactly as it was (empty)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select, text

from portfolio_desktop.cli import main
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import db_copy
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.admin.demo import generate_demo
from portfolio_desktop.services.settings import set_setting
from portfolio_desktop.store import server
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, Student
from portfolio_desktop.store.open import connect_existing, open_database
from tests.data.staff import ADMIN, ADMIN_PASSWORD, admin
from tests.pg import PgServer

EXTB_NAME = "林𡘙𠀋"


def fill(db: Database) -> None:
    """A small school with every kind of value: dates, datetimes, booleans, text keys, ext-B names."""
    boss = admin(db)
    generate_demo(db, Actor("註冊組"), students=90, today=dt.date(2024, 10, 15))
    with db.write() as s:
        student = s.scalars(select(Student).order_by(Student.id)).first()
        assert student is not None
        student.name, student.student_no = EXTB_NAME, "0012345"
        set_setting(s, Actor("註冊組"), "school.name", "國立範例高級中學")
        set_setting(s, Actor("註冊組"), "Ζ.sorted-by-code-point", "x")  # text keys order the same everywhere
        set_setting(s, Actor("註冊組"), "a.lower", "y")
    accounts.create_staff(db, boss, "lin", "林老師", grants=[], password="staff-pass-1", must_change=False)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "school.sqlite3"
    db = open_database(str(path))
    try:
        fill(db)
    finally:
        db.dispose()
    return path


def counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one() for t in db_copy.copy_tables()}


def test_copy_moves_every_row_and_verifies(source: Path, engine_db: Database) -> None:
    src = connect_existing(str(source))
    try:
        before = counts(src)
        report = db_copy.copy_database(src, engine_db, Actor(ADMIN))
        assert {t.name: t.rows for t in report.tables} == before
        assert before["student"] == 90 and before["account"] == 2 and before["portfolio_item"] > 0
        different = db_copy.compare_databases(src, engine_db)
        assert set(different) == {"audit_log"}  # …which holds one more row: the copy itself
        (src_audit, dst_audit) = different["audit_log"]
        assert dst_audit.rows == src_audit.rows + 1
    finally:
        src.dispose()
    with engine_db.read() as s:
        last = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert last is not None and last.action == "db.copy" and last.actor == ADMIN
        assert s.scalar(select(Student.name).where(Student.student_no == "0012345")) == EXTB_NAME
    # the ids continue after the copied ones (sequences reset): new rows can be written
    students_before = counts(engine_db)["student"]
    with engine_db.write() as s:
        set_setting(s, Actor(ADMIN), "after.copy", 1)
    accounts.create_staff(engine_db, Actor(ADMIN), "wang", "王老師", grants=[], password="staff-pass-2",
                          must_change=False)
    assert counts(engine_db)["student"] == students_before and counts(engine_db)["staff"] == 3


def test_cli_copy_into_the_server_then_work_there(source: Path, pg_url: str, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_USER", ADMIN)
    monkeypatch.setenv("PORTFOLIO_PASSWORD", ADMIN_PASSWORD)
    empty = pg_url  # a migrated but empty database (what `createdb` + opening it once gives)
    assert main(["db", "copy", str(source), empty]) == 0
    out, err = capsys.readouterr()
    assert "copied and verified" in err and "student\t90\t" in out
    assert main(["--db", empty, "accounts", "list"]) == 0  # the copied administrator signs in on the server
    assert "lin" in capsys.readouterr().out
    # a second copy into the now filled database is refused and changes nothing
    target = open_database(empty)
    try:
        before = counts(target)
        assert main(["db", "copy", str(source), empty]) == 1
        assert "不是空的" in capsys.readouterr().err
        assert counts(target) == before
    finally:
        target.dispose()


def test_refused_when_the_source_is_older(tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from portfolio_desktop.store import migrate

    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_foundation")
    engine.dispose()
    src, dst = connect_existing(str(old)), open_database(pg_url)
    try:
        with pytest.raises(db_copy.CopyRefused) as info:
            db_copy.copy_database(src, dst, Actor(ADMIN))
        assert "0001_foundation" in info.value.en and "init" in info.value.en
        assert sum(counts(dst).values()) == 0
    finally:
        src.dispose()
        dst.dispose()


def test_values_a_server_refuses_are_named_and_nothing_is_copied(source: Path, pg_url: str) -> None:
    conn = sqlite3.connect(source)
    conn.execute("UPDATE student SET address = ? WHERE student_no = '0012345'", ("路" * 250,))
    conn.execute("UPDATE student SET guardian = ? WHERE id = (SELECT MAX(id) FROM student)", ("王\x00小明",))
    conn.commit()
    conn.close()
    src, dst = connect_existing(str(source)), open_database(pg_url)
    try:
        with pytest.raises(db_copy.CopyRefused) as info:
            db_copy.copy_database(src, dst, Actor(ADMIN))
        assert "student" in info.value.en and "column address holds 250 characters" in info.value.en
        assert "limit of 200" in info.value.en and "NUL" in info.value.en
        assert "超過欄位上限 200" in info.value.zh
        assert sum(counts(dst).values()) == 0
    finally:
        src.dispose()
        dst.dispose()


def test_a_copy_that_does_not_compare_equal_is_rolled_back(source: Path, pg_server: PgServer, pg_url: str) -> None:
    """A trigger left on the server rewrites names as they arrive: the read-back checksum catches it."""
    dsn = server.parse(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION mangle() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$ BEGIN NEW.name := upper(NEW.name) || '?'; RETURN NEW; END $$")
        conn.execute("CREATE TRIGGER mangle BEFORE INSERT ON student FOR EACH ROW EXECUTE FUNCTION mangle()")
    src, dst = connect_existing(str(source)), open_database(pg_url)
    try:
        with pytest.raises(db_copy.CopyRefused) as info:
            db_copy.copy_database(src, dst, Actor(ADMIN))
        assert "student: source 90 rows, target 90, checksums differ" in info.value.en
        assert "rolled back" in info.value.en
        assert sum(counts(dst).values()) == 0
        with dst.read() as s:  # the sequences were not moved either (the transaction is gone)
            assert s.execute(text("SELECT last_value FROM student_id_seq")).scalar_one() == 1
    finally:
        src.dispose()
        dst.dispose()


def test_only_it_or_the_administrator_may_copy(source: Path, pg_url: str) -> None:
    src, dst = connect_existing(str(source)), open_database(pg_url)
    try:
        with pytest.raises(Exception) as info:
            db_copy.copy_database(src, dst, Actor("lin"))
        assert "備份資料" in getattr(info.value, "zh", "")
        assert sum(counts(dst).values()) == 0
    finally:
        src.dispose()
        dst.dispose()


def test_missing_source_file_is_not_created(tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.sqlite3"
    assert main(["--user", ADMIN, "db", "copy", str(missing), pg_url]) == 1
    assert "database file not found" in capsys.readouterr().err
    assert not missing.exists()
