"""The import dialog's column choices, remembered per school: one setting per kind of import
(``import.mapping.roster``, ``import.mapping.courses`` …), each key → the file header chosen by hand
(``""`` = do not import that column).
"""

from __future__ import annotations

from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database

MAPPING_KEY = "import.mapping.roster"  # the roster import's setting (issue 3)


def mapping_key(kind: str) -> str:
    """The setting that remembers the column choices of the import ``kind`` ("roster", "courses" …)."""
    return f"import.mapping.{kind}"


def load_remembered(db: Database, key: str = MAPPING_KEY) -> dict[str, str]:
    with db.read() as session:
        value = get_setting(session, key, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember(db: Database, actor: Actor, mapping: dict[str, str], key: str = MAPPING_KEY) -> dict[str, str]:
    """Store the choices (one audited setting write, skipped when unchanged); returns them."""
    with db.write() as session:
        set_setting(session, actor, key, mapping)
    return dict(mapping)
