"""PostgreSQL specifics: which URLs we accept, the keyring name of a server password, and what a
server's refusal means to the user.

A school points every workstation at one server with ``--db postgresql://user@host:port/dbname``.
The URL normally carries no password: it is read from the OS keyring under
:func:`secret_name` (``portfolio-desktop db password URL`` stores it). We always talk to the server
through psycopg 3 (``postgresql+psycopg``), whatever driver a URL names.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from portfolio_desktop.errors import PortfolioError

DRIVER = "postgresql+psycopg"
_ACCEPTED = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_S = 10
# pg_advisory_xact_lock key taken by every write transaction: writers queue one after the other
# exactly like SQLite's BEGIN IMMEDIATE (see store/engine.py). 0x706f7274 = "port".
WRITE_LOCK_KEY = 0x706F7274


def is_server_url(url: str | URL) -> bool:
    return str(url).split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def parse(url: str | URL) -> URL:
    """The URL as SQLAlchemy's URL with the psycopg 3 driver; refuses anything but PostgreSQL."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError as exc:
        raise PortfolioError(f"資料庫網址格式不正確：{url}", f"not a valid database URL: {url}") from exc
    if parsed.drivername not in _ACCEPTED:
        raise PortfolioError(
            f"不支援的資料庫「{parsed.drivername}」：請用 SQLite 檔案路徑或 postgresql://使用者@主機:埠/資料庫",
            f"unsupported database '{parsed.drivername}': give an SQLite file path or "
            "postgresql://user@host:port/dbname",
        )
    if not parsed.database:
        raise PortfolioError(
            f"資料庫網址 {display(parsed)} 沒有資料庫名稱（…/dbname）",
            f"the database URL {display(parsed)} names no database (…/dbname)",
        )
    return parsed.set(drivername=DRIVER)


def display(url: str | URL) -> str:
    """The URL as it may be shown: never with the password."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<invalid URL>"
    return parsed.render_as_string(hide_password=True)


def secret_name(url: str | URL) -> str:
    """The keyring entry of the password for this user on this server and database."""
    parsed = parse(url)
    return f"db-password:{parsed.username or ''}@{parsed.host or 'localhost'}:{parsed.port or DEFAULT_PORT}/{parsed.database}"


def where(url: str | URL) -> str:
    parsed = make_url(url) if isinstance(url, str) else url
    return f"{parsed.host or 'localhost'}:{parsed.port or DEFAULT_PORT}"


class ServerUnreachable(PortfolioError):
    def __init__(self, url: str | URL, detail: str) -> None:
        super().__init__(
            f"無法連線到資料庫伺服器 {where(url)}（{detail}）：請確認伺服器已開機、網路正常，網址與埠號正確。",
            f"cannot reach the database server {where(url)} ({detail}): check that the server is running, "
            "the network is up, and the host and port are right.",
        )


class ServerLoginFailed(PortfolioError):
    def __init__(self, url: str | URL, detail: str, *, had_password: bool) -> None:
        hint_zh = ("密碼不正確：請用「portfolio-desktop db password 網址」重新儲存密碼。" if had_password else
                   "伺服器要求密碼，但網址中沒有密碼、本機保存的機密資料中也沒有：請先執行「portfolio-desktop db password 網址」儲存，"
                   "或使用 PostgreSQL 的 PGPASSWORD 環境變數或 ~/.pgpass 檔。")
        hint_en = ("the password was refused: store the right one with `portfolio-desktop db password URL`." if had_password
                   else "the server asks for a password and neither the URL nor the app's secret store has one: store it "
                        "with `portfolio-desktop db password URL`, or use libpq's PGPASSWORD or ~/.pgpass.")
        super().__init__(
            f"無法登入資料庫伺服器 {display(url)}（{detail}）；{hint_zh}",
            f"cannot sign in to the database server {display(url)} ({detail}); {hint_en}",
        )


# SQLSTATEs (PostgreSQL appendix A) that mean "another workstation holds what we need".
BUSY_STATES = frozenset({"55P03", "40P01", "40001"})  # lock_not_available, deadlock, serialization
STORAGE_STATES = frozenset({"53100", "53000", "58030", "25006"})  # disk full, resources, I/O, read-only
LOGIN_STATES = frozenset({"28P01", "28000"})


def sqlstate(exc: BaseException) -> str | None:
    return getattr(exc, "sqlstate", None)


def is_unreachable(exc: BaseException) -> bool:
    """A connection-level failure (no SQLSTATE from a server, or class 08)."""
    state = sqlstate(exc)
    if state is not None:
        return state.startswith("08") or state == "57P03"  # connection exception / cannot connect now
    text = str(exc).lower()
    return "connection" in text and "password" not in text
