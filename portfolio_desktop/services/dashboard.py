"""The per-class dashboard and the school overview (issue 4), computed in SQL with GROUP BY.

One query per view: the items of one term are grouped by student (and, for the overview, the student
rows again by class) with conditional sums, over the covering index ix_portfolio_item_term_student.
Python only turns the (few) aggregated rows into dataclasses and decides who is "behind"
(domain.windows.behind_reasons). A :class:`Viewer` limits a mentor to their own classes.

Counts are "reached at least": an item that is submitted also counts as selected and (CLO) certified.
Percentages are over the students still at school (departed students cannot use the platform).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import CERTIFIED_OR_LATER, SELECTED_OR_LATER, SUBMITTED_OR_LATER, ItemKind, ItemState
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.status import DEPARTED, Status
from portfolio_desktop.domain.windows import Behind, Progress, Window, behind_reasons
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.services.item_support import Viewer, behind_days, find_term, resolve_term
from portfolio_desktop.services.windows import load_windows
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import PortfolioItem
from portfolio_desktop.store.models import Division, SchoolClass, Student

__all__ = ["ClassDashboard", "ClassSummary", "StudentProgress", "Viewer", "class_dashboard", "dashboard_json",
           "school_overview", "COUNT_FIELDS"]

I = PortfolioItem.__table__
S = Student.__table__
C = SchoolClass.__table__
D = Division.__table__

COUNT_FIELDS = ("clo_uploaded", "clo_certified", "clo_not_certified", "clo_pending", "clo_selected",
                "mp_uploaded", "mp_selected", "submitted", "confirmed")  # fmt: skip
COUNT_LABELS_ZH = ("成果上傳", "認證通過", "未通過", "待認證", "成果勾選", "多元上傳", "多元勾選", "已提交", "已確認")


def _codes(states: frozenset[ItemState]) -> list[str]:
    return sorted(s.value for s in states)


def _sum(*conds: Any) -> Any:
    return func.sum(case((and_(*conds), 1), else_=0))


_CLO = I.c.kind == ItemKind.CLO.value
_MP = I.c.kind == ItemKind.MP.value
_COUNTS = (
    _sum(_CLO).label("clo_uploaded"),
    _sum(_CLO, I.c.state.in_(_codes(CERTIFIED_OR_LATER))).label("clo_certified"),
    _sum(_CLO, I.c.state == ItemState.NOT_CERTIFIED.value).label("clo_not_certified"),
    _sum(_CLO, I.c.state == ItemState.UPLOADED.value).label("clo_pending"),
    _sum(_CLO, I.c.state.in_(_codes(SELECTED_OR_LATER))).label("clo_selected"),
    _sum(_MP).label("mp_uploaded"),
    _sum(_MP, I.c.state.in_(_codes(SELECTED_OR_LATER))).label("mp_selected"),
    _sum(I.c.state.in_(_codes(SUBMITTED_OR_LATER))).label("submitted"),
    _sum(I.c.state == ItemState.CONFIRMED.value).label("confirmed"),
)
_DEPARTED_CODES = sorted(s.value for s in DEPARTED)


@dataclass(frozen=True)
class StudentProgress:
    student_id: int
    seat_no: int | None
    student_no: str
    name: str
    status: Status
    departed: bool
    clo_uploaded: int
    clo_certified: int
    clo_not_certified: int
    clo_pending: int
    clo_selected: int
    mp_uploaded: int
    mp_selected: int
    submitted: int
    confirmed: int
    behind: tuple[Behind, ...] = ()

    @property
    def is_behind(self) -> bool:
        return bool(self.behind)

    def counts(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in COUNT_FIELDS}


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class ClassSummary:
    class_id: int
    class_code: str
    division: str
    grade: int
    mentor: str | None
    students: int
    departed: int
    at_school: int
    students_uploaded: int  # at school, ≥1 CLO uploaded
    students_selected: int  # at school, ≥1 item selected
    students_submitted: int  # at school, ≥1 item submitted
    counts: dict[str, int] = field(default_factory=dict)
    behind: int | None = None  # only known on a class dashboard

    @property
    def pct_uploaded(self) -> float | None:
        return _pct(self.students_uploaded, self.at_school)

    @property
    def pct_certified(self) -> float | None:
        """Certified CLOs over uploaded CLOs."""
        return _pct(self.counts.get("clo_certified", 0), self.counts.get("clo_uploaded", 0))

    @property
    def pct_selected(self) -> float | None:
        return _pct(self.students_selected, self.at_school)

    @property
    def pct_submitted(self) -> float | None:
        return _pct(self.students_submitted, self.at_school)

    @property
    def pct_confirmed(self) -> float | None:
        """Confirmed items over submitted items."""
        return _pct(self.counts.get("confirmed", 0), self.counts.get("submitted", 0))

    def percentages(self) -> dict[str, float | None]:
        return {k: getattr(self, k) for k in ("pct_uploaded", "pct_certified", "pct_selected", "pct_submitted",
                                              "pct_confirmed")}


@dataclass(frozen=True)
class ClassDashboard:
    term: str
    today: dt.date
    summary: ClassSummary
    students: list[StudentProgress]
    windows: list[Window]  # the school year's windows (to show what is open)
    behind_days: int


def _class_row(session: Session, class_id: int | None, class_code: str | None) -> Any:
    stmt = select(C.c.id, C.c.code, C.c.grade, C.c.mentor_name, D.c.name).join(D, C.c.division_id == D.c.id)
    if class_id is not None:
        stmt = stmt.where(C.c.id == class_id)
    elif class_code is not None:
        stmt = stmt.where(C.c.code == class_code.strip())
    else:
        raise RuleError("請指定班級", "choose a class")
    rows = session.execute(stmt).all()
    if not rows:
        raise NotFoundError(f"沒有班級 {class_code or class_id}", f"there is no class {class_code or class_id}")
    if len(rows) > 1:
        raise RuleError(f"班級 {class_code} 在多個部別都有；請以班級編號指定",
                        f"class {class_code} exists in more than one division; choose it by id")
    return rows[0]


def student_progress_query(term_id: int, class_id: int) -> Any:
    """SELECT one row per student of the class with the term's counts (LEFT JOIN: no items → zeros)."""
    return (
        select(S.c.id, S.c.seat_no, S.c.student_no, S.c.name, S.c.status, *_COUNTS)
        .select_from(S.outerjoin(I, and_(I.c.student_id == S.c.id, I.c.term_id == term_id)))
        .where(S.c.class_id == class_id)
        .group_by(S.c.id)
        .order_by(S.c.seat_no.is_(None), S.c.seat_no, S.c.student_no)
    )


