"""成效評核 from real items data (the item tables on a real SQLite file): each teacher's
certification inside the window, each office's submission on time, the thresholds setting, the
敘獎 candidates, and that only the dean may read it."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio_desktop.domain.evaluation import Duty, Office, Thresholds
from portfolio_desktop.domain.items import ItemKind
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services.workgroup import evaluation
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import (
    Course,
    CourseTeacher,
    Enrolment,
    ItemStateChange,
    PortfolioItem,
    WindowOverride,
)
from portfolio_desktop.store.models import Term
from tests.data.items_school import make_roster
from tests.data.staff import DEAN, staff


NOW = dt.datetime(2024, 12, 10, 10, 0)  # inside the windows
LATE = dt.datetime(2025, 1, 15, 9, 0)  # after them: only with a recorded override


class Builder:
    """Items in the item tables, written with the typed models (the items service has its own tests);
    a late step carries a WindowOverride row, as the items service records one."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.students = make_roster(db)
        with db.write() as s:
            term = Term(school_year=113, semester=1)
            s.add(term)
            s.flush()
            self.term_id = term.id
            self.courses: dict[str, int] = {}
            for code, teachers in (("C01", ["張老師"]), ("C02", ["李老師", "王老師"]), ("C03", ["黃老師"]),
                                   ("C04", ["黃老師"])):
                course = Course(term_id=term.id, code=code, name=code)
                course.teachers = [CourseTeacher(teacher_name=t, position=i) for i, t in enumerate(teachers)]
                s.add(course)
                s.flush()
                self.courses[code] = course.id

    def item(self, no: str, kind: ItemKind, course: str | None = None) -> int:
        with self.db.write() as s:
            enrolment = None
            if course:
                enrolment = Enrolment(course_id=self.courses[course], student_id=self.students[no])
                s.add(enrolment)
                s.flush()
            item = PortfolioItem(student_id=self.students[no], term_id=self.term_id, kind=kind.value, title="報告",
                                 enrolment_id=enrolment.id if enrolment else None, state="uploaded",
                                 category="volunteer" if kind is ItemKind.MP else None)
            s.add(item)
            s.flush()
            return item.id

    def step(self, item_id: int, action: str, to: str, at: dt.datetime = NOW, *, actor: str = "t",
             on_behalf_of: str | None = None) -> None:
        with self.db.write() as s:
            item = s.get(PortfolioItem, item_id)
            assert item is not None
            override = None
            if at > NOW:
                override = WindowOverride(term_id=self.term_id, kind="certification", action=action, item_id=item_id,
                                          reason="補辦", actor="reg")
                s.add(override)
                s.flush()
            s.add(ItemStateChange(item_id=item_id, from_state=item.state, to_state=to, action=action, at=at,
                                  actor=actor, on_behalf_of=on_behalf_of,
                                  override_id=override.id if override else None))
            item.state = to


