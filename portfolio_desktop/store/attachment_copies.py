"""Copies of old attachment files in backups (seed 000 分工明細表 圖書館 「做好平台上存放之所有檔案的
備援(份)機制」 — the files, not only the database).

Attachments keep their bytes in the database (``attachment_content``, services/workgroup/attachments.py), so a
backup's SQLite snapshot holds them and :func:`content_problems` checks them against their SHA-256.
Only attachments without content in the database — recorded before the bytes moved in and whose file
still lies in ``attachments/`` beside the database — need a copy of the file, kept in
``attachment-copies/`` inside the backup folder and shared by all backups there (content-addressed,
so each content is stored once however many backups reference it):

* plain backups: ``attachment-copies/<2 hex>/<sha256>``, the file as it is;
* encrypted backups: ``attachment-copies/<2 hex>/<hmac>.enc``, encrypted like the database
  (store/backup_crypto.py), under a name keyed with the backup key so the folder does not list the
  files' hashes to whoever finds the stick.

Every copy is checked against the SHA-256 the database recorded: when made (an existing copy that
fails is replaced), when a backup is verified, and when it is put back on restore. Copies no backup
manifest in the folder names any more are deleted by :func:`collect_garbage` (after a prune).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from portfolio_desktop.io import durable
from portfolio_desktop.store import backup_crypto

COPIES_DIR = "attachment-copies"
LIVE_DIR = "attachments"  # services/workgroup/attachments.py attachments_dir, beside the database file
_COPY_NAME = re.compile(r"^[0-9a-f]{64}(\.enc)?$")
_TEMP_PREFIX = ".copy-"
# A copy that no manifest names is kept this long: a backup being made right now may use it before
# its manifest is written (an existing copy is touched when a backup reuses it).
GARBAGE_AGE = dt.timedelta(days=1)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Referenced:
    """One row of a database's ``attachment`` table."""

    id: int
    sha256: str
    stored_name: str
    original_name: str


def live_dir(db_file: Path) -> Path:
    return db_file.parent / LIVE_DIR


def store_dir(backup_folder: Path) -> Path:
    return backup_folder / COPIES_DIR


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def referenced(conn: sqlite3.Connection) -> list[Referenced]:
    """The attachments whose bytes are not in the database itself (so a backup needs their file); none
    for a schema from before attachments existed."""
    try:
        if _has_table(conn, "attachment_content"):
            sql = ("SELECT a.id, a.sha256, a.stored_name, a.original_name FROM attachment a "
                   "LEFT JOIN attachment_content c ON c.attachment_id = a.id "
                   "WHERE c.attachment_id IS NULL ORDER BY a.id")
        else:
            sql = "SELECT id, sha256, stored_name, original_name FROM attachment ORDER BY id"
        rows = conn.execute(sql).fetchall()
    except sqlite3.DatabaseError:
        return []
    return [Referenced(int(i), str(s), str(n), str(o)) for i, s, n, o in rows]


def check_content(conn: sqlite3.Connection) -> tuple[int, list[tuple[str, str]]]:
    """(how many attachments hold their bytes in the database with the recorded SHA-256, and (zh, en) for
    every one whose bytes do not)."""
    try:
        if not _has_table(conn, "attachment_content"):
            return 0, []
        rows = conn.execute("SELECT a.id, a.sha256, a.original_name, c.content FROM attachment a "
                            "JOIN attachment_content c ON c.attachment_id = a.id ORDER BY a.id")
        problems: list[tuple[str, str]] = []
        good = 0
        for att_id, sha, name, content in rows:
            if hashlib.sha256(bytes(content)).hexdigest() == sha:
                good += 1
            else:
                problems.append((f"附件 {name}（#{att_id}）在備份中的內容與登錄時不同（SHA-256 不符）",
                                 f"attachment {name} (#{att_id}) in the backup differs from what was recorded "
                                 "(SHA-256 mismatch)"))
        return good, problems
    except sqlite3.DatabaseError:
        return 0, []


