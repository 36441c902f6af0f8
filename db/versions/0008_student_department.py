"""student department: 科別 belongs to the student, so a 合班 class can hold several departments

Every existing student takes the department of their class (the only place it lived before); the
class keeps its own department as its main one.

Revision ID: 0008_student_department
Revises: 0007_audit_log_truncate
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_student_department"
down_revision = "0007_audit_log_truncate"
branch_labels = None
depends_on = None

_FK = "fk_student_department_id_department"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a nullable column with its foreign key in place; a batch rebuild of the student
        # table would drop a table that every item, receipt and status change refers to.
        op.execute(
            f"ALTER TABLE student ADD COLUMN department_id INTEGER CONSTRAINT {_FK} REFERENCES department (id)"
        )
    else:
        op.add_column("student", sa.Column("department_id", sa.Integer(), nullable=True))
        op.create_foreign_key(_FK, "student", "department", ["department_id"], ["id"])
    op.create_index("ix_student_department_id", "student", ["department_id"])
    op.execute(
        "UPDATE student SET department_id = "
        "(SELECT school_class.department_id FROM school_class WHERE school_class.id = student.class_id)"
    )


def downgrade() -> None:
    op.drop_index("ix_student_department_id", table_name="student")
    with op.batch_alter_table("student") as batch:
        batch.drop_constraint(_FK, type_="foreignkey")
        batch.drop_column("department_id")
