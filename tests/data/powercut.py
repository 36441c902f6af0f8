"""A simulated power cut for SQLite: what the disk may hold after the power fails at any moment.

The workload runs in its own process under ``powercut_shim.c`` (LD_PRELOAD), which logs, in order, every
write (with its bytes), truncate, fsync/fdatasync and unlink the process makes in the database's folder.
A crash image "at op k" is rebuilt from the starting files and the first k operations the way a disk
that loses its cache would leave them: for each file, every operation up to that file's last completed
fsync is on the disk; every later write of that file may have reached the disk wholly, not at all, or
torn (only some of its 512-byte sectors) — chosen at random per write (and the two extremes: all
unsynced writes lost; all kept, which is what a SIGKILL leaves). The SQLite shared-memory index
(``-shm``) is never part of an image: it lives in memory-mapped pages and is rebuilt after a crash.
Folder changes (a file created or deleted) are taken as done at once; SQLite deletes its WAL only
after the checkpoint that emptied it was fsynced into the database file.

``python -m tests.data.powercut DB ROSTER MARKS ACTOR SYNCHRONOUS`` is the workload: open the database
through the app, import the roster file (one transaction), then make 12 audited setting writes (one
transaction each); after each transaction returned, one line is written to the file MARKS (that
write is logged too, so the log shows which commits a user had been told were saved). SYNCHRONOUS
``app`` keeps the app's own settings; ``NORMAL`` lowers the writer connections to ``synchronous=NORMAL``
(the control that shows an image can lose a commit that returned).
"""

from __future__ import annotations

import random
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

SECTOR = 512
SETTING_WRITES = 12
COUNTER = "test.powercut"


@dataclass(frozen=True)
class Op:
    kind: str  # W T S U
    path: str
    offset: int
    data: bytes = b""


def read_log(path: Path) -> list[Op]:
    raw = path.read_bytes()
    ops: list[Op] = []
    i = 0
    while i < len(raw):
        kind = chr(raw[i])
        (plen,) = struct.unpack_from("<I", raw, i + 1)
        name = raw[i + 5: i + 5 + plen].decode("utf-8", "surrogateescape")
        offset, length = struct.unpack_from("<qq", raw, i + 5 + plen)
        i += 5 + plen + 16
        data = b""
        if kind == "W":
            data = raw[i: i + length]
            i += length
        ops.append(Op(kind, name, offset, data))
    return ops


def _apply(files: dict[str, bytearray], op: Op, sectors: list[int] | None = None) -> None:
    if op.kind == "U":
        files.pop(op.path, None)
        return
    content = files.setdefault(op.path, bytearray())
    if op.kind == "T":
        del content[op.offset:]
        content.extend(b"\0" * (op.offset - len(content)))
        return
    if op.kind != "W":
        return
    end = op.offset + len(op.data)
    if len(content) < end:
        content.extend(b"\0" * (end - len(content)))
    if sectors is None:
        content[op.offset:end] = op.data
        return
    for s in sectors:  # a torn write: only these sectors of it reached the disk
        lo, hi = s * SECTOR, min((s + 1) * SECTOR, len(op.data))
        content[op.offset + lo: op.offset + hi] = op.data[lo:hi]


def crash_image(start: dict[str, bytes], ops: list[Op], k: int, mode: str, rng: random.Random) -> dict[str, bytes]:
    """The files after a power cut at op ``k``. ``mode``: ``lose`` (every unsynced write lost), ``keep``
    (all kept: a SIGKILL) or ``random`` (each unsynced write whole, lost or torn)."""
    last_sync: dict[str, int] = {}
    for i, op in enumerate(ops[:k]):
        if op.kind == "S":
            last_sync[op.path] = i
    files = {name: bytearray(data) for name, data in start.items()}
    for i, op in enumerate(ops[:k]):
        if op.kind in ("S", "U") or i <= last_sync.get(op.path, -1):
            _apply(files, op)
            continue
        if mode == "keep":
            _apply(files, op)
        elif mode == "random":
            draw = rng.random()
            if draw < 0.4:
                _apply(files, op)
            elif draw < 0.7 and op.kind == "W":
                n = (len(op.data) + SECTOR - 1) // SECTOR
                _apply(files, op, sorted(rng.sample(range(n), rng.randint(0, n))))
            elif op.kind == "W":
                files.setdefault(op.path, bytearray())  # the file exists; its bytes did not arrive
        elif op.kind == "W":
            files.setdefault(op.path, bytearray())
    return {name: bytes(data) for name, data in files.items()}


def marks_before(ops: list[Op], k: int, marks: str) -> int:
    """How many transactions had returned to the workload before op ``k``."""
    return sum(op.data.count(b"\n") for op in ops[:k] if op.kind == "W" and op.path == marks)


# ------------------------------------------------------------------------------------------ workload


def work(db_path: str, roster: str, marks: str, actor_name: str, synchronous: str) -> int:
    import os

    from sqlalchemy import event

    from portfolio_desktop.services.context import Actor
    from portfolio_desktop.services.rosters.roster_import import import_roster
    from portfolio_desktop.services.settings import get_setting, set_setting
    from portfolio_desktop.store.open import open_database

    db = open_database(db_path)
    if synchronous != "app":
        def lower(dbapi_conn: object, _record: object) -> None:
            cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
            cur.execute(f"PRAGMA synchronous={synchronous}")
            cur.close()

        event.listen(db.engine, "connect", lower)
        db.engine.dispose()
    actor = Actor(actor_name)
    fd = os.open(marks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    import_roster(db, actor, Path(roster))
    os.write(fd, b"import\n")
    for _ in range(SETTING_WRITES):
        with db.write() as session:
            set_setting(session, actor, COUNTER, get_setting(session, COUNTER, 0) + 1)
        os.write(fd, b"setting\n")
    os.close(fd)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(work(*sys.argv[1:6]))
