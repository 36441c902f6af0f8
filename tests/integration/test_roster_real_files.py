"""A real school's roster: 240 students with a 合班 class, phones and 學號 Excel typed as numbers, codes
written as text, and footer rows, as an .xlsx written by openpyxl and as a CSV. It imports exactly
(every stored value equals what the school meant), the dry run says what it repaired and left out,
and export → import gives the same data. The import runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import ImportRefused
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, Student
from portfolio_desktop.store.open import open_database
from tests.data.real_roster import (
    COMBINED_LABEL,
    HEADERS,
    build,
    write_roster_csv,
    write_xlsx,
)
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

def _stored(db: Database, actor: Actor) -> dict[str, dict[str, Any]]:
    """Every student as the roster service reads it, keyed by 學號, in the builder's terms."""
    out = {}
    for s in rosters.list_students(db, actor):
        detail = rosters.student_detail(db, actor, s.student_no)
        out[s.student_no] = {
            "student_no": s.student_no, "name": s.name, "national_id": detail.national_id, "gender": s.gender,
            "birth_date": s.birth_date, "division": s.division, "department": s.department,
            "class_code": s.class_code, "seat_no": s.seat_no, "status": s.status.zh, "postal_code": s.postal_code,
            "address": s.address, "guardian": s.guardian, "phone": s.phone, "email": s.email,
        }  # fmt: skip
    return out


def _notes(report: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for note in report.notes:
        out.setdefault(note.kind, []).append(note)
    return out


def _student_count(db: Database) -> int:
    with db.read() as s:
        return len(list(s.scalars(select(Student.id))))


def test_dry_run_says_what_it_repaired_and_left_out(engine_db: Database, tmp_path: Path) -> None:
    actor = seed_staff(engine_db, CLERK, *CLERK_GRANTS)
    roster = build()
    path = write_xlsx(tmp_path / "學生名冊.xlsx", roster)
    report = rosters.import_roster(engine_db, actor, path, dry_run=True)
    assert report.problems == [] and report.skipped_rows == [] and len(report.added) == 240
    notes = _notes(report)
    by_column = {n.column: n for n in notes["leading_zero"]}
    phones, numbers = by_column.pop("聯絡電話"), by_column.pop("學號")
    assert by_column == {}
    assert phones.rows == roster.phone_number_rows and len(phones.rows) == 14
    assert "14 格" in phones.zh and "補回" in phones.zh and "14 cell(s)" in phones.en
    assert numbers.rows == roster.student_no_number_rows
    assert "111001 → 0111001" in numbers.zh
    (footer,) = notes["footer"]
    assert footer.rows == roster.footer_rows and "合計：240 人" in footer.zh and "footer" in footer.en
    (mixed,) = notes["mixed_department"]
    assert mixed.rows == sorted(roster.combined_rows.values())
    assert "309" in mixed.zh and "農場經營科／機械科" in mixed.zh and "合班" in mixed.zh
    assert _student_count(engine_db) == 0  # a dry run writes nothing


def test_real_xlsx_imports_exactly(engine_db: Database, tmp_path: Path) -> None:
    actor = seed_staff(engine_db, CLERK, *CLERK_GRANTS)
    roster = build()
    report = rosters.import_roster(engine_db, actor, write_xlsx(tmp_path / "學生名冊.xlsx", roster))
    assert len(report.added) == 240 and report.problems == []
    stored = _stored(engine_db, actor)
    assert stored == {r["student_no"]: r for r in roster.records}
    # the class tree: 309 is a 合班 class with its departments counted; the others as before
    tree = {n.code: n for n in rosters.class_tree(engine_db, actor)}
    combined = tree["309"]
    assert combined.label == COMBINED_LABEL and combined.combined
    assert combined.departments == (("農場經營科", 25), ("機械科", 15)) and combined.students == 40
    assert (tree["101"].label, tree["101"].departments) == ("101\u3000普通科", (("普通科", 40),))
    assert not tree["301"].combined and tree["301"].label == "301\u3000機械科"
    # counts per department over the whole school stay right
    per_department: dict[str, int] = {}
    for node in tree.values():
        for name, n in node.departments:
            per_department[name] = per_department.get(name, 0) + n
    assert per_department == {"普通科": 80, "資訊科": 80, "機械科": 55, "農場經營科": 25}
    # the dashboard names the class the same way
    overview = {c.class_code: c for c in dashboard.school_overview(engine_db, actor, "113-1")}
    assert overview["309"].label == COMBINED_LABEL and overview["101"].label == "101"
    assert dashboard.dashboard_json(engine_db, actor, "113-1", class_code="309")["classes"][0]["label"] == COMBINED_LABEL


def test_import_again_changes_nothing_and_export_round_trips(db: Database, actor: Actor, tmp_path: Path) -> None:
    roster = build()
    path = write_xlsx(tmp_path / "學生名冊.xlsx", roster)
    rosters.import_roster(db, actor, path)
    again = rosters.import_roster(db, actor, path)
    assert len(again.unchanged) == 240 and again.added == again.changed == []

    exported = tmp_path / "匯出.xlsx"
    assert rosters.export_roster(db, actor, exported) == 240
    sheet = load_workbook(exported).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    first_night = roster.records[200]
    row = cells[first_night["student_no"]]
    assert row[0].data_type == "s" and row[0].value == "0111001"
    assert [c.value for c in row if c.value in ("農場經營科", "機械科")] == ["農場經營科"]
    back = rosters.import_roster(db, actor, exported)
    assert len(back.unchanged) == 240
    assert [n.kind for n in back.notes] == ["mixed_department"]  # the export holds the 合班 class as it is

    fresh = open_database(str(tmp_path / "fresh.sqlite3"))
    try:
        clerk = seed_staff(fresh, CLERK, *CLERK_GRANTS)
        rosters.import_roster(fresh, clerk, exported)
        assert _stored(fresh, clerk) == _stored(db, actor) == {r["student_no"]: r for r in roster.records}
        assert [n.label for n in rosters.class_tree(fresh, clerk)] == [n.label for n in rosters.class_tree(db, actor)]
    finally:
        fresh.dispose()


def test_real_csv_imports_exactly(db: Database, actor: Actor, tmp_path: Path) -> None:
    roster = build()
    report = rosters.import_roster(db, actor, write_roster_csv(tmp_path / "學生名冊.csv", roster))
    assert report.problems == [] and len(report.added) == 240
    notes = _notes(report)
    by_column = {n.column: n for n in notes["leading_zero"]}
    assert by_column["聯絡電話"].rows == roster.phone_number_rows
    # a CSV holds only text: the 學號 Excel had shortened are known by the other 0-led 學號 of their length
    assert by_column["學號"].rows == roster.student_no_number_rows
    assert notes["footer"][0].rows == roster.footer_rows
    assert _stored(db, actor) == {r["student_no"]: r for r in roster.records}


def test_the_import_audit_row_names_the_notes(db: Database, actor: Actor, tmp_path: Path) -> None:
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "學生名冊.xlsx", build()))
    with db.read() as s:
        (summary,) = s.scalars(select(AuditLog.after).where(AuditLog.action == "roster.import"))
    kinds = sorted(n["kind"] for n in json.loads(summary)["notes"])
    assert kinds == ["footer", "leading_zero", "leading_zero", "mixed_department"]