def class_dashboard(db: Database, term: str | tuple[int, int] | None = None, *, class_id: int | None = None,
                    class_code: str | None = None, viewer: Viewer | None = None,
                    today: dt.date | None = None) -> ClassDashboard:
    """One row per student of the class for the term, plus the class summary row."""
    year, sem = resolve_term(term, today=today)
    day = today or dt.date.today()
    with db.read() as session:
        cls = _class_row(session, class_id, class_code)
        if viewer is not None:
            viewer.require(cls.id, cls.code)
        t = find_term(session, year, sem)
        windows = load_windows(session, t, year_wide=True) if t is not None else []
        within = behind_days(session)
        rows = session.execute(student_progress_query(t.id if t is not None else -1, cls.id)).all()
    students: list[StudentProgress] = []
    for r in rows:
        status = Status(r.status)
        counts = {f: int(getattr(r, f) or 0) for f in COUNT_FIELDS}
        progress = Progress(counts["clo_uploaded"], counts["clo_pending"], counts["clo_selected"] + counts["mp_selected"],
                            counts["submitted"], counts["confirmed"], status.departed)
        students.append(StudentProgress(r.id, r.seat_no, r.student_no, r.name, status, status.departed, **counts,
                                        behind=behind_reasons(progress, windows, day, within_days=within)))
    at_school = [s for s in students if not s.departed]
    summary = ClassSummary(
        cls.id, cls.code, cls.name, cls.grade, cls.mentor_name, len(students), len(students) - len(at_school),
        len(at_school), sum(1 for s in at_school if s.clo_uploaded),
        sum(1 for s in at_school if s.clo_selected or s.mp_selected), sum(1 for s in at_school if s.submitted),
        {f: sum(getattr(s, f) for s in students) for f in COUNT_FIELDS}, sum(1 for s in students if s.is_behind),
    )
    return ClassDashboard(format_term(year, sem), day, summary, students, windows, within)


def overview_query(term_id: int) -> Any:
    """Per class: students, departed, students with uploads/selections/submissions, item totals.

    Inner query: the term's items grouped by student (index range scan); outer: students LEFT JOIN
    that, grouped by class.
    """
    per_student = (
        select(I.c.student_id, *_COUNTS).where(I.c.term_id == term_id).group_by(I.c.student_id).subquery("p")
    )
    p = per_student.c
    at_school = S.c.status.not_in(_DEPARTED_CODES)
    sums = [func.coalesce(func.sum(getattr(p, f)), 0).label(f) for f in COUNT_FIELDS]
    return (
        select(
            C.c.id, C.c.code, C.c.grade, C.c.mentor_name, D.c.name.label("division"),
            func.count(S.c.id).label("students"),
            func.sum(case((at_school, 0), else_=1)).label("departed"),
            func.sum(case((and_(at_school, p.clo_uploaded > 0), 1), else_=0)).label("students_uploaded"),
            func.sum(case((and_(at_school, (p.clo_selected + p.mp_selected) > 0), 1), else_=0)).label("students_selected"),
            func.sum(case((and_(at_school, p.submitted > 0), 1), else_=0)).label("students_submitted"),
            *sums,
        )
        .select_from(C.join(D, C.c.division_id == D.c.id).join(S, S.c.class_id == C.c.id)
                     .outerjoin(per_student, p.student_id == S.c.id))
        .group_by(C.c.id)
        .order_by(D.c.id, C.c.code)
    )


