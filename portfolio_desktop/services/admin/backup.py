"""Backups (備援機制: 資訊組 keeps backups): create, list, verify, restore, prune; daily and on exit.

The backup folder, how many to keep, and whether to encrypt are school settings (``backup.folder``,
``backup.keep``, ``backup.encrypt``, ``backup.daily``, ``backup.on_exit``). Encryption uses a key kept
in the app's one secret store (services/accounts/secrets.py: the OS keyring, or the encrypted file the user
chose; :mod:`portfolio_desktop.store.backup_crypto`); a backup made on one computer can only be opened
where that key is.

Restore never leaves a half-restored file: the backup's bytes are checked against its manifest's
SHA-256, it is copied into a private temporary file in the same folder as the database, verified
against its manifest (and its attachment copies), the current file is backed up, the attachment files
the backup references are put back (store/attachment_copies.py), the copy is brought to this app's
schema and gets its ``backup.restore`` audit row, the old WAL is checkpointed away, and only then the
copy replaces the database with one ``os.replace``. A copy left by a killed restore is deleted at the
next open (store/open.py).

A backup is the SQLite snapshot, which holds the attachments' bytes (``attachment_content``), plus
copies of the files of old attachments whose bytes are not in the database, kept in
``attachment-copies/`` in the backup folder and shared by every backup there (move that folder with
the backups).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from portfolio_desktop.config import data_dir, sqlite_path
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.io import durable
from portfolio_desktop.errors import NotFoundError, PortfolioError
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store import attachment_copies, audit, backup_crypto, snapshot
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.migrate import alembic_config, head_revision, known_revisions

SETTING_FOLDER = "backup.folder"
SETTING_KEEP = "backup.keep"
SETTING_ENCRYPT = "backup.encrypt"
SETTING_DAILY = "backup.daily"
SETTING_ON_EXIT = "backup.on_exit"
AUTOMATIC_LABELS = ("daily", "exit")

# <database stem>-<YYYYmmdd-HHMMSS-micro>-<label>.sqlite3[.enc]; the label as snapshot.file_label
# wrote it (letters and digits of any script, "-", "_")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<label>[\w-]+)\.sqlite3(?P<enc>\.enc)?$")


@dataclass(frozen=True)
class BackupSettings:
    folder: Path  # resolved
    folder_setting: str  # as stored ("" = default, backups/ beside the database)
    keep: int
    encrypt: bool
    daily: bool
    on_exit: bool


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    label: str
    encrypted: bool
    size: int
    has_manifest: bool
    rows: dict[str, int]  # table → rows, from the manifest ({} without one)
    schema_revision: str | None


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    ok: bool
    integrity: str
    rows: dict[str, int]
    problems_zh: list[str]
    problems_en: list[str]
    warnings_zh: list[str] = field(default_factory=list)  # not failures: files already lost at backup time
    warnings_en: list[str] = field(default_factory=list)
    attachments: int = 0  # attachments the backup holds with their recorded SHA-256 (in its database or as file copies)


@dataclass(frozen=True)
class RestoreReport:
    restored_from: Path
    safety_backup: Path  # the database as it was just before the restore
    rows: dict[str, int]
    attachments_restored: int = 0  # old attachment files (bytes not in the database) put back beside it


class ServerBackupRefused(PortfolioError):
    """Backups of a PostgreSQL database belong to the server (see database_file)."""

    def __init__(self, shown: str) -> None:
        super().__init__(
            f"資料庫在 PostgreSQL 伺服器上（{shown}），本程式的備份、驗證與還原只適用於 SQLite 資料庫檔。"
            "請由伺服器管理者用 pg_dump 備份，例如：pg_dump -Fc -h 主機 -p 埠 -U 使用者 -f school.dump 資料庫名稱；"
            "還原用 pg_restore（先建立空白資料庫）。",
            f"the database is on a PostgreSQL server ({shown}); this app's backup, verify and restore work on an "
            "SQLite file only. Back the server up with pg_dump, e.g. "
            "pg_dump -Fc -h HOST -p PORT -U USER -f school.dump DBNAME, and restore with pg_restore into an "
            "empty database.",
        )


def database_file(db: Database) -> Path:
    """The SQLite file; a server database is refused with the pg_dump way (a server's dumps
    need a pg_dump of the server's major version, its credentials and its administrator's schedule,
    so the app does not pretend to do them)."""
    path = sqlite_path(db.url)
    if path is None:
        raise ServerBackupRefused(db.url)
    return path


def _settings_base(db: Database) -> Path:
    """Relative backup folders are resolved against the database file (a server: the data dir)."""
    return sqlite_path(db.url) or data_dir() / "portfolio.sqlite3"


def backup_settings(db: Database) -> BackupSettings:
    with db.read() as session:
        folder = get_setting(session, SETTING_FOLDER, "") or ""
        keep = get_setting(session, SETTING_KEEP, snapshot.DEFAULT_KEEP)
        encrypt = get_setting(session, SETTING_ENCRYPT, False) is True
        daily = get_setting(session, SETTING_DAILY, True) is not False
        on_exit = get_setting(session, SETTING_ON_EXIT, True) is not False
    return BackupSettings(
        snapshot.resolve_folder(_settings_base(db), folder), str(folder), snapshot.keep_value(keep),
        encrypt, daily, on_exit,
    )


def update_backup_settings(
    db: Database,
    actor: Actor,
    *,
    folder: str | None = None,
    keep: int | None = None,
    encrypt: bool | None = None,
    daily: bool | None = None,
    on_exit: bool | None = None,
) -> BackupSettings:
    """Change the backup settings (one transaction, audited). ``folder=""`` means the default.
    Needs 備份資料 (資訊媒體組 or the administrator)."""
    if keep is not None and not 1 <= keep <= 1000:
        raise PortfolioError("保留份數須介於 1 到 1000", "the number of backups to keep must be 1–1000")
    if encrypt:
        from portfolio_desktop.services.accounts import secrets  # the key store (keyring) loads when a key is needed

        secrets.stored_backup_key()  # fail now, not at the first automatic backup
    with db.write() as session:
        actor = authz.require(session, actor, Permission.BACKUP_RUN).as_actor()
        for key, value in (
            (SETTING_FOLDER, folder), (SETTING_KEEP, keep), (SETTING_ENCRYPT, encrypt),
            (SETTING_DAILY, daily), (SETTING_ON_EXIT, on_exit),
        ):
            if value is not None:
                set_setting(session, actor, key, value.strip() if isinstance(value, str) else value)
    return backup_settings(db)


def _info(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    manifest = snapshot.read_manifest(path)
    tables = manifest.get("tables") if manifest else None
    rows = {k: int(v.get("rows", 0)) for k, v in tables.items()} if isinstance(tables, dict) else {}
    revision = manifest.get("schema_revision") if manifest else None
    label = manifest.get("label") if manifest else None
    return BackupInfo(
        path=path,
        created=dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f"),
        label=label if isinstance(label, str) and label.strip() else match["label"],
        encrypted=bool(match["enc"]),
        size=path.stat().st_size,
        has_manifest=manifest is not None,
        rows=rows,
        schema_revision=revision if isinstance(revision, str) else None,
    )


def list_backups(db: Database, actor: Actor, *, folder: Path | None = None) -> list[BackupInfo]:
    """This database's backups in the folder, newest first; needs 備份資料 (資訊媒體組, the administrator)."""
    authz.require(db, actor, Permission.BACKUP_RUN)
    return _found(db, folder=folder)


