"""Where the data lives and which settings apply.

The database location comes from platformdirs (the per-user data dir) unless ``--db PATH`` or the
``PORTFOLIO_DB`` environment variable names another file or a database URL.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "portfolio-desktop"
APP_AUTHOR = "portfolio-desktop"
DB_ENV = "PORTFOLIO_DB"
USER_ENV = "PORTFOLIO_USER"

_dirs = PlatformDirs(APP_NAME, APP_AUTHOR)


def data_dir() -> Path:
    """The per-user data folder (created on demand)."""
    path = Path(_dirs.user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The default database file; its folder is made only when the database is created (``init``,
    the GUI's first start), so a command refused for want of a database leaves nothing behind."""
    return Path(_dirs.user_data_dir) / "portfolio.sqlite3"


def resolve_db_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for ``--db``, else ``PORTFOLIO_DB``, else the per-user default file.

    A value with ``://`` is taken as a URL as it is; anything else is a path to an SQLite file.
    """
    value = os.fspath(db) if db is not None else os.environ.get(DB_ENV) or None
    if value and "://" in value:
        return value
    path = Path(value).expanduser() if value else default_db_path()
    return f"sqlite:///{path.resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other engines / in-memory databases."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != prefix and ":memory:" not in url:
        return Path(url[len(prefix):])
    return None


def resources_dir() -> Path:
    """The top-level ``resources/`` folder, both in a checkout and inside a PyInstaller bundle."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def ui_dir() -> Path:
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "ui"
    return Path(__file__).resolve().parent.parent / "ui"


def migrations_dir() -> Path:
    """The Alembic environment (top-level ``db/``), found from the package, not the cwd."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "db"
    return Path(__file__).resolve().parent.parent / "db"
