"""central students and receipt rounds: a student's 班別 and 特殊身分別 as the 學生資料名冊 carries them,
the students of each submission round, and the 收訖明細 matched to the round they answer
(seed 001 §六(二) submission, §六(三) receipt confirmation).

Revision ID: 0010_central_students
Revises: 0009_central_files
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_central_students"
down_revision = "0009_central_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("student", sa.Column("class_kind", sa.String(2), nullable=True))
    op.add_column("student", sa.Column("special_status", sa.String(100), nullable=True))
    op.create_table(
        "submission_round_student",
        sa.Column("round_id", sa.Integer(),
                  sa.ForeignKey("submission_round.id", name="fk_submission_round_student_round_id_submission_round"),
                  primary_key=True),
        sa.Column("student_id", sa.Integer(),
                  sa.ForeignKey("student.id", name="fk_submission_round_student_student_id_student"), primary_key=True),
    )
    op.create_table(
        "submission_receipt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(),
                  sa.ForeignKey("submission_round.id", name="fk_submission_receipt_round_id_submission_round"),
                  nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_submission_receipt_round_id", "submission_receipt", ["round_id"])


def downgrade() -> None:
    op.drop_index("ix_submission_receipt_round_id", table_name="submission_receipt")
    op.drop_table("submission_receipt")
    op.drop_table("submission_round_student")
    with op.batch_alter_table("student") as batch:
        batch.drop_column("special_status")
        batch.drop_column("class_kind")
