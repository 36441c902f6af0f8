"""Portfolio items: enter one, move items through their states, list them, show a history.

Every action goes through :func:`transition` (or :func:`add_item`), which in ONE transaction, per item:
checks the domain transition (domain.items.next_state), the window (services.windows.enforce_window:
refused outside it unless a reason is given: late work, recorded for countersignature), the caps (domain.items
caps, per-school setting ``items.caps``), then stores the new state, one ItemStateChange (time, actor,
on_behalf_of, reason, override) and one audit row. Any refusal rolls back the whole call.
Imports from the platform live in services/items/items_import.py.

Roles, checked per item before anything is written (services/guard.py item_permission):
認證 / 不通過 — the teacher of the item's course (or the first available proxy of a departed or
on-leave teacher, or the departed teacher's own account during its grace period, seed 001
§九(三)2(2)); 勾選 — 教學組; 提交 — the office the school's setting ``items.submit_roles`` names, of
the student's division (guard.item_roles; seed 001 §六(二), seed 000 附表二 五: 教學組 submits CLOs);
收訖確認 — the registry of that division; entering an item — the office that owns the kind. Outside
its window the same person acts with a reason (late work, services/items/late_work.py), countersigned
afterwards as the school's setting says. The history row and the audit row name the acting person
and whom they acted for ("X 代 Y").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from typing import Any

from sqlalchemy import Select, or_, select, true
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import (
    Action,
    CountedItem,
    ItemKind,
    ItemState,
    MPCategory,
    check_cap,
    next_state,
    rules_for,
    state_label,
)
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.errors import NotFoundError, PortfolioError, RuleError
from portfolio_desktop.services import guard
from portfolio_desktop.services.authz import ActingAs
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import ensure_term, resolve_term
from portfolio_desktop.services.items.item_settings import get_caps
from portfolio_desktop.services.rosters.lookup import find_student
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, classes_named, scope_for
from portfolio_desktop.services.items.windows import enforce_window
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import (
    Course,
    CourseTeacher,
    Enrolment,
    ItemStateChange,
    PortfolioItem,
)
from portfolio_desktop.store.models import Division, SchoolClass, Student, Term


@dataclass(frozen=True)
class ItemRow:
    id: int
    student_no: str
    student_name: str
    class_id: int
    class_code: str
    seat_no: int | None
    term: str
    kind: ItemKind
    category: MPCategory | None
    title: str
    course_code: str | None
    course_name: str | None
    teachers: tuple[str, ...]
    state: ItemState
    reason: str | None
    occurred_at: dt.datetime | None
    updated_at: dt.datetime

    @property
    def kind_zh(self) -> str:
        return self.kind.zh if self.category is None else f"{self.kind.zh}（{self.category.zh}）"

    @property
    def state_zh(self) -> str:
        return state_label(self.kind, self.state)


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    from_state: ItemState | None
    to_state: ItemState
    action: str  # an Action code or "import"
    actor: str
    on_behalf_of: str | None
    reason: str | None
    override_reason: str | None

    @property
    def action_zh(self) -> str:
        return "匯入" if self.action == "import" else Action(self.action).zh


@dataclass(frozen=True)
class ItemDetail:
    item: ItemRow
    history: list[HistoryRow]


def _item_query() -> Select:  # type: ignore[type-arg]
    return (
        select(PortfolioItem, Student.student_no, Student.name, Student.class_id, SchoolClass.code,
               Student.seat_no, Term.school_year, Term.semester, Course.code, Course.name, Course.id)
        .join(Student, PortfolioItem.student_id == Student.id)
        .join(SchoolClass, Student.class_id == SchoolClass.id)
        .join(Term, PortfolioItem.term_id == Term.id)
        .outerjoin(Enrolment, PortfolioItem.enrolment_id == Enrolment.id)
        .outerjoin(Course, Enrolment.course_id == Course.id)
    )


def _teachers(session: Session, course_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    ids = sorted({c for c in course_ids if c is not None})
    out: dict[int, list[str]] = {}
    for i in range(0, len(ids), 900):
        stmt = (select(CourseTeacher.course_id, CourseTeacher.teacher_name)
                .where(CourseTeacher.course_id.in_(ids[i:i + 900])).order_by(CourseTeacher.position))
        for cid, name in session.execute(stmt):
            out.setdefault(cid, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _rows(session: Session, stmt: Select) -> list[ItemRow]:  # type: ignore[type-arg]
    result = session.execute(stmt).all()
    teachers = _teachers(session, (r[10] for r in result))
    return [
        ItemRow(it.id, no, name, class_id, code, seat, format_term(year, sem), ItemKind(it.kind),
                MPCategory(it.category) if it.category else None, it.title, ccode, cname,
                teachers.get(cid, ()), ItemState(it.state), it.reason, it.occurred_at, it.updated_at)
        for it, no, name, class_id, code, seat, year, sem, ccode, cname, cid in result
    ]


def _readable(scope: ReadScope) -> Any:
    """SQL: the items this reader may see — of the students in their scope, or (a course teacher)
    of their own courses (services/read_scope.py kind ITEMS)."""
    if scope.whole:
        return true()
    parts = [scope.student_clause()]
    if scope.course_codes:
        parts.append(Course.code.in_(sorted(scope.course_codes)))
    return or_(*parts)


def list_items(db: Database, actor: Reader, *, student_no: str | None = None, class_code: str | None = None,
               term: str | tuple[int, int] | None = None, kind: ItemKind | None = None,
               state: ItemState | None = None, teacher: str | None = None) -> list[ItemRow]:
    """Items filtered by student / class / term / kind / state / course teacher, of those the actor
    may read (a mentor: their classes; a course teacher: their courses). A class outside that is
    refused (audited). Without a term, every term."""
    scope = scope_for(db, actor, ReadKind.ITEMS)
    stmt = _item_query().where(_readable(scope))
    if student_no:
        stmt = stmt.where(Student.student_no == student_no.strip())
    if class_code:
        if scope.course_codes:  # a course teacher filters their own courses' items by class
            stmt = stmt.where(SchoolClass.code == class_code.strip())
        else:
            stmt = stmt.where(SchoolClass.id.in_(classes_named(db, scope, class_code) or [-1]))
    if term is not None:
        year, sem = resolve_term(term)
        stmt = stmt.where(Term.school_year == year, Term.semester == sem)
    if kind is not None:
        stmt = stmt.where(PortfolioItem.kind == kind.value)
    if state is not None:
        stmt = stmt.where(PortfolioItem.state == state.value)
    stmt = stmt.order_by(Term.school_year, Term.semester, SchoolClass.code, Student.seat_no, Student.student_no,
                         PortfolioItem.id)
    with db.read() as session:
        if teacher and teacher.strip():
            names, codes = _teacher_match(session, teacher.strip())
            stmt = stmt.where(or_(Course.id.in_(select(CourseTeacher.course_id)
                                                .where(CourseTeacher.teacher_name.in_(names))),
                                  Course.code.in_(codes or [""])))
        return _rows(session, stmt)


def _teacher_match(session: Session, teacher: str) -> tuple[list[str], list[str]]:
    """A teacher as typed — an account name (t_math) or a display name (劉數學) — as the names the
    course lists carry and the course codes the account teaches (its 任課教師 grants)."""
    from portfolio_desktop.domain.roles import Role
    from portfolio_desktop.services.accounts.staff_store import grants_of
    from portfolio_desktop.store.accounts_models import Staff

    names = {teacher}
    codes: set[str] = set()
    for st in session.scalars(select(Staff).where(or_(Staff.username == teacher, Staff.display_name == teacher))):
        names.add(st.display_name)
        codes.update(g.course_code for g in grants_of(st) if g.role is Role.TEACHER and g.course_code)
    return sorted(names), sorted(codes)


def item_detail(db: Database, actor: Reader, item_id: int) -> ItemDetail:
    """One item and its history; an item the actor may not read is refused (audited)."""
    scope = scope_for(db, actor, ReadKind.ITEMS)
    with db.read() as session:
        rows = _rows(session, _item_query().where(PortfolioItem.id == item_id))
        if not rows:
            raise NotFoundError(f"沒有編號 {item_id} 的項目", f"there is no item {item_id}")
        seen = session.execute(_item_query().where(PortfolioItem.id == item_id, _readable(scope))).first() is not None
        division = session.scalar(select(Division.code).join(SchoolClass, SchoolClass.division_id == Division.id)
                                  .where(SchoolClass.id == rows[0].class_id))
    if not seen:
        r = rows[0]
        raise scope.refuse(db, what_zh=f"項目 #{item_id}（班級 {r.class_code}）", what_en=f"item #{item_id} (class {r.class_code})",
                           division=division, class_id=r.class_id, course_code=r.course_code)
    with db.read() as session:
        stmt = select(ItemStateChange).where(ItemStateChange.item_id == item_id).order_by(ItemStateChange.id)
        history = [
            HistoryRow(h.at, ItemState(h.from_state) if h.from_state else None, ItemState(h.to_state), h.action,
                       h.actor, h.on_behalf_of, h.reason, h.override.reason if h.override else None)
            for h in session.scalars(stmt)
        ]
        return ItemDetail(rows[0], history)


def counted_items(session: Session, rule_kind: ItemKind, states: Iterable[ItemState], scope: str,
                  student_id: int, term: Term, *, exclude: int | None = None) -> list[CountedItem]:
    """The student's items that count against a cap: same kind, counted states, same term or school year."""
    stmt = (select(PortfolioItem.id, PortfolioItem.title, Term.school_year, Term.semester)
            .join(Term, PortfolioItem.term_id == Term.id)
            .where(PortfolioItem.student_id == student_id, PortfolioItem.kind == rule_kind.value,
                   PortfolioItem.state.in_([s.value for s in states])))
    stmt = stmt.where(Term.id == term.id) if scope == "semester" else stmt.where(Term.school_year == term.school_year)
    if exclude is not None:
        stmt = stmt.where(PortfolioItem.id != exclude)
    return [CountedItem(i, t, format_term(y, s)) for i, t, y, s in session.execute(stmt.order_by(PortfolioItem.id))]


