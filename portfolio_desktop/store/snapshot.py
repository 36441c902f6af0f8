"""Consistent copies of an SQLite file and the manifest that lets a copy be verified later.

A snapshot is taken with SQLite's online backup API, so it is consistent while the app (or another
workstation) keeps writing. The copy is switched to a rollback journal so that it is one
self-contained file. Beside it, ``<backup>.json`` records for every table its row count and a
SHA-256 of its rows in primary-key order, computed *from the copy*, plus the SHA-256 of the file as
stored (encrypted or not). ``verify`` recomputes all of that. Backups and manifests are 0600 in a
0700 folder on POSIX (io/private.py): they hold every student's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io import durable, private
from portfolio_desktop.store import attachment_copies, audit_chain, backup_crypto

_log = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
MANIFEST_SUFFIX = ".json"


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


@dataclass
class VerifyResult:
    """What ``verify_file`` found; ``ok`` only when every check passed."""

    path: Path
    integrity: str
    tables: dict[str, TableDigest]
    problems: list[str] = field(default_factory=list)  # English, one per mismatch
    problems_zh: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # English; not failures (e.g. a file lost before the backup)
    warnings_zh: list[str] = field(default_factory=list)
    attachments: int = 0  # attachment files the backup references and holds a verified copy of

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.problems


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)



def _value(value: object) -> object:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, float):
        return {"float": value.hex()}
    return value


def _ordering(conn: sqlite3.Connection, table: str) -> str:
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
    return ", ".join(f'"{c}"' for c in pk) if pk else "rowid"


def table_digests(conn: sqlite3.Connection) -> dict[str, TableDigest]:
    """Row count and SHA-256 of the rows (as canonical JSON lines, primary-key order) per table."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    out: dict[str, TableDigest] = {}
    for name in names:
        digest = hashlib.sha256()
        rows = 0
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY {_ordering(conn, name)}'):
            line = json.dumps([_value(v) for v in row], ensure_ascii=False, separators=(",", ":"))
            digest.update(line.encode("utf-8") + b"\n")
            rows += 1
        out[name] = TableDigest(rows, digest.hexdigest())
    return out


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def integrity(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:10])


def schema_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def online_copy(src_file: Path, dst_file: Path) -> None:
    """Copy a live database with the online backup API into ``dst_file`` (a new file)."""
    src = sqlite3.connect(f"file:{src_file}?mode=ro", uri=True)
    try:
        private.create_private_file(dst_file)  # a copy of everyone's data: 0600 (io/private.py)
        dst = sqlite3.connect(dst_file)
        try:
            src.backup(dst)  # all pages in one read transaction: consistent, and WAL lets writers go on
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def configured(db_file: Path) -> tuple[Path, bool, int]:
    """(folder, encrypt, keep) from the ``backup.*`` settings stored in the file itself.

    Read with plain sqlite3 so that the store layer (the pre-migration backup) can use it before the
    schema is at head. A relative folder is taken relative to the database's folder; the default is
    ``backups/`` beside the database (for the default database that is the data dir's ``backups``).
    """
    values: dict[str, object] = {}
    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            for key, text in conn.execute("SELECT key, value FROM setting WHERE key LIKE 'backup.%'"):
                try:
                    values[key] = json.loads(text)
                except ValueError:
                    continue
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # no setting table yet: defaults
    return (
        resolve_folder(db_file, values.get("backup.folder")),
        values.get("backup.encrypt") is True,
        keep_value(values.get("backup.keep")),
    )


DEFAULT_KEEP = 10


