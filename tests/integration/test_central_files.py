"""Central 學生學習歷程資料庫 名冊 workbooks and CSVs: recognised by themselves (封面, sheet and header
names), imported onto our model (students by ID checked by birth date), and the 提交 名冊 written for a
term reads back identical."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop import cli
from portfolio_desktop.errors import ImportRefused, PortfolioError
from portfolio_desktop.io.central_files import is_central, read_central
from portfolio_desktop.services.central.central_export import export_submission
from portfolio_desktop.services.central.central_import import import_central
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.central_models import CourseGrade, PriorOutcome, SubmissionRound
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, PortfolioItem
from portfolio_desktop.store.models import AuditLog, StatusChange, Student
from portfolio_desktop.store.open import open_database
from tests.data.central_files import (
    CLO_HEADERS,
    GOOD_CODE,
    GRADE_HEADERS,
    MP_HEADERS,
    PRIOR_HEADERS,
    SCHOOL,
    STUDENTS,
    clo_rows,
    make_students,
    roc7,
    write_roster,
    write_sheet_csv,
)
from tests.data.staff import ACTIVITIES_DAY, CLERK, CLERK_GRANTS, seed_staff, signed_in_env

A, B, C = STUDENTS


def _counts(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in
                     (Course, Enrolment, PortfolioItem, CourseGrade, PriorOutcome, SubmissionRound, AuditLog))


def _full_workbook(path: Path) -> Path:
    return write_roster(path, 26, {
        "學期課程學習成果": (CLO_HEADERS, clo_rows()),
        "學期成績": (GRADE_HEADERS, [[A[2], roc7(A[3]), GOOD_CODE, "國語文", 1, 4, "1121", 87.5, "是", "", "1"]]),
        "競賽參與紀錄": (MP_HEADERS, [[B[2], roc7(B[3]), "1121", "全國科展𡘙組", "佳作"]]),
        "幹部經歷暨事蹟紀錄": (MP_HEADERS, [[A[2], roc7(A[3]), "", "班長", ""]]),
        "轉學轉科課程學習成果": (PRIOR_HEADERS, [[C[2], roc7(C[3]), "654321", "111654321H001011111" + "0102", "國語文",
                                               1, 4, "1111", "原校的閱讀報告"]]),
        "填寫說明": (["說明"], [["本工作表不匯入"]]),
    })


def test_a_central_workbook_imports_without_a_hand_mapping(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    path = _full_workbook(tmp_path / "名冊.xlsx")
    assert is_central(path)
    central = read_central(path)
    assert (central.cover.kind, central.cover.school_year, central.cover.semester) == (26, 112, 1)
    assert central.ignored == ["填寫說明"]
    report = import_central(db, actor, path)
    assert report.problems == [] and report.students == 3
    assert (report.items_added, report.courses_added, report.grades, report.prior) == (5, 2, 1, 1)
    assert "名冊別 26" in report.recognised[0] and "學期課程學習成果 3 列" in report.recognised[0]
    with db.read() as s:
        items = {(i.kind, i.category, i.title, i.state) for i in s.scalars(select(PortfolioItem))}
        grade = s.execute(select(CourseGrade.score, CourseGrade.passed, CourseGrade.makeup, CourseGrade.counted)).one()
        prior = s.execute(select(PriorOutcome.kind, PriorOutcome.school_code, PriorOutcome.school_year,
                                 PriorOutcome.semester, PriorOutcome.summary)).one()
    assert ("clo", None, "𡘙字的閱讀心得", "submitted") in items
    assert ("mp", "competition", "全國科展𡘙組", "submitted") in items and ("cadre", None, "班長", "submitted") in items
    assert tuple(grade) == ("87.5", "1", None, "1")
    assert tuple(prior) == ("transfer", "654321", 111, 1, "原校的閱讀報告")
    before = _counts(db)
    again = import_central(db, actor, path)
    assert again.items_added == 0 and again.items_unchanged == 5 and again.courses_added == 0
    assert _counts(db)[:5] == before[:5]  # courses, enrolments, items, grades, prior outcomes: each once


def test_a_wrong_birth_date_for_an_id_is_a_row_problem_and_nothing_is_written(db: Database, actor: Actor,
                                                                              tmp_path: Path) -> None:
    make_students(db)
    rows = clo_rows()
    rows[1][1] = "0960101"  # 陳大文 was not born on 96/01/01
    path = write_roster(tmp_path / "名冊.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, rows)})
    before = _counts(db)
    with pytest.raises(ImportRefused) as caught:
        import_central(db, actor, path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("學期課程學習成果", 3, "出生日期")
    assert B[0] in problem.zh and "出生日期" in problem.zh and "born" in problem.en
    assert _counts(db) == before


def test_a_course_code_with_a_wrong_part_is_named_by_its_part(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    rows = clo_rows()
    rows[2][2] = GOOD_CODE[:9] + "7" + GOOD_CODE[10:]  # 課程類型 a digit
    path = write_roster(tmp_path / "名冊.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, rows)})
    with pytest.raises(ImportRefused) as caught:
        import_central(db, actor, path)
    (problem,) = caught.value.problems
    assert problem.row == 4 and problem.column == "課程代碼" and "第 10 碼「課程類型」" in problem.zh


def test_the_csv_variant_is_recognised_by_its_name(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    path = write_sheet_csv(tmp_path / "112_1_26_學期課程學習成果.csv", CLO_HEADERS, clo_rows())
    assert is_central(path) and not is_central(tmp_path / "courses.csv")
    report = import_central(db, actor, path)
    assert report.items_added == 3 and report.problems == []
    with pytest.raises(PortfolioError):
        read_central(write_sheet_csv(tmp_path / "成果.csv", CLO_HEADERS, clo_rows()))


def test_each_sheet_needs_the_office_that_owns_its_data(db: Database, tmp_path: Path) -> None:
    make_students(db)
    activities = seed_staff(db, "訓育組", ACTIVITIES_DAY)
    path = write_roster(tmp_path / "名冊.xlsx", 25, {"競賽參與紀錄": (MP_HEADERS, [[B[2], roc7(B[3]), "1121", "科展", ""]])})
    assert import_central(db, activities, path).items_added == 1
    clo = write_roster(tmp_path / "成果.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, clo_rows())})
    before = _counts(db)[:5]
    with pytest.raises(PortfolioError):
        import_central(db, activities, clo)  # course learning outcomes are the registry's
    assert _counts(db)[:5] == before


def test_the_submission_roster_written_for_a_term_reads_back_identical(db: Database, actor: Actor,
                                                                       tmp_path: Path) -> None:
    make_students(db)
    source = _full_workbook(tmp_path / "來源.xlsx")
    import_central(db, actor, source)
    out = tmp_path / "提交名冊.xlsx"
    result = export_submission(db, actor, out, term="112-1", kind=26, school_code=SCHOOL)
    assert (result.students, result.rows) == (3, 3)
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0  # national IDs in full: owner only
    written = read_central(out)
    assert (written.cover.kind, written.cover.school_code, written.cover.school_year, written.cover.semester) == (
        26, SCHOOL, 112, 1)
    original = read_central(source)

    def rows(f: object, sheet: str) -> list[dict[str, object]]:
        (s,) = [x for x in f.sheets if x.table.sheet == sheet]  # type: ignore[attr-defined]
        return sorted(({k: v for k, v in r.values.items() if v is not None} for r in s.table.rows),
                      key=lambda v: str(v["national_id"]))

    assert rows(written, "學期課程學習成果") == rows(original, "學期課程學習成果")
    assert "𡘙字的閱讀心得" in [r["summary"] for r in rows(written, "學期課程學習成果")]  # Ext-B exact
    with db.read() as s:
        record = s.execute(select(SubmissionRound.kind, SubmissionRound.term, SubmissionRound.students,
                                  SubmissionRound.rows, SubmissionRound.file_name, SubmissionRound.sha256,
                                  SubmissionRound.made_by)).one()
    assert tuple(record)[:5] == (26, "112-1", 3, 3, out.name)
    assert record[5] == result.sha256 and len(record[5]) == 64 and record[6] == actor.username
    # the written 名冊 imports into another database with the same students: the same items
    other = open_database(str(tmp_path / "other.sqlite3"))
    try:
        clerk = seed_staff(other, CLERK, *CLERK_GRANTS)
        make_students(other)
        assert import_central(other, clerk, out).items_added == 3
        with other.read() as s:
            titles = sorted(s.scalars(select(PortfolioItem.title)))
        assert titles == sorted(r[7] for r in clo_rows())
    finally:
        other.dispose()
    grades = export_submission(db, actor, tmp_path / "成績.xlsx", term="112-1", kind=2, school_code=SCHOOL)
    assert grades.rows == 1 and rows(read_central(grades.path), "學期成績") == rows(original, "學期成績")
    mp = export_submission(db, actor, tmp_path / "多元表現.xlsx", term="112-1", kind=25, school_code=SCHOOL)
    assert mp.rows == 1 and rows(read_central(mp.path), "競賽參與紀錄")[0]["title"] == "全國科展𡘙組"


def test_the_cli_dry_run_says_what_was_recognised_and_writes_nothing(db_path: Path, db: Database, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in signed_in_env(db).items():
        monkeypatch.setenv(key, value)
    make_students(db)
    path = _full_workbook(tmp_path / "名冊.xlsx")
    before = _counts(db)
    assert cli.main(["--db", str(db_path), "central", "import", str(path), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "名冊別 26" in err and "112-1" in err and SCHOOL in err and "學期課程學習成果 3 列" in err
    assert "填寫說明" in err and "dry run" in err
    assert _counts(db)[:6] == before[:6]  # (the sign-in itself is audited)
    assert cli.main(["--db", str(db_path), "central", "import", str(path)]) == 0
    assert _counts(db)[2] == 5
    out = tmp_path / "名冊26.xlsx"
    assert cli.main(["--db", str(db_path), "central", "export", "--term", "112-1", "--kind", "26", "--out", str(out),
                     "--school-code", SCHOOL]) == 0
    assert "submission round" in capsys.readouterr().err and read_central(out).cover.kind == 26
    assert os.stat(out).st_size > 0


def test_student_data_rows_are_checked_and_a_new_status_is_a_status_change(db: Database, actor: Actor,
                                                                           tmp_path: Path) -> None:
    make_students(db)
    headers = ["身分證號", "出生日期", "學號", "姓名", "班別", "學籍狀態", "學籍異動日期", "特殊身分別"]
    path = write_roster(tmp_path / "學生資料.xlsx", 1, {"學生資料": (headers, [
        [A[2], roc7(A[3]), A[0], A[1], "1", "在學", "", "原住民,身心障礙"],
        [B[2], roc7(B[3]), B[0], B[1], "1", "轉出", "1121015", ""],
        [C[2], roc7(C[3]), C[0], C[1], "01", "Z9", "", ""],
    ])})
    dry = import_central(db, actor, path, dry_run=True)
    assert dry.status_changes == 1 and dry.students == 3
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(StatusChange)) == 0
    report = import_central(db, actor, path)
    (warning,) = report.warnings
    assert warning.row == 4 and warning.column == "學籍狀態" and "Z9" in warning.value
    with db.read() as s:
        change = s.execute(select(StatusChange.to_status, StatusChange.changed_on)).one()
        statuses = {no: st for no, st in s.execute(select(Student.student_no, Student.status))}
    assert tuple(change) == ("transferred_out", dt.date(2023, 10, 15))
    assert statuses == {A[0]: "enrolled", B[0]: "transferred_out", C[0]: "enrolled"}


def test_a_performance_sheet_is_read_by_its_own_column_names(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    path = write_roster(tmp_path / "幹部.xlsx", 24, {
        "幹部經歷暨事蹟紀錄": (["序號", "身分證號", "出生日期", "學期", "擔任職務", "事蹟簡述"],
                              [[1, A[2], roc7(A[3]), "1121", "𡘙社社長", "帶領社團"]]),
        "服務學習紀錄": (["身分證號", "出生日期", "學期", "內容說明"], [[B[2], roc7(B[3]), "1121", "淨灘"],
                                                                 [C[2], roc7(C[3]), "1121", ""]]),
    })
    with pytest.raises(ImportRefused) as caught:
        import_central(db, actor, path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row) == ("服務學習紀錄", 3) and "內容簡述" in problem.zh
    report = import_central(db, actor, path, skip_invalid=True)
    assert report.items_added == 2
    with db.read() as s:
        items = {(k, c, t) for k, c, t in s.execute(select(PortfolioItem.kind, PortfolioItem.category,
                                                          PortfolioItem.title))}
    assert items == {("cadre", None, "𡘙社社長"), ("mp", "volunteer", "淨灘")}


def test_writing_a_roster_needs_the_office_that_submits_it(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_students(db)
    import_central(db, actor, _full_workbook(tmp_path / "名冊.xlsx"))
    activities = seed_staff(db, "訓育組", ACTIVITIES_DAY)
    with pytest.raises(PortfolioError):
        export_submission(db, activities, tmp_path / "成果.xlsx", term="112-1", kind=26, school_code=SCHOOL)
    assert not (tmp_path / "成果.xlsx").exists()
    assert export_submission(db, activities, tmp_path / "幹部.xlsx", term="112-1", kind=24, school_code=SCHOOL).rows == 1
    with pytest.raises(PortfolioError) as caught:
        export_submission(db, actor, tmp_path / "x.xlsx", term="112-1", kind=4, school_code=SCHOOL)
    assert "名冊別 4" in caught.value.zh
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SubmissionRound)) == 1


def test_a_cover_of_another_school_is_a_warning(db: Database, actor: Actor, tmp_path: Path) -> None:
    from portfolio_desktop.services import settings

    make_students(db)
    with db.write() as s:
        settings.set_setting(s, actor, "school.code", "999999")
    report = import_central(db, actor, write_roster(tmp_path / "名冊.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, clo_rows())}))
    (warning,) = report.warnings
    assert (warning.sheet, warning.row, warning.column, warning.value) == ("封面", 2, "學校代碼", SCHOOL)
    assert report.items_added == 3
