"""audit log: refuse TRUNCATE on PostgreSQL too. The row trigger of 0001 refuses UPDATE and DELETE, but
TRUNCATE fires no row trigger, so one statement could empty the log — the record of who acted for
whom when a proxy acts (seed 001 §九(一)2). A statement trigger refuses it. SQLite has no TRUNCATE
(``DELETE FROM`` is refused by 0001's trigger).

Revision ID: 0007_audit_log_truncate
Revises: 0006_attachment_content
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0007_audit_log_truncate"
down_revision = "0006_attachment_content"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
