"""The roster import's column choices: remembered per school, and the relaxed specs that let the
dialog show a file whose 學號 / 姓名 / 班級 headers it does not recognise, so they can be mapped by hand.
"""

from __future__ import annotations

import dataclasses

from portfolio_desktop.io import tabular
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database

MAPPING_KEY = "import.mapping.roster"  # key → file header chosen by hand ("" = do not import)


def load_remembered(db: Database) -> dict[str, str]:
    with db.read() as session:
        value = get_setting(session, MAPPING_KEY, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def remember(db: Database, actor: Actor, mapping: dict[str, str]) -> dict[str, str]:
    """Store the choices (one audited setting write, skipped when unchanged); returns them."""
    with db.write() as session:
        set_setting(session, actor, MAPPING_KEY, mapping)
    return dict(mapping)


def relaxed_specs() -> list[tabular.TableSpec]:
    """ROSTER without required columns, then with one anchor at a time: enough to find the header
    row of a file whose 學號 or 姓名 column has a name we do not know, so it can be mapped by hand."""
    loose = tuple(dataclasses.replace(c, required=False) for c in ROSTER.columns)
    return [dataclasses.replace(ROSTER, columns=loose, anchors=anchors)
            for anchors in (ROSTER.anchors, *((a,) for a in ROSTER.anchors))]
