"""Where the data lives and which settings apply.

The database location comes from platformdirs (the per-user data dir) unless ``--db PATH`` or the
``PORTFOLIO_DB`` environment variable names another file or a database URL. The log file lives in
the platformdirs user log folder unless ``PORTFOLIO_LOG_DIR`` names another one.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from portfolio_desktop.io.private import private_dir

APP_NAME = "portfolio-desktop"
APP_AUTHOR = "portfolio-desktop"
DB_ENV = "PORTFOLIO_DB"
USER_ENV = "PORTFOLIO_USER"
LOG_DIR_ENV = "PORTFOLIO_LOG_DIR"

_dirs = PlatformDirs(APP_NAME, APP_AUTHOR)


def user_data_path() -> Path:
    """The per-user data folder's path (not created)."""
    return Path(_dirs.user_data_dir)


def data_dir() -> Path:
    """The per-user data folder (created on demand; private to the user, io/private.py)."""
    return private_dir(user_data_path())


def log_dir() -> Path:
    """The folder of the log file (not created here; logs.py does): ``PORTFOLIO_LOG_DIR`` if set,
    else the per-user log folder (Linux ``~/.local/state/portfolio-desktop/log``, Windows
    ``%LOCALAPPDATA%\\portfolio-desktop\\portfolio-desktop\\Logs``, macOS ``~/Library/Logs/portfolio-desktop``)."""
    value = os.environ.get(LOG_DIR_ENV)
    return Path(value).expanduser() if value else Path(_dirs.user_log_dir)


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


# Folders shipped with the program (the Alembic environment, Qt Designer forms, translations and
# icons). They are top-level folders of the checkout; setup.py copies them into the wheel under
# ``portfolio_desktop/_data/``, and packaging/portfolio-desktop.spec into the bundle's root.
PACKAGE_DATA = "_data"


def shipped_folder(name: str) -> Path:
    """The shipped folder ``name`` (``db``, ``ui`` or ``resources``) in whichever layout runs:
    a PyInstaller bundle (``sys._MEIPASS/name``), an installed wheel (``portfolio_desktop/_data/name``),
    or a checkout and its editable install (``name`` beside the package). Not the working directory."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / name
    package = Path(__file__).resolve().parent
    installed = package / PACKAGE_DATA / name
    if installed.is_dir():
        return installed
    return package.parent / name


def resources_dir() -> Path:
    """``resources/``: translations, icons, fonts a school adds."""
    return shipped_folder("resources")


def ui_dir() -> Path:
    """``ui/``: the Qt Designer forms."""
    return shipped_folder("ui")


def migrations_dir() -> Path:
    """``db/``: the Alembic environment (env.py and versions/)."""
    return shipped_folder("db")
