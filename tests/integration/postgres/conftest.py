"""The same service-level scenarios as the SQLite integration tests, on a real PostgreSQL server.

Every module here re-imports the tests of one SQLite module (``from … import *``); this conftest
overrides ``db`` with a fresh migrated database on the server started by tests/pg.py, and
``db_path`` with that database's URL (as text), so CLI scenarios that pass ``--db str(db_path)``
run against the server too. Tests that open the SQLite file itself are not imported (each module
says which and why).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portfolio_desktop.store.engine import Database


@pytest.fixture
def db_path(pg_url: str) -> str:
    return pg_url


@pytest.fixture
def db(pg_url: str) -> Iterator[Database]:
    from portfolio_desktop.store.open import open_database

    database = open_database(pg_url)
    assert database.dialect == "postgresql"
    try:
        yield database
    finally:
        database.dispose()
