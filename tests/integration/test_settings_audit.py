"""A setting is written and audited only when its value changes: saving the same value, or an empty
value for a setting never set, writes no audit row."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog


def _rows(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "setting.set")) or 0


def test_only_a_changed_value_is_written_and_audited(db: Database) -> None:
    who = Actor("admin")
    with db.write() as s:
        for empty in ("", None, [], {}):
            set_setting(s, who, "school.code", empty)  # never set, saved empty: no change
    assert _rows(db) == 0
    with db.write() as s:
        set_setting(s, who, "school.code", "213303")
    with db.write() as s:
        set_setting(s, who, "school.code", "213303")  # the same again
    assert _rows(db) == 1
    with db.write() as s:
        set_setting(s, who, "school.code", "")  # cleared: a change
        assert get_setting(s, "school.code") == ""
    assert _rows(db) == 2
