"""Withdrawing a 學籍異動 recorded by mistake: only the latest, by the registry of the division, with
a reason; the student exactly as before (status, class, 離校日期); the audit row says it in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from portfolio_desktop import cli
from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import NotFoundError, PermissionDenied, RuleError
from portfolio_desktop.services.accounts import audit_log
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.rosters.status_withdraw import withdraw_change
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, StatusChange, Student
from tests.data.staff import ACTIVITIES_DAY, signed_in_env, seed_staff
from tests.integration.test_roster_service import ALICE, BOB, CAROL, DAVE, snapshot, write_roster


def placed(db: Database) -> list[tuple[object, ...]]:
    """Where each student stands: status, class, 科別, 離校日期 (what a withdrawal must put back)."""
    with db.read() as s:
        return [tuple(r) for r in s.execute(select(Student.student_no, Student.status, Student.class_id,
                                                   Student.department_id, Student.left_on).order_by(Student.id))]


@pytest.fixture
def school(db: Database, actor: Actor, tmp_path: Path) -> Database:
    path = write_roster(tmp_path / "名冊.xlsx", [ALICE, BOB, CAROL, DAVE])  # 00123, 00124 in 301; 10001, 10002 in 201
    rosters.import_roster(db, actor, path)
    return db


def test_a_transfer_out_entered_by_mistake_is_withdrawn_and_the_student_is_as_before(school: Database,
                                                                                        actor: Actor) -> None:
    before = placed(school)
    change = rosters.change_status(school, actor, "00124", Status.TRANSFERRED_OUT, dt.date(2024, 10, 1),
                                   reason="轉學")
    assert rosters.student_detail(school, actor, "00124").student.departed
    done = withdraw_change(school, actor, "00124", change.id, "誤登錄：應為 10001")
    assert (done.change_id, done.undone, done.status, done.class_code, done.left_on) == (
        change.id, Status.TRANSFERRED_OUT, Status.ENROLLED, "301", None)
    bob = rosters.student_detail(school, actor, "00124")
    assert not bob.student.departed and bob.student.left_on is None and bob.changes == []
    assert placed(school) == before
    [row] = audit_log.query(school, actor, audit_log.AuditFilter(kind="student.status_change_withdrawn"))
    words = row.words()
    assert "撤銷 00124 陳大明 誤登錄的學籍異動" in words and "由 轉出 改回 在學" in words and "誤登錄：應為 10001" in words
    assert "back to" in row.words(english=True)


def test_a_class_move_and_an_earlier_departure_are_put_back(school: Database, actor: Actor) -> None:
    rosters.change_status(school, actor, "00123", Status.SUSPENDED, dt.date(2024, 9, 2))
    moved = rosters.change_status(school, actor, "00123", Status.REINSTATED, dt.date(2025, 2, 3), new_class_code="201")
    done = withdraw_change(school, actor, "00123", None, "復學日期有誤")  # None: the latest
    assert (done.change_id, done.status, done.class_code, done.left_on) == (
        moved.id, Status.SUSPENDED, "301", dt.date(2024, 9, 2))  # 休學 again, in 301, left on the 休學 date
    detail = rosters.student_detail(school, actor, "00123")
    assert detail.student.class_code == "301" and detail.student.left_on == dt.date(2024, 9, 2)
    assert [c.to_status for c in detail.changes] == [Status.SUSPENDED]


def test_only_the_latest_change_by_the_registry_with_a_reason(school: Database, actor: Actor) -> None:
    first = rosters.change_status(school, actor, "10001", Status.SUSPENDED, dt.date(2024, 9, 2))
    rosters.change_status(school, actor, "10001", Status.REINSTATED, dt.date(2024, 11, 1))
    unchanged = snapshot(school)["status_change"], placed(school)
    with pytest.raises(RuleError) as older:
        withdraw_change(school, actor, "10001", first.id, "太舊")
    assert "只能撤銷最近一筆" in older.value.zh and "latest" in older.value.en
    with pytest.raises(RuleError):
        withdraw_change(school, actor, "10001", None, "  ")
    with pytest.raises(NotFoundError):
        withdraw_change(school, actor, "00123", first.id, "別人的異動")
    with pytest.raises(NotFoundError):
        withdraw_change(school, actor, "00123", None, "沒有異動")
    activities = seed_staff(school, "訓育組員", ACTIVITIES_DAY)
    with pytest.raises(PermissionDenied) as denied:
        withdraw_change(school, activities, "10001", None, "不是我的業務")
    assert "註冊組" in denied.value.zh
    assert (snapshot(school)["status_change"], placed(school)) == unchanged
    with school.read() as s:
        assert s.scalar(select(AuditLog.action).order_by(AuditLog.id.desc()).limit(1)) == "authz.denied"
        assert len(list(s.scalars(select(StatusChange)))) == 2


def test_cli_status_withdraw(school: Database, db_path: Path, actor: Actor, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in signed_in_env(school, actor.username).items():
        monkeypatch.setenv(key, value)
    base = ["--db", str(db_path)]
    assert cli.main([*base, "status", "change", "00124", "轉出", "--date", "113/10/01"]) == 0
    assert "異動編號" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # --reason is required: argparse's usage error
        cli.main([*base, "status", "withdraw", "00124"])
    assert usage.value.code == 2 and "--reason" in capsys.readouterr().err
    assert cli.main([*base, "status", "withdraw", "00124", "--reason", "誤登錄"]) == 0
    err = capsys.readouterr().err
    assert "已撤銷學號 00124 的異動" in err and "withdrew change" in err
    assert not rosters.student_detail(school, actor, "00124").student.departed
    assert cli.main([*base, "status", "withdraw", "00124", "--reason", "again"]) == 1  # nothing left to withdraw
