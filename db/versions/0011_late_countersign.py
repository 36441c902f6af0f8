"""late work countersigned: an action done outside its 作業期程 window is recorded with who must
countersign it (註冊組 / 教務主任 / nobody, the school's setting) and who did, when (seed 001 §四, §五).

Rows written before this revision were overrides by the registry itself: they need no countersignature.

Revision ID: 0011_late_countersign
Revises: 0010_central_students
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_late_countersign"
down_revision = "0010_central_students"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("window_override") as batch:
        batch.add_column(sa.Column("countersign", sa.String(10), nullable=True))
        batch.add_column(sa.Column("countersigned_by", sa.String(60), nullable=True))
        batch.add_column(sa.Column("countersigned_for", sa.String(60), nullable=True))
        batch.add_column(sa.Column("countersigned_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("window_override") as batch:
        batch.drop_column("countersigned_at")
        batch.drop_column("countersigned_for")
        batch.drop_column("countersigned_by")
        batch.drop_column("countersign")
