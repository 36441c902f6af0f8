"""workgroup: attachments, working-group members, meetings, sessions, self-checks, consultant
assignments and consultation records (seed 000 §三, §四(二)3, §六; seed 001 §二–§四, §八)

Revision ID: 0005_workgroup
Revises: 0004_accounts
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_workgroup"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("stored_name", sa.String(120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attachment"),
        sa.UniqueConstraint("sha256", name="uq_attachment_sha256"),
    )
    op.create_table(
        "wg_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(60), nullable=False),
        sa.Column("person_name", sa.String(100), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("duty", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_wg_member_staff_id_staff", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_wg_member"),
        sa.UniqueConstraint("school_year", "position", name="uq_wg_member_year_position"),
    )
    op.create_index("ix_wg_member_school_year", "wg_member", ["school_year"])
    op.create_table(
        "wg_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("semester", sa.Integer(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("semester IN (1, 2)", name="ck_wg_meeting_semester"),
        sa.ForeignKeyConstraint(["minutes_id"], ["attachment.id"], name="fk_wg_meeting_minutes_id_attachment"),
        sa.PrimaryKeyConstraint("id", name="pk_wg_meeting"),
    )
    op.create_index("ix_wg_meeting_held_on", "wg_meeting", ["held_on"])
    op.create_table(
        "wg_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("audiences", sa.String(40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("organiser", sa.String(100), nullable=True),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('briefing', 'system_training', 'professional', 'showcase')",
                           name="ck_wg_session_kind"),
        sa.CheckConstraint("attendance IS NULL OR attendance >= 0", name="ck_wg_session_attendance"),
        sa.PrimaryKeyConstraint("id", name="pk_wg_session"),
    )
    op.create_index("ix_wg_session_held_on", "wg_session", ["held_on"])
    op.create_table(
        "wg_self_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("semester", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
        sa.CheckConstraint("semester IN (1, 2)", name="ck_wg_self_check_semester"),
        sa.PrimaryKeyConstraint("id", name="pk_wg_self_check"),
        sa.UniqueConstraint("school_year", "semester", name="uq_wg_self_check_year_semester"),
    )
    op.create_table(
        "consultant_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(class_id IS NULL) <> (student_id IS NULL)", name="ck_consultant_assignment_one_target"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_consultant_assignment_staff_id_staff",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"],
                                name="fk_consultant_assignment_class_id_school_class", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_consultant_assignment_student_id_student",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_consultant_assignment"),
        sa.UniqueConstraint("staff_id", "class_id", name="uq_consultant_assignment_staff_class"),
        sa.UniqueConstraint("staff_id", "student_id", name="uq_consultant_assignment_staff_student"),
    )
    op.create_index("ix_consultant_assignment_staff_id", "consultant_assignment", ["staff_id"])
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("opinions", sa.Text(), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("on_behalf_of", sa.String(60), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("mode IN ('group', 'individual')", name="ck_consultation_mode"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_consultation_staff_id_staff"),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"], name="fk_consultation_attachment_id_attachment"),
        sa.PrimaryKeyConstraint("id", name="pk_consultation"),
    )
    op.create_index("ix_consultation_staff_id", "consultation", ["staff_id"])
    op.create_table(
        "consultation_student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"],
                                name="fk_consultation_student_consultation_id_consultation", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_consultation_student_student_id_student"),
        sa.PrimaryKeyConstraint("id", name="pk_consultation_student"),
        sa.UniqueConstraint("consultation_id", "student_id", name="uq_consultation_student_consultation_student"),
    )
    op.create_index("ix_consultation_student_student_id", "consultation_student", ["student_id"])


def downgrade() -> None:
    for table in ("consultation_student", "consultation", "consultant_assignment", "wg_self_check", "wg_session",
                  "wg_meeting", "wg_member", "attachment"):
        op.drop_table(table)
