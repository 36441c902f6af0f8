"""School settings kept as data (key → JSON) in the ``setting`` table, audited on every change."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import audit
from portfolio_desktop.store.models import Setting


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def set_setting(session: Session, actor: Actor, key: str, value: Any) -> None:
    """Write one setting inside the caller's transaction and audit before → after."""
    row = session.get(Setting, key)
    before = None if row is None else json.loads(row.value)
    if before == value or (_blank(before) and _blank(value)):
        return  # only a real change is written and audited (an unset key saved empty changes nothing)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    audit.record(
        session,
        actor=actor.username,
        on_behalf_of=actor.on_behalf_of,
        action="setting.set",
        entity="setting",
        key=key,
        before=before,
        after=value,
    )
