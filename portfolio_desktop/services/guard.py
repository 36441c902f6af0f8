"""Glue between the data services and :mod:`services.authz`.

* which permission an item action needs (:func:`item_permission`), by kind and action;
* the division (日間部 / 進修部) of the students a write touches, so each office writes only its own
  division (seed 001 §二, §五);
* :func:`require_each` — one :func:`authz.require` per division a write touches, answered as ONE
  :class:`authz.ActingAs` for the write's audit rows ("X 代 Y" when a proxy acts);
* :func:`reader` — whose rows a reader may see (an office: all; a mentor: own classes).

Everything that writes calls ``require*`` with its own session *before* writing (a refusal rolls the
session back and commits only the audit row of the refusal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import Action, ItemKind
from portfolio_desktop.domain.roles import Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import authz, read_scope
from portfolio_desktop.services.authz import ActingAs
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.item_settings import submit_role
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Division, SchoolClass, Student

P = Permission

# Entering an item by hand or from the platform's export (items.add_item / items_import.import_items):
# 課程學習成果 and 修課紀錄 are the registry's platform data (seed 001 §五(一)1, §六(二)2),
# 多元表現 and 幹部經歷 the activities office's (seed 001 §五(一)2, §六(二)3-4), 課程諮詢紀錄 the
# consultation teacher's (seed 001 §五(二)2).
ENTRY: dict[ItemKind, Permission] = {
    ItemKind.CLO: P.CLO_SUBMIT,
    ItemKind.COURSE_RECORD: P.GRADES_WRITE,
    ItemKind.MP: P.MP_SUBMIT,
    ItemKind.CADRE: P.CADRE_WRITE,
    ItemKind.CONSULTATION: P.CONSULTATION_WRITE,
}
# Submitting (seed 001 §六(二)): CLO and 修課紀錄 by 註冊組 / 進修部教務組, 多元表現 and 幹部經歷 by
# 訓育組 / 進修部學務組.
SUBMIT: dict[ItemKind, Permission] = {
    ItemKind.CLO: P.CLO_SUBMIT,
    ItemKind.COURSE_RECORD: P.CLO_SUBMIT,
    ItemKind.MP: P.MP_SUBMIT,
    ItemKind.CADRE: P.MP_SUBMIT,
    ItemKind.CONSULTATION: P.MP_SUBMIT,  # never submitted (domain refuses); kept total
}


def item_permission(kind: ItemKind, action: Action) -> Permission:
    """The permission one item action needs (who holds it: :func:`item_roles`)."""
    if action is Action.UPLOAD:
        return ENTRY[kind]
    if action in (Action.CERTIFY, Action.REJECT):
        return P.CLO_CERTIFY  # 任課教師, own courses only (seed 001 §五(三)2)
    if action in (Action.SELECT, Action.DESELECT):
        return P.CLO_SELECT  # 勾選作業 run by 教學組 (DOMAIN)
    if action is Action.SUBMIT:
        return SUBMIT[kind]
    return P.RECEIPT_CONFIRM  # 收訖確認 (seed 001 §六(三))


def item_roles(session: Session, kind: ItemKind, action: Action) -> frozenset[Role] | None:
    """Who may submit follows the school's setting ``items.submit_roles`` (services/items/item_settings.py
    submit_role): seed 000 has 教學組 submit CLOs, seed 001 註冊組/進修部教務組. None = the fixed table
    in domain/roles.py (every other action)."""
    if action is not Action.SUBMIT:
        return None
    role = submit_role(session, kind)
    return None if role is None else frozenset({role})


def require_item(session: Session, actor: Actor, kind: ItemKind, action: Action, *, division: str | None = None,
                 course_code: str | None = None, on: dt.date | None = None) -> ActingAs:
    """:func:`authz.require` for one item action, with the roles the school's setting names."""
    return authz.require(session, actor, item_permission(kind, action), division=division, course_code=course_code,
                         on=on, roles=item_roles(session, kind, action))


def submit_roles(db: Database) -> dict[ItemKind, frozenset[Role] | None]:
    """Who submits each kind of item at this school (:func:`item_roles` of 提交, read once)."""
    with db.read() as s:
        return {kind: item_roles(s, kind, Action.SUBMIT) for kind in ItemKind}


def why_not_action(db: Database | None, actor: Actor, action: Action, *,
                   directory: authz.StaffDirectory | None = None,
                   submitters: dict[ItemKind, frozenset[Role] | None] | None = None) -> PermissionDenied | None:
    """None when the actor may do ``action`` to some kind of item for some division / class / course
    (what :func:`require_item` decides, with the school's roles); else the refusal of the first kind.
    Not audited: for the GUI to offer or disable the action, never instead of :func:`require_item`.
    With ``directory`` and ``submitters`` (:func:`submit_roles`), read once, no database is read."""
    if submitters is None:
        if db is None:
            raise TypeError("why_not_action needs a database or the school's submit roles")
        submitters = submit_roles(db)
    roles = {kind: submitters[kind] if action is Action.SUBMIT else None for kind in ItemKind}
    first: PermissionDenied | None = None
    for permission, kind_roles in dict.fromkeys((item_permission(k, action), roles[k]) for k in ItemKind):
        denied = authz.why_not(db, actor, permission, roles=kind_roles, anywhere=True, directory=directory)
        if denied is None:
            return None
        first = first or denied
    return first


def division_codes(session: Session, student_ids: Iterable[int]) -> dict[int, str]:
    """student id → "day" / "night" (one query per 900 ids)."""
    ids = sorted(set(student_ids))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        stmt = (select(Student.id, Division.code).join(SchoolClass, Student.class_id == SchoolClass.id)
                .join(Division, SchoolClass.division_id == Division.id).where(Student.id.in_(ids[i:i + 900])))
        out.update({sid: code for sid, code in session.execute(stmt)})
    return out


def division_of(session: Session, student_id: int) -> str | None:
    return division_codes(session, [student_id]).get(student_id)


def class_division(session: Session, class_id: int) -> str | None:
    return session.scalar(select(Division.code).join(SchoolClass, SchoolClass.division_id == Division.id)
                          .where(SchoolClass.id == class_id))


def combine(actings: Iterable[ActingAs]) -> ActingAs:
    """One acting for a write that needed several checks: the same person throughout; "for" whom
    they acted, joined when they acted for several (each check's own answer is still audited per row
    where the service writes one row per division)."""
    seq = list(actings)
    if not seq:
        raise ValueError("no acting")
    first = seq[0]
    behalf = sorted({a.on_behalf_of for a in seq if a.on_behalf_of})
    return ActingAs(first.username, "、".join(behalf)[:60] or None, first.permission, first.via)


def require_each(session: Session, actor: Actor, permission: Permission, divisions: Iterable[str | None], *,
                 on: dt.date | None = None) -> dict[str | None, ActingAs]:
    """:func:`authz.require` once per division (sorted; ``None`` = not about one division)."""
    wanted = sorted(set(divisions), key=lambda d: d or "")
    if not wanted:
        wanted = [None]
    return {d: authz.require(session, actor, permission, division=d, on=on) for d in wanted}


def require_divisions(session: Session, actor: Actor, permission: Permission, divisions: Iterable[str | None], *,
                      on: dt.date | None = None) -> ActingAs:
    return combine(require_each(session, actor, permission, divisions, on=on).values())


def reader(db: Database, actor: Actor, permission: Permission = P.ROSTER_READ) -> Viewer:
    """Whose rows this actor may read: the whole school (an office) or a mentor's own classes.
    Refuses (audited) anyone who may read none."""
    return read_scope.viewer_for(db, actor, permission=permission)
