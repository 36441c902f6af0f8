"""Roster import, queries and status changes on a real migrated SQLite file with real .xlsx files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import ImportRefused, NotFoundError, RuleError
from portfolio_desktop.io.tabular import Cancelled
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.accounts import audit_log, proxies
from portfolio_desktop.services.accounts.audit_log import AuditRow
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.audit import STUDENT_ADDS
from portfolio_desktop.store.models import AuditLog, SchoolClass, StatusChange, Student
from tests.data.staff import DEAN, REGISTRY_DAY, REGISTRY_NIGHT, seed_staff

HEADERS = ["學號", "姓名", "身分證字號", "性別", "生日", "科別", "班級", "座號", "學籍狀態", "離校日期", "電話"]
# Valid IDs (check digits computed by hand with the 1,9,8,7,6,5,4,3,2,1,1 weights).
ALICE = ["00123", "王𡘙", "A123456789", "女", "97/04/25", "資訊科", "301", 1, "在學", None, "0912345678"]
BOB = ["00124", "陳大明", "F131104093", "男", "2008-01-05", "資訊科", "301", 2, "在學", None, None]
CAROL = ["10001", "林小美", "E223456785", "2", "民國96年12月31日", "機械科", "201", 5, "在學", None, None]
DAVE = ["10002", "張志豪", "S123456784", "1", "1000101", "機械科", "201", 6, "在學", None, None]


def write_roster(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS, title: bool = True) -> Path:
    """An .xlsx as school systems write it: a title row and a blank row above the header, 學號 as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名冊"
    if title:
        ws.append(["國立岡山農工 學生名冊"])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the roster tables and the audit log, to prove that nothing was written."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as s:
        for model in (Student, SchoolClass, StatusChange, AuditLog):
            cols = [c for c in model.__table__.columns]
            out[model.__tablename__] = [tuple(r) for r in s.execute(select(*cols).order_by(cols[0]))]
    return out


def audits(db: Database, action: str) -> list[Any]:
    """Audit rows of one action, oldest first (plain rows: they outlive the session)."""
    with db.read() as s:
        return list(
            s.execute(select(*AuditLog.__table__.columns).where(AuditLog.action == action).order_by(AuditLog.id))
        )


def logged(db: Database, action: str) -> list[AuditRow]:
    """The rows of one action as the audit log reads them for the dean (a roster import's new students
    are stored as one batch row: services/accounts/audit_log.py), oldest first."""
    with db.read() as s:
        seeded = s.scalar(select(Staff.username).where(Staff.username == "dean-audit")) is not None
    reader = Actor("dean-audit") if seeded else seed_staff(db, "dean-audit", DEAN)
    return audit_log.query(db, reader, audit_log.AuditFilter(kind=action))[::-1]


def changes(db: Database) -> list[Any]:
    with db.read() as s:
        return list(s.execute(select(*StatusChange.__table__.columns).order_by(StatusChange.id)))


@pytest.fixture
def base_file(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "名冊.xlsx", [ALICE, BOB, CAROL, DAVE])


def test_import_adds_students_with_audit_and_no_change_rows(db: Database, actor: Actor, base_file: Path) -> None:
    report = rosters.import_roster(db, actor, base_file)
    assert sorted(report.added) == ["00123", "00124", "10001", "10002"]
    assert report.changed == [] and report.unchanged == [] and report.problems == [] and not report.dry_run
    alice = rosters.student_detail(db, actor, "00123")
    assert alice.student.name == "王𡘙" and alice.student.name.encode("utf-8") == "王𡘙".encode()
    assert alice.national_id == "A123456789" and alice.student.national_id_masked == "A12****789"
    assert alice.student.birth_date == dt.date(2008, 4, 25)
    assert alice.student.division == "日間部"  # no 部別 column → 日間部
    assert (alice.student.department, alice.student.class_code, alice.student.gender) == ("資訊科", "301", "F")
    assert alice.changes == []  # the initial status is no 學籍異動
    assert rosters.student_detail(db, actor, "10002").student.birth_date == dt.date(2011, 1, 1)
    assert [a.entity_key for a in logged(db, "student.add")] == ["00123", "00124", "10001", "10002"]
    after = logged(db, "student.add")[0].after
    assert after["name"] == "王𡘙" and after["national_id"] == "A123456789" and after["status"] == "enrolled"
    summary = audits(db, "roster.import")
    assert len(summary) == 1 and json.loads(summary[0].after)["added"] == 4
    assert summary[0].actor == actor.username


