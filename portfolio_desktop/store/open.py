"""Open (and if needed create or upgrade) the database the user pointed at."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from portfolio_desktop.config import resolve_db_url, sqlite_path
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.store.engine import Database, translate_operational
from portfolio_desktop.store.migrate import upgrade


def open_database(db: str | None = None) -> Database:
    """Resolve ``--db`` / ``PORTFOLIO_DB`` / the default, create its folder, migrate to head."""
    url = resolve_db_url(db)
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PortfolioError(
                f"無法建立資料夾 {path.parent}：{exc.strerror}",
                f"cannot create folder {path.parent}: {exc.strerror}",
            ) from exc
    database = Database(url)
    try:
        upgrade(database.engine, database.read_engine)
    except PortfolioError:
        database.dispose()
        raise
    except OperationalError as exc:
        database.dispose()
        translated = translate_operational(exc, url, database.busy_timeout_ms)
        if translated is None:
            raise PortfolioError(
                f"無法開啟資料庫 {path or url}：{exc.orig or exc}", f"cannot open database {path or url}: {exc.orig or exc}"
            ) from exc
        raise translated from exc
    except Exception as exc:
        database.dispose()
        raise PortfolioError(
            f"無法開啟資料庫 {path or url}：{exc}",
            f"cannot open database {path or url}: {exc}",
        ) from exc
    return database