def keep_value(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else DEFAULT_KEEP


def resolve_folder(db_file: Path, setting: object) -> Path:
    if isinstance(setting, str) and setting.strip():
        folder = Path(setting.strip()).expanduser()
        return folder if folder.is_absolute() else db_file.parent / folder
    return db_file.parent / "backups"


LABEL_CHARS = 40  # of the label in a file name: 40 CJK characters are 120 bytes of a 255-byte name


def file_label(label: str) -> str:
    """The label as it appears in a backup's file name: letters and digits of any script (學期中 stays
    學期中), ``-`` and ``_``; anything else becomes ``_``. The full text is kept in the manifest."""
    text = "".join(c if c.isalnum() or c in "-_" else "_" for c in label.strip())[:LABEL_CHARS]
    return text.strip("_") or "backup"


def write_manifest(backup: Path, data: dict[str, object]) -> Path:
    target = manifest_path(backup)
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    private.private_file(tmp)
    os.replace(tmp, target)
    return target


def read_manifest(backup: Path) -> dict[str, object] | None:
    try:
        with open(manifest_path(backup), encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise PortfolioError(
            f"備份說明檔 {manifest_path(backup).name} 無法讀取：{exc}",
            f"backup manifest {manifest_path(backup).name} cannot be read: {exc}",
        ) from exc
    return data if isinstance(data, dict) else None


def snapshot(
    db_file: Path, folder: Path, label: str, *, key: bytes | None = None, made_by: str | None = None
) -> Path:
    """Back up ``db_file`` into ``folder``; returns the backup path (its manifest is beside it).

    Written under temporary names and renamed at the end, so a crash never leaves a file that looks
    like a complete backup.
    """
    try:
        # 0700 when created here; the default backups/ beside the database is the app's own, so an
        # existing one is made private too (a folder the school chose is left as it is)
        private.private_dir(folder, tighten=folder == db_file.parent / "backups")
    except OSError as exc:
        raise PortfolioError(
            f"無法建立備份資料夾 {folder}：{exc.strerror}", f"cannot create backup folder {folder}: {exc.strerror}"
        ) from exc
    now = dt.datetime.now()
    stem = f"{db_file.stem}-{now:%Y%m%d-%H%M%S-%f}-{file_label(label)}"
    final = folder / (stem + (".sqlite3.enc" if key else ".sqlite3"))
    plain = folder / (stem + ".sqlite3.part")
    work_dir = Path(tempfile.mkdtemp(prefix="pd-backup-")) if key else None
    if work_dir is not None:  # never leave a readable copy on the (USB) backup folder
        plain = work_dir / (stem + ".sqlite3")
    try:
        online_copy(db_file, plain)
        conn = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
        try:
            check = integrity(conn)
            digests = table_digests(conn)
            revision = schema_revision(conn)
            attached = attachment_copies.referenced(conn)  # as of the snapshot, not of the live file
            chain = audit_chain.checkpoint(conn)
        finally:
            conn.close()
        if check != "ok":
            raise PortfolioError(
                f"資料庫完整性檢查失敗，未建立備份：{check}", f"database integrity check failed, no backup made: {check}"
            )
        copies, lost = attachment_copies.save(db_file, folder, attached, key)
        part = final.with_name(final.name + ".part")
        if key:
            backup_crypto.encrypt_file(plain, part, key)
            private.private_file(part)
        else:
            part = plain
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
        manifest = {
            "format": MANIFEST_FORMAT,
            "created": now.isoformat(timespec="seconds"),
            "label": label,
            "source": str(db_file),
            "made_by": made_by,
            "encrypted": bool(key),
            "key_id": backup_crypto.key_id(key).hex() if key else None,
            "schema_revision": revision,
            "integrity": check,
            "file_sha256": file_sha256(part),
            "size": part.stat().st_size,
            "tables": {name: {"rows": d.rows, "sha256": d.sha256} for name, d in digests.items()},
            # the attachment files' copies in attachment-copies/ (store/attachment_copies.py); "missing":
            # ids whose file beside the database was already gone or altered when this backup was made
            "attachments": {"referenced": len(attached), "copies": copies, "missing": lost},
            # the audit log's digest chain (store/audit_chain.py): a later backup that no longer
            # reproduces it has lost or changed audit rows
            "audit_chain": chain.as_manifest(),
        }
        os.replace(part, final)
        write_manifest(final, manifest)
        durable.fsync_dir(folder)
        _log.info("backup written: %s (label %s, %d bytes, %s, %d attachment copies)", final.name, label,
                  manifest["size"], "encrypted" if key else "not encrypted", len(copies))
        return final
    except OSError as exc:
        raise PortfolioError(
            f"備份寫入 {folder} 失敗：{exc.strerror or exc}（磁碟已滿或沒有寫入權限？）",
            f"writing the backup to {folder} failed: {exc.strerror or exc} (disk full or no write permission?)",
        ) from exc
    finally:
        for leftover in (folder / (stem + ".sqlite3.part"), final.with_name(final.name + ".part")):
            leftover.unlink(missing_ok=True)
        if work_dir is not None:
            for child in work_dir.iterdir():
                child.unlink(missing_ok=True)
            work_dir.rmdir()


RESTORE_PREFIX = ".restore-"
RESTORE_SUFFIX = ".tmp"
# what SQLite keeps beside a database file while it writes to it: a restore killed while stamping its
# copy leaves the copy's rollback journal (the copy's old pages: personal data) beside it
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def _remove_side_files(copy: Path) -> list[Path]:
    removed = []
    for suffix in SQLITE_SIDE_FILES:
        side = copy.with_name(copy.name + suffix)
        try:
            side.unlink()
        except OSError:
            continue
        removed.append(side)
    return removed


def _restore_glob(db_file: Path) -> str:
    return f".{db_file.name}{RESTORE_PREFIX}*{RESTORE_SUFFIX}"


def _try_lock(fd: int) -> bool:
    """An exclusive, non-blocking lock on an open file (POSIX only)."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextmanager
def restore_copy(db_file: Path) -> Iterator[Path]:
    """A new private (0600) temporary file beside ``db_file`` for a restore to fill, locked while the
    restore runs so that another process's clean-up (:func:`remove_restore_leftovers`) leaves it
    alone; removed at the end unless it was renamed over the database."""
    fd, name = tempfile.mkstemp(prefix=f".{db_file.name}{RESTORE_PREFIX}", suffix=RESTORE_SUFFIX,
                                dir=db_file.parent)
    tmp = Path(name)
    if os.name == "nt":  # pragma: no cover - an open file cannot be renamed there; nor deleted by others
        os.close(fd)
        fd = -1
    else:
        _try_lock(fd)
    try:
        yield tmp
    finally:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        _remove_side_files(tmp)


def remove_restore_leftovers(db_file: Path) -> list[Path]:
    """Delete the temporary copies that killed restores left beside ``db_file`` (each a full copy of
    the school's personal data); a copy a running restore holds locked is left alone."""
    removed = []
    for path in db_file.parent.glob(_restore_glob(db_file)):
        if os.name == "nt":  # pragma: no cover - a file a running restore has open cannot be deleted there
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
            removed.extend(_remove_side_files(path))
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # a restore is still filling it
            path.unlink(missing_ok=True)
            removed.append(path)
            removed.extend(_remove_side_files(path))
        except OSError:
            continue
        finally:
            os.close(fd)
    for suffix in SQLITE_SIDE_FILES:  # a side file whose copy is gone (killed between the two unlinks)
        for side in db_file.parent.glob(_restore_glob(db_file) + suffix):
            if not side.with_name(side.name.removesuffix(suffix)).exists():
                side.unlink(missing_ok=True)
                removed.append(side)
    return removed


@contextmanager
def plain_copy(backup: Path, key: bytes | None) -> Iterator[Path]:
    """The backup as a plain SQLite file: the file itself, or a decrypted private temporary copy."""
    if not backup_crypto.is_encrypted(backup):
        yield backup
        return
    if key is None:
        raise backup_crypto.BackupKeyError(
            f"{backup.name} 已加密，但本機的機密資料保存處沒有備份金鑰",
            f"{backup.name} is encrypted but this computer's secret store has no backup key",
        )
    work_dir = Path(tempfile.mkdtemp(prefix="pd-verify-"))
    target = work_dir / "plain.sqlite3"
    try:
        backup_crypto.decrypt_file(backup, target, key)
        yield target
    finally:
        target.unlink(missing_ok=True)
        work_dir.rmdir()


def compare(path: Path, conn: sqlite3.Connection, manifest: dict[str, object] | None) -> VerifyResult:
    """Integrity check of an open copy and its digests against a manifest."""
    try:
        check = integrity(conn)
        digests = table_digests(conn)
    except sqlite3.DatabaseError as exc:
        return VerifyResult(path, f"not a database: {exc}", {}, [f"not a readable SQLite database: {exc}"],
                            [f"不是可讀取的 SQLite 資料庫：{exc}"])
    result = VerifyResult(path, check, digests)
    if check != "ok":
        result.problems.append(f"integrity_check: {check}")
        result.problems_zh.append(f"完整性檢查失敗：{check}")
    if manifest is None:
        result.problems.append("no manifest beside the backup; row counts and checksums cannot be compared")
        result.problems_zh.append("備份旁沒有說明檔，無法比對筆數與檢查碼")
        return result
    expected = manifest.get("tables")
    expected = expected if isinstance(expected, dict) else {}
    for name in sorted(set(expected) | set(digests)):
        want, got = expected.get(name), digests.get(name)
        if want is None or got is None:
            result.problems.append(f"table {name}: {'missing from the backup' if got is None else 'not in the manifest'}")
            result.problems_zh.append(f"資料表 {name}：{'備份中缺少' if got is None else '說明檔中沒有'}")
        elif want.get("rows") != got.rows:
            result.problems.append(f"table {name}: {got.rows} rows, manifest says {want.get('rows')}")
            result.problems_zh.append(f"資料表 {name}：{got.rows} 筆，說明檔記載 {want.get('rows')} 筆")
        elif want.get("sha256") != got.sha256:
            result.problems.append(f"table {name}: checksum differs from the manifest")
            result.problems_zh.append(f"資料表 {name}：檢查碼與說明檔不符")
    return result


def check_attachments(backup: Path, conn: sqlite3.Connection, manifest: dict[str, object] | None,
                      key: bytes | None, result: VerifyResult) -> list[attachment_copies.Referenced]:
    """Add to ``result`` a problem for every attachment whose bytes in the backup's database do not have
    the recorded SHA-256, and for every attachment without bytes in the database whose file copy in the
    backup folder is missing or damaged; a warning for those already lost when the backup was made. A
    backup from before attachments were copied (no "attachments" in its manifest) gets one warning if
    it references any file. Returns the attachments that need a file copy."""
    held, content_problems = attachment_copies.check_content(conn)
    for zh, en in content_problems:
        result.problems.append(en)
        result.problems_zh.append(zh)
    result.attachments = held
    rows = attachment_copies.referenced(conn)
    if not rows:
        return rows
    if manifest is None or attachment_copies.manifest_copies(manifest) is None:
        result.warnings.append(f"this backup predates attachment copies: its {len(rows)} attachment file(s) are not in it")
        result.warnings_zh.append(f"此備份早於附件備份功能，其 {len(rows)} 個附件檔不在備份中")
        return rows
    lost = attachment_copies.manifest_missing(manifest)
    problems = attachment_copies.check(backup.parent, rows, key, missing_at_backup=lost)
    for zh, en in problems:
        result.problems.append(en)
        result.problems_zh.append(zh)
    for row in rows:
        if row.id in lost:
            result.warnings.append(f"attachment {row.original_name} (#{row.id}) was already missing or altered "
                                   "beside the database when this backup was made; it is not in the backup")
            result.warnings_zh.append(f"附件 {row.original_name}（#{row.id}）在備份時已遺失或被修改，未納入備份")
    result.attachments += len(rows) - len(lost) - len(problems)
    return rows


def check_audit_chain(backup: Path, conn: sqlite3.Connection, manifest: dict[str, object] | None,
                      result: VerifyResult) -> None:
    """Add a problem for every older backup of the same database (in the same folder) whose audit-log
    checkpoint this backup's audit rows no longer reproduce: rows deleted or altered in between."""
    if manifest is None:
        return
    created, source = str(manifest.get("created") or ""), manifest.get("source")
    own = audit_chain.from_manifest(manifest, backup.name)
    older: list[audit_chain.Checkpoint] = []
    for other in backup.parent.glob("*.json"):
        if other == manifest_path(backup) or not other.name.endswith((".sqlite3.json", ".sqlite3.enc.json")):
            continue
        try:
            data = json.loads(other.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("source") != source or str(data.get("created") or "") > created:
            continue
        cp = audit_chain.from_manifest(data, other.name.removesuffix(".json"))
        if cp is not None and (own is None or cp.last_id <= own.last_id):
            older.append(cp)
    for cp in audit_chain.broken(conn, older):
        result.problems.append(f"the audit log lost or changed rows recorded before backup {cp.backup} "
                               f"({cp.rows} rows up to #{cp.last_id} then), unless an older backup was restored since")
        result.problems_zh.append(f"稽核紀錄在備份 {cp.backup} 之前的資料已被刪除或修改（當時共 {cp.rows} 筆，"
                                  f"至第 {cp.last_id} 筆；若其間曾還原較舊的備份則屬正常）")


def verify_file(backup: Path, key: bytes | None) -> VerifyResult:
    """Verify a backup file: its stored bytes, then (decrypted if needed) integrity, counts, checksums."""
    manifest = read_manifest(backup)
    stored_problems: list[tuple[str, str]] = []
    if manifest is not None and manifest.get("file_sha256") not in (None, file_sha256(backup)):
        stored_problems.append(("檔案內容與備份時不同（檢查碼不符）", "the file's bytes differ from when it was made (SHA-256 mismatch)"))
    try:
        with plain_copy(backup, key) as plain:
            conn = sqlite3.connect(f"file:{plain}?mode=ro&immutable=1", uri=True)
            try:
                result = compare(backup, conn, manifest)
                check_attachments(backup, conn, manifest, key, result)
                check_audit_chain(backup, conn, manifest, result)
            finally:
                conn.close()
    except backup_crypto.BackupKeyError as exc:
        result = VerifyResult(backup, "not checked", {}, [exc.en], [exc.zh])
    for zh, en in stored_problems:
        result.problems.insert(0, en)
        result.problems_zh.insert(0, zh)
    return result
