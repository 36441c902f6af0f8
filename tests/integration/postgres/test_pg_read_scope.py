"""The roster's read scope on PostgreSQL: the list, a student's detail, the class filter and the pages a
screen reads (filtered, sorted, counted and ranked by the server) for every role, as
tests/integration/test_read_scope.py checks them on SQLite (its school, built once on the server).

The tests that go through the CLI with the SQLite file's path, and those that print notices, stay on
SQLite: they are the same services, covered on the server by test_pg_cli_*.py and test_pg_notices_*.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.open import open_database
from tests.integration.test_read_scope import (  # noqa: F401  (pytest collects the imported tests)
    _build,
    test_roster_list_and_detail,
    test_roster_pages_read_the_same_students,
    test_roster_pages_refuse_an_unknown_order_and_a_page_too_large,
    test_someone_who_is_not_staff_reads_nothing,
    test_the_scope_says_what_it_covers,
)
from tests.pg import PgServer


@pytest.fixture(scope="module")
def world(pg_server: PgServer, pg_template: str,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str, dict[str, Any]]]:
    name = pg_server.create_database(template=pg_template)
    db = open_database(pg_server.url(name))
    assert db.dialect == "postgresql"
    try:
        yield db, pg_server.url(name), _build(db, Path(tmp_path_factory.mktemp("pg-read-scope")))
    finally:
        db.dispose()
        pg_server.drop_database(name)


@pytest.fixture
def db(world: tuple[Database, str, dict[str, Any]]) -> Database:
    return world[0]
