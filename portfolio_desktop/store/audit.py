"""Append one audit row per write: when, who, acting for whom, what, which record, before → after.

Many new records written by one action at once (a roster import's new students, each chunk it
writes) are one *batch* row: the records' values in one compact JSON record (store/json_record.py),
which the audit log reads back as one row per record (services/accounts/audit_log.py), as if each
had been written alone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from portfolio_desktop.store.models import AuditLog


def _default(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# one encoder for every audit record: json.dumps with options builds a new one per call, which a
# 50,000-row import (one record per student) notices
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_default, sort_keys=True)


@dataclass(frozen=True)
class Batch:
    """A batch row's kind: ``stored`` is its action code; each record in it reads as a row of
    ``action`` whose record key (entity_key) is the record's field ``key``."""

    stored: str
    action: str
    key: str


STUDENT_ADDS = Batch("student.add_batch", "student.add", "student_no")  # roster import (roster_store.py)
BATCHES = {b.stored: b for b in (STUDENT_ADDS,)}


def batch_records(after: Any) -> list[dict[str, Any]]:
    """A batch row's records, in the order they were written: one dict (keys sorted) per record."""
    if not isinstance(after, dict):
        return []
    fields = after.get("fields") or []
    return [dict(zip(fields, row, strict=True)) for row in after.get("rows") or []]


def dumps(value: Any) -> str | None:
    if value is None:
        return None
    return _ENCODER.encode(value)


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    key: str | None,
    before: Any = None,
    after: Any = None,
    on_behalf_of: str | None = None,
) -> None:
    session.add(
        AuditLog(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action=action,
            entity=entity,
            entity_key=key,
            before=dumps(before),
            after=dumps(after),
        )
    )
