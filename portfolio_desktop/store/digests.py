"""Engine-neutral row counts and checksums of the tables, for comparing SQLite with PostgreSQL.

store/snapshot.py hashes the raw SQLite values of a backup file (dates are text there); that cannot
be compared with a server. Here every table of the models is read through SQLAlchemy Core, so a
value is the same Python object on both engines (a ``date`` is a ``date``, a ``bool`` a ``bool``),
and hashed as canonical JSON lines in primary-key order. Text keys are ordered by code point on
both engines (SQLite's BINARY, PostgreSQL's ``COLLATE "C"``), whatever the server's locale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any
from decimal import Decimal

from sqlalchemy import ColumnElement, Connection, LargeBinary, String, Table, select

from portfolio_desktop.store.snapshot import TableDigest

BATCH = 2000
BLOB_BATCH = 4  # rows of a table with binary columns (attachments of up to 50 MB each) held at once


def canonical(value: object) -> object:
    """A JSON value that means the same on every engine."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"dec": str(value)}
    if isinstance(value, float):
        return {"f": value.hex()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"hex": bytes(value).hex()}
    return {"repr": repr(value)}


def row_line(row: tuple[object, ...]) -> bytes:
    return json.dumps([canonical(v) for v in row], ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def ordered_select(conn: Connection, table: Table):  # type: ignore[no-untyped-def]
    """SELECT every column in primary-key order (code-point order for text keys)."""
    keys = list(table.primary_key.columns) or list(table.columns)
    order: list[ColumnElement[Any]] = []
    for column in keys:
        if conn.dialect.name == "postgresql" and isinstance(column.type, String):
            order.append(column.collate("C"))
        else:
            order.append(column)
    return select(*table.columns).order_by(*order)


def batch_size(table: Table) -> int:
    """How many rows of ``table`` to hold in memory at once."""
    return BLOB_BATCH if any(isinstance(c.type, LargeBinary) for c in table.columns) else BATCH


def iter_rows(conn: Connection, table: Table, batch: int | None = None) -> Iterator[list[tuple[object, ...]]]:
    """The table's rows in primary-key order, ``batch`` at a time (streamed, not all in memory)."""
    batch = batch or batch_size(table)
    # per statement: Connection.execution_options() would change the whole connection in SQLAlchemy 2
    result = conn.execute(ordered_select(conn, table), execution_options={"stream_results": True,
                                                                           "yield_per": batch})
    for part in result.partitions(batch):
        yield [tuple(r) for r in part]


class Digester:
    """Accumulates one table's row count and SHA-256 as rows go by."""

    def __init__(self) -> None:
        self.rows = 0
        self._hash = hashlib.sha256()

    def add(self, row: tuple[object, ...]) -> None:
        self._hash.update(row_line(row))
        self.rows += 1

    def result(self) -> TableDigest:
        return TableDigest(self.rows, self._hash.hexdigest())


def table_digest(conn: Connection, table: Table, on_batch: Callable[[int], None] | None = None) -> TableDigest:
    digester = Digester()
    for part in iter_rows(conn, table):
        for row in part:
            digester.add(row)
        if on_batch is not None:
            on_batch(digester.rows)
    return digester.result()


def digests(conn: Connection, tables: list[Table]) -> dict[str, TableDigest]:
    return {table.name: table_digest(conn, table) for table in tables}