def test_each_new_student_is_audited_with_the_record_as_stored(db: Database, actor: Actor, tmp_path: Path) -> None:
    """The database writes the new students' audit record (one INSERT … SELECT, one compact row per
    import): read back, each student's whole record with the keys in order, dates as ISO text, text
    byte-exact, and no record for a student already there."""
    rosters.import_roster(db, actor, write_roster(tmp_path / "a.xlsx", [BOB]))
    rosters.import_roster(db, actor, write_roster(tmp_path / "b.xlsx", [ALICE, BOB, CAROL]))
    stored = audits(db, STUDENT_ADDS.stored)
    assert len(stored) == 2 and audits(db, "student.add") == []  # one row per import, no row per student
    assert "王𡘙".encode() in stored[1].after.encode("utf-8") and "A123456789" in stored[1].after
    rows = logged(db, "student.add")
    assert [a.entity_key for a in rows] == ["00124", "00123", "10001"]
    assert all(a.before is None and a.actor == actor.username and a.on_behalf_of is None for a in rows)
    assert [a.id for a in rows] == [stored[0].id, stored[1].id, stored[1].id]
    alice = rows[1].after
    assert alice == {
        "address": None, "birth_date": "2008-04-25", "class_code": "301", "department": "資訊科", "division": "day",
        "email": None, "gender": "F", "guardian": None, "left_on": None, "name": "王𡘙",
        "national_id": "A123456789", "phone": "0912345678", "postal_code": None, "seat_no": 1,
        "status": "enrolled", "student_no": "00123",
    }
    assert list(alice) == sorted(alice)
    assert rows[2].after["birth_date"] == "2007-12-31"  # 民國96年12月31日


