"""The audit log viewer's queries and export (issue 5 "Audit log").

Reading the log needs :attr:`Permission.AUDIT_READ` (administrator, dean). Rows are never changed:
the database refuses UPDATE and DELETE on ``audit_log`` (triggers of 0001_foundation).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog

MAX_ROWS = 100_000


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # UTC, as stored
    actor: str
    on_behalf_of: str | None
    action: str
    entity: str
    entity_key: str | None
    before: Any
    after: Any

    @property
    def who(self) -> str:
        """"X 代 Y" when a proxy acted."""
        return f"{self.actor} 代 {self.on_behalf_of}" if self.on_behalf_of else self.actor

    @property
    def kind(self) -> str:
        return self.action.split(".", 1)[0]

    def local_at(self) -> dt.datetime:
        return self.at.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


@dataclass(frozen=True)
class AuditFilter:
    user: str | None = None  # actor OR on_behalf_of
    record: str | None = None  # entity key contains
    since: dt.date | None = None  # local dates, both included
    until: dt.date | None = None
    kind: str | None = None  # action prefix, e.g. "account" or "proxies.set"


def _load(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def kinds(db: Database, actor: Actor) -> list[str]:
    """The action families present (account, authz, proxies, setting, student …), for the filter box."""
    authz.require(db, actor, Permission.AUDIT_READ)
    with db.read() as s:
        return sorted({a.split(".", 1)[0] for a in s.scalars(select(AuditLog.action).distinct())})


def query(db: Database, actor: Actor, flt: AuditFilter | None = None, *, limit: int = MAX_ROWS) -> list[AuditRow]:
    """Newest first."""
    authz.require(db, actor, Permission.AUDIT_READ)
    f = flt or AuditFilter()
    stmt = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if f.user:
        stmt = stmt.where(or_(AuditLog.actor == f.user, AuditLog.on_behalf_of == f.user))
    if f.record:
        stmt = stmt.where(AuditLog.entity_key.contains(f.record))
    if f.since:
        stmt = stmt.where(AuditLog.at >= _utc(f.since))
    if f.until:
        stmt = stmt.where(AuditLog.at < _utc(f.until + dt.timedelta(days=1)))
    if f.kind:
        stmt = stmt.where(or_(AuditLog.action == f.kind, AuditLog.action.startswith(f.kind.rstrip(".") + ".")))
    with db.read() as s:
        return [
            AuditRow(r.id, r.at, r.actor, r.on_behalf_of, r.action, r.entity, r.entity_key, _load(r.before),
                     _load(r.after))
            for r in s.scalars(stmt)
        ]


HEADERS = ["時間", "執行者", "代理誰", "動作", "對象", "紀錄", "變更前", "變更後"]


def _text(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_xlsx(db: Database, actor: Actor, path: Path, flt: AuditFilter | None = None) -> int:
    """Write the filtered rows to .xlsx (text cells are never formulas); the export itself is audited."""
    from portfolio_desktop.io.xlsx_out import write_table

    rows = query(db, actor, flt)
    count = write_table(
        Path(path), HEADERS,
        ((r.local_at().strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.on_behalf_of or "", r.action, r.entity, r.entity_key or "", _text(r.before),
          _text(r.after)) for r in rows),
        sheet="稽核紀錄", text_columns={0, 1, 2, 3, 4, 5, 6, 7},
    )
    with db.write() as s:
        authz.ActingAs(actor.username, actor.on_behalf_of, Permission.AUDIT_READ).audit(
            s, action="audit.export", entity="audit_log", key=None,
            after={"file": Path(path).name, "rows": count, **{k: v for k, v in vars(flt or AuditFilter()).items() if v}})
    return count
