"""attachment content in the database: the bytes of meeting minutes and consultation files move from the
``attachments/`` folder of one workstation into ``attachment_content``, so that every workstation sharing
a PostgreSQL server opens them and ``db copy`` and backups carry them (seed 000 分工明細表 圖書館:
「做好平台上存放之所有檔案的備援(份)機制」).

Files found beside the database whose SHA-256 still matches the recorded one are read in; the files
themselves are left where they are (the backup taken before this upgrade holds them too). An
attachment whose file is already missing or altered keeps no content; services/workgroup/attachments.py says so
when someone opens it.

Revision ID: 0006_attachment_content
Revises: 0005_workgroup
Create Date: 2026-12-04
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0006_attachment_content"
down_revision = "0005_workgroup"
branch_labels = None
depends_on = None


def _legacy_folder(bind: sa.Connection) -> Path:
    from portfolio_desktop.config import data_dir, sqlite_path

    path = sqlite_path(bind.engine.url.render_as_string(hide_password=False))
    return (path.parent if path is not None else data_dir()) / "attachments"


def upgrade() -> None:
    op.create_table(
        "attachment_content",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name="fk_attachment_content_attachment_id_attachment", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attachment_id", name="pk_attachment_content"),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, sha256, stored_name FROM attachment ORDER BY id")).all()
    if not rows:
        return
    folder = _legacy_folder(bind)
    content = sa.table("attachment_content", sa.column("attachment_id", sa.Integer),
                       sa.column("content", sa.LargeBinary))
    for att_id, sha, stored in rows:
        path = folder / stored
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() == sha:
            bind.execute(content.insert().values(attachment_id=att_id, content=data))


def downgrade() -> None:
    op.drop_table("attachment_content")
