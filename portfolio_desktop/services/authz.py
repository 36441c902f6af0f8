"""The ONE place services ask whether someone may act: :func:`require`.

It reads the actor's grants from the database (never from the Actor object the caller holds), and
decides who acts for whom:

1. the actor's own grants cover the action (domain/roles.py) → they act as themselves; a departed
   person's own account acts only for what the grace period allows (seed 001 §九(三)2(2));
2. otherwise, if the actor is on the proxy list of a holder who would be allowed and cannot act on
   the day (departed — from the departure on, during the holder's grace period too —, on leave), and
   the actor is the *first available* proxy in order, they act "for" that holder (seed 001 §九(一)2,
   (三)1-2; domain.proxies.acting_for);
3. otherwise :class:`PermissionDenied` naming the role needed — and the refusal is written to the
   audit log in its own transaction ("a refused action … is audited").

Usage, one line per write::

    acting = authz.require(session, actor, Permission.STATUS_CHANGE, division="day")
    ...
    acting.audit(session, action="student.status", entity="student", key=no, before=b, after=a)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain import roles as R
from portfolio_desktop.domain.proxies import NobodyAvailable, Person, acting_for, unavailable_reason
from portfolio_desktop.domain.roles import Grant, Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import (
    all_staff,
    grants_of,
    holders_of,
    holds,
    maybe_staff,
    person_of,
)
from portfolio_desktop.store import audit as audit_store
from portfolio_desktop.store.accounts_models import ProxyEntry, ProxyList, Staff
from portfolio_desktop.store.engine import Database


@dataclass(frozen=True)
class ActingAs:
    """Who acts (``username``) and for whom (``on_behalf_of``, None when acting as themselves)."""

    username: str
    on_behalf_of: str | None
    permission: Permission
    via: str | None = None  # e.g. "proxy list 註冊組 rank 2"

    def as_actor(self) -> Actor:
        return Actor(self.username, self.on_behalf_of)

    @property
    def label(self) -> str:
        return f"{self.username} 代 {self.on_behalf_of}" if self.on_behalf_of else self.username

    def audit(self, session: Session, *, action: str, entity: str, key: str | None,
              before: Any = None, after: Any = None) -> None:
        """Append the audit row of this write, attributed "X for Y" when a proxy acts."""
        audit_store.record(session, actor=self.username, on_behalf_of=self.on_behalf_of, action=action,
                           entity=entity, key=key, before=before, after=after)


def _today() -> dt.date:
    return dt.date.today()


def _lists_with(session: Session, staff: Staff) -> list[ProxyList]:
    """Proxy lists on which ``staff`` appears, in the order they were made."""
    return list(
        session.scalars(
            select(ProxyList)
            .join(ProxyEntry, ProxyEntry.list_id == ProxyList.id)
            .where(ProxyEntry.staff_id == staff.id)
            .order_by(ProxyList.id)
            .options(selectinload(ProxyList.entries).selectinload(ProxyEntry.staff).selectinload(Staff.leaves),
                     selectinload(ProxyList.holder), selectinload(ProxyList.division))
        )
    )


# ------------------------------------------------------------------------ what a decision reads


@dataclass(frozen=True)
class StaffView:
    """One person as a decision needs them: their grants and when they can act (leaves, departure)."""

    username: str
    display_name: str
    departed_on: dt.date | None
    grants: tuple[Grant, ...]
    person: Person


@dataclass(frozen=True)
class ProxyListView:
    """A 代理人 list: a person's own (``holder``) or an office's (``role`` of ``division``), its proxies
    in order."""

    holder: StaffView | None
    role: str | None
    division: str | None
    proxies: tuple[Person, ...]
    members: frozenset[str]  # the proxies' account names


class Directory(Protocol):
    """Where a decision reads people and proxy lists: the database in the caller's session
    (:class:`SessionDirectory`, what every service uses), or a copy read once (:class:`StaffDirectory`,
    what the GUI asks before it offers an action, without touching the database on its thread)."""

    def staff(self, username: str) -> StaffView | None: ...

    def lists_with(self, username: str) -> list[ProxyListView]: ...

    def holders_of(self, role: Role, division: str | None) -> list[StaffView]: ...


def _dean_name(d: Directory) -> str | None:
    """教務主任, whom a refusal tells to ask when nobody on a list can act."""
    deans = d.holders_of(Role.DEAN, None)
    return deans[0].display_name if deans else None


def _view(staff: Staff) -> StaffView:
    return StaffView(staff.username, staff.display_name, staff.departed_on, grants_of(staff), person_of(staff))


def _list_view(plist: ProxyList) -> ProxyListView:
    return ProxyListView(
        holder=_view(plist.holder) if plist.holder is not None else None,
        role=plist.role,
        division=plist.division.code if plist.division is not None else None,
        proxies=tuple(person_of(e.staff) for e in plist.entries),
        members=frozenset(e.staff.username for e in plist.entries),
    )


class SessionDirectory:
    """The people and lists a decision asks for, read in the caller's session when asked."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._staff: dict[str, Staff | None] = {}

    def person(self, username: str) -> Staff | None:
        """The person's row in the session (grants, leaves and account loaded), read once."""
        if username not in self._staff:
            self._staff[username] = maybe_staff(self.session, username)
        return self._staff[username]

    def staff(self, username: str) -> StaffView | None:
        row = self.person(username)
        return _view(row) if row is not None else None

    def lists_with(self, username: str) -> list[ProxyListView]:
        row = self.person(username)
        return [_list_view(p) for p in _lists_with(self.session, row)] if row is not None else []

    def holders_of(self, role: Role, division: str | None) -> list[StaffView]:
        return [_view(h) for h in holders_of(self.session, role, division)]


