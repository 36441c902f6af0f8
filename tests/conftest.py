"""Shared fixtures: a real migrated SQLite file per test, headless Qt, a fixed acting user."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A real PostgreSQL server started by the tests (fixtures pg_server, pg_db, engine_db).
pytest_plugins = ["tests.pg"]

from portfolio_desktop.services.context import Actor  # noqa: E402
from portfolio_desktop.store.engine import Database  # noqa: E402
from portfolio_desktop.store.open import open_database  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _font_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cut fonts (reports/font_pieces.py) are cached in a temporary folder for the session, never
    the user's cache; the CLI subprocesses inherit it."""
    from portfolio_desktop.reports.font_pieces import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    folder = tmp_path_factory.mktemp("cache")
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session", autouse=True)
def _log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The app's log (logs.py) goes to a temporary folder during the tests, never the user's; the CLI
    subprocesses inherit it. A test that reads the log sets its own PORTFOLIO_LOG_DIR."""
    from portfolio_desktop.config import LOG_DIR_ENV

    before = os.environ.get(LOG_DIR_ENV)
    folder = tmp_path_factory.mktemp("logs")
    os.environ[LOG_DIR_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(LOG_DIR_ENV, None)
    else:
        os.environ[LOG_DIR_ENV] = before


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """umask 022, as on most workstations: without the app's care a new file would be 0644, a folder 0755."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "portfolio.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh database file created by the Alembic migrations."""
    database = open_database(str(db_path))
    yield database
    database.dispose()


@pytest.fixture
def actor(db: Database) -> Actor:
    """A staff member of ``db`` holding every office of both divisions (tests/data/staff.py CLERK_GRANTS):
    services check roles, so the acting user must exist in the database."""
    from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

    return seed_staff(db, CLERK, *CLERK_GRANTS)


@pytest.fixture
def taipei_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The workstation's clock in Taiwan (UTC+8), as at a school; restored after the test. Stored
    times are UTC (store/models.utcnow): a day a person names is the local one (store/models.local_date)."""
    monkeypatch.setenv("TZ", "Asia/Taipei")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
