"""成效評核: each responsible person's completion, counted in SQL from the items data (the
item tables), judged by :mod:`portfolio_desktop.domain.evaluation`, and the 敘獎 candidates listed
(seed 000 §七, seed 001 §十).

Counted per school year (optionally one semester):
- per course teacher (授課教師 as the course list names them): the course learning outcomes of their
  courses — total; decided (認證通過 / 未通過 or later); decided late = the certify / reject step was
  recorded with a window override (outside the 認證 window);
- per submitting office (the per-school setting ``items.submit_roles``, per division): the items due
  for submission (CLO / MP once selected; 幹部經歷 / 修課紀錄 once entered) — total; submitted or
  confirmed; submitted late = the submit step carried a window override.

Reading the evaluation is the dean's (Permission.EVALUATION_WRITE: 執行秘書, or their proxy): it is
about named colleagues.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.evaluation import (
    Candidate,
    Completion,
    Duty,
    DutyCount,
    Office,
    Thresholds,
    candidates,
    evaluate,
)
from portfolio_desktop.domain.items import CERTIFIED_OR_LATER, SELECTED_OR_LATER, SUBMITTED_OR_LATER, ItemKind, ItemState
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import current_term
from portfolio_desktop.services.items.item_settings import submit_role
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.services.accounts.staff_store import holders_of
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, CourseTeacher, Enrolment, ItemStateChange, PortfolioItem
from portfolio_desktop.store.models import Division, SchoolClass, Student, Term

THRESHOLDS_KEY = "evaluation.thresholds"

I = PortfolioItem.__table__  # noqa: E741 - one-letter table aliases, as in the SQL they build
H = ItemStateChange.__table__


def _codes(states: frozenset[ItemState]) -> list[str]:
    return sorted(s.value for s in states)


def _late_items(actions: tuple[str, ...]) -> Any:
    """Items with a step of these actions recorded through a window override."""
    return (select(H.c.item_id).distinct()
            .where(H.c.action.in_(actions), H.c.override_id.is_not(None)).subquery("late"))


def _term_filter(school_year: int, semester: int | None) -> Any:
    cond = Term.school_year == school_year
    return and_(cond, Term.semester == semester) if semester is not None else cond


def teacher_counts(session: Session, school_year: int, semester: int | None = None) -> list[DutyCount]:
    """Per course teacher: CLOs in their courses, decided, decided late — credited to whoever decided
    (seed 001 §九: a proxy acts for the holder, and the work is the proxy's): an item a proxy
    certified counts for the proxy, as 「林代理（代 劉數學）」, not for the teacher; an item decided
    on the platform (imported) or by the teacher counts for the teacher."""
    late = _late_items(("certify", "reject"))
    decided = I.c.state.in_(_codes(CERTIFIED_OR_LATER | {ItemState.NOT_CERTIFIED}))
    last_step = (select(H.c.item_id, func.max(H.c.id).label("step_id"))
                 .where(H.c.action.in_(("certify", "reject"))).group_by(H.c.item_id).subquery("last_step"))
    step = H.alias("step")
    rows = session.execute(
        select(CourseTeacher.teacher_name, Course.code, I.c.id, decided.label("decided"),
               late.c.item_id.is_not(None).label("late"), step.c.actor, step.c.on_behalf_of)
        .select_from(I)
        .join(Enrolment, Enrolment.id == I.c.enrolment_id)
        .join(Course, Course.id == Enrolment.course_id)
        .join(CourseTeacher, CourseTeacher.course_id == Course.id)
        .join(Term, Term.id == I.c.term_id)
        .outerjoin(late, late.c.item_id == I.c.id)
        .outerjoin(last_step, last_step.c.item_id == I.c.id)
        .outerjoin(step, step.c.id == last_step.c.step_id)
        .where(I.c.kind == ItemKind.CLO.value, _term_filter(school_year, semester))
    ).all()
    accounts = {a for r in rows for a in (r.actor, r.on_behalf_of) if a}
    names = {u: n for u, n in session.execute(
        select(Staff.username, Staff.display_name).where(Staff.username.in_(sorted(accounts))))}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # person → total, done, late
    courses: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[str, int]] = set()
    for r in rows:
        if (r.teacher_name, r.id) in seen:
            continue
        seen.add((r.teacher_name, r.id))
        courses[r.teacher_name].add(r.code)
        totals[r.teacher_name][0] += 1
        if not r.decided:
            continue
        person = r.teacher_name
        if r.on_behalf_of and r.actor and r.actor != r.on_behalf_of:  # a proxy decided it
            person = f"{names.get(r.actor, r.actor)}（代 {names.get(r.on_behalf_of, r.on_behalf_of)}）"
            totals[person][0] += 1
            courses[person].add(r.code)
            totals[r.teacher_name][0] -= 1  # not the holder's to answer for
        totals[person][1] += 1
        totals[person][2] += int(bool(r.late))
    return [DutyCount(person, Duty.CERTIFICATION, t, d, lt, tuple(sorted(courses[person])))
            for person, (t, d, lt) in totals.items() if t > 0]


def office_counts(session: Session, school_year: int, semester: int | None = None) -> list[DutyCount]:
    """Per submitting office and division: items due for submission, submitted, submitted late. The
    office and its holders are handed over as an :class:`Office` (codes and names, no display text);
    ``person`` is its zh_TW name, the key the candidates are listed by."""
    late = _late_items(("submit",))
    due = case(
        (I.c.kind.in_([ItemKind.CLO.value, ItemKind.MP.value]), I.c.state.in_(_codes(SELECTED_OR_LATER))),
        else_=I.c.kind.in_([ItemKind.CADRE.value, ItemKind.COURSE_RECORD.value]),
    )
    submitted = I.c.state.in_(_codes(SUBMITTED_OR_LATER))
    stmt = (
        select(Division.code.label("division"), I.c.kind,
               func.count(I.c.id).label("total"),
               func.sum(case((submitted, 1), else_=0)).label("done"),
               func.sum(case((and_(submitted, late.c.item_id.is_not(None)), 1), else_=0)).label("late"))
        .select_from(I)
        .join(Student, Student.id == I.c.student_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(Division, Division.id == SchoolClass.division_id)
        .join(Term, Term.id == I.c.term_id)
        .outerjoin(late, late.c.item_id == I.c.id)
        .where(I.c.kind != ItemKind.CONSULTATION.value, due, _term_filter(school_year, semester))
        .group_by(Division.code, I.c.kind)
    )
    grouped: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    kinds: dict[tuple[str, str], list[str]] = defaultdict(list)
    offices: dict[tuple[str, str], Office] = {}
    for r in session.execute(stmt):
        role = submit_role(session, ItemKind(r.kind))
        if role is None:
            continue
        office = Office(role, r.division, tuple(h.display_name for h in holders_of(session, role, r.division)))
        key = (office.zh, r.division)
        offices[key] = office
        for i, v in enumerate((r.total, r.done, r.late)):
            grouped[key][i] += int(v or 0)
        kinds[key].append(ItemKind(r.kind).value)
    return [DutyCount(person, Duty.SUBMISSION, t, d, lt, tuple(kinds[(person, div)]), offices[(person, div)])
            for (person, div), (t, d, lt) in sorted(grouped.items())]


@dataclass(frozen=True)
class EvaluationReport:
    school_year: int
    semester: int | None
    thresholds: Thresholds
    completions: list[Completion]
    candidates: list[Candidate]


def get_thresholds(db: Database) -> Thresholds:
    with db.read() as s:
        stored = get_setting(s, THRESHOLDS_KEY)
    return Thresholds() if stored is None else Thresholds.from_dict(stored)


def set_thresholds(db: Database, actor: Actor, thresholds: Thresholds) -> Thresholds:
    with db.write() as s:
        acting = authz.require(s, actor, Permission.EVALUATION_WRITE)
        set_setting(s, acting.as_actor(), THRESHOLDS_KEY, thresholds.to_dict())
    return thresholds


def evaluation(db: Database, actor: Actor, school_year: int | None = None, semester: int | None = None, *,
               today: dt.date | None = None) -> EvaluationReport:
    """Completion per responsible person and the 敘獎 candidates (the working group decides)."""
    authz.require(db, actor, Permission.EVALUATION_WRITE)
    year = school_year if school_year is not None else current_term(db, today)[0]
    thresholds = get_thresholds(db)
    with db.read() as s:
        counts = teacher_counts(s, year, semester) + office_counts(s, year, semester)
    completions = evaluate(counts, thresholds)
    return EvaluationReport(year, semester, thresholds, completions, candidates(completions))
