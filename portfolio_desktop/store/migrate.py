"""Create or upgrade a database with the Alembic versions in ``db/``; back up first.

A new database is made by running every version (never ``create_all``). An existing one at an older
version is copied with SQLite's online backup API before the upgrade, and the upgrade runs in one
transaction, so a failed upgrade leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from portfolio_desktop.config import migrations_dir, sqlite_path
from portfolio_desktop.errors import PortfolioError


def alembic_config() -> Config:
    folder = migrations_dir()
    if not (folder / "env.py").is_file() or not (folder / "versions").is_dir():
        # Alembic's own message ("use the 'init' command") would send the user to make new, empty
        # migrations; the versions ship with the program, so the installation is what is broken.
        raise PortfolioError(
            f"程式安裝不完整：找不到資料庫版本檔（{folder}），無法開啟資料庫。請重新安裝本程式"
            "（pip install --force-reinstall portfolio-desktop，或重新解壓縮安裝包）",
            f"the installation is incomplete: the database migrations are missing ({folder} has no env.py "
            "and versions/), so no database can be opened; reinstall portfolio-desktop "
            "(pip install --force-reinstall portfolio-desktop, or unpack the bundle again)",
        )
    cfg = Config()
    cfg.set_main_option("script_location", str(folder))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise PortfolioError(
            f"資料庫遷移版本有 {len(heads)} 個分支，程式安裝不完整",
            f"the migrations have {len(heads)} heads ({', '.join(heads)}); the installation is broken",
        )
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision this installation knows (a backup at another one comes from a newer app)."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


BackupKey = Callable[[], bytes]
"""The backup encryption key, made and stored when there is none (the caller's secret store:
services/accounts/secrets.py ``stored_backup_key``)."""


def backup_sqlite(db_file: Path, label: str, backup_key: BackupKey | None = None) -> Path:
    """Back up a live SQLite file (online backup API + verifiable manifest) to the configured
    backup folder (``backups/`` beside it by default), encrypted with ``backup_key()`` when the
    school turned that on (refused when it is on and no key source is given)."""
    from portfolio_desktop.store import backup_crypto, snapshot

    folder, encrypt, _keep = snapshot.configured(db_file)
    if encrypt and backup_key is None:
        raise backup_crypto.BackupKeyError("備份設定為加密，但沒有可用的備份金鑰",
                                           "backups are to be encrypted but no backup key was given")
    key = backup_key() if encrypt and backup_key is not None else None
    return snapshot.snapshot(db_file, folder, label, key=key, made_by="migration")


def upgrade(engine: Engine, read_engine: Engine | None = None, *, backup_key: BackupKey | None = None) -> Path | None:
    """Bring the database to the newest version. Returns the backup taken, if any.

    ``read_engine`` (plain BEGIN) is used to look at the current version, so that opening a database
    that is already up to date never waits for another workstation's write lock. ``backup_key``
    encrypts the backup taken before the upgrade when the school chose encrypted backups.
    """
    head = head_revision()
    current = current_revision(read_engine or engine)
    if current == head:
        return None
    backup: Path | None = None
    db_file = sqlite_path(str(engine.url))
    if current is not None and db_file is not None and db_file.exists():
        backup = backup_sqlite(db_file, f"before-{head}", backup_key)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup
