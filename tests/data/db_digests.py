"""Every table's rows and checksum through SQLAlchemy, on either engine: the "database unchanged" check
of tests that run on SQLite and on PostgreSQL (store/snapshot.py's digests read an SQLite file)."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Base


def table_digests(db: Database) -> dict[str, tuple[int, str]]:
    """table → (rows, sha256 of the rows in primary-key order)."""
    import portfolio_desktop.store.schema  # noqa: F401 - every model registered on Base.metadata

    out: dict[str, tuple[int, str]] = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = s.execute(select(table).order_by(*order)).all()
            digest = hashlib.sha256()
            for row in rows:
                digest.update(repr(tuple(row)).encode("utf-8"))
            out[table.name] = (len(rows), digest.hexdigest())
    return out