def copy_name(sha256: str, key: bytes | None) -> str:
    """The copy's path inside ``attachment-copies/``."""
    if key is None:
        return f"{sha256[:2]}/{sha256}"
    name = hmac.new(key, b"portfolio-desktop attachment copy " + sha256.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{name[:2]}/{name}.enc"


class _Hashing:
    """A reader or writer that hashes what passes through it."""

    def __init__(self, inner: BinaryIO | None = None) -> None:
        self.inner = inner
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        assert self.inner is not None
        data = self.inner.read(size)
        self.digest.update(data)
        return data

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        if self.inner is not None:
            self.inner.write(data)
        return len(data)


def plain_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def copy_sha256(path: Path, key: bytes | None) -> str | None:
    """SHA-256 of the content a copy holds (decrypted when ``key``); None when it cannot be opened."""
    try:
        if key is None:
            return plain_sha256(path)
        sink = _Hashing()
        with open(path, "rb") as fh:
            backup_crypto.decrypt_stream(fh, sink, key, name=path.name)  # type: ignore[arg-type]
        return sink.digest.hexdigest()
    except (OSError, backup_crypto.BackupKeyError):
        return None


def _write(source: Path, target: Path, sha256: str, *, encrypt: bytes | None = None,
           decrypt: bytes | None = None) -> bool:
    """Copy ``source`` to ``target`` (encrypting or decrypting), durably; False (and nothing written)
    when the content's SHA-256 is not ``sha256``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with durable.hidden_temp(target.parent, _TEMP_PREFIX, ".part") as tmp:
        with open(source, "rb") as fin, open(tmp, "wb") as fout:
            if decrypt is not None:
                sink = _Hashing(fout)  # type: ignore[arg-type]
                backup_crypto.decrypt_stream(fin, sink, decrypt, name=source.name)  # type: ignore[arg-type]
                got = sink.digest.hexdigest()
            else:
                reader = _Hashing(fin)  # type: ignore[arg-type]
                if encrypt is not None:
                    backup_crypto.encrypt_stream(reader, fout, encrypt)  # type: ignore[arg-type]
                else:
                    shutil.copyfileobj(reader, fout, _CHUNK)  # type: ignore[misc]
                got = reader.digest.hexdigest()
        if got != sha256:
            tmp.unlink()
            return False
        durable.commit(tmp, target)
    return True


def save(db_file: Path, backup_folder: Path, rows: list[Referenced], key: bytes | None) -> tuple[list[str], list[int]]:
    """Make sure the backup folder holds a verified copy of each referenced attachment.

    Returns (the copies' names, for the manifest; the ids whose file beside the database is missing
    or no longer has its recorded SHA-256 — those have no copy, and the manifest says so)."""
    store, live = store_dir(backup_folder), live_dir(db_file)
    names: list[str] = []
    missing: list[int] = []
    for row in rows:
        name = copy_name(row.sha256, key)
        target = store / name
        if target.is_file() and copy_sha256(target, key) == row.sha256:
            os.utime(target)  # in use again: collect_garbage keeps young copies
            names.append(name)
            continue
        source = live / row.stored_name
        if source.is_file() and _write(source, target, row.sha256, encrypt=key):
            names.append(name)
        else:
            missing.append(row.id)
    return names, missing


def check(backup_folder: Path, rows: list[Referenced], key: bytes | None, *,
          missing_at_backup: set[int]) -> list[tuple[str, str]]:
    """(zh, en) for every referenced attachment whose copy is absent or does not hold its content."""
    store = store_dir(backup_folder)
    problems: list[tuple[str, str]] = []
    for row in rows:
        if row.id in missing_at_backup:
            continue
        path = store / copy_name(row.sha256, key)
        if not path.is_file():
            problems.append((f"附件 {row.original_name}（#{row.id}）的備份複本不見了（{path}）",
                             f"the backup copy of attachment {row.original_name} (#{row.id}) is missing ({path})"))
        elif copy_sha256(path, key) != row.sha256:
            problems.append((f"附件 {row.original_name}（#{row.id}）的備份複本已損毀（SHA-256 不符或無法解密）",
                             f"the backup copy of attachment {row.original_name} (#{row.id}) is damaged "
                             "(SHA-256 mismatch or cannot be decrypted)"))
    return problems


def put_back(backup_folder: Path, db_file: Path, rows: list[Referenced], key: bytes | None, *,
             skip: set[int]) -> int:
    """Restore: every referenced attachment whose file beside ``db_file`` is missing or differs is
    copied back from the backup folder (verified by SHA-256); returns how many were put back.
    Files are content-named, so putting one back before the database is replaced harms nothing."""
    store, live = store_dir(backup_folder), live_dir(db_file)
    done = 0
    for row in rows:
        if row.id in skip:
            continue
        target = live / row.stored_name
        if target.is_file() and plain_sha256(target) == row.sha256:
            continue
        source = store / copy_name(row.sha256, key)
        if not _write(source, target, row.sha256, decrypt=key):
            raise backup_crypto.BackupKeyError(
                f"附件 {row.original_name}（#{row.id}）的備份複本內容不符，無法還原",
                f"the backup copy of attachment {row.original_name} (#{row.id}) does not match; cannot restore it")
        done += 1
    return done


def manifest_copies(manifest: dict[str, object]) -> list[str] | None:
    """The copy names a backup manifest lists; None for a backup made before attachments were copied."""
    section = manifest.get("attachments")
    if not isinstance(section, dict):
        return None
    copies = section.get("copies")
    return [c for c in copies if isinstance(c, str)] if isinstance(copies, list) else []


def manifest_missing(manifest: dict[str, object]) -> set[int]:
    section = manifest.get("attachments")
    missing = section.get("missing") if isinstance(section, dict) else None
    return {m for m in missing if isinstance(m, int)} if isinstance(missing, list) else set()


def collect_garbage(backup_folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete copies that no backup manifest in the folder lists (any database's) and that are older
    than :data:`GARBAGE_AGE`. Does nothing when a manifest cannot be read: better a stale copy than
    a backup without its files."""
    store = store_dir(backup_folder)
    if not store.is_dir():
        return []
    wanted: set[str] = set()
    for manifest in backup_folder.glob("*.json"):
        if not manifest.name.endswith((".sqlite3.json", ".sqlite3.enc.json")):
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if isinstance(data, dict):
            wanted.update(manifest_copies(data) or [])
    limit = (time.time() if now is None else now) - GARBAGE_AGE.total_seconds()
    removed: list[Path] = []
    for sub in store.iterdir():
        if not sub.is_dir():
            continue
        for path in sub.iterdir():
            name = f"{sub.name}/{path.name}"
            if _COPY_NAME.match(path.name) and name not in wanted and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
