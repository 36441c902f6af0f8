"""Engines and sessions.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so a second workstation or the CLI
writing at the same time waits instead of failing with "database is locked". Writes take the write
lock when they begin (``BEGIN IMMEDIATE``), so two writers queue on the busy timeout instead of one
failing half-way on a lock upgrade; reads begin a plain (deferred) transaction and, in WAL mode,
never wait for a writer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from portfolio_desktop.errors import PortfolioError

BUSY_TIMEOUT_MS = 15_000
BUSY_TIMEOUT_ENV = "PORTFOLIO_BUSY_TIMEOUT_MS"  # how long a writer waits for another one


def busy_timeout_ms() -> int:
    """``PORTFOLIO_BUSY_TIMEOUT_MS`` if set to a positive integer, else 15 s."""
    try:
        value = int(os.environ.get(BUSY_TIMEOUT_ENV, ""))
    except ValueError:
        return BUSY_TIMEOUT_MS
    return value if value > 0 else BUSY_TIMEOUT_MS


class DatabaseBusy(PortfolioError):
    def __init__(self, waited_ms: int = BUSY_TIMEOUT_MS) -> None:
        seconds = f"{waited_ms / 1000:g}"
        super().__init__(
            f"資料庫正由另一台工作站寫入中，已等候 {seconds} 秒仍未完成；請稍後再試。",
            f"Another workstation is writing to the database; waited {seconds} s. Please try again shortly.",
        )


class StorageError(PortfolioError):
    """The disk refused the write (full, read-only, unplugged); the transaction was rolled back."""

    def __init__(self, detail: str, where: str) -> None:
        super().__init__(
            f"無法寫入資料庫 {where}（{detail}）：磁碟可能已滿、唯讀或已移除。本次動作未寫入任何資料，"
            "原有資料不受影響；請釋出空間或檢查權限後再試。",
            f"cannot write the database {where} ({detail}): the disk may be full, read-only or removed. "
            "Nothing of this action was written and the existing data is unchanged; free space or check "
            "permissions and try again.",
        )


_STORAGE_MARKERS = ("disk is full", "readonly database", "disk i/o error", "unable to open database")


def translate_operational(exc: OperationalError, url: str, busy_ms: int) -> PortfolioError | None:
    """The user-facing error for a lock timeout or a refusing disk; None for anything else."""
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(busy_ms)
    if url.startswith("sqlite") and any(marker in text for marker in _STORAGE_MARKERS):
        return StorageError(str(exc.orig if exc.orig is not None else exc), url.removeprefix("sqlite:///"))
    return None


def _sqlite_engine(url: str, immediate: bool, timeout_ms: int, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": timeout_ms / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={timeout_ms}")
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
        self.busy_timeout_ms = busy_timeout_ms()
        if self.is_sqlite:
            self.engine = _sqlite_engine(url, True, self.busy_timeout_ms, **kwargs)
            self.read_engine = _sqlite_engine(url, False, self.busy_timeout_ms, **kwargs)
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
            translated = translate_operational(exc, self.url, self.busy_timeout_ms)
            if translated is not None:
                raise translated from exc
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