def test_a_large_import_audits_its_new_students_a_chunk_at_a_time(db: Database, actor: Actor, base_file: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """One compact row per chunk written (memory stays flat however large the file); read back, one
    row per student, newest first, none lost or repeated."""
    from portfolio_desktop.services.rosters import roster_import

    monkeypatch.setattr(roster_import, "WRITE_CHUNK", 3)
    rosters.import_roster(db, actor, base_file)
    stored = audits(db, STUDENT_ADDS.stored)
    assert [len(json.loads(r.after)["rows"]) for r in stored] == [3, 1]
    assert [a.entity_key for a in logged(db, "student.add")] == ["00123", "00124", "10001", "10002"]


def test_the_chunks_of_a_large_import_store_each_date_as_written(db: Database, actor: Actor, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The chunks share what they have converted for the database (a birth date met again in a later
    chunk is converted once): every student still gets their own date, as the database stores dates
    (SQLite: ISO text; PostgreSQL: a date, its ISO text here)."""
    from portfolio_desktop.services.rosters import roster_import

    monkeypatch.setattr(roster_import, "WRITE_CHUNK", 2)
    dates = ["2008-04-25", "2008-01-05", "2008-01-05", "2007-12-31", "2008-04-25"]
    rows = [[f"2{i:04d}", f"學生{i}", None, "女", born, "資訊科", "301", i + 1, "在學", None, None]
            for i, born in enumerate(dates)]
    rosters.import_roster(db, actor, write_roster(tmp_path / "dates.xlsx", rows))
    with db.read() as s:
        stored = {no: str(born) for no, born in s.execute(text("SELECT student_no, birth_date FROM student"))}
    assert stored == {f"2{i:04d}": born for i, born in enumerate(dates)}


def test_new_students_are_audited_as_the_acting_of_their_division(db: Database, actor: Actor,
                                                                  tmp_path: Path) -> None:
    """A night-division clerk acting for the day registry's head (on leave): a day student's row says
    who acted for whom, a night student's names the clerk alone."""
    today = dt.date.today()
    seed_staff(db, "日間組長", REGISTRY_DAY, name="陳組長")
    night = seed_staff(db, "夜間組長", REGISTRY_NIGHT, name="林組長")
    accounts.add_leave(db, actor, "日間組長", today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    proxies.set_list(db, actor, "日間組長", ["夜間組長"])
    headers = ["學號", "姓名", "部別", "科別", "班級", "座號", "學籍狀態"]
    rows = [["D001", "日間生", "日間部", "資訊科", "101", 1, "在學"], ["N001", "夜間生", "進修部", "機械科", "151", 1, "在學"],
            ["D002", "日間生二", "日間部", "資訊科", "101", 2, "在學"]]
    rosters.import_roster(db, night, write_roster(tmp_path / "two.xlsx", rows, headers))
    added = {a.entity_key: (a.actor, a.on_behalf_of, a.after["division"]) for a in logged(db, "student.add")}
    assert added == {"D001": ("夜間組長", "日間組長", "day"), "D002": ("夜間組長", "日間組長", "day"),
                     "N001": ("夜間組長", None, "night")}


def test_same_file_twice_changes_nothing(db: Database, actor: Actor, base_file: Path) -> None:
    rosters.import_roster(db, actor, base_file)
    before = snapshot(db)
    report = rosters.import_roster(db, actor, base_file)
    assert sorted(report.unchanged) == ["00123", "00124", "10001", "10002"]
    assert report.added == [] and report.changed == [] and report.status_changes == 0
    assert snapshot(db) == before


def test_class_move_and_status_change_become_status_changes(
    db: Database, actor: Actor, base_file: Path, tmp_path: Path
) -> None:
    rosters.import_roster(db, actor, base_file)
    moved = ALICE.copy()
    moved[6] = "302"
    left = BOB.copy()
    left[8], left[9] = "休學", "113/09/02"
    later = write_roster(tmp_path / "第二次.xlsx", [moved, left, CAROL, DAVE])
    report = rosters.import_roster(db, actor, later)
    assert sorted(report.changed) == ["00123", "00124"] and report.status_changes == 2
    rows = {c.student_id: c for c in changes(db)}
    alice = rosters.student_detail(db, actor, "00123")
    (move,) = alice.changes
    assert (move.from_class, move.to_class, move.from_status, move.to_status) == (
        "301",
        "302",
        Status.ENROLLED,
        Status.ENROLLED,
    )
    assert move.changed_on == dt.date.today() and move.reason == "名冊匯入 第二次.xlsx"
    assert move.recorded_by == actor.username
    bob = rosters.student_detail(db, actor, "00124")
    assert bob.student.status is Status.SUSPENDED and bob.student.departed
    assert bob.student.left_on == dt.date(2024, 9, 2)
    (leave,) = bob.changes
    assert leave.changed_on == dt.date(2024, 9, 2) and (leave.from_class, leave.to_class) == (None, None)
    assert len(rows) == 2
    upd = {a.entity_key: (json.loads(a.before), json.loads(a.after)) for a in audits(db, "student.update")}
    assert upd["00123"] == (
        {"class_code": "301", "department": "資訊科", "division": "day"},
        {"class_code": "302", "department": "資訊科", "division": "day"},
    )
    assert upd["00124"] == ({"status": "enrolled", "left_on": None}, {"status": "suspended", "left_on": "2024-09-02"})


def test_other_field_change_is_audited_without_status_change(
    db: Database, actor: Actor, base_file: Path, tmp_path: Path
) -> None:
    rosters.import_roster(db, actor, base_file)
    carol = CAROL.copy()
    carol[10] = "07-6211479"
    report = rosters.import_roster(db, actor, write_roster(tmp_path / "b.xlsx", [ALICE, BOB, carol, DAVE]))
    assert report.changed == ["10001"] and report.status_changes == 0 and changes(db) == []
    (a,) = audits(db, "student.update")
    assert (json.loads(a.before), json.loads(a.after)) == ({"phone": None}, {"phone": "07-6211479"})


def test_refused_transition_is_a_row_problem_and_writes_nothing(
    db: Database, actor: Actor, base_file: Path, tmp_path: Path
) -> None:
    rosters.import_roster(db, actor, base_file)
    rosters.change_status(db, actor, "10002", Status.GRADUATED, dt.date(2024, 7, 31), reason="畢業")
    before = snapshot(db)
    back = DAVE.copy()  # 在學 again: 畢業 is final
    moved = ALICE.copy()
    moved[6] = "302"
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, write_roster(tmp_path / "c.xlsx", [moved, BOB, CAROL, back]))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value, problem.sheet) == (7, "學籍狀態", "在學", "名冊")
    assert "畢業" in problem.zh and "graduated" in problem.en
    assert snapshot(db) == before  # the good class move was not written either


def test_all_or_nothing_then_skip_invalid(db: Database, actor: Actor, tmp_path: Path) -> None:
    bad = BOB.copy()
    bad[2] = "A123456788"  # wrong check digit
    path = write_roster(tmp_path / "bad.xlsx", [ALICE, bad, CAROL])
    before = snapshot(db)
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "身分證字號", "A123456788")
    assert problem.zh and problem.en
    assert snapshot(db) == before

    report = rosters.import_roster(db, actor, path, skip_invalid=True)
    assert sorted(report.added) == ["00123", "10001"] and report.skipped_rows == [5]
    assert [p.row for p in report.problems] == [5]
    assert {s.student_no for s in rosters.list_students(db, actor)} == {"00123", "10001"}