def check_caps(session: Session, kind: ItemKind, action: Action, student: Student, term: Term,
               *, exclude: int | None = None) -> None:
    caps = get_caps(session)
    for rule in rules_for(kind, action):
        if caps.limit(rule) is None:
            continue
        counted = counted_items(session, rule.kind, rule.counted_states(), rule.scope, student.id, term,
                                exclude=exclude)
        scope = (f"學號 {student.student_no} 在 {format_term(term.school_year, term.semester)}" if rule.scope == "semester"
                 else f"學號 {student.student_no} 在 {term.school_year} 學年度")
        check_cap(rule, caps, counted, scope_label=scope)


def _history(session: Session, actor: Actor, item: PortfolioItem, before: str | None, after: str, action: str,
             at: dt.datetime, reason: str | None, override_id: int | None) -> None:
    session.add(ItemStateChange(item_id=item.id, from_state=before, to_state=after, action=action, reason=reason,
                                at=at, actor=actor.username, on_behalf_of=actor.on_behalf_of, override_id=override_id))
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action=f"item.{action}",
                 entity="portfolio_item", key=str(item.id), before=None if before is None else {"state": before},
                 after={"state": after, "reason": reason, "override_id": override_id})


def _in_item(item_id: int, title: str, exc: PortfolioError) -> PortfolioError:
    """Name the item in a refusal of a many-item call."""
    exc.zh = f"項目 #{item_id}「{title}」：{exc.zh}"
    exc.en = f"item #{item_id} '{title}': {exc.en}"
    exc.args = (f"{exc.zh} / {exc.en}",)
    return exc


