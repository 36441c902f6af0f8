"""A large roster import into a table holding fewer students builds the student table's secondary
indexes once after its rows (store/bulk_indexes.py): the schema after is exactly the one before, a
cancelled or dry run leaves them as they were, a smaller import and PostgreSQL keep them up as usual."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from portfolio_desktop.io.tabular import Cancelled
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.store import bulk_indexes
from portfolio_desktop.store.engine import Database
from tests.integration.test_roster_service import ALICE, BOB, CAROL, DAVE, snapshot, write_roster


def _indexes(db: Database) -> list[tuple[str, str]]:
    """The student table's indexes as the database defines them: (name, definition)."""
    with db.read() as s:
        if db.is_sqlite:
            query = "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'student'"
        else:
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'student'"
        return sorted((str(name), str(sql)) for name, sql in s.execute(text(query)))


@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    """Every statement the writer engine sends, as sent."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def _index_ddl(statements: list[str]) -> list[str]:
    return [s.split(" ON ")[0] for s in statements if s.startswith(("DROP INDEX", "CREATE INDEX"))]


@pytest.fixture
def small_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_indexes, "REBUILD_FROM", 3)  # four students are "many" here


@pytest.mark.usefixtures("small_rebuild")
def test_a_first_large_import_builds_the_indexes_after_its_rows(db: Database, actor: Actor, tmp_path: Path,
                                                                 statements: list[str]) -> None:
    before = _indexes(db)
    assert {name for name, _ in before} >= {"ix_student_class_id", "ix_student_national_id", "ix_student_department_id"}
    rosters.import_roster(db, actor, write_roster(tmp_path / "a.xlsx", [ALICE, BOB, CAROL, DAVE]))
    assert _indexes(db) == before  # the same indexes, defined the same way
    if not db.is_sqlite:
        assert _index_ddl(statements) == []  # PostgreSQL keeps its indexes up
        return
    assert sorted(_index_ddl(statements)) == sorted(
        [f"DROP INDEX {n}" for n in ("ix_student_class_id", "ix_student_national_id", "ix_student_department_id")]
        + [f"CREATE INDEX {n}" for n in ("ix_student_class_id", "ix_student_national_id", "ix_student_department_id")])
    with db.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        plan = " ".join(str(r[-1]) for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM student WHERE national_id = 'A123456789'")))
        assert "ix_student_national_id" in plan
    assert rosters.student_detail(db, actor, "00123").national_id == "A123456789"


@pytest.mark.usefixtures("small_rebuild")
def test_an_import_smaller_than_the_table_keeps_the_indexes_up(db: Database, actor: Actor, tmp_path: Path,
                                                              statements: list[str]) -> None:
    rosters.import_roster(db, actor, write_roster(tmp_path / "a.xlsx", [ALICE, BOB, CAROL, DAVE]))
    statements.clear()
    eve = ["10003", "李小英", "A223456781", "女", "2008-03-03", "機械科", "201", 7, "在學", None, None]
    frank = ["10004", "吳大同", None, "男", "2008-03-04", "機械科", "201", 8, "在學", None, None]
    gina = ["10005", "周美玲", None, "女", "2008-03-05", "機械科", "201", 9, "在學", None, None]
    report = rosters.import_roster(db, actor, write_roster(tmp_path / "b.xlsx", [ALICE, BOB, eve, frank, gina]))
    assert sorted(report.added) == ["10003", "10004", "10005"]  # 3 new: "many", but fewer than the 4 held
    assert _index_ddl(statements) == []


@pytest.mark.usefixtures("small_rebuild")
@pytest.mark.parametrize("how", ["cancelled while writing", "dry run"])
def test_a_large_import_that_writes_nothing_leaves_the_indexes_as_they_were(
    db: Database, actor: Actor, tmp_path: Path, statements: list[str], how: str
) -> None:
    before, rows_before = _indexes(db), snapshot(db)
    path = write_roster(tmp_path / "a.xlsx", [ALICE, BOB, CAROL, DAVE])
    if how == "dry run":
        report = rosters.import_roster(db, actor, path, dry_run=True)
        assert report.dry_run and len(report.added) == 4
    else:
        with pytest.raises(Cancelled):  # Cancel pressed once the students are being written
            rosters.import_roster(db, actor, path, cancelled=lambda: any(s.startswith("INSERT INTO student")
                                                                         for s in statements))
    assert _indexes(db) == before and snapshot(db) == rows_before
    if db.is_sqlite:
        assert any(s.startswith("DROP INDEX") for s in statements)  # they were dropped, and came back
