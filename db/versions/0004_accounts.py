"""accounts: staff, sign-in accounts, role grants, leave periods, proxy lists (seed 001 §九)

Revision ID: 0004_accounts
Revises: 0003_receipts
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0003_receipts"
branch_labels = None
depends_on = None

_ROLES = (
    "role IN ('registry','academic','activities','discipline','mentor','teacher','consultant',"
    "'it','dean','admin')"
)


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(60), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("departed_on", sa.Date(), nullable=True),
        sa.Column("grace_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("grace_until IS NULL OR departed_on IS NOT NULL", name="ck_staff_grace_needs_departure"),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
        sa.UniqueConstraint("username", name="uq_staff_username"),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_account_staff_id_staff", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_account"),
        sa.UniqueConstraint("staff_id", name="uq_account_staff_id"),
    )
    op.create_table(
        "staff_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=True),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("course_code", sa.String(40), nullable=True),
        sa.CheckConstraint(_ROLES, name="ck_staff_role_role"),
        sa.CheckConstraint("role <> 'mentor' OR class_id IS NOT NULL", name="ck_staff_role_mentor_class"),
        sa.CheckConstraint("role <> 'teacher' OR course_code IS NOT NULL", name="ck_staff_role_teacher_course"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_staff_role_staff_id_staff", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["division_id"], ["division.id"], name="fk_staff_role_division_id_division"),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"], name="fk_staff_role_class_id_school_class"),
        sa.PrimaryKeyConstraint("id", name="pk_staff_role"),
    )
    op.create_index("ix_staff_role_staff_id", "staff_role", ["staff_id"])
    op.create_index("ix_staff_role_course_code", "staff_role", ["course_code"])
    op.create_table(
        "staff_leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_staff_leave_order"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_staff_leave_staff_id_staff", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_staff_leave"),
    )
    op.create_index("ix_staff_leave_staff_id", "staff_leave", ["staff_id"])
    op.create_table(
        "proxy_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("division_id", sa.Integer(), nullable=True),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(role IS NOT NULL AND holder_id IS NULL) OR (role IS NULL AND holder_id IS NOT NULL)",
            name="ck_proxy_list_one_target",
        ),
        sa.ForeignKeyConstraint(["division_id"], ["division.id"], name="fk_proxy_list_division_id_division"),
        sa.ForeignKeyConstraint(["holder_id"], ["staff.id"], name="fk_proxy_list_holder_id_staff", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_proxy_list"),
        sa.UniqueConstraint("key", name="uq_proxy_list_key"),
        sa.UniqueConstraint("holder_id", name="uq_proxy_list_holder_id"),
    )
    op.create_table(
        "proxy_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 1", name="ck_proxy_entry_position"),
        sa.ForeignKeyConstraint(["list_id"], ["proxy_list.id"], name="fk_proxy_entry_list_id_proxy_list", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_proxy_entry_staff_id_staff", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_proxy_entry"),
        sa.UniqueConstraint("list_id", "position", name="uq_proxy_entry_list_position"),
        sa.UniqueConstraint("list_id", "staff_id", name="uq_proxy_entry_list_staff"),
    )
    op.create_index("ix_proxy_entry_staff_id", "proxy_entry", ["staff_id"])


def downgrade() -> None:
    for table in ("proxy_entry", "proxy_list", "staff_leave", "staff_role", "account", "staff"):
        op.drop_table(table)