def transition(db: Database, actor: Actor, item_ids: Sequence[int], action: Action, *,
               reason: str | None = None, override_reason: str | None = None,
               now: dt.datetime | None = None) -> list[ItemRow]:
    """Apply ``action`` to every item, all or nothing. ``reason`` is required to reject (認證不通過).

    ``now`` (default: the clock) is the time checked against the windows and recorded.
    """
    if action is Action.UPLOAD:
        raise RuleError("上傳請用新增項目", "use add_item to upload")
    if action is Action.REJECT and not (reason and reason.strip()):
        raise RuleError("認證不通過必須填寫原因", "rejecting (not certified) needs a reason")
    if not item_ids:
        raise RuleError("沒有指定項目", "no item given")
    at = now or utcnow_local()
    with db.write() as session:
        ids = list(dict.fromkeys(item_ids))
        found = {it.id: it for it in session.scalars(select(PortfolioItem).where(PortfolioItem.id.in_(ids)))}
        missing = next((i for i in ids if i not in found), None)
        if missing is not None:
            raise NotFoundError(f"沒有編號 {missing} 的項目", f"there is no item {missing}")
        divisions = guard.division_codes(session, {it.student_id for it in found.values()})
        actings: dict[tuple[object, ...], ActingAs] = {}
        plan: list[tuple[PortfolioItem, ActingAs]] = []
        for item_id in ids:  # every permission first: a refusal is audited and nothing is written
            item = found[item_id]
            kind = ItemKind(item.kind)
            division = divisions.get(item.student_id)
            course = item.enrolment.course.code if (item.enrolment is not None and guard.item_permission(
                kind, action) is guard.P.CLO_CERTIFY) else None
            key = (kind, division, course)
            if key not in actings:
                try:
                    actings[key] = guard.require_item(session, actor, kind, action, division=division,
                                                      course_code=course)
                except PortfolioError as exc:
                    raise _in_item(item.id, item.title, exc) from None
            plan.append((item, actings[key]))
        for item, acting in plan:
            kind = ItemKind(item.kind)
            try:
                new = next_state(kind, ItemState(item.state), action)
                override = enforce_window(session, acting.as_actor(), term=item.term, kind=kind, action=action,
                                          now=at, override_reason=override_reason, item_id=item.id,
                                          student_id=item.student_id)
                check_caps(session, kind, action, item.student, item.term, exclude=item.id)
            except PortfolioError as exc:
                raise _in_item(item.id, item.title, exc) from None
            before = item.state
            item.state = new.value
            if action is Action.REJECT:
                item.reason = reason.strip()[:500]  # type: ignore[union-attr]
            elif action is Action.CERTIFY:
                item.reason = None
            _history(session, acting.as_actor(), item, before, new.value, action.value, at,
                     reason.strip() if reason else None, override.id if override else None)
            session.flush()
        return _rows(session, _item_query().where(PortfolioItem.id.in_(ids)).order_by(PortfolioItem.id))