class StaffDirectory:
    """Every member of staff and every proxy list, read once (:meth:`load`, on a worker thread): the GUI
    decides from it which actions to offer. Read again when accounts change (gui/context.py); the
    services still decide every action themselves, from the database."""

    def __init__(self, people: list[StaffView], lists: list[ProxyListView]) -> None:
        self._by_name = {p.username: p for p in people}
        self._people = sorted(people, key=lambda p: p.username)  # holders_of's order (all_staff)
        self._lists = lists

    @classmethod
    def load(cls, db: Database) -> StaffDirectory:
        with db.read() as s:
            # every person once (grants, leaves); a list's holder and proxies are those same rows, found
            # in the session without another query
            people = [_view(p) for p in all_staff(s)]
            lists = s.scalars(select(ProxyList).order_by(ProxyList.id)
                              .options(selectinload(ProxyList.entries), selectinload(ProxyList.division)))
            return cls(people, [_list_view(p) for p in lists if p.entries])

    def staff(self, username: str) -> StaffView | None:
        return self._by_name.get(username.strip())

    def lists_with(self, username: str) -> list[ProxyListView]:
        return [p for p in self._lists if username in p.members]

    def holders_of(self, role: Role, division: str | None) -> list[StaffView]:
        return [p for p in self._people if holds(p.grants, role, division)]


_DIRECTORY = "authz.directory"


def session_directory(session: Session) -> SessionDirectory:
    """The directory the decisions of one transaction share, so that a read scope of many grants or a
    batch of checks reads each person once. A session holding changes it has not written yet gets a
    fresh one, and a flush or the end of the transaction drops it: a decision always sees the grants,
    leaves and lists as the session now has them."""
    if session.identity_map.check_modified() or session.new or session.deleted:
        return SessionDirectory(session)
    found = session.info.get(_DIRECTORY)
    if not isinstance(found, SessionDirectory):
        found = session.info[_DIRECTORY] = SessionDirectory(session)
    return found


@event.listens_for(Session, "after_flush")
def _written(session: Session, _context: Any) -> None:
    session.info.pop(_DIRECTORY, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, _transaction: Any) -> None:
    session.info.pop(_DIRECTORY, None)


def _decide(session: Session, actor: Actor, permission: Permission, *, division: str | None,
            class_id: int | None, course_code: str | None, day: dt.date,
            roles: R.Roles = None) -> ActingAs | PermissionDenied:
    return _decide_in(session_directory(session), actor, permission, division=division, class_id=class_id,
                      course_code=course_code, day=day, roles=roles)


