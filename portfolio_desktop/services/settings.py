"""School settings kept as data (key → JSON) in the ``setting`` table, audited on every change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import audit
from portfolio_desktop.store.models import Setting


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


def get_settings(session: Session, keys: Iterable[str]) -> dict[str, Any]:
    """The settings of these keys that are set (key → value), read in one query."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(wanted)))
    return {key: json.loads(value) for key, value in rows}


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
