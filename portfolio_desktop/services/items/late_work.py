"""Work done outside its 作業期程 window: recorded with its reason by whoever did it, then countersigned.

The rule (domain.windows.Countersign, seed 001 §四-§六): the teacher or office whose duty an action
is may do it after the window with a reason; the act is recorded at once (the work is not held back)
and waits for the countersignature (會簽) of the registry office of the student's division, of the
教務主任, or of nobody — the school's setting ``windows.late_countersign``, which the 教務主任 sets
because the 教務主任 plans the windows (seed 001 §四).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import Action
from portfolio_desktop.domain.roles import Permission, Role
from portfolio_desktop.domain.windows import DEFAULT_COUNTERSIGN, Countersign, WindowKind
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.services import authz, guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import WindowOverride
from portfolio_desktop.store.models import Term

LATE_COUNTERSIGN_KEY = "windows.late_countersign"


def late_countersign(session: Session) -> Countersign:
    """Who countersigns late work at this school (the default: the registry office)."""
    value = get_setting(session, LATE_COUNTERSIGN_KEY)
    try:
        return Countersign(value) if value else DEFAULT_COUNTERSIGN
    except ValueError:
        return DEFAULT_COUNTERSIGN


def set_late_countersign(db: Database, actor: Actor, value: Countersign) -> Countersign:
    """Set who countersigns late work: the 教務主任's decision (訂定作業期程, seed 001 §四)."""
    with db.write() as session:
        acting = authz.require(session, actor, Permission.WINDOWS_SET).as_actor()
        set_setting(session, acting, LATE_COUNTERSIGN_KEY, value.value)
    return value


def record_late(session: Session, actor: Actor, *, term: Term, kind: WindowKind, action: Action, reason: str,
                at: dt.datetime, item_id: int | None, student_id: int | None) -> WindowOverride:
    """Record one late act (the caller has already checked that ``actor`` may do the action itself)."""
    rule = late_countersign(session)
    row = WindowOverride(term_id=term.id, kind=kind.value, action=action.value, item_id=item_id,
                         student_id=student_id, reason=reason.strip()[:500], at=at, actor=actor.username,
                         on_behalf_of=actor.on_behalf_of,
                         countersign=None if rule is Countersign.NONE else rule.value)
    session.add(row)
    session.flush()
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="window.override",
                 entity="window_override", key=str(row.id),
                 after={"term": f"{term.school_year}-{term.semester}", "window": kind.value,
                        "action": action.value, "item_id": item_id, "reason": row.reason, "at": at,
                        "countersign": row.countersign})
    return row


@dataclass(frozen=True)
class Countersigned:
    id: int
    by: str
    on_behalf_of: str | None
    at: dt.datetime


def countersign(db: Database, actor: Actor, ids: Iterable[int], *, at: dt.datetime | None = None) -> list[Countersigned]:
    """Countersign late acts: each needs the office its row names (the registry of the student's
    division, or the 教務主任); all or nothing, every refusal audited by authz."""
    when = at or dt.datetime.now().replace(microsecond=0)
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise RuleError("請指定要會簽的補辦紀錄編號", "name the late records to countersign")
    done: list[Countersigned] = []
    with db.write() as session:
        rows = {r.id: r for r in session.scalars(select(WindowOverride).where(WindowOverride.id.in_(wanted)))}
        missing = [i for i in wanted if i not in rows]
        if missing:
            raise NotFoundError(f"沒有編號 {missing[0]} 的補辦紀錄", f"there is no late record {missing[0]}")
        for oid in wanted:
            row = rows[oid]
            if row.countersign is None:
                raise RuleError(f"補辦紀錄 {oid} 不需會簽", f"late record {oid} needs no countersignature")
            if row.countersigned_at is not None:
                raise RuleError(
                    f"補辦紀錄 {oid} 已由 {row.countersigned_by} 於 {row.countersigned_at:%Y-%m-%d %H:%M} 會簽",
                    f"late record {oid} was countersigned by {row.countersigned_by} at "
                    f"{row.countersigned_at:%Y-%m-%d %H:%M}")
            division = (guard.division_codes(session, {row.student_id}).get(row.student_id)
                        if row.student_id is not None else None)
            roles = frozenset({Role.DEAN}) if row.countersign == Countersign.DEAN.value else None
            acting = authz.require(session, actor, Permission.WINDOW_OVERRIDE, division=division,
                                   roles=roles).as_actor()
            if acting.username == row.actor:
                raise RuleError(f"補辦紀錄 {oid} 是您本人補辦的，須由他人會簽",
                                f"you did late act {oid} yourself; someone else must countersign it")
            row.countersigned_by = acting.username
            row.countersigned_for = acting.on_behalf_of
            row.countersigned_at = when
            audit.record(session, actor=acting.username, on_behalf_of=acting.on_behalf_of,
                         action="window.countersign", entity="window_override", key=str(oid),
                         before={"countersigned_at": None}, after={"countersigned_at": when})
            done.append(Countersigned(oid, acting.username, acting.on_behalf_of, when))
    return done