def _decide_in(d: Directory, actor: Actor, permission: Permission, *, division: str | None,
               class_id: int | None, course_code: str | None, day: dt.date,
               roles: R.Roles = None) -> ActingAs | PermissionDenied:
    ctx: dict[str, Any] = {"division": division, "class_id": class_id, "course_code": course_code, "roles": roles}
    staff = d.staff(actor.username)
    if staff is None:
        return PermissionDenied(
            f"「{actor.username}」不是本系統的人員帳號，請先登入",
            f"'{actor.username}' is not a staff account here; sign in first",
        )
    grace = permission in R.GRACE_PERMISSIONS
    own = R.covering(staff.grants, permission, **ctx)
    if own and actor.on_behalf_of in (None, actor.username):
        why = unavailable_reason(staff.person, day, grace_applies=grace)
        departed = staff.departed_on is not None and day >= staff.departed_on
        if not departed or why is None:  # someone on leave who signs in may still act themselves
            return ActingAs(staff.username, None, permission)
        return PermissionDenied(f"{staff.display_name}：{why[0]}，帳號不能再執行「{permission.zh}」",
                                f"{staff.username}: {why[1]}; the account can no longer {permission.en}")
    hints_zh: list[str] = []
    hints_en: list[str] = []
    for plist in d.lists_with(staff.username):
        proxies = list(plist.proxies)
        if plist.holder is not None:  # a person's own list (teacher, mentor, consultant …)
            holder = plist.holder
            if actor.on_behalf_of not in (None, holder.username):
                continue
            if not R.can(holder.grants, permission, **ctx):
                continue
            label = holder.display_name
            try:
                # a departed holder's proxy acts even during the holder's grace (domain.proxies.acting_for)
                res = acting_for(holder.person, proxies, day, function=label, ask=_dean_name(d))
            except NobodyAvailable:
                continue
            on_behalf = holder.username
        else:  # an office function's list
            role = Role(plist.role or "")
            fdiv = plist.division
            if not R.grant_covers(Grant(role, fdiv), permission, **ctx):
                continue
            label = R.role_label(role, fdiv)
            holders = d.holders_of(role, fdiv)
            present = [h for h in holders if unavailable_reason(h.person, day) is None]
            if present:  # someone holding the office can act: no proxy needed
                hints_zh.append(f"{label}由 {present[0].display_name} 本人可執行，不需代理")
                hints_en.append(f"{label} is held by {present[0].username}, who can act; no proxy is needed")
                continue
            first = holders[0] if holders else None
            on_behalf = first.username if first is not None else label
            if actor.on_behalf_of not in (None, on_behalf):
                continue
            try:
                res = acting_for(first.person if first else None, proxies, day, function=label, ask=_dean_name(d))
            except NobodyAvailable:
                continue
        if res.acting == staff.username:
            return ActingAs(staff.username, on_behalf, permission, via=f"{label} 代理順位 {res.rank}")
        if res.rank > 0:
            hints_zh.append(f"「{label}」目前應由第 {res.rank} 順位 {res.acting} 代理")
            hints_en.append(f"'{label}' is now covered by proxy #{res.rank} {res.acting}")
        else:
            hints_zh.append(f"{label} 本人可執行，不需代理")  # within a grace period, or back from leave
            hints_en.append(f"{label} can act themselves; no proxy is needed")
    denied = R.denial(permission, who=staff.display_name, **ctx)
    if hints_zh:
        return PermissionDenied(f"{denied.zh}（{'；'.join(hints_zh)}）", f"{denied.en} ({'; '.join(hints_en)})")
    return denied


def _audit_refusal(session: Session, actor: Actor, permission: Permission, exc: PermissionDenied,
                   ctx: dict[str, Any]) -> None:
    audit_store.record(session, actor=actor.username[:60], on_behalf_of=actor.on_behalf_of, action="authz.denied",
                       entity="permission", key=permission.value, after={**ctx, "reason": exc.en, "reason_zh": exc.zh})


def require(db_or_session: Database | Session, actor: Actor, permission: Permission, *,
            division: str | None = None, class_id: int | None = None, course_code: str | None = None,
            on: dt.date | None = None, roles: R.Roles = None) -> ActingAs:
    """Allow the action and say who acts for whom, or refuse it (audited) naming the role needed.

    With a :class:`Database`, the check reads in its own session and a refusal is audited in its
    own write transaction. With a caller's session (so that the division / class / course can be
    looked up in the same transaction), a refusal first rolls back whatever the caller did in that
    session — the action is refused, so the database must stay as it was — then commits the audit
    row alone, and raises. Call it before writing anything.

    ``roles``: the roles that hold ``permission`` here when a school setting decides it (see
    services/guard.py :func:`require_item`); None = the fixed table in domain/roles.py.
    """
    day = on or _today()
    ctx: dict[str, Any] = {"division": division, "class_id": class_id, "course_code": course_code}
    if roles is not None:  # the refusal's audit row says which roles the school's setting asked for
        ctx["roles"] = sorted(r.value for r in roles)
    if isinstance(db_or_session, Database):
        with db_or_session.read() as s:
            result = _decide(s, actor, permission, division=division, class_id=class_id,
                             course_code=course_code, day=day, roles=roles)
        if isinstance(result, PermissionDenied):
            with db_or_session.write() as w:
                _audit_refusal(w, actor, permission, result, ctx)
            raise result
        return result
    session = db_or_session
    result = _decide(session, actor, permission, division=division, class_id=class_id,
                     course_code=course_code, day=day, roles=roles)
    if isinstance(result, PermissionDenied):
        session.rollback()
        _audit_refusal(session, actor, permission, result, ctx)
        session.commit()
        raise result
    return result


