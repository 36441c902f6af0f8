"""The demo school: believable, valid by our own rules, deterministic, and only into an empty database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop.domain.ids import id_kind, is_valid_id
from portfolio_desktop.domain.roc import term_dates, term_of
from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.cli import main
from portfolio_desktop.services.admin import demo as demo_service
from portfolio_desktop.services.admin.demo import generate_demo, is_empty
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, StatusChange, Student, Term
from portfolio_desktop.store.open import open_database
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

TODAY = dt.date(2024, 10, 15)  # 113-1


@pytest.fixture
def demo(db: Database, actor: Actor) -> Database:
    assert is_empty(db)
    summary = generate_demo(db, actor, today=TODAY)
    assert summary.students == 1200 and summary.classes == 30 and summary.term == "113-1"
    assert not is_empty(db)
    return db


def test_school_shape(demo: Database, actor: Actor) -> None:
    tree = rosters.class_tree(demo, actor)
    assert len(tree) == 30
    assert {n.division for n in tree} == {"日間部", "進修部"} and {n.grade for n in tree} == {1, 2, 3}
    assert {"普通科", "農場經營科", "園藝科", "食品加工科", "機械科", "電機科", "資訊科"} <= {
        n.department for n in tree
    }
    assert all(n.mentor and n.students > 0 for n in tree)
    assert sum(n.students for n in tree) == 1200
    assert [n.division for n in tree] == sorted((n.division for n in tree), key=["日間部", "進修部"].index)
    with demo.read() as s:
        # the current term, and the previous one that the departed students' receipt details are of
        assert sorted(s.execute(select(Term.school_year, Term.semester)).all()) == [(112, 2), (113, 1)]


def test_students_are_valid_and_plausible(demo: Database, actor: Actor) -> None:
    students = rosters.list_students(demo, actor)
    assert len(students) == 1200 and len({s.student_no for s in students}) == 1200
    with demo.read() as s:
        ids = {r[0]: r[1] for r in s.execute(select(Student.student_no, Student.national_id))}
    assert all(is_valid_id(i) for i in ids.values()) and len(set(ids.values())) == 1200
    kinds = Counter(id_kind(i) for i in ids.values())
    assert kinds["national"] > 1000 and kinds["resident_old"] > 0 and kinds["resident_new"] > 0
    rare = [s.name for s in students if any(ord(c) > 0xFFFF for c in s.name)]
    assert len(rare) >= 3
    assert all(0x20000 <= ord(c) <= 0x2A6DF for n in rare for c in n if ord(c) > 0xFFFF)  # CJK Ext-B only
    year, _ = term_of(TODAY)
    for s in students:
        grade = int(s.class_code[0])
        entry = year - grade + 1 + 1911
        assert s.birth_date is not None and s.birth_date <= dt.date(entry - 15, 9, 1)
        if s.division == "日間部":
            assert s.birth_date >= dt.date(entry - 16, 9, 2)
        assert s.postal_code and len(s.postal_code) == 3 and s.address and s.address.startswith(("高雄市", "臺南市"))
        assert s.gender in ("M", "F") and s.seat_no is not None
    seats = Counter((s.class_id, s.seat_no) for s in students)
    assert max(seats.values()) == 1


def test_departed_have_history(demo: Database, actor: Actor) -> None:
    students = rosters.list_students(demo, actor)
    departed = [s for s in students if s.departed]
    assert 20 <= len(departed) <= 120
    assert {s.status for s in departed} >= {
        Status.SUSPENDED,
        Status.TRANSFERRED_OUT,
        Status.WITHDRAWN,
        Status.GRADUATED,
    }
    start = term_dates(113, 1)[0]
    for s in departed:
        detail = rosters.student_detail(demo, actor, s.student_no)
        assert s.left_on is not None and s.left_on <= TODAY
        assert detail.changes and detail.changes[-1].to_status is s.status
        assert detail.changes[-1].changed_on == s.left_on and detail.changes[-1].reason
        if s.status is not Status.GRADUATED:
            assert s.left_on >= start
    back = [s for s in students if s.status is Status.REINSTATED]
    assert back and all(
        [c.to_status for c in rosters.student_detail(demo, actor, s.student_no).changes]
        == [Status.SUSPENDED, Status.REINSTATED]
        for s in back
    )
    with demo.read() as s:
        moves = s.scalar(select(func.count(StatusChange.id)).where(StatusChange.to_class_id.is_not(None)))
    assert moves and moves > 0


def test_one_audit_row_and_refuses_non_empty(demo: Database, actor: Actor) -> None:
    with demo.read() as s:
        actions = s.execute(select(AuditLog.action)).scalars().all()
        audit_rows = len(actions)
    # One row for the roster part (other parts of the demo, e.g. issue 4's items, add their own).
    assert actions.count("demo.generate") == 1 and not [a for a in actions if a.startswith("student.")]
    with pytest.raises(RuleError) as caught:
        generate_demo(demo, actor, today=TODAY)
    assert "空白" in caught.value.zh and "empty" in caught.value.en
    with demo.read() as s:
        assert s.scalar(select(func.count(Student.id))) == 1200
        assert s.scalar(select(func.count(AuditLog.id))) == audit_rows


def test_deterministic_by_seed(demo: Database, actor: Actor, tmp_path: Path) -> None:
    other = open_database(str(tmp_path / "other.sqlite3"))
    third = open_database(str(tmp_path / "third.sqlite3"))
    try:
        generate_demo(other, actor, today=TODAY)
        generate_demo(third, actor, today=TODAY, seed=7, students=300)
        for other_db in (other, third):  # the same clerk, so that they may read those rosters too
            seed_staff(other_db, CLERK, *CLERK_GRANTS)
        same = [dataclasses.asdict(s) for s in rosters.list_students(other, actor)]
        assert same == [dataclasses.asdict(s) for s in rosters.list_students(demo, actor)]
        assert len(rosters.list_students(third, actor)) == 300
        assert {s.name for s in rosters.list_students(third, actor)} != {s.name for s in rosters.list_students(demo, actor)}
    finally:
        other.dispose()
        third.dispose()


def test_demo_passes_our_own_import(demo: Database, actor: Actor, tmp_path: Path) -> None:
    """Exported and imported back, the demo school is unchanged: every value passes the roster rules."""
    out = tmp_path / "demo.xlsx"
    assert rosters.export_roster(demo, actor, out) == 1200
    report = rosters.import_roster(demo, actor, out)
    assert report.problems == [] and len(report.unchanged) == 1200 and report.changed == []


@pytest.mark.parametrize("total", [1, 29, 30, 1200, 1380, 1381, 2500, 5000, demo_service.max_students()])
def test_classes_are_sized_to_the_number_of_students(total: int) -> None:
    """The sizing rule alone: the fewest classes per department that seat everyone at MAX_SEATS or fewer."""
    layout = demo_service.class_layout(total)
    sizes = [n for *_, n in layout]
    assert sum(sizes) == total and max(sizes) <= demo_service.MAX_SEATS
    codes = [code for _, _, code, _, _ in layout]
    assert len(set(codes)) == len(codes) and all(code[0] in "123" and 3 <= len(code) <= 3 for code in codes)
    sections = demo_service.sections_for(total)
    assert len(layout) == 30 * sections
    if sections > 1:  # one class fewer per department would put more than MAX_SEATS in a class
        fewer = [w for *_, w in demo_service._weights(sections - 1)]
        assert max(demo_service._sizes(total, fewer)) > demo_service.MAX_SEATS
    assert {d for d, *_ in layout} == {"day", "night"} and {g for _, g, *_ in layout} == {1, 2, 3}


def test_too_many_students_are_refused_clearly(db: Database, actor: Actor, capsys: pytest.CaptureFixture[str]) -> None:
    limit = demo_service.max_students()
    with pytest.raises(RuleError) as caught:
        generate_demo(db, actor, students=limit + 1, today=TODAY)
    assert f"1–{limit}" in caught.value.zh and "at most 50 per class" in caught.value.en
    assert is_empty(db)
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(db.url).removeprefix("sqlite:///"), "demo", "--students", "20000"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"must be 1–{limit}" in err and "Traceback" not in err
    assert is_empty(db)


def test_a_larger_school_gets_more_classes(db: Database, actor: Actor) -> None:
    summary = generate_demo(db, actor, students=1500, today=TODAY)  # 2 classes per department and grade
    assert summary.students == 1500 and summary.classes == 60
    tree = rosters.class_tree(db, actor)
    assert len(tree) == 60 and max(n.students for n in tree) <= demo_service.MAX_SEATS
    with db.read() as s:
        assert s.scalar(select(func.max(Student.seat_no))) <= demo_service.MAX_SEATS
        assert s.scalar(select(func.count(func.distinct(Student.student_no)))) == 1500