def utcnow_local() -> dt.datetime:
    """Windows are set in the school's local time, so actions are checked against the local clock."""
    return dt.datetime.now().replace(microsecond=0)


def certify(db: Database, actor: Actor, item_ids: Sequence[int], **kw: object) -> list[ItemRow]:
    return transition(db, actor, item_ids, Action.CERTIFY, **kw)  # type: ignore[arg-type]


def reject(db: Database, actor: Actor, item_ids: Sequence[int], reason: str, **kw: object) -> list[ItemRow]:
    return transition(db, actor, item_ids, Action.REJECT, reason=reason, **kw)  # type: ignore[arg-type]


def select_items(db: Database, actor: Actor, item_ids: Sequence[int], **kw: object) -> list[ItemRow]:
    return transition(db, actor, item_ids, Action.SELECT, **kw)  # type: ignore[arg-type]


def deselect(db: Database, actor: Actor, item_ids: Sequence[int], **kw: object) -> list[ItemRow]:
    return transition(db, actor, item_ids, Action.DESELECT, **kw)  # type: ignore[arg-type]


def submit(db: Database, actor: Actor, item_ids: Sequence[int], **kw: object) -> list[ItemRow]:
    return transition(db, actor, item_ids, Action.SUBMIT, **kw)  # type: ignore[arg-type]