def decide(session: Session, actor: Actor, permission: Permission, *, division: str | None = None,
           class_id: int | None = None, course_code: str | None = None,
           on: dt.date | None = None) -> ActingAs | PermissionDenied:
    """The decision :func:`require` would take, neither audited nor raised: for a service that acts
    on the part of a file the user may act on and audits the rest (services/items/items_import.py)."""
    return _decide(session, actor, permission, division=division, class_id=class_id,
                   course_code=course_code, day=on or _today())


def allowed(db: Database | None, actor: Actor, permission: Permission, *, division: str | None = None,
            class_id: int | None = None, course_code: str | None = None, on: dt.date | None = None,
            roles: R.Roles = None, directory: StaffDirectory | None = None) -> bool:
    """For the GUI to enable or grey out an action; not audited, never a substitute for require()."""
    if directory is not None:
        return isinstance(_decide_in(directory, actor, permission, division=division, class_id=class_id,
                                     course_code=course_code, day=on or _today(), roles=roles), ActingAs)
    if db is None:
        raise TypeError("allowed needs a database or a directory")
    with db.read() as s:
        result = _decide(s, actor, permission, division=division, class_id=class_id,
                         course_code=course_code, day=on or _today(), roles=roles)
    return isinstance(result, ActingAs)


def why_not(db: Database | None, actor: Actor, permission: Permission, *, division: str | None = None,
            class_id: int | None = None, course_code: str | None = None, on: dt.date | None = None,
            roles: R.Roles = None, anywhere: bool = False,
            directory: StaffDirectory | None = None) -> PermissionDenied | None:
    """The refusal :func:`require` would raise for this action — same decision, same text — or None
    when it is allowed. Not audited: the GUI asks it before it offers an action (to hide or disable
    it with this reason), never instead of the service's own ``require``. With ``directory`` (read
    once, :class:`StaffDirectory`) the decision reads no database.

    ``anywhere``: allowed when the action is allowed for SOME class or course — a mentor for their
    class, a teacher for their course, or whoever they now act for as first available proxy (seed
    001 §九(一)2): "may this user use the page at all?". The refusal is then the unscoped one."""
    if directory is not None:
        return _why_not_in(directory, actor, permission, division=division, class_id=class_id,
                           course_code=course_code, day=on or _today(), roles=roles, anywhere=anywhere)
    if db is None:
        raise TypeError("why_not needs a database or a directory")
    with db.read() as s:
        return _why_not_in(session_directory(s), actor, permission, division=division, class_id=class_id,
                           course_code=course_code, day=on or _today(), roles=roles, anywhere=anywhere)


def _why_not_in(d: Directory, actor: Actor, permission: Permission, *, division: str | None,
                class_id: int | None, course_code: str | None, day: dt.date, roles: R.Roles,
                anywhere: bool) -> PermissionDenied | None:
    first = _decide_in(d, actor, permission, division=division, class_id=class_id, course_code=course_code,
                       day=day, roles=roles)
    if isinstance(first, ActingAs):
        return None
    staff = d.staff(actor.username) if anywhere and class_id is None and course_code is None else None
    if staff is not None:  # the classes / courses of the actor and of the holders they stand in for
        people = [staff, *(p.holder for p in d.lists_with(staff.username) if p.holder is not None)]
        scopes = {(g.class_id, g.course_code) for person in people for g in person.grants
                  if g.role in (Role.MENTOR, Role.TEACHER)}
        for cid, code in sorted(scopes, key=lambda r: (r[0] or 0, r[1] or "")):
            if isinstance(_decide_in(d, actor, permission, division=division, class_id=cid, course_code=code,
                                     day=day, roles=roles), ActingAs):
                return None
    return first


def grants_for(db: Database, username: str) -> tuple[Grant, ...]:
    with db.read() as s:
        staff = maybe_staff(s, username)
        return grants_of(staff) if staff is not None else ()


def mentor_classes(db: Database, actor: Actor) -> set[int]:
    """The classes a mentor may read (their own); for services that list only those."""
    return {g.class_id for g in grants_for(db, actor.username) if g.role is Role.MENTOR and g.class_id is not None}


def audit_refusal(db_or_session: Database | Session, actor: Actor, permission: Permission, exc: PermissionDenied,
                  ctx: dict[str, Any]) -> None:
    """Audit a refusal decided elsewhere (services/read_scope.py: a read outside the reader's scope),
    as :func:`require` audits its own: with a Database in its own write transaction; with a
    caller's session after rolling back whatever the caller did in it."""
    if isinstance(db_or_session, Database):
        with db_or_session.write() as w:
            _audit_refusal(w, actor, permission, exc, ctx)
        return
    db_or_session.rollback()
    _audit_refusal(db_or_session, actor, permission, exc, ctx)
    db_or_session.commit()
