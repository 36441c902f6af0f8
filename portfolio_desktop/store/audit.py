"""Append one audit row per write: when, who, acting for whom, what, which record, before → after."""

from __future__ import annotations

import datetime as dt
import json
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
