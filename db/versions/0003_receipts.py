"""receipts: receipt details (收訖明細), confirmation per student and term, mailed notice batches,
notices and the terms each covers (seed 001 §六(三), §九(三)3)

Revision ID: 0003_receipts
Revises: 0002_items
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_receipts"
down_revision = "0002_items"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receipt_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("item_name", sa.String(300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("count >= 1", name="ck_receipt_item_count"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_receipt_item_student_id_student"),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_receipt_item_term_id_term"),
        sa.PrimaryKeyConstraint("id", name="pk_receipt_item"),
    )
    op.create_index("ix_receipt_item_student_id", "receipt_item", ["student_id"])
    op.create_table(
        "receipt_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("via", sa.String(20), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("office", sa.String(20), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'confirmed', 'disputed')", name="ck_receipt_status_state"),
        sa.CheckConstraint("via IS NULL OR via IN ('online', 'reply_slip', 'office')", name="ck_receipt_status_via"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_receipt_status_student_id_student"),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_receipt_status_term_id_term"),
        sa.PrimaryKeyConstraint("id", name="pk_receipt_status"),
        sa.UniqueConstraint("student_id", "term_id", name="uq_receipt_status_student_term"),
    )
    op.create_table(
        "notice_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(60), nullable=False),
        sa.Column("on_behalf_of", sa.String(60), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("mailed_on", sa.Date(), nullable=True),
        sa.Column("reprints", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notice_batch"),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("mailed_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply", sa.String(20), nullable=True),
        sa.CheckConstraint("reply IS NULL OR reply IN ('confirmed', 'disputed')", name="ck_notice_reply"),
        sa.ForeignKeyConstraint(["batch_id"], ["notice_batch.id"], name="fk_notice_batch_id_notice_batch"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_notice_student_id_student"),
        sa.PrimaryKeyConstraint("id", name="pk_notice"),
        sa.UniqueConstraint("batch_id", "student_id", name="uq_notice_batch_student"),
    )
    op.create_index("ix_notice_student_id", "notice", ["student_id"])
    op.create_table(
        "notice_term",
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"], name="fk_notice_term_notice_id_notice"),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_notice_term_term_id_term"),
        sa.PrimaryKeyConstraint("notice_id", "term_id", name="pk_notice_term"),
    )


def downgrade() -> None:
    op.drop_table("notice_term")
    op.drop_index("ix_notice_student_id", table_name="notice")
    op.drop_table("notice")
    op.drop_table("notice_batch")
    op.drop_table("receipt_status")
    op.drop_index("ix_receipt_item_student_id", table_name="receipt_item")
    op.drop_table("receipt_item")