def test_teacher_and_office_completion_and_candidates(db: Database) -> None:
    b = Builder(db)
    dean = staff(db, "dean", DEAN, name="教務主任")
    staff(db, "reg", Grant(Role.REGISTRY, "day"), name="陳註冊")
    # 張老師 (C01): two outcomes, both certified inside the window.
    c01 = [b.item("0001", ItemKind.CLO, "C01"), b.item("0101", ItemKind.CLO, "C01")]
    for i in c01:
        b.step(i, "certify", "certified")
    # 黃老師 (C03, C04): one certified in time, one rejected late with an override, one still pending.
    c03 = b.item("0001", ItemKind.CLO, "C03")
    b.step(c03, "certify", "certified")
    c04 = b.item("0002", ItemKind.CLO, "C04")
    b.step(c04, "reject", "not_certified", LATE)
    b.item("0101", ItemKind.CLO, "C04")
    # 李老師、王老師 share C02: one certified in time.
    b.step(b.item("0102", ItemKind.CLO, "C02"), "certify", "certified")
    # The office: three CLOs selected; two submitted in time, one late; an MP (訓育組) never submitted.
    for i in c01 + [c03]:
        b.step(i, "select", "selected")
    for i in c01:
        b.step(i, "submit", "submitted")
    b.step(c03, "submit", "submitted", LATE)
    b.step(b.item("0001", ItemKind.MP), "select", "selected")

    report = evaluation.evaluation(db, dean, 113)
    by = {(c.person, c.duty): c for c in report.completions}
    zhang = by[("張老師", Duty.CERTIFICATION)]
    assert (zhang.total, zhang.done, zhang.on_time, zhang.rate, zhang.meets) == (2, 2, 2, 1.0, True)
    huang = by[("黃老師", Duty.CERTIFICATION)]
    assert (huang.total, huang.done, huang.on_time) == (3, 2, 1) and not huang.meets
    assert huang.detail == ("C03", "C04") and huang.office is None and huang.detail_zh == "C03、C04"
    assert by[("李老師", Duty.CERTIFICATION)].total == by[("王老師", Duty.CERTIFICATION)].total == 1
    registry = by[("註冊組（陳註冊）", Duty.SUBMISSION)]
    assert (registry.total, registry.done, registry.on_time) == (3, 3, 2) and not registry.meets
    # codes and names, not display text: the UI names the office and the kinds in its language
    assert registry.office == Office(Role.REGISTRY, "day", ("陳註冊",)) and registry.detail == ("clo",)
    assert registry.kinds == (ItemKind.CLO,) and registry.detail_en == "course learning outcome"
    activities = by[("訓育組", Duty.SUBMISSION)]
    assert (activities.total, activities.done) == (1, 0)
    assert sorted(c.person for c in report.candidates) == sorted(["張老師", "李老師", "王老師"])

    # A laxer school setting makes the registry a candidate too (2 of 3 on time ≥ 0.6).
    evaluation.set_thresholds(db, dean, Thresholds(certification=0.95, submission=0.6))
    again = evaluation.evaluation(db, dean, 113)
    assert "註冊組（陳註冊）" in {c.person for c in again.candidates}
    assert "黃老師" not in {c.person for c in again.candidates}
    assert evaluation.get_thresholds(db).submission == 0.6
    # one semester only: the same data (all of it is in 113-1); 113-2 has nothing
    assert evaluation.evaluation(db, dean, 113, 2).completions == []


def test_a_proxy_is_credited_for_what_they_certified_for_a_departed_teacher(db: Database) -> None:
    b = Builder(db)
    dean = staff(db, "dean", DEAN, name="教務主任")
    staff(db, "huang", name="黃老師")
    staff(db, "lin", name="林代理")
    own = b.item("0001", ItemKind.CLO, "C03")
    b.step(own, "certify", "certified", actor="huang")  # before he left
    for no in ("0002", "0101"):  # after: his proxy, one of them late
        b.step(b.item(no, ItemKind.CLO, "C04"), "certify", "certified", LATE if no == "0101" else NOW,
               actor="lin", on_behalf_of="huang")
    b.item("0102", ItemKind.CLO, "C04")  # still waiting: the course teacher's to answer for

    by = {(c.person, c.duty): c for c in evaluation.evaluation(db, dean, 113).completions}
    huang = by[("黃老師", Duty.CERTIFICATION)]
    assert (huang.total, huang.done, huang.on_time) == (2, 1, 1)  # his own and the one still waiting
    proxy = by[("林代理（代 黃老師）", Duty.CERTIFICATION)]
    assert (proxy.total, proxy.done, proxy.on_time, proxy.detail) == (2, 2, 1, ("C04",))


def test_only_the_dean_reads_the_evaluation(db: Database) -> None:
    clerk = staff(db, "reg", Grant(Role.REGISTRY, "day"))
    with pytest.raises(PermissionDenied):
        evaluation.evaluation(db, clerk, 113)


def test_year_without_items_judges_nobody(db: Database) -> None:
    dean = staff(db, "dean", DEAN)
    report = evaluation.evaluation(db, dean, 112)
    assert report.completions == [] and report.candidates == []
