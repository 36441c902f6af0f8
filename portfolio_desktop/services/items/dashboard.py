"""The per-class dashboard and the school overview, computed in SQL with GROUP BY.

One query per view: the items of one term are grouped by student (and, for the overview, the student
rows again by class) with conditional sums, over the covering index ix_portfolio_item_term_student.
Python only turns the (few) aggregated rows into dataclasses and decides who is "behind"
(domain.windows.behind_reasons). Each reader sees the classes services/read_scope.py gives them (a mentor: their own).

Counts are "reached at least": an item that is submitted also counts as selected and (CLO) certified.
Percentages are over the students still at school (departed students cannot use the platform).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import exists, select

from portfolio_desktop.domain.classes import class_label
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.status import Status
from portfolio_desktop.domain.windows import Behind, Progress, Window, WindowKind, behind_reasons
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.services.items import dashboard_sql as q
from portfolio_desktop.services.items.dashboard_sql import COUNT_FIELDS
from portfolio_desktop.services.rosters.class_departments import department_counts
from portfolio_desktop.services.terms import current_term, resolve_term
from portfolio_desktop.services.items.item_settings import BEHIND_DAYS_KEY, DEFAULT_BEHIND_DAYS
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, classes_named, require_reader, scope_for
from portfolio_desktop.store.accounts_models import Staff, StaffRole
from portfolio_desktop.store.engine import Database

__all__ = ["ClassDashboard", "ClassSummary", "StudentProgress", "Viewer", "class_dashboard", "dashboard_json",
           "school_overview", "COUNT_FIELDS"]

C, D = q.C, q.D
COUNT_LABELS_ZH = ("成果上傳", "認證通過", "未通過", "待認證", "成果勾選", "多元上傳", "多元勾選", "已提交", "已確認")


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
    departments: tuple[str, ...] = ()  # the 科別 of its students; more than one: a 合班 class
    rank: int | None = None  # 1 = the class with the most to chase (:func:`ranked`)

    @property
    def to_chase(self) -> int:
        """What is behind in the class, the three follow-up lists counted: students at school with no
        course learning outcome uploaded, outcomes waiting for certification, students who selected
        nothing (seed 001 §五(三)3: the mentor follows them up)."""
        return ((self.at_school - self.students_uploaded) + self.counts.get("clo_pending", 0)
                + (self.at_school - self.students_selected))

    @property
    def label(self) -> str:
        """The class code, or 「309 農場經營科／機械科 合班」 for a class of several departments."""
        return class_label(self.class_code, None, self.departments) if len(self.departments) > 1 else self.class_code

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


def _behind_days(value: object) -> int:
    try:
        days = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        days = None
    return days if isinstance(days, int) and not isinstance(days, bool) and days >= 0 else DEFAULT_BEHIND_DAYS


def class_dashboard(db: Database, actor: Reader, term: str | tuple[int, int] | None = None, *,
                    class_id: int | None = None, class_code: str | None = None,
                    today: dt.date | None = None) -> ClassDashboard:
    """One row per student of the class for the term, plus the class summary row. A class the actor
    may not read (services/read_scope.py kind PROGRESS) is refused (audited).

    Three round trips on one read connection: the class + term id + setting, the school year's
    windows, and the GROUP BY over the term's items of the class's students.
    """
    viewer = scope_for(db, actor, ReadKind.PROGRESS)
    if class_code is not None and class_id is None:
        ids = classes_named(db, viewer, class_code)  # refuses (audited) a class outside the scope
        if len(ids) == 1:
            class_id = ids[0]
    year, sem = resolve_term(term, today=today, source=db)
    day = today or dt.date.today()
    common = {"year": year, "semester": sem, "setting_key": BEHIND_DAYS_KEY}
    with db.read_engine.connect() as conn:
        if class_id is not None:
            found = q.CLASS_BY_ID.run(conn, class_id=class_id, **common)
        elif class_code is not None:
            found = q.CLASS_BY_CODE.run(conn, class_code=class_code.strip(), **common)
        else:
            raise RuleError("請指定班級", "choose a class")
        if not found:
            raise NotFoundError(f"沒有班級 {class_code or class_id}", f"there is no class {class_code or class_id}")
        if len(found) > 1:
            raise RuleError(f"班級 {class_code} 在多個部別都有；請以班級編號指定",
                            f"class {class_code} exists in more than one division; choose it by id")
        cls = found[0]
        division = None if viewer.whole else _division_code(db, cls[0])
        if not viewer.whole and not viewer.can_see(cls[0], division):
            conn.rollback()
            raise viewer.refuse(db, what_zh=f"班級 {cls[1]} 的資料", what_en=f"the data of class {cls[1]}",
                                class_id=cls[0], division=division)
        windows = [Window(WindowKind(k), format_term(y, s), q.as_datetime(a), q.as_datetime(b))
                   for y, s, k, a, b in q.WINDOWS_OF_YEAR.run(conn, year=year)]
        term_id = cls[5] if cls[5] is not None else -1
        rows = q.STUDENT_PROGRESS.run(conn, term_id=term_id, class_id=cls[0])
        departments = _departments(department_counts(conn, [cls[0]]).get(cls[0], ()))
        conn.rollback()
    within = _behind_days(cls[6])
    students: list[StudentProgress] = []
    for sid, seat, no, name, status_code, *values in rows:
        status = Status(status_code)
        c = dict(zip(COUNT_FIELDS, (int(v or 0) for v in values), strict=True))
        progress = Progress(c["clo_uploaded"], c["clo_pending"], c["clo_selected"] + c["mp_selected"],
                            c["submitted"], c["confirmed"], status.departed)
        students.append(StudentProgress(sid, seat, no, name, status, status.departed, **c,
                                        behind=behind_reasons(progress, windows, day, within_days=within)))
    at_school = [s for s in students if not s.departed]
    with db.read() as session:
        mentor = _mentors(session, [cls[0]]).get(cls[0], cls[3])
    summary = ClassSummary(
        cls[0], cls[1], cls[4], cls[2], mentor, len(students), len(students) - len(at_school),
        len(at_school), sum(1 for s in at_school if s.clo_uploaded),
        sum(1 for s in at_school if s.clo_selected or s.mp_selected), sum(1 for s in at_school if s.submitted),
        {f: sum(getattr(s, f) for s in students) for f in COUNT_FIELDS}, sum(1 for s in students if s.is_behind),
        departments,
    )
    return ClassDashboard(format_term(year, sem), day, summary, students, windows, within)


STAGES = ("pct_uploaded", "pct_certified", "pct_selected", "pct_submitted", "pct_confirmed")
"""The steps of the year in order: 上傳 → 認證 → 勾選 → 提交 → 收訖 (ClassSummary's percentages)."""


def ranked(rows: list[ClassSummary]) -> list[ClassSummary]:
    """The classes ranked by what is behind (:attr:`ClassSummary.to_chase`), most first; ties by code."""
    order = sorted(rows, key=lambda r: (-r.to_chase, r.division, r.class_code))
    return [replace(r, rank=i) for i, r in enumerate(order, start=1)]


def medians(rows: list[ClassSummary]) -> dict[str, float | None]:
    """Per stage, the median of the classes' percentages (classes with no figure left out)."""
    out: dict[str, float | None] = {}
    for stage in STAGES:
        values = [v for v in (getattr(r, stage) for r in rows) if v is not None]
        out[stage] = statistics.median(values) if values else None
    return out


def school_medians(db: Database, actor: Reader, term: str | tuple[int, int] | None = None, *,
                   today: dt.date | None = None) -> dict[str, float | None]:
    """The school's median class per stage: figures about no one student, so any member of staff may
    read them (a mentor compares their class with them)."""
    require_reader(db, actor)
    year, sem = resolve_term(term, today=today, source=db)
    return medians(_all_classes(db, year, sem))


def _mentors(session: Any, class_ids: list[int] | None = None) -> dict[int, str]:
    """The people who hold mentor:<class> (by display name), which the roster's mentor column may
    predate; several for one class are joined."""
    stmt = (select(StaffRole.class_id, Staff.display_name).join(Staff, Staff.id == StaffRole.staff_id)
            .where(StaffRole.role == "mentor").order_by(StaffRole.class_id, Staff.display_name))
    if class_ids is not None:
        stmt = stmt.where(StaffRole.class_id.in_(class_ids))
    out: dict[int, str] = {}
    for class_id, name in session.execute(stmt):
        out[class_id] = f"{out[class_id]}、{name}" if class_id in out else name
    return out


def _division_code(db: Database, class_id: int) -> str | None:
    with db.read() as session:
        return session.scalar(select(D.c.code).join(C, C.c.division_id == D.c.id).where(C.c.id == class_id))


def school_overview(db: Database, actor: Reader, term: str | tuple[int, int] | None = None, *,
                    today: dt.date | None = None) -> list[ClassSummary]:
    """One summary row per class with completion percentages: the classes the actor may read (a
    mentor: their own, a division office: its division — each computed as that class's dashboard,
    which is also one GROUP BY)."""
    viewer = scope_for(db, actor, ReadKind.PROGRESS)
    year, sem = resolve_term(term, today=today, source=db)
    if not viewer.whole:
        return [class_dashboard(db, viewer, (year, sem), class_id=c.id, today=today).summary
                for c in visible_classes(db, viewer)]
    return _all_classes(db, year, sem)


def _all_classes(db: Database, year: int, sem: int) -> list[ClassSummary]:
    """Every class's summary for the term (one GROUP BY); the caller has checked the reader."""
    with db.read_engine.connect() as conn:
        term_id = conn.execute(select(q.T.c.id).where(q.T.c.school_year == year, q.T.c.semester == sem)).scalar()
        rows = q.OVERVIEW.run(conn, term_id=term_id if term_id is not None else -1)
        by_class = department_counts(conn)
        conn.rollback()
    with db.read() as session:
        mentors = _mentors(session)
    out = []
    for r in rows:
        students, departed = int(r.students), int(r.departed or 0)
        out.append(ClassSummary(r.id, r.code, r.division, r.grade, mentors.get(r.id, r.mentor_name), students, departed,
                                students - departed, int(r.students_uploaded or 0), int(r.students_selected or 0),
                                int(r.students_submitted or 0), {f: int(getattr(r, f) or 0) for f in COUNT_FIELDS},
                                departments=_departments(by_class.get(r.id, ()))))
    return out


def _departments(counts: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """The departments of a class's students, its own first (rosters/class_departments.py)."""
    return tuple(name for name, _ in counts)


def school_total(rows: list[ClassSummary]) -> ClassSummary:
    """The whole school (or the viewer's classes) as one summary row."""
    return ClassSummary(0, "全校", "", 0, None, sum(r.students for r in rows), sum(r.departed for r in rows),
                        sum(r.at_school for r in rows), sum(r.students_uploaded for r in rows),
                        sum(r.students_selected for r in rows), sum(r.students_submitted for r in rows),
                        {f: sum(r.counts.get(f, 0) for r in rows) for f in COUNT_FIELDS})


def _summary_json(s: ClassSummary) -> dict[str, Any]:
    return {"class": s.class_code, "label": s.label, "departments": list(s.departments), "division": s.division, "grade": s.grade, "mentor": s.mentor,
            "students": s.students, "departed": s.departed, "at_school": s.at_school,
            "students_uploaded": s.students_uploaded, "students_selected": s.students_selected,
            "students_submitted": s.students_submitted, "counts": s.counts, "behind": s.behind,
            **s.percentages()}


def dashboard_json(db: Database, actor: Reader, term: str | tuple[int, int] | None = None, *,
                   class_code: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """For ``dashboard --json``: per class, per student, the counts by kind and state (the classes
    the actor may read)."""
    viewer = scope_for(db, actor, ReadKind.PROGRESS)
    year, sem = resolve_term(term, today=today, source=db)
    if class_code:  # only that class is asked of the database, never the whole school
        ids = _classes_coded(db, viewer, class_code.strip())
        overview: list[ClassSummary] = []
        if not ids:  # no such class, or not the reader's: say which
            class_dashboard(db, viewer, (year, sem), class_code=class_code, today=today)
    else:
        overview = school_overview(db, viewer, (year, sem), today=today)
        ids = [c.class_id for c in overview]
    classes = []
    for class_id in ids:
        board = class_dashboard(db, viewer, (year, sem), class_id=class_id, today=today)
        classes.append({
            **_summary_json(board.summary),
            "students": [{"seat_no": s.seat_no, "student_no": s.student_no, "name": s.name, "departed": s.departed,
                          "status": s.status.value, "counts": s.counts(),
                          "behind": [b.value for b in s.behind]} for s in board.students],
        })
    return {"term": format_term(year, sem), "classes": classes,
            "school": _summary_json(school_total(overview)) if not class_code else None}


def _classes_coded(db: Database, viewer: ReadScope, code: str) -> list[int]:
    """The classes with this code that :func:`school_overview` would list for ``viewer``, in its order:
    for the whole school those that have students, else the viewer's visible classes."""
    if not viewer.whole:
        return [c.id for c in visible_classes(db, viewer) if c.code == code]
    has_students = exists().where(q.S.c.class_id == C.c.id)
    stmt = (select(C.c.id).join(D, C.c.division_id == D.c.id).where(C.c.code == code, has_students)
            .order_by(D.c.id, C.c.code))
    with db.read() as session:
        return list(session.scalars(stmt))





@dataclass(frozen=True)
class ClassChoice:
    id: int
    code: str
    division: str
    mentor: str | None


def visible_classes(db: Database, actor: Reader) -> list[ClassChoice]:
    """The classes the actor may pick (a mentor: their own; a division office: its division), in
    division and code order."""
    viewer = scope_for(db, actor, ReadKind.PROGRESS)
    stmt = (select(C.c.id, C.c.code, D.c.name, C.c.mentor_name).join(D, C.c.division_id == D.c.id)
            .where(viewer.class_clause(C.c.id)).order_by(D.c.id, C.c.code))
    with db.read() as session:
        found = list(session.execute(stmt))
        mentors = _mentors(session, [r[0] for r in found])
    return [ClassChoice(i, code, division, mentors.get(i, mentor)) for i, code, division, mentor in found]


def default_term(db: Database, *, today: dt.date | None = None) -> str:
    """The term a term picker starts on: the school's current term (terms.current_term)."""
    return format_term(*current_term(db, today))


def known_terms(db: Database, *, today: dt.date | None = None) -> list[str]:
    """Terms with data, newest first, always including the current term (:func:`default_term`)."""
    Term = q.T.c
    current = current_term(db, today)
    with db.read() as session:
        pairs = {(y, s) for y, s in session.execute(select(Term.school_year, Term.semester))}
    pairs.add(current)
    return [format_term(y, s) for y, s in sorted(pairs, reverse=True)]
