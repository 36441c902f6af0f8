"""Engines and sessions.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so a second workstation or the CLI
writing at the same time waits instead of failing with "database is locked". Writes take the write
lock when they begin (``BEGIN IMMEDIATE``), so two writers queue on the busy timeout instead of one
failing half-way on a lock upgrade; reads begin a plain (deferred) transaction and, in WAL mode,
never wait for a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from portfolio_desktop.errors import PortfolioError

BUSY_TIMEOUT_MS = 15_000


class DatabaseBusy(PortfolioError):
    def __init__(self) -> None:
        super().__init__(
            "資料庫正由另一台工作站寫入中，已等候 15 秒仍未完成；請稍後再試。",
            "Another workstation is writing to the database; waited 15 s. Please try again shortly.",
        )


def _sqlite_engine(url: str, immediate: bool, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """One database: a writer engine and a reader engine over the same URL."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, immediate=True, **kwargs)
            self.read_engine = _sqlite_engine(url, immediate=False, **kwargs)
        else:
            self.engine = create_engine(url, **kwargs)
            self.read_engine = self.engine
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one transaction: commit at the end, roll back on any error."""
        session = self._write()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseBusy() from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; anything it would write is rolled back."""
        session = self._read()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