def school_overview(db: Database, term: str | tuple[int, int] | None = None, *,
                    viewer: Viewer | None = None, today: dt.date | None = None) -> list[ClassSummary]:
    """One summary row per class (a mentor's viewer: only their classes) with completion percentages."""
    year, sem = resolve_term(term, today=today)
    with db.read() as session:
        t = find_term(session, year, sem)
        stmt = overview_query(t.id if t is not None else -1)
        if viewer is not None and viewer.mentor_class_ids is not None:
            stmt = stmt.where(C.c.id.in_(sorted(viewer.mentor_class_ids)) if viewer.mentor_class_ids else literal(False))
        rows = session.execute(stmt).all()
    out = []
    for r in rows:
        students, departed = int(r.students), int(r.departed or 0)
        out.append(ClassSummary(r.id, r.code, r.division, r.grade, r.mentor_name, students, departed,
                                students - departed, int(r.students_uploaded or 0), int(r.students_selected or 0),
                                int(r.students_submitted or 0), {f: int(getattr(r, f) or 0) for f in COUNT_FIELDS}))
    return out


def school_total(rows: list[ClassSummary]) -> ClassSummary:
    """The whole school (or the viewer's classes) as one summary row."""
    return ClassSummary(0, "全校", "", 0, None, sum(r.students for r in rows), sum(r.departed for r in rows),
                        sum(r.at_school for r in rows), sum(r.students_uploaded for r in rows),
                        sum(r.students_selected for r in rows), sum(r.students_submitted for r in rows),
                        {f: sum(r.counts.get(f, 0) for r in rows) for f in COUNT_FIELDS})


def _summary_json(s: ClassSummary) -> dict[str, Any]:
    return {"class": s.class_code, "division": s.division, "grade": s.grade, "mentor": s.mentor,
            "students": s.students, "departed": s.departed, "at_school": s.at_school,
            "students_uploaded": s.students_uploaded, "students_selected": s.students_selected,
            "students_submitted": s.students_submitted, "counts": s.counts, "behind": s.behind,
            **s.percentages()}


def dashboard_json(db: Database, term: str | tuple[int, int] | None = None, *, class_code: str | None = None,
                   viewer: Viewer | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """For ``dashboard --json``: per class, per student, the counts by kind and state."""
    year, sem = resolve_term(term, today=today)
    overview = school_overview(db, (year, sem), viewer=viewer, today=today)
    if class_code:
        overview = [c for c in overview if c.class_code == class_code.strip()]
        if not overview:
            cls = None
            with db.read() as session:
                cls = _class_row(session, None, class_code)
            if viewer is not None:
                viewer.require(cls.id, cls.code)
    classes = []
    for c in overview:
        board = class_dashboard(db, (year, sem), class_id=c.class_id, viewer=viewer, today=today)
        classes.append({
            **_summary_json(board.summary),
            "students": [{"seat_no": s.seat_no, "student_no": s.student_no, "name": s.name, "departed": s.departed,
                          "status": s.status.value, "counts": s.counts(),
                          "behind": [b.value for b in s.behind]} for s in board.students],
        })
    return {"term": format_term(year, sem), "classes": classes,
            "school": _summary_json(school_total(overview)) if not class_code else None}





@dataclass(frozen=True)
class ClassChoice:
    id: int
    code: str
    division: str
    mentor: str | None


def visible_classes(db: Database, viewer: Viewer | None = None) -> list[ClassChoice]:
    """The classes a viewer may pick (a mentor: their own), in division and code order."""
    stmt = (select(C.c.id, C.c.code, D.c.name, C.c.mentor_name).join(D, C.c.division_id == D.c.id)
            .order_by(D.c.id, C.c.code))
    if viewer is not None and viewer.mentor_class_ids is not None:
        stmt = stmt.where(C.c.id.in_(sorted(viewer.mentor_class_ids)))
    with db.read() as session:
        return [ClassChoice(*r) for r in session.execute(stmt)]


def known_terms(db: Database, *, today: dt.date | None = None) -> list[str]:
    """Terms with data, newest first, always including the current term."""
    from portfolio_desktop.store.models import Term

    current = resolve_term(None, today=today)
    with db.read() as session:
        pairs = {(y, s) for y, s in session.execute(select(Term.school_year, Term.semester))}
    pairs.add(current)
    return [format_term(y, s) for y, s in sorted(pairs, reverse=True)]
