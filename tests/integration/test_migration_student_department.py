"""Migration 0006 moves 科別 to the student: every student of an older database takes their class's
department, on SQLite and on PostgreSQL; the data of the other tables is untouched, and the upgraded
database imports a 合班 class."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.store import migrate
from portfolio_desktop.store.open import open_database
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

BEFORE = "0007_audit_log_truncate"
TARGET = "0008_student_department"


def _older(url: str) -> None:
    """A database at 0005 with two classes of different departments, one class without, and students."""
    engine = create_engine(url)
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, BEFORE)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO division (id, code, name) VALUES (1, 'day', '日間部'), (2, 'night', '進修部')"))
        conn.execute(text("INSERT INTO department (id, name) VALUES (1, '農場經營科'), (2, '機械科')"))
        conn.execute(text(
            "INSERT INTO school_class (id, division_id, code, grade, department_id) VALUES "
            "(1, 2, '309', 3, 1), (2, 1, '301', 3, 2), (3, 1, '101', 1, NULL)"))
        conn.execute(text(
            "INSERT INTO student (id, student_no, name, class_id, status, updated_at) VALUES "
            "(1, '0111001', '王𡘙', 1, 'enrolled', '2024-09-01 08:00:00'),"
            "(2, '1110201', '陳大明', 2, 'enrolled', '2024-09-01 08:00:00'),"
            "(3, '1130101', '林小美', 3, 'enrolled', '2024-09-01 08:00:00')"))
        if conn.dialect.name == "postgresql":  # rows given their ids: move the sequences past them
            for table in ("division", "department", "school_class", "student"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 100)"))
    engine.dispose()


def _check_upgrade(url: str, tmp_path: Path) -> None:
    database = open_database(url)  # upgrades to head
    try:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT student_no, name, class_id, department_id FROM student ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [("0111001", "王𡘙", 1, 1), ("1110201", "陳大明", 2, 2), ("1130101", "林小美", 3, None)]
        actor = seed_staff(database, CLERK, *CLERK_GRANTS)
        assert [(s.student_no, s.department) for s in rosters.list_students(database, actor)] == [
            ("1130101", None), ("1110201", "機械科"), ("0111001", "農場經營科")]
        # the upgraded database takes a 機械科 student into 309: a 合班 class
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(["學號", "姓名", "部別", "科別", "班級"])
        wb.active.append(["0111002", "李四", "進修部", "機械科", "309"])
        path = tmp_path / "309.xlsx"
        wb.save(path)
        rosters.import_roster(database, actor, path)
        node = next(n for n in rosters.class_tree(database, actor) if n.code == "309")
        assert node.label == "309 農場經營科／機械科 合班"
        assert node.departments == (("農場經營科", 1), ("機械科", 1))
    finally:
        database.dispose()


def test_sqlite_upgrade_carries_departments_over(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _older(f"sqlite:///{path}")
    _check_upgrade(str(path), tmp_path)
    assert list((tmp_path / "backups").glob("old-*.sqlite3"))  # backed up before migrating


def test_postgresql_upgrade_carries_departments_over(pg_server: object, tmp_path: Path) -> None:
    name = pg_server.create_database()  # type: ignore[attr-defined]
    try:
        url = pg_server.url(name)  # type: ignore[attr-defined]
        _older(url)
        _check_upgrade(url, tmp_path)
    finally:
        pg_server.drop_database(name)  # type: ignore[attr-defined]


@pytest.mark.parametrize("revision", [TARGET])
def test_target_is_a_known_revision(revision: str) -> None:
    assert revision in migrate.known_revisions()
