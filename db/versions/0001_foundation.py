"""foundation: settings, divisions, departments, terms, classes, students, 學籍異動, audit log

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_setting"),
    )
    op.create_table(
        "division",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_division"),
        sa.UniqueConstraint("code", name="uq_division_code"),
        sa.UniqueConstraint("name", name="uq_division_name"),
    )
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_department"),
        sa.UniqueConstraint("name", name="uq_department_name"),
    )
    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("semester", sa.Integer(), nullable=False),
        sa.CheckConstraint("semester IN (1, 2)", name="ck_term_semester"),
        sa.PrimaryKeyConstraint("id", name="pk_term"),
        sa.UniqueConstraint("school_year", "semester", name="uq_term_year_semester"),
    )
    op.create_table(
        "school_class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("mentor_name", sa.String(60), nullable=True),
        sa.CheckConstraint("grade BETWEEN 1 AND 3", name="ck_school_class_grade"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"], name="fk_school_class_department_id_department"),
        sa.ForeignKeyConstraint(["division_id"], ["division.id"], name="fk_school_class_division_id_division"),
        sa.PrimaryKeyConstraint("id", name="pk_school_class"),
        sa.UniqueConstraint("division_id", "code", name="uq_class_division_code"),
    )
    op.create_table(
        "student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_no", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("national_id", sa.String(10), nullable=True),
        sa.Column("gender", sa.String(1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("seat_no", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("postal_code", sa.String(10), nullable=True),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("guardian", sa.String(100), nullable=True),
        sa.Column("phone", sa.String(30), nullable=True),
        sa.Column("email", sa.String(120), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("seat_no IS NULL OR seat_no BETWEEN 1 AND 99", name="ck_student_seat_no"),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"], name="fk_student_class_id_school_class"),
        sa.PrimaryKeyConstraint("id", name="pk_student"),
        sa.UniqueConstraint("student_no", name="uq_student_student_no"),
    )
    op.create_index("ix_student_class_id", "student", ["class_id"])
    op.create_index("ix_student_national_id", "student", ["national_id"])
    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("from_class_id", sa.Integer(), nullable=True),
        sa.Column("to_class_id", sa.Integer(), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.Column("recorded_by", sa.String(60), nullable=False),
        sa.Column("on_behalf_of", sa.String(60), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"], name="fk_status_change_student_id_student"),
        sa.ForeignKeyConstraint(["from_class_id"], ["school_class.id"], name="fk_status_change_from_class_id_school_class"),
        sa.ForeignKeyConstraint(["to_class_id"], ["school_class.id"], name="fk_status_change_to_class_id_school_class"),
        sa.PrimaryKeyConstraint("id", name="pk_status_change"),
    )
    op.create_index("ix_status_change_student_id", "status_change", ["student_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("on_behalf_of", sa.String(60), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_key", sa.String(120), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.create_index("ix_audit_log_action", "audit_log", ["action"])
    op.create_index("ix_audit_log_entity_key", "audit_log", ["entity_key"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    """The audit log is append-only, enforced by the database itself."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    for table in ("audit_log", "status_change", "student", "school_class", "term", "department", "division", "setting"):
        op.drop_table(table)
