"""The import dialog's column choices, remembered per school through services/import_mappings.py
(one setting per kind of import, ``import.mapping.roster`` …; reading and writing them needs the
permission of that import)."""

from __future__ import annotations

from portfolio_desktop.services import import_mappings
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

MAPPING_KEY = import_mappings.setting_key("roster")  # the roster import's setting


def mapping_key(kind: str) -> str:
    """The setting that remembers the column choices of the import ``kind`` ("roster", "courses" …)."""
    return import_mappings.setting_key(kind)


def _kind(key: str) -> str:
    return key.removeprefix(import_mappings.PREFIX)


def load_remembered(db: Database, actor: Actor, key: str = MAPPING_KEY) -> dict[str, str]:
    return import_mappings.load(db, actor, _kind(key))


def remember(db: Database, actor: Actor, mapping: dict[str, str], key: str = MAPPING_KEY) -> dict[str, str]:
    """Store the choices (one audited setting write, skipped when unchanged); returns them."""
    return import_mappings.remember(db, actor, _kind(key), mapping)
