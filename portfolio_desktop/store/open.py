"""Open (and if needed create or upgrade) the database the user pointed at.

An SQLite file gets its folder created; the file and its folder are private to the user (0600 in a
0700 folder on POSIX, io/private.py). A PostgreSQL URL (``postgresql://user@host:port/dbname``) gets
nothing created locally; when it carries no password, the password is looked up in the OS
keyring (services/accounts/secrets.py, entry :func:`store.server.secret_name`). No keyring or no entry is not
an error by itself — the server may trust this workstation — but if the server then asks for a
password the message says how to store one.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from portfolio_desktop.config import resolve_db_url, sqlite_path, user_data_path
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io import private
from portfolio_desktop.store import server, snapshot
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.migrate import upgrade


def server_url_with_password(url: str) -> URL:
    """The PostgreSQL URL, with the keyring's password filled in when the URL has none."""
    parsed = server.parse(url)
    if parsed.password is not None:
        return parsed
    # Lazy import: the keyring lives in services/ (issue 5); the store only needs it here.
    from portfolio_desktop.services.accounts.secrets import open_store

    try:
        password = open_store().get(server.secret_name(parsed))
    except PortfolioError:
        return parsed  # no usable keyring: try without; a refusal then explains how to store one
    return parsed.set(password=password) if password else parsed


def open_database(db: str | None = None, *, create: bool = True) -> Database:
    """Resolve ``--db`` / ``PORTFOLIO_DB`` / the default, create its folder, migrate to head.

    ``create=False`` opens only an SQLite file that already exists: a mistyped ``--db`` is refused
    instead of becoming a new empty database. The CLI's gate (commands/gate.py) passes it for every
    command but ``init``; the GUI (whose first start runs the set-up wizard) and ``init`` pass
    ``create=True``. A server URL names a database the server already has, so the flag does not
    apply to it.
    """
    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is not None and not create and not path.is_file():
        raise missing_database(path)
    if path is not None:
        try:
            # 0600 file (its -wal/-shm follow it) in a 0700 folder when created here (io/private.py)
            private.prepare_sqlite_file(path, tighten_folder=path.parent == user_data_path())
        except OSError as exc:
            raise PortfolioError(
                f"無法建立資料庫檔 {path}：{exc.strerror}",
                f"cannot create the database file {path}: {exc.strerror}",
            ) from exc
    if path is not None and path.exists():
        snapshot.remove_restore_leftovers(path)  # personal data a killed restore left beside the file
    database = Database(server_url_with_password(url) if server.is_server_url(url) else url)
    shown = path or database.url
    try:
        upgrade(database.engine, database.read_engine)
    except PortfolioError:
        database.dispose()
        raise
    except DBAPIError as exc:
        database.dispose()
        translated = database.translate(exc)
        if translated is None:
            raise PortfolioError(
                f"無法開啟資料庫 {shown}：{exc.orig or exc}", f"cannot open database {shown}: {exc.orig or exc}"
            ) from exc
        raise translated from exc
    except Exception as exc:
        database.dispose()
        raise PortfolioError(
            f"無法開啟資料庫 {shown}：{exc}",
            f"cannot open database {shown}: {exc}",
        ) from exc
    return database


def missing_database(path: Path) -> PortfolioError:
    """The refusal for an SQLite file that is not there (says where, and how to create one)."""
    if path.is_dir():
        where, where_en = "這是資料夾，不是資料庫檔", "that is a folder, not a database file"
    elif not path.parent.is_dir():
        where, where_en = "資料夾不存在", "its folder does not exist"
    else:
        where, where_en = "檔案不存在", "no such file"
    return PortfolioError(
        f"找不到資料庫檔 {path}（{where}）；請確認 --db 或 PORTFOLIO_DB，新資料庫請以 init 建立",
        f"database file not found: {path} ({where_en}); check --db or PORTFOLIO_DB, or create a new one with init",
    )


def connect_existing(db: str) -> Database:
    """An existing database as it is: never created, never migrated (``db copy``'s source).

    An SQLite path must name an existing file; a server URL gets its password from the keyring like
    :func:`open_database`, and a first query proves the server can be reached.
    """
    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise missing_database(path)
    database = Database(server_url_with_password(url) if server.is_server_url(url) else url)
    try:
        with database.read() as session:
            session.connection()
    except DBAPIError as exc:
        database.dispose()
        translated = database.translate(exc)
        raise (translated or PortfolioError(f"無法開啟資料庫 {path or database.url}：{exc.orig or exc}",
                                            f"cannot open database {path or database.url}: {exc.orig or exc}")) from exc
    return database
