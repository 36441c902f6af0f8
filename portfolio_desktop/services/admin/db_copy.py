"""`db copy`: move a school's data from one database to another — normally from the SQLite file of
one workstation to the PostgreSQL server that many will share (issue 7, "a migration tool").

The copy is all or nothing and verified before it is committed:

1. both databases are at the same Alembic revision (this app's head) and hold the same tables;
   the target holds no row at all (a fresh ``createdb``, migrated by opening it);
2. every table is read from one consistent snapshot of the source, in foreign-key order, in primary-
   key order, and inserted in batches inside ONE transaction on the target (which, like every write,
   holds the one-writer lock, so no workstation can write meanwhile);
3. values a server would refuse (text longer than its column, NUL characters) are found first and
   named (table, key, column) before anything is sent;
4. the target's rows are read back inside the same transaction and compared with the source by row
   count and a SHA-256 per table (store/digests.py, engine-neutral); any difference rolls the whole
   copy back, so the target is left empty;
5. only then are the sequences set past the highest id of each table (``setval`` is not undone by a
   rollback, so it comes after every check);
6. one audit row on the target records who copied what from where (appended after the comparison,
   so the copied audit log itself compares equal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, String, Table, func, inspect, select, text

from portfolio_desktop.config import sqlite_path
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import audit
from portfolio_desktop.store.digests import Digester, iter_rows, table_digest
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.migrate import current_revision, head_revision
from portfolio_desktop.store.schema import metadata
from portfolio_desktop.store.snapshot import TableDigest

ALEMBIC_TABLE = "alembic_version"
MAX_LISTED = 10


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    sha256: str  # equal on both sides (checked before commit)


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    revision: str
    tables: list[TableCopy]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)


class CopyRefused(PortfolioError):
    """The copy was not made; the target is exactly as before."""


def copy_tables() -> list[Table]:
    """Every table of the models, parents before children (foreign-key order)."""
    return list(metadata.sorted_tables)


def _tables_in(db: Database) -> set[str]:
    with db.read() as session:
        names = set(inspect(session.connection()).get_table_names())
    return {n for n in names if n != ALEMBIC_TABLE and not n.startswith("sqlite_")}


def _check_revisions(source: Database, target: Database) -> str:
    head = head_revision()
    src_rev, dst_rev = current_revision(source.read_engine), current_revision(target.read_engine)
    if src_rev != head:
        raise CopyRefused(
            f"來源資料庫的版本是 {src_rev or '（空白）'}，本程式是 {head}：請先用本版程式開啟來源一次"
            f"（portfolio-desktop --db 來源 init，會先自動備份再升級），再複製。",
            f"the source database is at revision {src_rev or '(none)'}, this app at {head}: open the source once "
            "with this version (portfolio-desktop --db SOURCE init; it backs up, then upgrades) and copy again.",
        )
    if dst_rev != src_rev:
        raise CopyRefused(
            f"目的資料庫的版本是 {dst_rev or '（空白）'}，與來源 {src_rev} 不同，不予複製。",
            f"the target database is at revision {dst_rev or '(none)'}, not {src_rev} like the source; not copied.",
        )
    wanted = {t.name for t in copy_tables()}
    for db, zh, en in ((source, "來源", "source"), (target, "目的", "target")):
        found = _tables_in(db)
        if found != wanted:
            extra, missing = sorted(found - wanted), sorted(wanted - found)
            raise CopyRefused(
                f"{zh}資料庫的資料表與本程式不符（多出：{', '.join(extra) or '無'}；缺少：{', '.join(missing) or '無'}），不予複製。",
                f"the {en} database's tables differ from this app's (extra: {', '.join(extra) or 'none'}; "
                f"missing: {', '.join(missing) or 'none'}); not copied.",
            )
    return head


def _require_empty(conn: Connection, tables: list[Table], shown: str) -> None:
    filled = [(t.name, n) for t in tables if (n := conn.execute(select(func.count()).select_from(t)).scalar_one())]
    if filled:
        listed = ", ".join(f"{name} ({n})" for name, n in filled[:MAX_LISTED])
        raise CopyRefused(
            f"目的資料庫 {shown} 不是空的（{listed}）：請建立一個新的空白資料庫再複製，以免覆蓋資料。",
            f"the target database {shown} is not empty ({listed}): create a new empty database and copy "
            "into it, so that nothing is overwritten.",
        )


def _value_problems(table: Table, row: tuple[object, ...], problems: list[tuple[str, str]]) -> None:
    """Text a server refuses: longer than the column (SQLite never enforces lengths) or with NUL."""
    key = ",".join(str(row[i]) for i, c in enumerate(table.columns) if c.primary_key)
    for i, column in enumerate(table.columns):
        value = row[i]
        if not isinstance(value, str):
            continue
        length = column.type.length if isinstance(column.type, String) else None
        if length is not None and len(value) > length:
            problems.append((
                f"{table.name}（編號 {key}）的 {column.name} 有 {len(value)} 個字，超過欄位上限 {length}",
                f"{table.name} (key {key}) column {column.name} holds {len(value)} characters, more than its "
                f"limit of {length}",
            ))
        if "\x00" in value:
            problems.append((
                f"{table.name}（編號 {key}）的 {column.name} 含有 NUL 字元",
                f"{table.name} (key {key}) column {column.name} contains a NUL character",
            ))


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    if conn.dialect.name != "postgresql":
        return  # SQLite hands out max(rowid) + 1 by itself
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False or pk[0].type.python_type is not int:
            continue
        conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE((SELECT MAX({pk[0].name}) FROM "
                 f"{table.name}), 0) + 1, false)"),
            {"t": table.name, "c": pk[0].name},
        )


def copy_database(
    source: Database,
    target: Database,
    actor: Actor,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row of ``source`` into the empty ``target`` (see the module docstring).

    Needs 備份資料 (Permission.BACKUP_RUN: 資訊組 or the administrator) in the source database.
    """
    src_file, dst_file = sqlite_path(source.url), sqlite_path(target.url)
    if source.url == target.url or (src_file is not None and src_file == dst_file):
        raise CopyRefused("來源與目的是同一個資料庫", "the source and the target are the same database")
    revision = _check_revisions(source, target)  # first: an older source may not have accounts yet
    actor = authz.require(source, actor, Permission.BACKUP_RUN).as_actor()
    tables = copy_tables()
    copied: dict[str, TableDigest] = {}
    with source.read() as src_session, target.write() as dst_session:
        src, dst = src_session.connection(), dst_session.connection()
        _require_empty(dst, tables, target.url)
        problems: list[tuple[str, str]] = []
        for table in tables:
            digester = Digester()
            for part in iter_rows(src, table):
                for row in part:
                    digester.add(row)
                    _value_problems(table, row, problems)
                if not problems:
                    dst.execute(table.insert(), [dict(zip(table.columns.keys(), row)) for row in part])
                if progress is not None:
                    progress(table.name, digester.rows)
            copied[table.name] = digester.result()
        if problems:
            shown = problems[:MAX_LISTED]
            more = len(problems) - len(shown)
            raise CopyRefused(
                "來源資料有伺服器不接受的內容，未複製任何資料：" + "；".join(p[0] for p in shown)
                + (f"；另有 {more} 處" if more else "") + "。請先在來源修正。",
                "the source holds values the server refuses; nothing was copied: " + "; ".join(p[1] for p in shown)
                + (f"; and {more} more" if more else "") + ". Correct them in the source first.",
            )
        mismatched = []
        for table in tables:
            got = table_digest(dst, table)
            if got != copied[table.name]:
                mismatched.append((table.name, copied[table.name], got))
        if mismatched:
            raise CopyRefused(
                "複製後比對不符，已全部取消（目的資料庫維持空白）：" + "；".join(
                    f"{n} 來源 {a.rows} 筆、目的 {b.rows} 筆{'、檢查碼不同' if a.rows == b.rows else ''}"
                    for n, a, b in mismatched),
                "the copy did not compare equal and was rolled back (the target is still empty): " + "; ".join(
                    f"{n}: source {a.rows} rows, target {b.rows}{', checksums differ' if a.rows == b.rows else ''}"
                    for n, a, b in mismatched),
            )
        _reset_sequences(dst, tables)  # after the comparison: setval is not undone by a rollback
        audit.record(
            dst_session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="db.copy",
            entity="database", key=str(src_file.name if src_file else source.url),
            after={"from": source.url, "revision": revision,
                   "rows": {n: d.rows for n, d in copied.items()},
                   "sha256": {n: d.sha256 for n, d in copied.items()}},
        )
    return CopyReport(source.url, target.url, revision,
                      [TableCopy(t.name, copied[t.name].rows, copied[t.name].sha256) for t in tables])


def compare_databases(a: Database, b: Database) -> dict[str, tuple[TableDigest, TableDigest]]:
    """Tables whose row count or checksum differ between two databases (empty = equal)."""
    different: dict[str, tuple[TableDigest, TableDigest]] = {}
    with a.read() as sa_, b.read() as sb_:
        for table in copy_tables():
            da, db_ = table_digest(sa_.connection(), table), table_digest(sb_.connection(), table)
            if da != db_:
                different[table.name] = (da, db_)
    return different
