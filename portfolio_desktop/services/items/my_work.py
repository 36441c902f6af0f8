"""「我的待辦」: the items waiting for one person — as themselves and as proxy for whom — with the
deadline of each step's window (ROC) and the days left. The rule of what waits is domain/my_work.py;
who may act is authz's one decision (the same as the action itself will ask, so the list never offers
what would be refused, and a proxy sees the work of the holder they now act for: seed 001 §九(一)2,
§九(三))."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from portfolio_desktop.domain.items import Action, ItemKind
from portfolio_desktop.domain.my_work import deadline_window, waiting_pairs, waiting_step
from portfolio_desktop.domain.proxies import in_grace
from portfolio_desktop.domain.roles import Role
from portfolio_desktop.domain.windows import YEAR_WIDE, Window, format_when, window_for
from portfolio_desktop.services import authz, guard
from portfolio_desktop.services.items.items import ItemRow, _item_query, _rows
from portfolio_desktop.services.items.windows import load_windows
from portfolio_desktop.services.accounts.staff_store import maybe_staff, person_of
from portfolio_desktop.services.read_scope import Reader, ReadScope, require_reader
from portfolio_desktop.services.terms import resolve_term
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import PortfolioItem
from portfolio_desktop.store.models import SchoolClass, Student, Term


@dataclass(frozen=True)
class WorkRow:
    item: ItemRow
    action: Action
    on_behalf_of: str | None  # None: the person's own work; else the holder they act for
    via: str | None  # e.g. "張老師（chang）代理順位 1"
    deadline: Window | None  # the window of this step (None: no window set)
    days_left: int | None  # to the window's last day; negative = overdue; None without a window

    @property
    def deadline_roc(self) -> str:
        return format_when(self.deadline.ends_at) if self.deadline is not None else ""

    @property
    def for_whom(self) -> str:
        return f"代 {self.on_behalf_of}" if self.on_behalf_of else "本人"

    @property
    def days_left_zh(self) -> str:
        if self.days_left is None:
            return "（未設期程）"
        if self.days_left < 0:
            return f"已逾期 {-self.days_left} 天"
        return "今天截止" if self.days_left == 0 else f"剩 {self.days_left} 天"


def my_work(db: Database, actor: Reader, *, on: dt.date | None = None,
            term: str | tuple[int, int] | None = None) -> list[WorkRow]:
    """The items waiting for ``actor`` on ``on`` (default today), soonest deadline first; ``term``
    narrows to one term (default: every term). An item is listed when authz would let the actor do
    its next step for that student's division and course — as themselves or as first available
    proxy (the same decision the action itself asks), so the list never offers what is refused."""
    who = actor.actor if isinstance(actor, ReadScope) else actor
    day = on or dt.date.today()
    with db.read() as session:
        staff = maybe_staff(session, who.username)
        grace = staff is not None and in_grace(person_of(staff), day)
    if not grace:  # a current member of staff (refused and audited otherwise); a departed teacher's own
        require_reader(db, actor)  # account still certifies during its grace (seed 001 §九(三)2(2))
    pairs = waiting_pairs()
    stmt = _item_query().where(or_(*(and_(PortfolioItem.kind == k.value, PortfolioItem.state == s.value)
                                     for k, s in pairs)))
    if term is not None:
        year, sem = resolve_term(term)
        stmt = stmt.where(Term.school_year == year, Term.semester == sem)
    stmt = stmt.order_by(Term.school_year, Term.semester, SchoolClass.code, Student.seat_no, PortfolioItem.id)
    out: list[WorkRow] = []
    with db.read() as session:
        rows = _rows(session, stmt)
        ids = [r.id for r in rows]
        student_of: dict[int, int] = {}
        for i in range(0, len(ids), 900):
            chunk = select(PortfolioItem.id, PortfolioItem.student_id).where(PortfolioItem.id.in_(ids[i:i + 900]))
            student_of.update((item_id, student_id) for item_id, student_id in session.execute(chunk))
        divisions = guard.division_codes(session, student_of.values())
        term_ids = {(t.school_year, t.semester): t for t in session.scalars(select(Term))}
        decided: dict[tuple[object, ...], authz.ActingAs | None] = {}
        roles_of: dict[tuple[ItemKind, Action], frozenset[Role] | None] = {}
        windows_of: dict[tuple[int, bool], list[Window]] = {}
        for r in rows:
            action = waiting_step(r.kind, r.state)
            if action is None:
                continue
            permission = guard.item_permission(r.kind, action)
            if (r.kind, action) not in roles_of:
                roles_of[(r.kind, action)] = guard.item_roles(session, r.kind, action)
            roles = roles_of[(r.kind, action)]
            division = divisions.get(student_of.get(r.id, -1))
            course = r.course_code if permission is guard.P.CLO_CERTIFY else None
            key = (permission, roles, division, course)
            if key not in decided:
                res = authz._decide(session, who, permission, division=division, class_id=None, course_code=course,
                                    day=day, roles=roles)
                decided[key] = res if isinstance(res, authz.ActingAs) else None
            acting = decided[key]
            if acting is None:
                continue
            wkind = window_for(r.kind, action)
            window = None
            if wkind is not None:
                t = term_ids.get(resolve_term(r.term))
                if t is not None:
                    wkey = (t.id, wkind in YEAR_WIDE)
                    if wkey not in windows_of:
                        windows_of[wkey] = load_windows(session, t, year_wide=wkind in YEAR_WIDE)
                    window = deadline_window(wkind, windows_of[wkey], day)
            days = window.days_left(day) if window is not None else None
            out.append(WorkRow(r, action, acting.on_behalf_of, acting.via, window, days))
    far = dt.datetime.max
    out.sort(key=lambda w: (w.deadline.ends_at if w.deadline is not None else far, w.item.class_code,
                            w.item.seat_no or 0, w.item.id))
    return out


def summary(rows: list[WorkRow]) -> tuple[str, str]:
    """One line: how many, how many as proxy for whom."""
    own = sum(1 for r in rows if r.on_behalf_of is None)
    behalf: dict[str, int] = {}
    for r in rows:
        if r.on_behalf_of:
            behalf[r.on_behalf_of] = behalf.get(r.on_behalf_of, 0) + 1
    zh = f"待辦 {len(rows)} 件：本人 {own} 件" + "".join(f"，代 {k} {v} 件" for k, v in sorted(behalf.items()))
    en = f"{len(rows)} item(s) waiting: {own} your own" + "".join(f", {v} for {k}" for k, v in sorted(behalf.items()))
    return zh, en


__all__ = ["WorkRow", "my_work", "summary"]