def confirm_receipt(db: Database, actor: Actor, item_ids: Sequence[int], **kw: object) -> list[ItemRow]:
    return transition(db, actor, item_ids, Action.CONFIRM, **kw)  # type: ignore[arg-type]


def find_enrolment(session: Session, student: Student, term: Term, course_code: str) -> Enrolment:
    enrolment = session.scalar(
        select(Enrolment).join(Course).where(Enrolment.student_id == student.id, Course.term_id == term.id,
                                             Course.code == course_code)
    )
    if enrolment is None:
        label = format_term(term.school_year, term.semester)
        raise RuleError(
            f"學號 {student.student_no} 在 {label} 沒有修課程代碼 {course_code} 的課；課程學習成果必須對應當學期所修的課",
            f"student {student.student_no} does not take course {course_code} in {label}; a course learning "
            f"outcome must belong to a course taken that term",
        )
    return enrolment


def add_item(db: Database, actor: Actor, *, student_no: str, term: str | tuple[int, int] | None, kind: ItemKind,
             title: str, category: MPCategory | None = None, course_code: str | None = None,
             override_reason: str | None = None, now: dt.datetime | None = None) -> ItemRow:
    """Enter one item (a student's upload entered by the office, or a cadre record by 訓育組).

    CLO needs a course the student takes that term; MP needs a category. Student uploads (CLO, MP)
    must fall in the upload window and under the upload caps.
    """
    title = title.strip()
    if not title:
        raise RuleError("名稱不可空白", "the title must not be blank")
    if len(title) > 200:
        raise RuleError("名稱最多 200 字", "the title may have at most 200 characters")
    if kind is ItemKind.MP and category is None:
        raise RuleError("多元表現必須選擇細項（競賽參與、志工服務…）", "a multiple performance needs a category")
    at = now or utcnow_local()
    year, sem = resolve_term(term, source=db)  # default: the school's current term
    with db.write() as session:
        student = find_student(session, student_no)
        division = guard.division_of(session, student.id)
        acting = guard.require_item(session, actor, kind, Action.UPLOAD, division=division)
        t = ensure_term(session, year, sem)
        enrolment = None
        if kind is ItemKind.CLO:
            if not course_code:
                raise RuleError("課程學習成果必須指定課程代碼", "a course learning outcome needs a course code")
            enrolment = find_enrolment(session, student, t, course_code.strip().upper())
        override = enforce_window(session, acting.as_actor(), term=t, kind=kind, action=Action.UPLOAD, now=at,
                                  override_reason=override_reason, item_id=None, student_id=student.id)
        check_caps(session, kind, Action.UPLOAD, student, t)
        item = PortfolioItem(student_id=student.id, term_id=t.id, kind=kind.value,
                             category=category.value if category else None, title=title,
                             enrolment_id=enrolment.id if enrolment else None, state=ItemState.UPLOADED.value,
                             occurred_at=at)
        session.add(item)
        session.flush()
        if override is not None:
            override.item_id = item.id
        _history(session, acting.as_actor(), item, None, ItemState.UPLOADED.value, Action.UPLOAD.value, at, None,
                 override.id if override else None)
        session.flush()
        return _rows(session, _item_query().where(PortfolioItem.id == item.id))[0]


__all__ = [
    "HistoryRow", "ItemDetail", "ItemRow", "add_item", "certify", "check_caps", "confirm_receipt", "counted_items",
    "deselect", "item_detail", "list_items", "reject", "select_items", "submit", "transition",
]  # fmt: skip