def _found(db: Database, *, folder: Path | None = None) -> list[BackupInfo]:
    stem = database_file(db).stem
    folder = folder or backup_settings(db).folder
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        info = _info(path) if path.is_file() else None
        if info is not None and _NAME.match(path.name)["stem"] == stem:  # type: ignore[index]
            found.append(info)
    return sorted(found, key=lambda i: (i.created, i.path.name), reverse=True)


def _key_for(encrypt: bool) -> bytes | None:
    if not encrypt:
        return None
    from portfolio_desktop.services.accounts import secrets  # the key store (keyring) loads when a key is needed

    return secrets.stored_backup_key()


def create_backup(
    db: Database,
    actor: Actor,
    *,
    label: str = "manual",
    encrypt: bool | None = None,
    folder: Path | None = None,
    prune: bool = True,
) -> BackupInfo:
    """Back up the database now (online backup API; consistent while others write). A backup on
    request needs 備份資料; the automatic ones (daily, on exit, before a restore) are the
    app's own and run for whoever is signed in."""
    acting = authz.require(db, actor, Permission.BACKUP_RUN)
    return _make(db, acting.as_actor(), label=label, encrypt=encrypt, folder=folder, prune=prune)


def _make(db: Database, actor: Actor | None, *, label: str, encrypt: bool | None = None,
          folder: Path | None = None, prune: bool = True) -> BackupInfo:
    settings = backup_settings(db)
    target = folder or settings.folder
    key = _key_for(settings.encrypt if encrypt is None else encrypt)
    path = snapshot.snapshot(database_file(db), target, label, key=key, made_by=actor.label if actor else None)
    if prune:
        prune_backups(db, folder=target)
    info = _info(path)
    if info is None:  # snapshot() names every file so that _NAME matches it
        raise PortfolioError(f"備份檔名無法辨識：{path.name}", f"unrecognised backup file name: {path.name}")
    return info


