"""Attachments (meeting minutes, consultation slides): kept in the database, checked by SHA-256.

The bytes live in ``attachment_content`` beside the ``attachment`` row (hash, original name, size), so
every workstation that shares one PostgreSQL server opens the same file, and ``db copy`` and backups
carry attachments with the rest of the data (seed 000 分工明細表 圖書館: 「做好平台上存放之所有檔案的
備援(份)機制」). The same content added twice is stored once. Nothing here uploads or links anywhere.

To be opened by another program, an attachment is written out to a private cache folder of this
workstation (0600 files in a 0700 folder on POSIX), after its content was checked against the
recorded SHA-256; the cached copy is rewritten whenever it differs.

Attachments recorded before their bytes moved into the database, whose file was missing when the
database was upgraded (db/versions/0006_attachment_content.py), have no content: opening them looks
for the old file beside the database (``attachments/``) and says clearly when it is gone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.config import data_dir, sqlite_path
from portfolio_desktop.errors import NotFoundError, PortfolioError, RuleError
from portfolio_desktop.io import durable
from portfolio_desktop.io.private import private_dir
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.workgroup_models import Attachment, AttachmentContent

MAX_BYTES = 50 * 1024 * 1024
_CACHE = "attachment-cache"
_LEGACY = "attachments"


def _beside_database(db: Database, name: str) -> Path:
    path = sqlite_path(db.url)
    return (path.parent if path is not None else data_dir()) / name


def attachments_dir(db: Database) -> Path:
    """Where attachments recorded before their bytes moved into the database lie (read only)."""
    return _beside_database(db, _LEGACY)


def cache_dir(db: Database) -> Path:
    """The private folder attachments are written out to when someone opens one (io/private.py)."""
    return private_dir(_beside_database(db, _CACHE))


def _read_limited(source: Path) -> bytes:
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise RuleError(f"附件 {source.name} 超過 {MAX_BYTES // (1024 * 1024)} MB，請縮小後再附加",
                            f"attachment {source.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                            "make it smaller and attach it again")
        with source.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PortfolioError(f"無法讀取附件 {source}：{exc.strerror or exc}",
                             f"cannot read attachment {source}: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:  # grew while being read
        raise RuleError(f"附件 {source.name} 超過 {MAX_BYTES // (1024 * 1024)} MB",
                        f"attachment {source.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def store_file(session: Session, db: Database, source: Path, *, added_by: str) -> Attachment:
    """Record ``source`` (its bytes, hash, name and size) in the caller's transaction and return its row
    (the existing row for content already stored). ``db`` is the database the session belongs to."""
    source = Path(source)
    if not source.is_file():
        raise NotFoundError(f"找不到附件檔案 {source}", f"attachment file not found: {source}")
    data = _read_limited(source)
    sha = hashlib.sha256(data).hexdigest()
    row = session.scalar(select(Attachment).where(Attachment.sha256 == sha))
    if row is None:
        suffix = "".join(c for c in source.suffix.lower() if c.isalnum() or c == ".")[:12]
        row = Attachment(sha256=sha, original_name=source.name[:255], stored_name=f"{sha[:2]}/{sha}{suffix}",
                         size=len(data), added_by=added_by[:60])
        session.add(row)
        session.flush()
    if session.get(AttachmentContent, row.id) is None:  # new, or recorded once without its bytes
        session.add(AttachmentContent(attachment_id=row.id, content=data))
        session.flush()
    return row


def read_content(db: Database, attachment_id: int) -> tuple[str, bytes]:
    """(original name, bytes) of an attachment, after checking the bytes against the recorded SHA-256."""
    with db.read() as s:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFoundError(f"沒有編號 {attachment_id} 的附件", f"there is no attachment {attachment_id}")
        sha, stored, name = row.sha256, row.stored_name, row.original_name
        content = s.scalar(select(AttachmentContent.content).where(AttachmentContent.attachment_id == attachment_id))
    if content is None:
        legacy = attachments_dir(db) / stored
        if not legacy.is_file():
            raise NotFoundError(f"附件 {name} 的內容不在資料庫中，原檔案也不見了（{legacy}）；請從備份還原或重新附加",
                                f"attachment {name} has no content in the database and its old file is gone "
                                f"({legacy}); restore it from a backup or attach it again")
        content = legacy.read_bytes()
    data = bytes(content)
    if hashlib.sha256(data).hexdigest() != sha:
        raise PortfolioError(f"附件 {name} 的內容與登錄時不同（SHA-256 不符），可能已被修改",
                             f"attachment {name} differs from what was recorded (SHA-256 mismatch)")
    return name, data


def open_path(db: Database, attachment_id: int) -> Path:
    """A private file holding the attachment's checked content, for the desktop to open."""
    _name, data = read_content(db, attachment_id)
    with db.read() as s:
        stored = s.scalar(select(Attachment.stored_name).where(Attachment.id == attachment_id)) or str(attachment_id)
    target = cache_dir(db) / Path(stored).name
    try:
        if not (target.is_file() and target.read_bytes() == data):
            with durable.hidden_temp(target.parent, ".open-", ".part") as tmp:
                tmp.write_bytes(data)  # mkstemp made it 0600
                durable.commit(tmp, target)
    except OSError as exc:
        raise PortfolioError(f"無法寫出附件到 {target.parent}：{exc.strerror or exc}",
                             f"cannot write the attachment out to {target.parent}: {exc.strerror or exc}") from exc
    return target
