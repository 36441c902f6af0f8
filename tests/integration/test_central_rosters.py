"""The 名冊 written for submission that are not items — 學生資料名冊 (1), 科目名冊 (4), 學生重修重讀課程
學習成果名冊 (27) — read back identical and import into another database equal; a 學生資料名冊 creates
the students the roster lacks (matched by ID, checked by birth date) and keeps 班別 and 特殊身分別; a
returned 收訖明細 is matched to the submission round it answers (submitted → receipt returned →
confirmed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portfolio_desktop import cli
from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.errors import ImportRefused, PortfolioError
from portfolio_desktop.io.central_files import CentralFile, read_central
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.central import submission_rounds
from portfolio_desktop.services.central.central_export import export_submission
from portfolio_desktop.services.central.central_import import import_central
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.central_models import PriorOutcome, SubmissionReceipt, SubmissionRoundStudent
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course
from portfolio_desktop.store.models import AuditLog, Division, SchoolClass, Student
from portfolio_desktop.store.open import open_database
from tests.data.central_files import (
    CLO_HEADERS,
    GOOD_CODE,
    NEW_STUDENTS,
    RETAKE_HEADERS,
    SCHOOL,
    STUDENT_HEADERS,
    STUDENTS,
    clo_rows,
    make_students,
    roc7,
    student_rows,
    write_roster,
    write_sheet_csv,
)
from tests.data.receipts import RECEIPT_HEADERS, write_xlsx
from tests.data.staff import ACTIVITIES_DAY, CLERK, CLERK_GRANTS, seed_staff

A, B, C = STUDENTS
D, E = NEW_STUDENTS


def _students(db: Database) -> list[tuple[Any, ...]]:
    with db.read() as s:
        rows = s.execute(select(Student.student_no, Student.name, Student.national_id, Student.birth_date,
                                Student.gender, Student.seat_no, Student.status, Student.class_kind,
                                Student.special_status, SchoolClass.code, Division.code)
                         .join(SchoolClass, Student.class_id == SchoolClass.id)
                         .join(Division, SchoolClass.division_id == Division.id).order_by(Student.student_no))
        return [tuple(r) for r in rows]


def _rows(f: CentralFile, sheet: str) -> list[dict[str, object]]:
    (s,) = [x for x in f.sheets if x.table.sheet == sheet]
    return sorted(({k: v for k, v in r.values.items() if v not in (None, ())} for r in s.table.rows),
                  key=lambda v: str(v.get("national_id") or v.get("course_code")))


def _other(tmp_path: Path, name: str) -> tuple[Database, Actor]:
    other = open_database(str(tmp_path / name))
    return other, seed_staff(other, CLERK, *CLERK_GRANTS)


def test_a_student_roster_creates_the_missing_students_and_keeps_class_kind_and_special_status(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    path = write_roster(tmp_path / "學生資料名冊.xlsx", 1, {"學生資料": (STUDENT_HEADERS, student_rows())})
    before = _students(db)
    dry = import_central(db, actor, path, dry_run=True)
    assert (dry.students, dry.students_added, dry.students_changed) == (5, 2, 3)
    plans = "\n".join(zh for zh, _ in dry.student_plans)
    assert f"新增學生 {D[0]} {D[1]}" in plans and mask_id(D[2]) in plans and D[2] not in plans
    assert f"學生 {A[0]}：班別 （空白） → 1、特殊身分別 （空白） → 原住民,身心障礙" in plans
    assert _students(db) == before  # a dry run writes nothing
    report = import_central(db, actor, path)
    assert (report.students_added, report.students_changed, report.problems) == (2, 3, [])
    got = {r[0]: r for r in _students(db)}
    assert got[D[0]] == (D[0], D[1], D[2], D[3], "F", 7, "enrolled", "1", "新住民子女", "102", "day")
    assert got[E[0]] == (E[0], E[1], E[2], E[3], "M", 12, "enrolled", "01", None, "301", "night")
    assert got[D[0]][1].encode("utf-8") == D[1].encode("utf-8")  # Ext-B byte-exact
    assert got[A[0]][7:9] == ("1", "原住民,身心障礙")
    with db.read() as s:
        added = s.execute(select(AuditLog.after).where(AuditLog.action == "student.add")).scalars().all()
    assert len(added) == 2 and all(D[2] not in a and E[2] not in a for a in added)  # IDs masked in the audit
    again = import_central(db, actor, path)
    assert (again.students_added, again.students_changed) == (0, 0)


def test_the_student_roster_written_reads_back_and_imports_into_another_database_equal(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    source = write_roster(tmp_path / "來源.xlsx", 1, {"學生資料": (STUDENT_HEADERS, student_rows())})
    import_central(db, actor, source)
    out = tmp_path / "學生資料名冊.xlsx"
    result = export_submission(db, actor, out, term="112-1", kind=1, school_code=SCHOOL)
    assert (result.students, result.rows) == (5, 5)
    written = read_central(out)
    assert (written.cover.kind, written.cover.school_code, written.cover.school_year, written.cover.semester) == (
        1, SCHOOL, 112, 1)
    ws = load_workbook(out)["學生資料"]
    assert [c.value for c in ws[1]] == STUDENT_HEADERS
    new = {D[2], E[2]}
    assert [r for r in _rows(written, "學生資料") if r["national_id"] in new] == \
        [r for r in _rows(read_central(source), "學生資料") if r["national_id"] in new]
    other, clerk = _other(tmp_path, "other.sqlite3")
    try:
        report = import_central(other, clerk, out)
        assert report.students_added == 5 and report.problems == []
        assert _students(other) == _students(db)
    finally:
        other.dispose()
    with db.read() as s:
        carried = s.scalar(select(func.count()).select_from(SubmissionRoundStudent))
    assert carried == 5


def test_a_student_row_that_cannot_be_created_names_its_cell_and_nothing_is_written(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    rows = student_rows()
    rows[3][2] = A[0]  # the new student's 學號 is already 王𡘙's
    rows[4][2] = ""  # and the other has none
    rows[4][6] = ""  # nor a class
    path = write_roster(tmp_path / "學生資料名冊.xlsx", 1, {"學生資料": (STUDENT_HEADERS, rows)})
    before = _students(db)
    with pytest.raises(ImportRefused) as caught:
        import_central(db, actor, path)
    where = [(p.sheet, p.row, p.column) for p in caught.value.problems]
    assert where == [("學生資料", 5, "學號"), ("學生資料", 6, "學號"), ("學生資料", 6, "班級代碼")]
    taken = caught.value.problems[0]
    assert mask_id(A[2]) in taken.zh and A[2] not in taken.zh + taken.en and "another student" in taken.en
    assert mask_id(E[2]) in caught.value.problems[1].zh and E[2] not in caught.value.problems[1].zh
    assert _students(db) == before


def test_one_new_id_twice_in_the_file_is_a_row_problem(db: Database, actor: Actor, tmp_path: Path) -> None:
    rows = student_rows()
    rows.append(list(rows[3]))
    rows[-1][2] = "011099"  # another 學號 for the same new student
    path = write_roster(tmp_path / "學生資料名冊.xlsx", 1, {"學生資料": (STUDENT_HEADERS, rows)})
    with pytest.raises(ImportRefused) as caught:
        import_central(db, actor, path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (7, "身分證號", mask_id(D[2]))
    assert _students(db) == []


def test_an_unknown_id_on_an_outcome_sheet_is_shown_masked(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    rows = clo_rows()
    rows[0][0] = D[2]  # not in the roster
    path = write_roster(tmp_path / "名冊.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, rows)})
    with pytest.raises(ImportRefused) as caught:
        import_central(db, actor, path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "身分證號", mask_id(D[2]))
    assert D[2] not in problem.bilingual()


def test_the_csv_variant_of_a_student_roster_creates_students(db: Database, actor: Actor, tmp_path: Path) -> None:
    path = write_sheet_csv(tmp_path / "112_1_1_學生資料.csv", STUDENT_HEADERS, student_rows())
    report = import_central(db, actor, path)
    assert report.students_added == 5 and "名冊別 1" in report.recognised[0]
    got = {r[0]: r for r in _students(db)}
    assert got[A[0]][0] == "011001" and got[A[0]][1] == A[1]  # leading zero and Ext-B kept
    assert got[E[0]][-1] == "night"


def test_the_course_roster_written_reads_back_and_imports_equal(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    import_central(db, actor, write_roster(tmp_path / "成果.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, clo_rows())}))
    out = tmp_path / "科目名冊.xlsx"
    result = export_submission(db, actor, out, term="112-1", kind=4, school_code=SCHOOL)
    assert (result.students, result.rows) == (0, 2)
    written = read_central(out)
    assert written.cover.kind == 4
    rows = _rows(written, "科目資料")
    assert rows[0] == {"course_code": GOOD_CODE, "course_name": "國語文", "grade_year": 1, "credits": 4,
                       "term": (112, 1)}
    other, clerk = _other(tmp_path, "other.sqlite3")
    try:
        assert import_central(other, clerk, out).courses_added == 2
        csv = write_sheet_csv(tmp_path / "112_1_4_科目資料.csv", ["課程代碼", "科目名稱", "修課學分", "實際修課學期"],
                              [[GOOD_CODE, "國語文（𡘙）", "3", "1121"]])
        assert import_central(other, clerk, csv).courses_changed == 1
        with other.read() as s:
            courses = sorted(tuple(r) for r in s.execute(select(Course.code, Course.name, Course.credits)))
    finally:
        other.dispose()
    with db.read() as s:
        ours = sorted(tuple(r) for r in s.execute(select(Course.code, Course.name, Course.credits)))
    assert courses == [(GOOD_CODE, "國語文（𡘙）", 3), ours[1]]


def _retake_workbook(path: Path) -> Path:
    code = "111123456H001011111" + "0102"
    return write_roster(path, 27, {
        "重修課程學習成果": (RETAKE_HEADERS, [[A[2], roc7(A[3]), SCHOOL, code, "國語文", "1", "4", "1121", "重修的𡘙字報告"]]),
        "重讀課程學習成果": (RETAKE_HEADERS, [[B[2], roc7(B[3]), "", code, "國語文", "1", "4", "1121", "重讀心得"]]),
        "補修課程學習成果": (RETAKE_HEADERS, [[C[2], roc7(C[3]), SCHOOL, GOOD_CODE, "國語文", "", "2", "1121", "補修作業"]]),
    })


def test_the_retake_roster_written_reads_back_and_imports_equal(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    source = _retake_workbook(tmp_path / "重修.xlsx")
    assert import_central(db, actor, source).prior == 3
    out = tmp_path / "名冊27.xlsx"
    result = export_submission(db, actor, out, term="112-1", kind=27, school_code=SCHOOL)
    assert (result.students, result.rows) == (3, 3)
    written, original = read_central(out), read_central(source)
    assert written.cover.kind == 27
    for sheet in ("重修課程學習成果", "重讀課程學習成果", "補修課程學習成果"):
        assert _rows(written, sheet) == _rows(original, sheet)
    other, clerk = _other(tmp_path, "other.sqlite3")
    try:
        make_students(other)
        assert import_central(other, clerk, out).prior == 3

        def prior(d: Database) -> list[tuple[Any, ...]]:
            with d.read() as s:
                return sorted(tuple(r) for r in s.execute(select(
                    Student.student_no, PriorOutcome.kind, PriorOutcome.school_code, PriorOutcome.school_year,
                    PriorOutcome.semester, PriorOutcome.course_code, PriorOutcome.grade_year, PriorOutcome.credits,
                    PriorOutcome.summary).join(Student, PriorOutcome.student_id == Student.id)))

        assert prior(other) == prior(db)
        assert ("011001", "retake", SCHOOL, 112, 1, "111123456H001011111" + "0102", 1, 4, "重修的𡘙字報告") in prior(db)
    finally:
        other.dispose()


def test_each_roster_needs_its_office(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    import_central(db, actor, _retake_workbook(tmp_path / "重修.xlsx"))
    activities = seed_staff(db, "訓育組", ACTIVITIES_DAY)
    for kind in (1, 4, 27):
        with pytest.raises(PortfolioError):
            export_submission(db, activities, tmp_path / f"{kind}.xlsx", term="112-1", kind=kind, school_code=SCHOOL)
        assert not (tmp_path / f"{kind}.xlsx").exists()
    path = write_roster(tmp_path / "學生資料名冊.xlsx", 1, {"學生資料": (STUDENT_HEADERS, student_rows())})
    before = _students(db)
    with pytest.raises(PortfolioError):
        import_central(db, activities, path)
    assert _students(db) == before


def _receipt(path: Path, rows: list[tuple[tuple[str, str, str, dt.date, str], str]]) -> Path:
    return write_xlsx(path, RECEIPT_HEADERS, [[s[0], s[1], 112, 1, cat, f"{cat}項目", 1] for s, cat in rows])


def test_a_receipt_is_matched_to_the_round_it_answers(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    import_central(db, actor, write_roster(tmp_path / "成果.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, clo_rows())}))
    clo = export_submission(db, actor, tmp_path / "26.xlsx", term="112-1", kind=26, school_code=SCHOOL)
    roster = export_submission(db, actor, tmp_path / "1.xlsx", term="112-1", kind=1, school_code=SCHOOL)
    stages = {r.id: r.stage for r in submission_rounds.list_rounds(db, actor, term="112-1")}
    assert stages == {clo.round_id: submission_rounds.Stage.SUBMITTED, roster.round_id: submission_rounds.Stage.SUBMITTED}
    path = _receipt(tmp_path / "收訖明細.xlsx", [(A, "課程學習成果"), (B, "課程學習成果"), (C, "課程學習成果")])
    dry = receipts.import_receipts(db, actor, path, dry_run=True)
    assert [(m.round_id, m.kind, m.students) for m in dry.rounds] == [(clo.round_id, 26, 3)]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SubmissionReceipt)) == 0
    report = receipts.import_receipts(db, actor, path)
    assert [(m.round_id, m.term) for m in report.rounds] == [(clo.round_id, "112-1")]
    views = {r.id: r for r in submission_rounds.list_rounds(db, actor)}
    assert views[clo.round_id].stage is submission_rounds.Stage.RECEIPT_RETURNED
    assert views[roster.round_id].stage is submission_rounds.Stage.SUBMITTED  # 學籍資料 not in this receipt
    receipts.import_receipts(db, actor, path)  # the same file again: matched once
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SubmissionReceipt)) == 1
    for student in (A, B):
        receipts.confirm(db, actor, student[0], "112-1", dt.date(2024, 1, 10))
    view = next(r for r in submission_rounds.list_rounds(db, actor) if r.id == clo.round_id)
    assert (view.stage, view.confirmed, view.students) == (submission_rounds.Stage.RECEIPT_RETURNED, 2, 3)
    receipts.confirm(db, actor, C[0], "112-1", dt.date(2024, 1, 10))
    view = next(r for r in submission_rounds.list_rounds(db, actor) if r.id == clo.round_id)
    assert view.stage is submission_rounds.Stage.CONFIRMED


def test_a_later_round_of_the_same_kind_takes_the_receipt(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    first = export_submission(db, actor, tmp_path / "1a.xlsx", term="112-1", kind=1, school_code=SCHOOL)
    second = export_submission(db, actor, tmp_path / "1b.xlsx", term="112-1", kind=1, school_code=SCHOOL)
    path = _receipt(tmp_path / "收訖明細.xlsx", [(A, "學籍資料"), (B, "多元表現")])
    report = receipts.import_receipts(db, actor, path)
    assert [(m.round_id, m.kind, m.students) for m in report.rounds] == [(second.round_id, 1, 1)]
    stages = {r.id: r.stage for r in submission_rounds.list_rounds(db, actor)}
    assert stages[first.round_id] is submission_rounds.Stage.SUBMITTED
    assert stages[second.round_id] is submission_rounds.Stage.RECEIPT_RETURNED
    assert submission_rounds.kinds_of("重修重讀課程學習成果") == (27,)
    assert submission_rounds.kinds_of("修課紀錄") == (2, 4)


def test_the_cli_dry_run_lists_new_students_and_rounds_show_their_stage(
        db_path: Path, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.data.staff import signed_in_env

    for key, value in signed_in_env(db).items():
        monkeypatch.setenv(key, value)
    make_students(db)
    path = write_roster(tmp_path / "學生資料名冊.xlsx", 1, {"學生資料": (STUDENT_HEADERS, student_rows())})
    assert cli.main(["--db", str(db_path), "central", "import", str(path), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "名冊別 1" in err and f"新增學生 {D[0]}" in err and mask_id(D[2]) in err and D[2] not in err
    assert "new student" in err
    assert cli.main(["--db", str(db_path), "central", "import", str(path)]) == 0
    out = tmp_path / "1.xlsx"
    assert cli.main(["--db", str(db_path), "central", "export", "--term", "112-1", "--kind", "1", "--out", str(out),
                     "--school-code", SCHOOL]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db_path), "central", "rounds", "--term", "112-1"]) == 0
    listing = capsys.readouterr().out
    assert "學生資料名冊" in listing and "已提交" in listing and "1.xlsx" in listing and "0/5" in listing
    receipt = _receipt(tmp_path / "收訖明細.xlsx", [(A, "學籍資料"), (D[:5], "學籍資料")])  # type: ignore[list-item]
    assert cli.main(["--db", str(db_path), "receipts", "import", str(receipt)]) == 0
    assert "提交回合 1（名冊別 1，112-1）：收訖明細列出 2 位學生" in capsys.readouterr().err
    assert cli.main(["--db", str(db_path), "central", "rounds"]) == 0
    assert "已回傳收訖明細" in capsys.readouterr().out
