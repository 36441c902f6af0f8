"""Create or upgrade a database with the Alembic versions in ``db/``; back up first.

A new database is made by running every version (never ``create_all``). An existing one at an older
version is copied with SQLite's online backup API before the upgrade, and the upgrade runs in one
transaction, so a failed upgrade leaves the file as it was.

Opening a database that is already at the newest version imports no Alembic: the newest version is
read from the ``revision`` / ``down_revision`` lines of the version files (:func:`head_from_files`),
the database's from its ``alembic_version`` row, and only when they differ (or either cannot be read
plainly) does Alembic itself look.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from portfolio_desktop.config import migrations_dir, sqlite_path
from portfolio_desktop.errors import PortfolioError

if TYPE_CHECKING:
    from alembic.config import Config

# `revision = "0009_central_files"` / `down_revision = "0008_student_department"` (or None) at the
# start of a line, as Alembic's script template writes them
_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:"([^"]*)"|\'([^\']*)\'|(None))\s*$', re.M)


def head_from_files(folder: Path | None = None) -> str | None:
    """The one head of the version files in ``folder/versions``, read as text (no module is run);
    None when a file cannot be read that way (a tuple of down revisions, a computed id) or the
    files do not make exactly one head: the caller then asks Alembic."""
    versions = (folder or migrations_dir()) / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        files = sorted(versions.glob("*.py"))
        for path in files:
            found: dict[str, str | None] = {}
            for m in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(m.group(1), m.group(2) or m.group(3))  # None for `= None`
            if "revision" not in found or "down_revision" not in found or not found["revision"]:
                return None
            revisions.add(str(found["revision"]))
            if found["down_revision"] is not None:
                parents.add(str(found["down_revision"]))
    except (OSError, UnicodeDecodeError):
        return None
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 and parents <= revisions else None


def stamped_revision(engine: Engine) -> str | None:
    """The database's one ``alembic_version`` row; None when there is no such table or not exactly
    one row (a new database, or one for Alembic to judge)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    except DBAPIError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def alembic_config() -> Config:
    from alembic.config import Config
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
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise PortfolioError(
            f"資料庫遷移版本有 {len(heads)} 個分支，程式安裝不完整",
            f"the migrations have {len(heads)} heads ({', '.join(heads)}); the installation is broken",
        )
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision this installation knows (a backup at another one comes from a newer app)."""
    from alembic.script import ScriptDirectory

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
    reader = read_engine or engine
    quick = head_from_files()
    if quick is not None and stamped_revision(reader) == quick:
        return None  # at the newest version: the common case, decided without importing Alembic
    from alembic import command

    head = head_revision()
    current = current_revision(reader)
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
