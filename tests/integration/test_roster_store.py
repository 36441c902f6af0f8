"""The roster's bulk path: finding the stored rows of a file's values with few statements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, select

from portfolio_desktop.services.rosters.roster_store import IN_CHUNK, ClassResolver, insert_students, rows_matching
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student


def _school(db: Database, students: int) -> None:
    with db.write() as s:
        class_id = ClassResolver(s).ensure_class("day", "101", "普通科").id
        insert_students(s, [{"student_no": f"{i:06d}", "name": f"學生{i}", "class_id": class_id,
                             "national_id": None} for i in range(students)], return_ids=False)


def _matching(db: Database, values: list[str]) -> tuple[list[str], list[str]]:
    """(學號 found, the SELECT statements run to find them)."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.write() as s:
            stmt = select(Student.student_no, Student.name)
            found = [row[0] for row in rows_matching(s, stmt, Student.student_no, values)]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return sorted(found), [q for q in statements if q.lstrip().upper().startswith("SELECT")]


def test_a_file_as_large_as_the_school_is_matched_with_one_query(db: Database) -> None:
    _school(db, 1000)
    wanted = [f"{i:06d}" for i in range(500, 1500)] + ["000500"]  # half stored, one twice
    found, queries = _matching(db, wanted)
    assert found == [f"{i:06d}" for i in range(500, 1000)]
    assert len(queries) == 2 and "count" in queries[0].lower() and " IN " not in queries[1]


def test_a_file_smaller_than_the_school_is_matched_in_chunks(db: Database) -> None:
    _school(db, 1000)
    wanted = [f"{i:06d}" for i in range(0, 1000, 1)][: IN_CHUNK + 50] + ["999999"]
    found, queries = _matching(db, wanted)
    assert found == sorted(set(wanted) - {"999999"})
    assert len(queries) == 3 and all(" IN " in q for q in queries[1:])
    few, queries = _matching(db, ["000003", "000007", "123456"])
    assert few == ["000003", "000007"] and len(queries) == 1 and " IN " in queries[0]


def test_rows_stream_from_the_cursor_and_see_what_the_session_has_not_flushed(db: Database) -> None:
    """A statement of columns runs as Core on the session's connection (rows come from the cursor as
    they are read, not all fetched first), after the session's pending changes are flushed, as its
    own ``execute`` would; a statement of mapped objects loads them through the session."""
    _school(db, 1000)
    read: list[str] = []
    with db.write() as s:
        dbapi = s.connection().connection.dbapi_connection
        assert dbapi is not None

        def read_now(no: str) -> str:  # counts the rows SQLite has made
            read.append(no)
            return no

        dbapi.create_function("read_now", 1, read_now)
        class_id = s.scalar(select(Student.class_id).limit(1))
        s.add(Student(student_no="777777", name="王𡘙", class_id=class_id, status="enrolled"))  # not flushed
        stmt = select(Student.student_no, Student.name, func.read_now(Student.student_no))
        rows = rows_matching(s, stmt, Student.student_no, [f"{i:06d}" for i in range(0, 1000)] + ["777777"])
        first = next(rows)
        assert len(read) < 1001  # the ORM's execute would have fetched every row before the first
        found = {r[0]: r[1] for r in [first, *rows]}
        assert len(found) == 1001 and found["777777"] == "王𡘙" and len(read) == 1001
        objects = dict(rows_matching(s, select(Student.student_no, Student), Student.student_no, ["777777", "000001"],
                                     objects=True))
        assert isinstance(objects["777777"], Student) and objects["000001"].name == "學生1"