def _small(path: Path, rows: list[list[object]], tail: list[list[object]] = ()) -> Path:  # type: ignore[assignment]
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in [*rows, *tail]:
        ws.append(r)
    wb.save(path)
    return path


def _row(no: object, name: str, phone: object, code: str = "101", dept: str = "普通科") -> list[object]:
    return [no, name, None, "男", None, "日間部", dept, code, None, "在學", None, None, None, phone, None]


def test_a_number_that_is_no_taiwanese_phone_is_a_row_problem(db: Database, actor: Actor, tmp_path: Path) -> None:
    path = _small(tmp_path / "a.xlsx", [_row("1120001", "王一", 912345678), _row("1120002", "王二", 12345),
                                        _row("1120003", "王三", "2345-6789")])
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, path)
    got = [(p.row, p.column, p.value) for p in caught.value.problems]
    assert got == [(3, "聯絡電話", "12345"), (4, "聯絡電話", "2345-6789")]
    assert "09 開頭" in caught.value.problems[0].zh and "Taiwanese" in caught.value.problems[0].en
    assert _student_count(db) == 0


def test_a_footer_never_swallows_a_real_row(db: Database, actor: Actor, tmp_path: Path) -> None:
    rows = [_row("1120001", "王一", None), _row("1120002", "合計", None)]  # a valid 學號: a student
    tail = [[None, "合計：2 人"], ["共 2 筆"], [None, None, "列印日期：113/09/02"]]
    report = rosters.import_roster(db, actor, _small(tmp_path / "f.xlsx", rows, tail))
    assert sorted(report.added) == ["1120001", "1120002"]
    (footer,) = report.notes
    assert footer.kind == "footer" and footer.rows == [4, 5, 6]
    # a row between students that is a real student without 學號 stays a problem
    bad = [_row("1120003", "王三", None), _row(None, "王四", None), _row("1120005", "王五", None)]
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, _small(tmp_path / "g.xlsx", bad, tail))
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "學號")]