def test_one_national_id_on_two_students_is_a_row_problem(db: Database, actor: Actor, tmp_path: Path) -> None:
    twin = BOB.copy()
    twin[2] = ALICE[2]  # Alice's ID typed on Bob's row
    path = write_roster(tmp_path / "dup.xlsx", [ALICE, twin, CAROL])
    before = snapshot(db)
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "身分證字號", "A12****789")  # masked
    assert "00123" in problem.zh and "第 4 列" in problem.zh and "00123" in problem.en
    assert snapshot(db) == before
    rosters.import_roster(db, actor, write_roster(tmp_path / "ok.xlsx", [ALICE, CAROL]))
    later = DAVE.copy()
    later[2] = CAROL[2]  # a later file gives a stored student's ID to another student
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, write_roster(tmp_path / "later.xlsx", [later]))
    (problem,) = caught.value.problems
    assert problem.row == 4 and "10001" in problem.zh and "10001" in problem.en
    # the same student again with the same ID is no problem
    assert rosters.import_roster(db, actor, write_roster(tmp_path / "again.xlsx", [ALICE, CAROL])).problems == []


def test_dry_run_reports_and_writes_nothing(db: Database, actor: Actor, base_file: Path, tmp_path: Path) -> None:
    rosters.import_roster(db, actor, base_file)
    before = snapshot(db)
    moved = ALICE.copy()
    moved[6] = "302"
    new = ["20001", "吳新生", None, "男", None, "電機科", "101", 1, None, None, None]
    report = rosters.import_roster(db, actor, write_roster(tmp_path / "d.xlsx", [moved, BOB, CAROL, new]), dry_run=True)
    assert report.dry_run and report.added == ["20001"] and report.changed == ["00123"]
    assert sorted(report.unchanged) == ["00124", "10001"] and report.status_changes == 1
    assert snapshot(db) == before


