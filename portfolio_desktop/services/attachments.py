"""Attachments (meeting minutes, consultation slides): copied into the data folder, named by SHA-256.

The folder is ``attachments/`` next to the SQLite file (so a test's temporary database keeps its own),
or the per-user data folder for a non-file database. Files never leave the machine: nothing here
uploads or links to anything; the table keeps the hash, the original name and the size, and
:func:`open_path` checks the hash before handing the file out.

A file is copied to a temporary name in the target folder, hashed while copying, then renamed into
place, so an interrupted copy never leaves a half file under a real name. The same content added twice
is stored once. If the database transaction that records it is rolled back, the copied file stays as
an unreferenced, content-named file (harmless; a later add of the same content reuses it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.config import data_dir, sqlite_path
from portfolio_desktop.errors import NotFoundError, PortfolioError, RuleError
from portfolio_desktop.io.private import private_dir
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.workgroup_models import Attachment

MAX_BYTES = 50 * 1024 * 1024
_CHUNK = 1 << 16


def attachments_dir(db: Database) -> Path:
    path = sqlite_path(db.url)
    folder = (path.parent if path is not None else data_dir()) / "attachments"
    return private_dir(folder)  # consultation records' files: the user's only (io/private.py)


def _copy_hashing(source: Path, folder: Path) -> tuple[str, int, Path]:
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise RuleError(f"附件 {source.name} 超過 {MAX_BYTES // (1024 * 1024)} MB",
                                    f"attachment {source.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size, tmp


def store_file(session: Session, db: Database, source: Path, *, added_by: str) -> Attachment:
    """Copy ``source`` into the attachments folder and return its row (an existing one for known content)."""
    source = Path(source)
    if not source.is_file():
        raise NotFoundError(f"找不到附件檔案 {source}", f"attachment file not found: {source}")
    folder = attachments_dir(db)
    try:
        sha, size, tmp = _copy_hashing(source, folder)
    except OSError as exc:
        raise PortfolioError(f"無法複製附件 {source}：{exc.strerror or exc}",
                             f"cannot copy attachment {source}: {exc.strerror or exc}") from exc
    suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:12]
    stored = f"{sha[:2]}/{sha}{suffix}"
    target = folder / stored
    target.parent.mkdir(exist_ok=True)
    if target.exists():
        tmp.unlink(missing_ok=True)
    else:
        os.replace(tmp, target)
    row = session.scalar(select(Attachment).where(Attachment.sha256 == sha))
    if row is None:
        row = Attachment(sha256=sha, original_name=source.name[:255], stored_name=stored, size=size,
                         added_by=added_by[:60])
        session.add(row)
        session.flush()
    return row


def open_path(db: Database, attachment_id: int) -> Path:
    """The stored file of an attachment, after checking that its content still has the recorded hash."""
    with db.read() as s:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFoundError(f"沒有編號 {attachment_id} 的附件", f"there is no attachment {attachment_id}")
        sha, stored, name = row.sha256, row.stored_name, row.original_name
    path = attachments_dir(db) / stored
    if not path.is_file():
        raise NotFoundError(f"附件 {name} 的檔案不見了（{path}）", f"the file of attachment {name} is missing ({path})")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != sha:
        raise PortfolioError(f"附件 {name} 的內容與登錄時不同（SHA-256 不符），可能已被修改",
                             f"attachment {name} differs from what was recorded (SHA-256 mismatch)")
    return path
