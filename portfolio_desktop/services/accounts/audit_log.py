"""The audit log viewer's queries and export.

Reading the log needs :attr:`Permission.AUDIT_READ` (administrator, dean). Rows are never changed:
the database refuses UPDATE and DELETE on ``audit_log`` (triggers of 0001_foundation).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.audit_words import Entry, ItemRef, Names, changes, sentence
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.items_models import PortfolioItem
from portfolio_desktop.store.models import AuditLog, Student

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
    names: Names = field(default=Names(), compare=False, repr=False)  # looked up for the rows shown

    @property
    def entry(self) -> Entry:
        return Entry(self.actor, self.on_behalf_of, self.action, self.entity, self.entity_key, self.before,
                     self.after)

    def words(self, *, english: bool = False, date_text: Any = None) -> str:
        """The row as a sentence with people's and students' names (domain/audit_words.py)."""
        extra = {"date_text": date_text} if date_text is not None else {}
        return sentence(self.entry, self.names, english=english, **extra)

    def diff(self, *, english: bool = False, date_text: Any = None) -> list[str]:
        """Before → after as short lines in words."""
        extra = {"date_text": date_text} if date_text is not None else {}
        return changes(self.before, self.after, english=english, entity=self.entity, **extra)

    def person(self, username: str | None) -> str:
        return self.names.people.get(username or "", username or "")

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
    user: str | None = None  # actor OR on_behalf_of: an account name or (part of) a person's name
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


def people(db: Database, actor: Actor) -> list[tuple[str, str]]:
    """Every member of staff and everyone else the log names (who acted, for whom), as (account, the
    person's name), by name: the person chooser of the dean's filter. An account no staff record
    has (a failed sign-in) is listed by itself."""
    authz.require(db, actor, Permission.AUDIT_READ)
    with db.read() as s:
        named = {u for (u,) in s.execute(select(AuditLog.actor).distinct())}
        named |= {u for (u,) in s.execute(select(AuditLog.on_behalf_of).distinct()) if u}
        names = {u: n for u, n in s.execute(select(Staff.username, Staff.display_name))}
    named |= set(names)
    return sorted(((u, names.get(u, u)) for u in named), key=lambda p: (p[1], p[0]))


def query(db: Database, actor: Actor, flt: AuditFilter | None = None, *, limit: int = MAX_ROWS) -> list[AuditRow]:
    """Newest first, at most ``limit`` rows. A batch row (store/audit.py: a roster import's new
    students) is read as one row per record it holds, as if each had been written alone: the
    filters, the limit, the words and the export see those rows."""
    authz.require(db, actor, Permission.AUDIT_READ)
    f = flt or AuditFilter()
    with db.read() as s:
        stmt, wanted = _filtered(s, f)
        found: list[AuditRow] = []
        before: int | None = None  # the next page's rows are older than this id
        while len(found) < limit:
            asked = limit - len(found)
            page = stmt.order_by(AuditLog.id.desc()).limit(asked)
            stored = list(s.scalars(page if before is None else page.where(AuditLog.id < before)))
            for r in stored:
                found.extend(_rows_of(r, wanted))
            if len(stored) < asked:
                break  # no older rows
            before = stored[-1].id  # a batch row whose records were left out gave fewer rows: read on
        del found[limit:]
        names = _names(s, found)
    return [AuditRow(r.id, r.at, r.actor, r.on_behalf_of, r.action, r.entity, r.entity_key, r.before, r.after,
                     names) for r in found]


def _filtered(s: Session, f: AuditFilter) -> tuple[Select[AuditLog], Callable[[str], bool] | None]:
    """The stored rows that ``f`` may keep, and which of a batch row's records it keeps (by record key;
    None: all)."""
    stmt = select(AuditLog)
    wanted: Callable[[str], bool] | None = None
    if f.user:
        users = {f.user, *s.scalars(select(Staff.username).where(Staff.display_name.contains(f.user)))}
        stmt = stmt.where(or_(AuditLog.actor.in_(users), AuditLog.on_behalf_of.in_(users)))
    if f.record:  # a 學號, an account, or a student's name (their 學號 and their items)
        keys = [AuditLog.entity_key.contains(f.record)]
        found = list(s.execute(select(Student.id, Student.student_no).where(Student.name.contains(f.record))))
        keys += [AuditLog.entity_key.contains(no) for _id, no in found]
        if found:
            items = select(PortfolioItem.id).where(PortfolioItem.student_id.in_([i for i, _n in found]))
            keys.append(AuditLog.entity_key.in_([str(i) for i in s.scalars(items)]))
        # a batch row whose text holds the words (or any, when they name students: its records are
        # then kept by 學號 below, which is quicker than searching its text once per student)
        batches = AuditLog.action.in_(list(audit.BATCHES))
        keys.append(batches if found else and_(batches, AuditLog.after.contains(f.record)))
        stmt = stmt.where(or_(*keys))
        texts = [f.record, *(no for _id, no in found)]
        wanted = lambda key: any(text in key for text in texts)  # noqa: E731 - as entity_key.contains above
    if f.since:
        stmt = stmt.where(AuditLog.at >= _utc(f.since))
    if f.until:
        stmt = stmt.where(AuditLog.at < _utc(f.until + dt.timedelta(days=1)))
    if f.kind:
        prefix = f.kind.rstrip(".") + "."
        kinds = [AuditLog.action == f.kind, AuditLog.action.startswith(prefix)]
        read_as = [b.stored for b in audit.BATCHES.values() if b.action == f.kind or b.action.startswith(prefix)]
        if read_as:  # a batch row's records read as another action, which the kind names
            kinds.append(AuditLog.action.in_(read_as))
        stmt = stmt.where(or_(*kinds))
    return stmt, wanted


def _rows_of(r: AuditLog, wanted: Callable[[str], bool] | None) -> list[AuditRow]:
    """A stored row as the rows it is read as: itself, or a batch row's records (newest first, as
    the log is read) that ``wanted`` keeps."""
    batch = audit.BATCHES.get(r.action)
    if batch is None:
        return [AuditRow(r.id, r.at, r.actor, r.on_behalf_of, r.action, r.entity, r.entity_key, _load(r.before),
                         _load(r.after))]
    rows = []
    for record in reversed(audit.batch_records(_load(r.after))):
        key = record.get(batch.key)
        key = None if key is None else str(key)
        if wanted is None or key is not None and wanted(key):
            rows.append(AuditRow(r.id, r.at, r.actor, r.on_behalf_of, batch.action, r.entity, key, None, record))
    return rows


def _names(session: Any, rows: list[AuditRow]) -> Names:
    """People's display names, students' names and items' titles for the rows to be shown."""
    accounts = {r.actor for r in rows} | {r.on_behalf_of for r in rows if r.on_behalf_of}
    accounts |= {(r.entity_key or "").removeprefix("person:") for r in rows
                 if r.entity in ("staff", "account", "proxy_list", "consultant_assignment") and r.entity_key}
    people = dict(session.execute(select(Staff.username, Staff.display_name).where(
        Staff.username.in_(sorted(a for a in accounts if a)))).all()) if accounts else {}
    item_ids = sorted({int(r.entity_key or "") for r in rows if r.entity == "portfolio_item"
                       and (r.entity_key or "").isdigit()})
    items: dict[str, ItemRef] = {}
    student_nos = {(r.entity_key or "").split(" ", 1)[0] for r in rows
                   if r.entity in ("student", "notice", "receipt") and r.entity_key}
    students: dict[str, str] = {}
    for chunk in range(0, len(item_ids), 500):
        for item_id, kind, title, no, name in session.execute(
                select(PortfolioItem.id, PortfolioItem.kind, PortfolioItem.title, Student.student_no, Student.name)
                .join(Student, Student.id == PortfolioItem.student_id)
                .where(PortfolioItem.id.in_(item_ids[chunk:chunk + 500]))):
            items[str(item_id)] = ItemRef(no, name, kind, title)
    nos = sorted(n for n in student_nos if n)
    for chunk in range(0, len(nos), 500):
        students.update(session.execute(select(Student.student_no, Student.name)
                                        .where(Student.student_no.in_(nos[chunk:chunk + 500]))).all())
    return Names(people=people, students=students, items=items)


HEADERS = ["時間", "執行者", "代理誰", "動作", "對象", "紀錄", "變更前", "變更後", "說明"]


def _text(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_xlsx(db: Database, actor: Actor, path: Path, flt: AuditFilter | None = None) -> int:
    """Write the filtered rows to .xlsx (text cells are never formulas); the export itself is audited."""
    from portfolio_desktop.io.xlsx_out import write_table

    rows = query(db, actor, flt)
    count = write_table(
        Path(path), HEADERS,
        ((r.local_at().strftime("%Y-%m-%d %H:%M:%S"), r.actor, r.on_behalf_of or "", r.action, r.entity, r.entity_key or "", _text(r.before),
          _text(r.after), "；".join([r.words(), *r.diff()])) for r in rows),
        sheet="稽核紀錄", text_columns={0, 1, 2, 3, 4, 5, 6, 7, 8},
    )
    with db.write() as s:
        authz.ActingAs(actor.username, actor.on_behalf_of, Permission.AUDIT_READ).audit(
            s, action="audit.export", entity="audit_log", key=None,
            after={"file": Path(path).name, "rows": count, **{k: v for k, v in vars(flt or AuditFilter()).items() if v}})
    return count
