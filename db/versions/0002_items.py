"""items: courses, course teachers, enrolments, portfolio items, item state history, 作業期程 windows,
window overrides

Revision ID: 0002_items
Revises: 0001_foundation
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_items"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

KINDS = "kind IN ('clo', 'mp', 'cadre', 'course_record', 'consultation')"
STATES = "state IN ('uploaded', 'certified', 'not_certified', 'selected', 'submitted', 'confirmed')"
WINDOWS = "kind IN ('upload', 'certification', 'selection', 'submission', 'receipt', 'self_check')"


def upgrade() -> None:
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("credits", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_course_term_id_term"),
        sa.PrimaryKeyConstraint("id", name="pk_course"),
        sa.UniqueConstraint("term_id", "code", name="uq_course_term_code"),
    )
    op.create_table(
        "course_teacher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("teacher_name", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_course_teacher_course_id_course"),
        sa.PrimaryKeyConstraint("id", name="pk_course_teacher"),
        sa.UniqueConstraint("course_id", "teacher_name", name="uq_course_teacher_course_teacher"),
    )
    op.create_index("ix_course_teacher_teacher_name", "course_teacher", ["teacher_name"])
    op.create_table(
        "enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name="fk_enrolment_course_id_course"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_enrolment_student_id_student"),
        sa.PrimaryKeyConstraint("id", name="pk_enrolment"),
        sa.UniqueConstraint("course_id", "student_id", name="uq_enrolment_course_student"),
    )
    op.create_index("ix_enrolment_student_id", "enrolment", ["student_id"])
    op.create_table(
        "portfolio_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("category", sa.String(20), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("external_id", sa.String(80), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(KINDS, name="ck_portfolio_item_kind"),
        sa.CheckConstraint(STATES, name="ck_portfolio_item_state"),
        sa.CheckConstraint("kind <> 'clo' OR enrolment_id IS NOT NULL", name="ck_portfolio_item_clo_enrolment"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_portfolio_item_student_id_student"),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_portfolio_item_term_id_term"),
        sa.ForeignKeyConstraint(["enrolment_id"], ["enrolment.id"], name="fk_portfolio_item_enrolment_id_enrolment"),
        sa.PrimaryKeyConstraint("id", name="pk_portfolio_item"),
        sa.UniqueConstraint("external_id", name="uq_portfolio_item_external_id"),
    )
    # The dashboard: one term's items grouped by student, kind and state (covering index).
    op.create_index("ix_portfolio_item_term_student", "portfolio_item", ["term_id", "student_id", "kind", "state"])
    # Caps per school year: one student's items of a kind in a state.
    op.create_index("ix_portfolio_item_student_kind", "portfolio_item", ["student_id", "kind", "state"])
    op.create_index("ix_portfolio_item_enrolment_id", "portfolio_item", ["enrolment_id"])
    op.create_table(
        "term_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(200), nullable=True),
        sa.CheckConstraint(WINDOWS, name="ck_term_window_kind"),
        sa.CheckConstraint("ends_at >= starts_at", name="ck_term_window_span"),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_term_window_term_id_term"),
        sa.PrimaryKeyConstraint("id", name="pk_term_window"),
        sa.UniqueConstraint("term_id", "kind", name="uq_term_window_term_kind"),
    )
    op.create_table(
        "window_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("on_behalf_of", sa.String(60), nullable=True),
        sa.ForeignKeyConstraint(["term_id"], ["term.id"], name="fk_window_override_term_id_term"),
        sa.ForeignKeyConstraint(["item_id"], ["portfolio_item.id"], name="fk_window_override_item_id_portfolio_item"),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_window_override_student_id_student"),
        sa.PrimaryKeyConstraint("id", name="pk_window_override"),
    )
    op.create_index("ix_window_override_term_id", "window_override", ["term_id"])
    op.create_index("ix_window_override_item_id", "window_override", ["item_id"])
    op.create_table(
        "item_state_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(20), nullable=True),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("on_behalf_of", sa.String(60), nullable=True),
        sa.Column("override_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["portfolio_item.id"], name="fk_item_state_change_item_id_portfolio_item"),
        sa.ForeignKeyConstraint(
            ["override_id"], ["window_override.id"], name="fk_item_state_change_override_id_window_override"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_item_state_change"),
    )
    op.create_index("ix_item_state_change_item_id", "item_state_change", ["item_id"])


def downgrade() -> None:
    for table in (
        "item_state_change",
        "window_override",
        "term_window",
        "portfolio_item",
        "enrolment",
        "course_teacher",
        "course",
    ):
        op.drop_table(table)
