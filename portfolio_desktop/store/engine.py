"""Engines and sessions.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so a second workstation or the CLI
writing at the same time waits instead of failing with "database is locked". Writes take the write
lock when they begin (``BEGIN IMMEDIATE``), so two writers queue on the busy timeout instead of one
failing half-way on a lock upgrade; reads begin a plain (deferred) transaction and, in WAL mode,
never wait for a writer.

PostgreSQL (many workstations on one server) is given the same semantics on purpose, so
that every service behaves identically on both engines: a write transaction runs at READ COMMITTED
and first takes one cluster-wide advisory lock (``pg_advisory_xact_lock``, released at commit or
rollback), so writers queue one after the other like SQLite's BEGIN IMMEDIATE — a read-modify-write
inside ``db.write()`` can never lose an update, and no serialization failure can surface half-way
through a user's action. The wait is bounded by ``lock_timeout`` (the same busy timeout) and then
says that another workstation is writing. Reads run REPEATABLE READ, READ ONLY: one consistent
snapshot that never waits for writers. Pooled connections are pre-pinged, so a server restart
between two actions is invisible.

Durability: SQLite's writer connections run ``synchronous=FULL``, so in WAL mode every commit is
fsynced before it returns — a change the user was told was saved survives a power cut; a cut loses at
most the transaction that had not yet returned, and never consistency (WAL frames carry checksums and
a torn tail is ignored). Readers never write and keep ``NORMAL``. PostgreSQL commits are durable by
the server's own ``fsync``/``synchronous_commit`` (on by default).

No error message carries statement parameters (``hide_parameters``): a failed INSERT of a student
must never print that student's ID, name or address.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.store import server

BUSY_TIMEOUT_MS = 15_000
BUSY_TIMEOUT_ENV = "PORTFOLIO_BUSY_TIMEOUT_MS"  # how long a writer waits for another one

# Called whenever a connection is taken from a pool (every session, every direct read); the GUI installs
# one under PORTFOLIO_GUI_THREAD_GUARD=1 that raises when database work starts on its event-loop thread
# (gui/ops.py). None: no check (the CLI, services).
_session_check: Callable[[], None] | None = None


def _check_checkout(*_args: Any) -> None:
    if _session_check is not None:
        _session_check()


def set_session_check(check: Callable[[], None] | None) -> Callable[[], None] | None:
    """Install (or with None remove) the check run before any connection is used; returns the previous one."""
    global _session_check
    previous, _session_check = _session_check, check
    return previous


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


def translate_operational(exc: DBAPIError, url: str | URL, busy_ms: int, *,
                          had_password: bool = False) -> PortfolioError | None:
    """The user-facing error for a lock timeout, a refusing disk or (PostgreSQL) an unreachable server
    or a refused sign-in; None for anything else."""
    if server.is_server_url(url):
        return _translate_server(exc, url, busy_ms, had_password)
    url = str(url)
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(busy_ms)
    if url.startswith("sqlite") and any(marker in text for marker in _STORAGE_MARKERS):
        return StorageError(str(exc.orig if exc.orig is not None else exc), url.removeprefix("sqlite:///"))
    return None


def _translate_server(exc: DBAPIError, url: str | URL, busy_ms: int, had_password: bool) -> PortfolioError | None:
    orig = exc.orig if exc.orig is not None else exc
    state = server.sqlstate(orig)
    detail = str(orig).strip().splitlines()[-1] if str(orig).strip() else type(orig).__name__
    if state in server.BUSY_STATES:
        return DatabaseBusy(busy_ms)
    if state in server.LOGIN_STATES or (state is None and "password" in str(orig).lower()):
        return server.ServerLoginFailed(url, detail, had_password=had_password)
    if state in server.STORAGE_STATES:
        return StorageError(detail, server.display(url))
    if server.is_unreachable(orig):
        return server.ServerUnreachable(url, detail)
    return None


def _sqlite_engine(url: str, immediate: bool, timeout_ms: int, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": timeout_ms / 1000}, hide_parameters=True, **kwargs)
    synchronous = "FULL" if immediate else "NORMAL"  # writers: a returned commit is on the disk

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _server_engines(url: URL, timeout_ms: int, **kwargs: Any) -> tuple[Engine, Engine]:
    """(writer, reader) engines for PostgreSQL; see the module docstring for why writers queue."""
    connect_args = {"connect_timeout": server.CONNECT_TIMEOUT_S, "application_name": "portfolio-desktop"}
    connect_args.update(kwargs.pop("connect_args", {}))
    writer = create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED", hide_parameters=True,
                           connect_args=connect_args, **kwargs)

    @event.listens_for(writer, "begin")
    def _one_writer(conn: Any) -> None:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(timeout_ms)}")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({server.WRITE_LOCK_KEY})")

    reader = create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ", hide_parameters=True,
                           execution_options={"postgresql_readonly": True},
                           connect_args=connect_args, **kwargs)
    return writer, reader


class Database:
    """One database: a writer engine and a reader engine over the same URL.

    ``url`` is an SQLite URL or a PostgreSQL URL (``str`` or SQLAlchemy ``URL``, password included
    when the server needs one). ``self.url`` is what may be shown: a PostgreSQL password is hidden.
    """

    def __init__(self, url: str | URL, **kwargs: Any) -> None:
        self.is_sqlite = str(url).startswith("sqlite")
        self.is_server = not self.is_sqlite
        self.busy_timeout_ms = busy_timeout_ms()
        if self.is_sqlite:
            self.url = str(url)
            self.engine = _sqlite_engine(self.url, True, self.busy_timeout_ms, **kwargs)
            self.read_engine = _sqlite_engine(self.url, False, self.busy_timeout_ms, **kwargs)
            self.had_password = False
        else:
            parsed = server.parse(url)
            self.url = server.display(parsed)
            self.had_password = parsed.password is not None
            self.engine, self.read_engine = _server_engines(parsed, self.busy_timeout_ms, **kwargs)
        for engine in (self.engine, self.read_engine):
            event.listen(engine, "checkout", _check_checkout)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one transaction: commit at the end, roll back on any error."""
        session = self._write()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            _safe_rollback(session)
            translated = self.translate(exc)
            if translated is not None:
                raise translated from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def translate(self, exc: DBAPIError) -> PortfolioError | None:
        """The user-facing error for a busy / full / unreachable database, else None."""
        if not isinstance(exc, OperationalError) and not self.is_server:
            return None
        return translate_operational(exc, self.url, self.busy_timeout_ms, had_password=self.had_password)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; anything it would write is rolled back."""
        session = self._read()
        try:
            yield session
        except DBAPIError as exc:
            translated = self.translate(exc) if self.is_server else None
            if translated is not None:
                raise translated from exc
            raise
        finally:
            _safe_rollback(session)
            session.close()

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def _safe_rollback(session: Session) -> None:
    """Roll back; a connection the server already dropped cannot, and that must not hide the cause."""
    try:
        session.rollback()
    except DBAPIError:
        session.invalidate()
