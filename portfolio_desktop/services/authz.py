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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain import roles as R
from portfolio_desktop.domain.proxies import NobodyAvailable, acting_for, unavailable_reason
from portfolio_desktop.domain.roles import Grant, Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import grants_of, holders_of, maybe_staff, person_of
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
    """Proxy lists on which ``staff`` appears."""
    return list(
        session.scalars(
            select(ProxyList)
            .join(ProxyEntry, ProxyEntry.list_id == ProxyList.id)
            .where(ProxyEntry.staff_id == staff.id)
            .options(selectinload(ProxyList.entries).selectinload(ProxyEntry.staff).selectinload(Staff.leaves),
                     selectinload(ProxyList.holder), selectinload(ProxyList.division))
        )
    )


def _dean_name(session: Session) -> str | None:
    deans = holders_of(session, Role.DEAN, None)
    return deans[0].display_name if deans else None


def _decide(session: Session, actor: Actor, permission: Permission, *, division: str | None,
            class_id: int | None, course_code: str | None, day: dt.date,
            roles: R.Roles = None) -> ActingAs | PermissionDenied:
    ctx: dict[str, Any] = {"division": division, "class_id": class_id, "course_code": course_code, "roles": roles}
    staff = maybe_staff(session, actor.username)
    if staff is None:
        return PermissionDenied(
            f"「{actor.username}」不是本系統的人員帳號，請先登入",
            f"'{actor.username}' is not a staff account here; sign in first",
        )
    grace = permission in R.GRACE_PERMISSIONS
    own = R.covering(grants_of(staff), permission, **ctx)
    if own and actor.on_behalf_of in (None, actor.username):
        why = unavailable_reason(person_of(staff), day, grace_applies=grace)
        departed = staff.departed_on is not None and day >= staff.departed_on
        if not departed or why is None:  # someone on leave who signs in may still act themselves
            return ActingAs(staff.username, None, permission)
        return PermissionDenied(f"{staff.display_name}：{why[0]}，帳號不能再執行「{permission.zh}」",
                                f"{staff.username}: {why[1]}; the account can no longer {permission.en}")
    hints_zh: list[str] = []
    hints_en: list[str] = []
    for plist in _lists_with(session, staff):
        proxies = [person_of(e.staff) for e in plist.entries]
        if plist.holder is not None:  # a person's own list (teacher, mentor, consultant …)
            holder = plist.holder
            if actor.on_behalf_of not in (None, holder.username):
                continue
            if not R.can(grants_of(holder), permission, **ctx):
                continue
            label = holder.display_name
            try:
                # a departed holder's proxy acts even during the holder's grace (domain.proxies.acting_for)
                res = acting_for(person_of(holder), proxies, day, function=label, ask=_dean_name(session))
            except NobodyAvailable:
                continue
            on_behalf = holder.username
        else:  # an office function's list
            role = Role(plist.role or "")
            fdiv = plist.division.code if plist.division is not None else None
            if not R.grant_covers(Grant(role, fdiv), permission, **ctx):
                continue
            label = R.role_label(role, fdiv)
            holders = holders_of(session, role, fdiv)
            present = [h for h in holders if unavailable_reason(person_of(h), day) is None]
            if present:  # someone holding the office can act: no proxy needed
                hints_zh.append(f"{label}由 {present[0].display_name} 本人可執行，不需代理")
                hints_en.append(f"{label} is held by {present[0].username}, who can act; no proxy is needed")
                continue
            first = holders[0] if holders else None
            on_behalf = first.username if first is not None else label
            if actor.on_behalf_of not in (None, on_behalf):
                continue
            try:
                res = acting_for(person_of(first) if first else None, proxies, day, function=label,
                                 ask=_dean_name(session))
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


def allowed(db: Database, actor: Actor, permission: Permission, *, division: str | None = None,
            class_id: int | None = None, course_code: str | None = None, on: dt.date | None = None,
            roles: R.Roles = None) -> bool:
    """For the GUI to enable or grey out an action; not audited, never a substitute for require()."""
    with db.read() as s:
        result = _decide(s, actor, permission, division=division, class_id=class_id,
                         course_code=course_code, day=on or _today(), roles=roles)
    return isinstance(result, ActingAs)


def why_not(db: Database, actor: Actor, permission: Permission, *, division: str | None = None,
            class_id: int | None = None, course_code: str | None = None, on: dt.date | None = None,
            roles: R.Roles = None, anywhere: bool = False) -> PermissionDenied | None:
    """The refusal :func:`require` would raise for this action — same decision, same text — or None
    when it is allowed. Not audited: the GUI asks it before it offers an action (to hide or disable
    it with this reason), never instead of the service's own ``require``.

    ``anywhere``: allowed when the action is allowed for SOME class or course — a mentor for their
    class, a teacher for their course, or whoever they now act for as first available proxy (seed
    001 §九(一)2): "may this user use the page at all?". The refusal is then the unscoped one."""
    day = on or _today()
    with db.read() as s:
        first = _decide(s, actor, permission, division=division, class_id=class_id,
                        course_code=course_code, day=day, roles=roles)
        if isinstance(first, ActingAs):
            return None
        staff = maybe_staff(s, actor.username) if anywhere and class_id is None and course_code is None else None
        if staff is not None:  # the classes / courses of the actor and of the holders they stand in for
            people = [staff, *(p.holder for p in _lists_with(s, staff) if p.holder is not None)]
            scopes = {(g.class_id, g.course_code) for person in people for g in grants_of(person)
                      if g.role in (Role.MENTOR, Role.TEACHER)}
            for cid, code in sorted(scopes, key=lambda r: (r[0] or 0, r[1] or "")):
                if isinstance(_decide(s, actor, permission, division=division, class_id=cid, course_code=code,
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