def test_an_ambiguous_numeric_student_number_is_refused(db: Database, actor: Actor, tmp_path: Path) -> None:
    rows = [_row("112001", "王一", None), _row("1120002", "王二", None), _row(12003, "王三", None)]
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, _small(tmp_path / "s.xlsx", rows))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "學號", "12003")
    assert "6、7" in problem.zh and "Text" in problem.en


def test_a_restored_student_number_that_repeats_another_is_a_duplicate(
    db: Database, actor: Actor, tmp_path: Path
) -> None:
    rows = [_row("0112001", "王一", None), _row("0112002", "王二", None), _row(112001, "王三", None)]
    with pytest.raises(ImportRefused) as caught:
        rosters.import_roster(db, actor, _small(tmp_path / "d.xlsx", rows))
    (problem,) = caught.value.problems
    assert (problem.row, problem.value) == (4, "0112001") and "第 2 列" in problem.zh


def test_a_combined_class_moves_no_department_of_a_one_department_class(
    db: Database, actor: Actor, tmp_path: Path
) -> None:
    first = [_row("1120001", "王一", None, "309", "農場經營科"), _row("1120002", "王二", None, "309", "農場經營科"),
             _row("1120003", "王三", None, "101", "普通科")]
    rosters.import_roster(db, actor, _small(tmp_path / "1.xlsx", first))
    tree = {n.code: n for n in rosters.class_tree(db, actor)}
    assert tree["309"].label == "309\u3000農場經營科"
    # later, a 機械科 student joins 309: a 合班 class; the students already there keep their 科別
    later = [*first, _row("1120004", "王四", None, "309", "機械科")]
    report = rosters.import_roster(db, actor, _small(tmp_path / "2.xlsx", later))
    assert report.added == ["1120004"] and len(report.unchanged) == 3
    tree = {n.code: n for n in rosters.class_tree(db, actor)}
    assert tree["309"].label == "309 農場經營科／機械科 合班" and tree["309"].department == "農場經營科"
    assert tree["101"].label == "101\u3000普通科"
    assert {s.student_no: s.department for s in rosters.list_students(db, actor, class_code="309")} == {
        "1120001": "農場經營科", "1120002": "農場經營科", "1120004": "機械科"}
    # a student who changes department is a change of their own, audited
    moved = [_row("1120001", "王一", None, "309", "機械科"), *later[1:]]
    report = rosters.import_roster(db, actor, _small(tmp_path / "3.xlsx", moved))
    assert report.changed == ["1120001"] and report.status_changes == 0
    assert rosters.student_detail(db, actor, "1120001").student.department == "機械科"
    assert rosters.student_detail(db, actor, "1120002").student.status is Status.ENROLLED


def test_cli_dry_run_prints_the_notes(tmp_path: Path) -> None:
    """`roster import --dry-run` as a real subprocess says, in both languages, what it repaired and left out."""
    from tests.integration.test_cli_roster import _SIGN_IN, run
    from tests.data.staff import signed_in_file

    path = tmp_path / "cli.sqlite3"
    _SIGN_IN[path] = signed_in_file(path, "註冊組")
    roster = build()
    result = run(path, "roster", "import", str(write_xlsx(tmp_path / "名冊.xlsx", roster)), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "「聯絡電話」有 14 格被 Excel 存成數字而少了開頭的 0，已補回" in result.stderr
    assert "'聯絡電話': 14 cell(s)" in result.stderr
    assert f"第 {'、'.join(map(str, roster.phone_number_rows))} 列" in result.stderr
    assert "合計：240 人" in result.stderr and "footer row(s)" in result.stderr
    assert "309" in result.stderr and "合班" in result.stderr
    assert "新增 240 位" in result.stderr and "試算" in result.stderr


def test_a_department_held_only_by_students_cannot_be_removed(db: Database, actor: Actor, tmp_path: Path) -> None:
    """機械科 names no class (309's own department is 農場經營科) but its students: refused, not a crash."""
    from portfolio_desktop.errors import RuleError
    from portfolio_desktop.services.admin import school_setup
    from tests.data.staff import admin

    rows = [_row("1120001", "王一", None, "309", "農場經營科"), _row("1120002", "王二", None, "309", "機械科")]
    rosters.import_roster(db, actor, _small(tmp_path / "309.xlsx", rows))
    profile = school_setup.SchoolProfile("岡山農工", "123456", ("day",), ("農場經營科",))
    with pytest.raises(RuleError) as caught:
        school_setup.save_school_settings(db, admin(db), school=profile)
    assert "機械科" in caught.value.zh and "1 位學生" in caught.value.zh and "student" in caught.value.en
    assert {s.department for s in rosters.list_students(db, actor)} == {"農場經營科", "機械科"}