def test_db_level_row_problems(db: Database, actor: Actor, tmp_path: Path) -> None:
    wrong_grade = ["30001", "周一", None, None, None, "普通科", "A01", 1, None, None, None]
    same_seat = ["00125", "周二", None, None, None, "資訊科", "301", 1, None, None, None]  # ALICE has seat 1
    other_dept = ["00126", "周三", None, None, None, "電機科", "301", 3, None, None, None]  # 合班: fine
    departed_seat = ["00127", "周四", None, None, None, "資訊科", "301", 2, "轉出", None, None]  # departed: fine
    path = write_roster(tmp_path / "e.xlsx", [ALICE, BOB, wrong_grade, same_seat, other_dept, departed_seat])
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, path)
    got = [(p.row, p.column) for p in caught.value.problems]
    assert got == [(6, "班級"), (7, "座號")]  # a second 科別 in class 301 is a 合班, not a problem
    assert "1–3" in caught.value.problems[0].zh and "grade" in caught.value.problems[0].en
    assert "00123" in caught.value.problems[1].zh


def test_division_column_and_class_tree_order(db: Database, actor: Actor, tmp_path: Path) -> None:
    headers = ["學號", "姓名", "部別", "科別", "班級", "座號", "學籍狀態"]
    rows = [
        ["N001", "夜一", "進修部", "機械科", "151", 1, "在學"],
        ["D003", "日三", "日間部", "資訊科", "301", 1, "休學"],
        ["D001", "日一", "日間部", "普通科", "101", 2, "在學"],
        ["D002", "日二", "日間部", "普通科", "101", 1, "在學"],
        ["D004", "日四", "日間部", "機械科", "102", None, "在學"],
    ]
    rosters.import_roster(db, actor, write_roster(tmp_path / "f.xlsx", rows, headers, title=False))
    tree = rosters.class_tree(db, actor)
    assert [(n.division, n.grade, n.code) for n in tree] == [
        ("日間部", 1, "101"),
        ("日間部", 1, "102"),
        ("日間部", 3, "301"),
        ("進修部", 1, "151"),
    ]
    assert [(n.students, n.departed) for n in tree] == [(2, 0), (1, 0), (1, 1), (1, 0)]
    assert tree[3].division_code == "night" and tree[3].department == "機械科"
    assert [s.student_no for s in rosters.list_students(db, actor)] == ["D002", "D001", "D004", "D003", "N001"]
    assert [s.student_no for s in rosters.list_students(db, actor, departed=True)] == ["D003"]
    assert [s.student_no for s in rosters.list_students(db, actor, departed=False, class_code="101")] == ["D002", "D001"]
    assert [s.student_no for s in rosters.list_students(db, actor, class_id=tree[3].id)] == ["N001"]
    # A later file without 部別 keeps N001 in 進修部 151 (the one division that has that class).
    rosters.import_roster(
        db, actor, write_roster(tmp_path / "g.xlsx", [["N001", "夜一", "151"]], ["學號", "姓名", "班級"])
    )
    assert rosters.student_detail(db, actor, "N001").student.division == "進修部"
    assert changes(db) == []


def test_missing_column_keeps_field_blank_cell_clears_it(
    db: Database, actor: Actor, base_file: Path, tmp_path: Path
) -> None:
    rosters.import_roster(db, actor, base_file)
    short = write_roster(tmp_path / "h.xlsx", [["00123", "王𡘙", "301"]], ["學號", "姓名", "班級"])
    assert rosters.import_roster(db, actor, short).unchanged == ["00123"]
    assert rosters.student_detail(db, actor, "00123").student.phone == "0912345678"
    blank = write_roster(tmp_path / "i.xlsx", [["00123", "王𡘙", "301", None]], ["學號", "姓名", "班級", "電話"])
    assert rosters.import_roster(db, actor, blank).changed == ["00123"]
    assert rosters.student_detail(db, actor, "00123").student.phone is None
    assert rosters.student_detail(db, actor, "10001").student.name == "林小美"  # not in the file: untouched


