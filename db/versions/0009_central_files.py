"""central 名冊 files: course grades, prior (transfer / 借讀 / 重讀 / 重修 / 補修) course outcomes and the
submission rounds of the 提交 名冊 written (seed 000 §五, seed 001 §五(二)1, §六(二), §七).

Revision ID: 0009_central_files
Revises: 0008_student_department
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_central_files"
down_revision = "0008_student_department"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_grade",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("enrolment_id", sa.Integer(), sa.ForeignKey("enrolment.id", name="fk_course_grade_enrolment_id_enrolment"),
                  nullable=False),
        sa.Column("score", sa.String(10)),
        sa.Column("passed", sa.String(1)),
        sa.Column("makeup", sa.String(20)),
        sa.Column("counted", sa.String(10)),
        sa.UniqueConstraint("enrolment_id", name="uq_course_grade_enrolment_id"),
    )
    op.create_table(
        "prior_outcome",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("student_id", sa.Integer(), sa.ForeignKey("student.id", name="fk_prior_outcome_student_id_student"),
                  nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("school_code", sa.String(20)),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("semester", sa.Integer(), nullable=False),
        sa.Column("course_code", sa.String(40), nullable=False),
        sa.Column("course_name", sa.String(100), nullable=False),
        sa.Column("grade_year", sa.Integer()),
        sa.Column("credits", sa.Integer()),
        sa.Column("summary", sa.String(200), nullable=False),
    )
    op.create_index("ix_prior_outcome_student_id", "prior_outcome", ["student_id"])
    op.create_table(
        "submission_round",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(10), nullable=False),
        sa.Column("division", sa.String(20)),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by", sa.String(60), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("submission_round")
    op.drop_index("ix_prior_outcome_student_id", table_name="prior_outcome")
    op.drop_table("prior_outcome")
    op.drop_table("course_grade")
