"""A digest chain over the audit log, written into every backup's manifest, so that audit rows deleted
or altered on the SQLite file show when a later backup is verified.

On SQLite the log is protected by triggers (UPDATE and DELETE refused, db/versions/0001) and by the
file being readable and writable by its user only; someone who can write the file can still drop a
trigger. So each backup records a *checkpoint*: the number of audit rows, the highest id and the
SHA-256 of every row in id order. Verifying a backup replays the same hash over its own audit rows
and compares it, at each older checkpoint found in the backup folder (same source database), with
what that older backup recorded: an audit row that existed then and is gone or different now makes
the checkpoint differ. Rows added since are not compared (the log only grows).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

_COLUMNS = "id, at, actor, on_behalf_of, action, entity, entity_key, before, after"


@dataclass(frozen=True)
class Checkpoint:
    rows: int
    last_id: int
    sha256: str
    backup: str = ""  # the backup that recorded it (for the message)

    def as_manifest(self) -> dict[str, object]:
        return {"rows": self.rows, "last_id": self.last_id, "sha256": self.sha256}


def _line(row: tuple[object, ...]) -> bytes:
    return json.dumps([v if isinstance(v, (int, str)) or v is None else str(v) for v in row],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _rows(conn: sqlite3.Connection) -> Iterable[tuple[object, ...]]:
    try:
        return conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id")
    except sqlite3.DatabaseError:  # a schema without an audit log
        return iter(())


def checkpoint(conn: sqlite3.Connection) -> Checkpoint:
    """The checkpoint of a database's whole audit log (for the manifest of a new backup)."""
    digest = hashlib.sha256()
    rows = last = 0
    for row in _rows(conn):
        digest.update(_line(row))
        rows += 1
        last = int(row[0])  # type: ignore[call-overload]
    return Checkpoint(rows, last, digest.hexdigest())


def from_manifest(manifest: dict[str, object], backup: str) -> Checkpoint | None:
    data = manifest.get("audit_chain")
    if not isinstance(data, dict):
        return None
    try:
        return Checkpoint(int(data["rows"]), int(data["last_id"]), str(data["sha256"]), backup)
    except (KeyError, TypeError, ValueError):
        return None


def broken(conn: sqlite3.Connection, older: list[Checkpoint]) -> list[Checkpoint]:
    """The older checkpoints this database's audit log no longer reproduces (rows deleted or changed)."""
    pending = sorted(older, key=lambda c: c.last_id)
    if not pending:
        return []
    digest = hashlib.sha256()
    rows = 0
    failed: list[Checkpoint] = []

    def settle(before_id: int | None) -> None:
        # every checkpoint whose last row lies before ``before_id`` (None: the end) is due now
        while pending and (before_id is None or pending[0].last_id < before_id):
            cp = pending.pop(0)
            if rows != cp.rows or digest.hexdigest() != cp.sha256:
                failed.append(cp)

    for row in _rows(conn):
        settle(int(row[0]))  # type: ignore[call-overload]
        digest.update(_line(row))
        rows += 1
    settle(None)
    return failed