def test_cancel_writes_nothing(db: Database, actor: Actor, tmp_path: Path) -> None:
    rows = [[f"{i:05d}", f"學生{i}", None, None, None, "普通科", "101", None, None, None, None] for i in range(1, 1500)]
    path = write_roster(tmp_path / "big.xlsx", rows)
    before = snapshot(db)
    with pytest.raises(Cancelled):
        rosters.import_roster(db, actor, path, cancelled=lambda: True)
    assert snapshot(db) == before


def test_search_and_detail(db: Database, actor: Actor, base_file: Path) -> None:
    rosters.import_roster(db, actor, base_file)
    assert [s.student_no for s in rosters.list_students(db, actor, search="0012")] == ["00123", "00124"]
    assert [s.student_no for s in rosters.list_students(db, actor, search="𡘙")] == ["00123"]
    assert [s.student_no for s in rosters.list_students(db, actor, search="小")] == ["10001"]
    assert rosters.list_students(db, actor, search="%") == []
    with pytest.raises(NotFoundError):
        rosters.student_detail(db, actor, "99999")


def test_change_status_rules(db: Database, actor: Actor, base_file: Path) -> None:
    rosters.import_roster(db, actor, base_file)
    # 註冊組長 is on leave today; 代理人, first on their proxy list, records the change for them
    today = dt.date.today()
    seed_staff(db, "註冊組長", REGISTRY_DAY, REGISTRY_NIGHT, name="陳組長")
    proxy = seed_staff(db, "代理人", name="林代理")
    accounts.add_leave(db, actor, "註冊組長", today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    proxies.set_list(db, actor, "註冊組長", ["代理人"])
    row = rosters.change_status(db, proxy, "00124", Status.SUSPENDED, dt.date(2024, 9, 2), reason="因病休學")
    assert (row.from_status, row.to_status, row.reason) == (Status.ENROLLED, Status.SUSPENDED, "因病休學")
    assert (row.recorded_by, row.on_behalf_of) == ("代理人", "註冊組長")
    bob = rosters.student_detail(db, actor, "00124")
    assert bob.student.departed and bob.student.left_on == dt.date(2024, 9, 2)
    assert (bob.changes[-1].recorded_by_name, bob.changes[-1].on_behalf_of_name) == ("林代理", "陳組長")
    back = rosters.change_status(db, actor, "00124", Status.REINSTATED, dt.date(2025, 2, 3), new_class_code="201")
    assert (back.from_class, back.to_class) == ("301", "201")
    bob = rosters.student_detail(db, actor, "00124")
    assert bob.student.left_on is None and bob.student.class_code == "201" and not bob.student.departed
    assert [c.to_status for c in bob.changes] == [Status.SUSPENDED, Status.REINSTATED]
    moved = rosters.change_status(db, actor, "00123", Status.ENROLLED, dt.date(2025, 2, 3), new_class_code="201")
    assert (moved.from_status, moved.to_status, moved.to_class) == (Status.ENROLLED, Status.ENROLLED, "201")
    a = audits(db, "student.status_change")
    assert len(a) == 3 and a[0].on_behalf_of == "註冊組長" and json.loads(a[0].before)["status"] == "enrolled"

    before = snapshot(db)
    rosters.change_status(db, actor, "10002", Status.GRADUATED, dt.date(2025, 7, 31))
    after_grad = snapshot(db)
    with pytest.raises(RuleError) as caught:
        rosters.change_status(db, actor, "10002", Status.ENROLLED, dt.date(2025, 8, 1))
    assert "畢業" in caught.value.zh and caught.value.en
    with pytest.raises(RuleError):
        rosters.change_status(db, actor, "10001", Status.SUSPENDED, dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(RuleError):
        rosters.change_status(db, actor, "10001", Status.ENROLLED, dt.date(2025, 1, 1))  # already 在學
    with pytest.raises(NotFoundError):
        rosters.change_status(db, actor, "10001", Status.ENROLLED, dt.date(2025, 1, 1), new_class_code="999")
    with pytest.raises(NotFoundError):
        rosters.change_status(db, actor, "77777", Status.SUSPENDED, dt.date(2025, 1, 1))
    assert snapshot(db) == after_grad != before