def prune_backups(db: Database, *, keep: int | None = None, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups (the ``backup.keep`` setting), then the attachment
    copies no remaining backup in the folder lists; returns the deleted backups."""
    settings = backup_settings(db)
    keep = keep or settings.keep
    folder = folder or settings.folder
    removed = []
    for info in _found(db, folder=folder)[keep:]:
        for path in (info.path, snapshot.manifest_path(info.path)):
            path.unlink(missing_ok=True)
        removed.append(info.path)
    if removed:
        attachment_copies.collect_garbage(folder)
    return removed


def verify_backup(path: Path) -> VerifyReport:
    """PRAGMA integrity_check, row counts and per-table checksums against the manifest."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"找不到備份檔 {path}", f"backup file not found: {path}")
    from portfolio_desktop.services.accounts import secrets  # the key store (keyring) loads when a key is needed

    key = secrets.backup_key() if backup_crypto.is_encrypted(path) else None
    result = snapshot.verify_file(path, key)
    return VerifyReport(
        path, result.ok, result.integrity, {k: d.rows for k, d in result.tables.items()},
        list(result.problems_zh), list(result.problems), list(result.warnings_zh), list(result.warnings),
        result.attachments,
    )


def _live_digests(db_file: Path) -> dict[str, snapshot.TableDigest]:
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")
        return snapshot.table_digests(conn)
    finally:
        conn.close()


def maybe_daily_backup(db: Database, actor: Actor | None = None) -> BackupInfo | None:
    """Call at start-up (GUI and CLI): a backup unless one was already made today or it is off.
    Nothing on a PostgreSQL server (its backups are pg_dump's, see database_file)."""
    if sqlite_path(db.url) is None:
        return None
    settings = backup_settings(db)
    if not settings.daily:
        return None
    today = dt.date.today()
    if any(b.created.date() == today for b in _found(db, folder=settings.folder)):
        return None
    return _make(db, actor, label="daily")


def backup_on_exit(db: Database, actor: Actor | None = None) -> BackupInfo | None:
    """Call when the app closes: a backup unless it is off or nothing changed since the newest one.
    Nothing on a PostgreSQL server (see database_file)."""
    if sqlite_path(db.url) is None:
        return None
    settings = backup_settings(db)
    if not settings.on_exit:
        return None
    newest = next(iter(_found(db, folder=settings.folder)), None)
    if newest is not None and newest.has_manifest:
        manifest = snapshot.read_manifest(newest.path) or {}
        tables = manifest.get("tables")
        live = _live_digests(database_file(db))
        if isinstance(tables, dict) and {k: (d.rows, d.sha256) for k, d in live.items()} == {
            k: (v.get("rows"), v.get("sha256")) for k, v in tables.items()
        }:
            return None
    return _make(db, actor, label="exit")


def _quiesce(db_file: Path) -> None:
    """Checkpoint and remove the old WAL so it can never be replayed onto the restored file."""
    try:
        conn = sqlite3.connect(db_file, timeout=5, isolation_level=None)
        try:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        busy, mode = 1, "wal"
    if busy or mode != "delete":
        raise PortfolioError(
            "另一台工作站或視窗仍開著這個資料庫，請先關閉後再還原",
            "another workstation or window still has the database open; close it and restore again",
        )
    for suffix in ("-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)


class BackupDamaged(PortfolioError):
    """The backup's bytes are not the ones it was made with, or not a database at all."""

    def __init__(self, name: str, zh_why: str, en_why: str) -> None:
        super().__init__(
            f"備份檔 {name} 已損毀（{zh_why}），未還原，資料庫維持原狀；請改用其他備份",
            f"backup {name} is damaged ({en_why}); nothing restored, the database is unchanged; "
            "choose another backup",
        )


def _check_stored_bytes(source: Path, manifest: dict[str, object]) -> None:
    """The file's SHA-256 against the manifest, before anything reads it as a database (as verify)."""
    expected = manifest.get("file_sha256")
    if expected is not None and expected != snapshot.file_sha256(source):
        raise BackupDamaged(source.name, "檔案內容與備份時不同，檢查碼不符", "its bytes differ from when it was "
                                                                  "made: SHA-256 mismatch")


def _stamp_restored_copy(copy: Path, revision: str | None, actor: Actor, *, source: Path, safety: Path,
                         rows: dict[str, int], put_back: int) -> None:
    """Bring the restored copy to this app's schema and write its ``backup.restore`` audit row into
    it, before it replaces the database: the row is in the very file that is swapped in, so a
    restore stopped at any point leaves either the old database or the restored one with its row."""
    engine = create_engine(f"sqlite:///{copy}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _foreign_keys(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    try:
        if revision != head_revision():
            from alembic import command  # only for a backup from an older version (loads in ~0.1 s)

            cfg = alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        with Session(engine) as session, session.begin():
            audit.record(
                session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="backup.restore",
                entity="database", key=source.name,
                before={"safety_backup": safety.name},
                after={"restored_from": str(source), "rows": rows, "attachments_restored": put_back},
            )
    finally:
        engine.dispose()


def restore_backup(db: Database, actor: Actor, path: Path) -> RestoreReport:
    """Replace the database with a verified backup; the current file is backed up first.
    Needs 備份資料, checked before anything is touched."""
    actor = authz.require(db, actor, Permission.BACKUP_RUN).as_actor()
    source = Path(path).resolve()
    if not source.is_file():
        raise NotFoundError(f"找不到備份檔 {source}", f"backup file not found: {source}")
    manifest = snapshot.read_manifest(source)
    if manifest is None:
        raise PortfolioError(
            f"{source.name} 旁沒有備份說明檔（.json），無法驗證，不予還原",
            f"{source.name} has no manifest (.json) beside it, so it cannot be verified; not restored",
        )
    _check_stored_bytes(source, manifest)
    target = database_file(db)
    from portfolio_desktop.services.accounts import secrets  # the key store (keyring) loads when a key is needed

    key = secrets.backup_key() if backup_crypto.is_encrypted(source) else None
    with snapshot.restore_copy(target) as tmp:
        try:
            with snapshot.plain_copy(source, key) as plain:
                snapshot.online_copy(plain, tmp)
            conn = sqlite3.connect(tmp)
            try:
                result = snapshot.compare(source, conn, manifest)
                revision = snapshot.schema_revision(conn)
                attached = snapshot.check_attachments(source, conn, manifest, key, result)
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:  # the copy beside the database could not be written
            raise PortfolioError(f"無法在 {target.parent} 寫入還原用的暫存檔：{exc}（磁碟已滿？），未還原",
                                 f"cannot write the restore's temporary copy in {target.parent}: {exc} "
                                 "(disk full?); nothing restored") from exc
        except sqlite3.DatabaseError as exc:
            raise BackupDamaged(source.name, f"不是可讀取的 SQLite 資料庫：{exc}",
                                f"not a readable SQLite database: {exc}") from exc
        if not result.ok:
            raise PortfolioError(
                f"備份檔 {source.name} 驗證失敗，未還原：" + "；".join(result.problems_zh),
                f"backup {source.name} failed verification; nothing restored: " + "; ".join(result.problems),
            )
        if revision is not None and revision not in known_revisions():
            raise PortfolioError(
                f"備份檔 {source.name} 來自較新版本的程式（{revision}），請先更新程式",
                f"backup {source.name} comes from a newer version of the app ({revision}); update the app first",
            )
        safety = _make(db, actor, label="before-restore", prune=False)
        # the files the restored database references, back beside it (content-named: harmless to the
        # current database if the restore stops here); old backups without copies restore none
        put_back = attachment_copies.put_back(
            source.parent, target, attached, key, skip=attachment_copies.manifest_missing(manifest)
        ) if attachment_copies.manifest_copies(manifest) is not None else 0
        rows = {k: d.rows for k, d in result.tables.items()}
        _stamp_restored_copy(tmp, revision, actor, source=source, safety=safety.path, rows=rows, put_back=put_back)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        db.dispose()
        _quiesce(target)
        os.replace(tmp, target)
        durable.fsync_dir(target.parent)
    logging.getLogger(__name__).info("restored %s by %s (safety backup %s)", source.name, actor.username, safety.path.name)
    return RestoreReport(source, safety.path, rows, put_back)
