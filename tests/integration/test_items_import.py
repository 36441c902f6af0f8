"""Course, enrolment, item and window imports through the one io machinery, on real .xlsx/.csv files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portfolio_desktop.domain.items import ItemKind, ItemState
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.errors import ImportRefused
from portfolio_desktop.services.rosters import courses
from portfolio_desktop.services.items import items
from portfolio_desktop.services.items import windows
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.items_import import import_items
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, ItemStateChange, PortfolioItem
from portfolio_desktop.store.window_models import TermWindow
from portfolio_desktop.store.models import AuditLog
from tests.data.items_school import TERM, make_roster, make_school, write_csv, write_xlsx
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

ITEM_HEADERS = ["學號", "姓名", "學年度", "學期", "類別", "細項", "名稱", "課程代碼", "狀態", "時間"]


def _counts(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in
                     (Course, Enrolment, PortfolioItem, ItemStateChange, TermWindow, AuditLog))


# ------------------------------------------------------------------------------------ courses


def test_course_list_then_enrolments(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_roster(db)
    course_file = write_xlsx(tmp_path / "courses.xlsx", ["課程代碼", "科目名稱", "學分", "任課教師"],
                             [["ｃ01", "國語文", 4, "張老師"], ["C02", "數學", "4", "李老師／王老師"]])
    report = courses.import_courses(db, actor, course_file, term="113-1")
    assert report.courses_added == ["113-1 C01", "113-1 C02"] and report.enrolments_added == 0
    enrol = write_csv(tmp_path / "enrol.csv", ["學年期", "課程代碼", "科目名稱", "學號"],
                      [["113-1", "C01", "國語文", "0001"], ["113-1", "C01", "國語文", "0002"],
                       ["113-1", "C02", "數學", "0001"]])
    report = courses.import_courses(db, actor, enrol)
    assert report.enrolments_added == 3 and report.courses_unchanged == ["113-1 C01", "113-1 C02"]
    rows = {r.code: r for r in courses.list_courses(db, Actor(CLERK), "113-1")}
    assert rows["C02"].teachers == ("李老師", "王老師") and rows["C01"].enrolled == 2 and rows["C01"].credits == 4
    assert courses.import_courses(db, actor, enrol).enrolments_unchanged == 3  # idempotent
    assert [r.code for r in courses.list_courses(db, Actor(CLERK), "113-1", teacher="王老師")] == ["C02"]


def test_course_import_problems_name_row_and_column_and_write_nothing(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_roster(db)
    path = write_xlsx(tmp_path / "bad.xlsx", ["學年度", "學期", "課程代碼", "科目名稱", "學號", "姓名"], [
        [113, 1, "C01", "國語文", "0001", "王小明"],
        [113, 1, "C01", "國文", "0002", "王𡘙"],       # row 3: name disagrees with row 2
        [113, 1, "C02", "數學", "9999", "誰"],          # row 4: no such student
        [113, 1, "C02", "數學", "0002", "王小明"],      # row 5: name is not 0002's
        [113, 3, "C03", "物理", "0001", "王小明"],      # row 6: semester 3
    ])
    before = _counts(db)
    with pytest.raises(ImportRefused) as info:
        courses.import_courses(db, actor, path)
    got = {(p.row, p.column) for p in info.value.problems}
    assert got == {(3, "科目名稱"), (4, "學號"), (5, "姓名"), (6, "學期")}
    assert all(p.file == "bad.xlsx" and p.sheet == "工作表1" for p in info.value.problems)
    assert _counts(db) == before
    dry = courses.import_courses(db, actor, path, skip_invalid=True, dry_run=True)
    assert dry.skipped_rows == [3, 4, 5, 6] and dry.courses_added == ["113-1 C01"] and _counts(db) == before
    done = courses.import_courses(db, actor, path, skip_invalid=True)
    assert done.enrolments_added == 1 and _counts(db)[1] == 1


# -------------------------------------------------------------------------------------- items


def test_item_import_adds_updates_and_is_idempotent(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)
    rows = [
        ["0001", "王小明", 113, 1, "課程學習成果", "", "國文報告", "C01", "認證通過", "113/12/02 10:00"],
        ["0001", "王小明", 113, 1, "競賽參與", "", "科展佳作", "", "已勾選", ""],
        ["0002", "王𡘙", 113, 1, "多元表現", "志工服務", "淨灘", "", "", ""],
        ["0002", "王𡘙", 113, 1, "幹部經歷", "", "班長", "", "已登錄", ""],
    ]
    path = write_xlsx(tmp_path / "platform.xlsx", ITEM_HEADERS, rows)
    report = import_items(db, actor, path)
    assert (report.added, report.changed, report.unchanged) == (4, 0, 0)
    listed = {r.title: r for r in items.list_items(db, Actor(CLERK), term=TERM)}
    assert listed["國文報告"].state is ItemState.CERTIFIED and listed["國文報告"].course_code == "C01"
    assert listed["科展佳作"].kind is ItemKind.MP and listed["科展佳作"].category.zh == "競賽參與"
    assert listed["淨灘"].state is ItemState.UPLOADED and listed["淨灘"].student_name == "王𡘙"
    history = items.item_detail(db, Actor(CLERK), listed["國文報告"].id).history
    assert [(h.action, h.to_state, h.at) for h in history] == [("import", ItemState.CERTIFIED, dt.datetime(2024, 12, 2, 10))]
    assert import_items(db, actor, path).unchanged == 4
    rows[0][8] = "已勾選"
    again = import_items(db, actor, write_xlsx(tmp_path / "p2.xlsx", ITEM_HEADERS, rows))
    assert (again.added, again.changed, again.unchanged) == (0, 1, 3)
    assert [h.from_state for h in items.item_detail(db, Actor(CLERK), listed["國文報告"].id).history][-1] is ItemState.CERTIFIED


def test_item_import_row_problems(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)
    rows = [
        ["0001", "王小明", 113, 1, "課程學習成果", "", "沒有課代碼", "", "", ""],        # 2: CLO needs a course
        ["0001", "王小明", 113, 1, "課程學習成果", "", "沒修的課", "C99", "", ""],       # 3: not enrolled
        ["0001", "王小明", 113, 1, "多元表現", "", "沒細項", "", "", ""],                # 4: MP needs a category
        ["0001", "王小明", 113, 1, "多元表現", "志工服務", "志工", "", "認證通過", ""],  # 5: MP is never certified
        ["0001", "王小明", 113, 1, "多元表現", "志工服務", "志工", "", "", ""],          # 6: fine
        ["0001", "王小明", 113, 1, "多元表現", "志工服務", "志工", "", "", ""],          # 7: duplicate of 6
        ["8888", "", 113, 1, "幹部經歷", "", "班長", "", "", ""],                        # 8: unknown student
        ["0001", "王小明", 113, 1, "作業", "", "x", "", "", ""],                          # 9: unknown kind
    ]
    path = write_csv(tmp_path / "items.csv", ITEM_HEADERS, rows)
    before = _counts(db)
    with pytest.raises(ImportRefused) as info:
        import_items(db, actor, path)
    got = {p.row: p.column for p in info.value.problems}
    assert got == {2: "課程代碼", 3: "課程代碼", 4: "細項", 5: "狀態", 7: "名稱", 8: "學號", 9: "類別"}
    assert _counts(db) == before
    report = import_items(db, actor, path, skip_invalid=True)
    assert report.added == 1 and report.skipped_rows == [2, 3, 4, 5, 7, 8, 9]


def test_item_import_reports_rows_that_break_a_cap(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)
    items.add_item(db, actor, student_no="0001", term=TERM, kind=ItemKind.CLO, title="已有的", course_code="C01",
                   now=dt.datetime(2024, 12, 10))
    rows = [["0001", "王小明", 113, 1, "課程學習成果", "", f"成果{i}", f"C0{i}", "", ""] for i in range(2, 8)]
    path = write_xlsx(tmp_path / "seven.xlsx", ITEM_HEADERS, rows)  # 1 in the db + 6 in the file = 7 > 6
    with pytest.raises(ImportRefused) as info:
        import_items(db, actor, path)
    [problem] = info.value.problems
    assert problem.row == 7 and "課程學習成果每學期上傳至多 6 件" in problem.zh and "已有 6 件" in problem.zh
    assert (problem.column, problem.value) == ("類別", "課程學習成果")  # an upload cap: the row's kind is the cause
    assert "「已有的」" in problem.zh and "成果6（第 6 列）" in problem.zh
    report = import_items(db, actor, path, skip_invalid=True)
    assert report.added == 5 and report.skipped_rows == [7]
    assert len(items.list_items(db, Actor(CLERK), student_no="0001")) == 6


def test_a_selection_cap_names_the_state_column(db: Database, actor: Actor, tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)
    rows = [["0001", "王小明", 113, 1 if i < 6 else 2, "多元表現", "志工服務", f"志工{i}", "", "已勾選", ""]
            for i in range(11)]  # 11 selected in school year 113 > 10
    with pytest.raises(ImportRefused) as info:
        import_items(db, actor, write_xlsx(tmp_path / "selected.xlsx", ITEM_HEADERS, rows))
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.value) == (12, "狀態", "已勾選")
    assert "多元表現每學年勾選至多 10 件" in problem.zh


# ------------------------------------------------------------------------------------ windows


def test_windows_set_export_import_round_trip(db: Database, actor: Actor, tmp_path: Path) -> None:
    windows.set_window(db, actor, TERM, WindowKind.UPLOAD, dt.datetime(2024, 12, 1, 8), dt.datetime(2024, 12, 20, 17), "期末上傳")
    windows.set_window(db, actor, TERM, WindowKind.SELECTION, dt.datetime(2025, 1, 2, 8), dt.datetime(2025, 1, 10, 17))
    out = tmp_path / "schedule.xlsx"
    assert windows.export_windows(db, actor, out, TERM) == 2
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ["學年期", "項目", "開始時間", "結束時間", "備註"]
    assert ws["A2"].value == "113-1" and ws["B2"].value == "上傳"
    other = tmp_path / "other.sqlite3"
    from portfolio_desktop.store.open import open_database

    db2 = open_database(str(other))
    try:
        seed_staff(db2, CLERK, *CLERK_GRANTS)  # the same clerk on the other database
        report = windows.import_windows(db2, actor, out)
        assert len(report.added) == 2
        assert windows.list_windows(db2, Actor(CLERK), TERM) == windows.list_windows(db, Actor(CLERK), TERM)
        assert len(windows.import_windows(db2, actor, out).unchanged) == 2
    finally:
        db2.dispose()


def test_window_import_reads_school_year_and_semester_columns(db: Database, actor: Actor, tmp_path: Path) -> None:
    """The schedule may write the term as 學年度 + 學期, as the course and item files do."""
    path = write_xlsx(tmp_path / "w2.xlsx", ["學年度", "學期", "項目", "開始", "結束"], [
        ["113", "1", "上傳", "113/12/01 08:00", "113/12/20"],
        ["113", "上", "認證", "113/12/21", "113/12/31"],
        ["113", "", "勾選", "114/01/02", "114/01/10"],     # 4: half a term
    ])
    with pytest.raises(ImportRefused) as info:
        windows.import_windows(db, actor, path)
    assert [(p.row, p.column) for p in info.value.problems] == [(4, "學期")]
    assert "學年度與學期要一起填寫" in info.value.problems[0].zh
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(TermWindow)) == 0  # nothing was written
    report = windows.import_windows(db, actor, path, skip_invalid=True)
    assert len(report.added) == 2
    kinds = {r.kind for r in windows.list_windows(db, Actor(CLERK), TERM)}
    assert kinds == {WindowKind.UPLOAD, WindowKind.CERTIFICATION}


def test_window_import_problems(db: Database, actor: Actor, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", ["學年期", "項目", "開始", "結束"], [
        ["113-1", "上傳", "113/12/01 08:00", "113/12/20"],
        ["113-1", "認證", "113/12/20", "113/12/01"],        # 3: ends before it starts
        ["113-1", "上傳", "113/12/02", "113/12/21"],        # 4: second upload window
        ["113-1", "午休", "113/12/02", "113/12/21"],        # 5: unknown window
    ])
    with pytest.raises(ImportRefused) as info:
        windows.import_windows(db, actor, path)
    assert {(p.row, p.column) for p in info.value.problems} == {(3, "結束"), (4, "項目"), (5, "項目")}
    assert windows.list_windows(db, Actor(CLERK), TERM) == []
    report = windows.import_windows(db, actor, path, skip_invalid=True)
    [row] = windows.list_windows(db, Actor(CLERK), TERM)
    assert report.added == ["113-1 上傳"] and row.ends_at == dt.datetime(2024, 12, 20, 23, 59, 59)
    with pytest.raises(Exception, match="早於開始時間"):
        windows.set_window(db, actor, TERM, WindowKind.RECEIPT, dt.datetime(2025, 1, 2), dt.datetime(2025, 1, 1))


# ------------------------------------------------------------------- one export, several offices


def _platform_export(tmp_path: Path) -> Path:
    """One platform export as the registry receives it: 課程學習成果, 多元表現 and 幹部經歷 together."""
    rows = [
        ["0001", "王小明", 113, 1, "課程學習成果", "", "國文報告", "C01", "", ""],  # 2: the registry's
        ["0001", "王小明", 113, 1, "多元表現", "志工服務", "淨灘", "", "", ""],    # 3: the activities office's
        ["0002", "王𡘙", 113, 1, "課程學習成果", "", "數學報告", "C02", "", ""],    # 4: the registry's
        ["0101", "陳大文", 113, 1, "幹部經歷", "", "班長", "", "", ""],             # 5: the activities office's
        ["0101", "陳大文", 113, 1, "多元表現", "", "沒細項", "", "", ""],           # 6: the activities office's, bad
    ]
    return write_xlsx(tmp_path / "platform.xlsx", ITEM_HEADERS, rows)


def test_each_office_imports_its_rows_of_one_platform_export(db: Database, actor: Actor, tmp_path: Path) -> None:
    from tests.data.staff import ACTIVITIES_DAY, REGISTRY_DAY

    make_school(db, actor, tmp_path)
    registry = seed_staff(db, "註冊組員", REGISTRY_DAY)
    activities = seed_staff(db, "活動組員", ACTIVITIES_DAY)
    path = _platform_export(tmp_path)

    report = import_items(db, registry, path)  # the bad 多元表現 row is not the registry's to see or fix
    assert (report.added, report.problems, report.skipped_rows) == (2, [], [])
    assert [p.row for p in report.elsewhere] == [3, 5, 6]
    left = {p.row: p for p in report.elsewhere}
    assert left[3].column == "類別" and left[3].value == "多元表現"
    assert "訓育組" in left[3].zh and "未匯入" in left[3].zh and "left out" in left[3].en
    assert "幹部經歷" in left[5].zh
    zh, en = report.summary()
    assert "其他處室的 3 列未匯入" in zh and "3 row(s) left for other offices" in en
    with db.read() as s:
        kinds = sorted(s.scalars(select(PortfolioItem.kind)))
        denied = set(s.execute(select(AuditLog.entity_key, AuditLog.actor).where(AuditLog.action == "authz.denied")))
    assert kinds == [ItemKind.CLO.value, ItemKind.CLO.value]
    assert denied == {("mp.submit", "註冊組員"), ("cadre.write", "註冊組員")}

    with pytest.raises(ImportRefused) as info:  # the activities office sees its own bad row, by row and column
        import_items(db, activities, path)
    assert [(p.row, p.column) for p in info.value.problems] == [(6, "細項")]
    done = import_items(db, activities, path, skip_invalid=True)
    assert (done.added, done.skipped_rows, [p.row for p in done.elsewhere]) == (2, [6], [2, 4])
    with db.read() as s:
        assert sorted(s.scalars(select(PortfolioItem.kind))) == sorted(
            [ItemKind.CLO.value] * 2 + [ItemKind.MP.value, ItemKind.CADRE.value])


def test_a_platform_export_with_nothing_the_user_may_import_is_refused(db: Database, actor: Actor,
                                                                      tmp_path: Path) -> None:
    from portfolio_desktop.errors import PermissionDenied
    from tests.data.staff import IT

    make_school(db, actor, tmp_path)
    it = seed_staff(db, "資訊組員", IT)
    path = _platform_export(tmp_path)
    before = _counts(db)
    with pytest.raises(PermissionDenied) as info:
        import_items(db, it, path, dry_run=True)
    assert "不能匯入這個檔案的任何一列" in info.value.zh and "may import no row" in info.value.en
    for words in ("課程學習成果（日間部）由註冊組匯入", "多元表現（日間部）由訓育組匯入", "幹部經歷（日間部）由訓育組匯入"):
        assert words in info.value.zh
    after = _counts(db)
    assert after[:5] == before[:5] and after[5] == before[5] + 3  # one refusal audited per kind and division


def test_cli_items_import_says_which_rows_another_office_imports(db: Database, db_path: Path, actor: Actor,
                                                                 tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from portfolio_desktop import cli
    from tests.data.staff import REGISTRY_DAY, signed_in_env

    make_school(db, actor, tmp_path)
    for key, value in signed_in_env(db, "註冊組員", (REGISTRY_DAY,)).items():
        monkeypatch.setenv(key, value)
    assert cli.main(["--db", str(db_path), "items", "import", str(_platform_export(tmp_path))]) == 0
    out = capsys.readouterr()
    assert "added 2" in out.err and "3 row(s) left for other offices" in out.err  # say(): the CLI's language
    left = [line for line in out.err.splitlines() if line.startswith("留給其他處室 left for another office")]
    assert len(left) == 3 and "第3列 row 3" in left[0] and "由訓育組匯入" in left[0] and "imported by" in left[0]


def test_a_numeric_student_number_takes_its_zeros_back_from_the_schools_student_numbers(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    make_school(db, actor, tmp_path)  # 學號 0001, 0002, 0101 … (four digits)
    path = write_xlsx(tmp_path / "one.xlsx", ITEM_HEADERS,
                      [[101, "陳大文", 113, 1, "幹部經歷", "", "班長", "", "", ""]])  # Excel's number 101
    report = import_items(db, actor, path)
    assert report.added == 1 and report.problems == []
    [note] = [n for n in report.notes if n.kind == "leading_zero"]
    assert note.rows == [2] and "101 → 0101" in note.zh
    assert [i.title for i in items.list_items(db, actor, student_no="0101")] == ["班長"]


def test_numeric_student_numbers_with_nothing_to_go_by_are_imported_with_a_note(tmp_path: Path) -> None:
    from portfolio_desktop.io.tabular import read_table
    from portfolio_desktop.io.roster_spec import ROSTER

    path = write_xlsx(tmp_path / "名冊.xlsx", ["學號", "姓名", "班級"],
                      [[110021, "王一", "101"], [110022, "王二", "101"]])  # a first roster, every 學號 a number
    table = read_table(path, ROSTER)
    assert [r.values["student_no"] for r in table.rows] == ["110021", "110022"]
    [note] = [n for n in table.notes if n.kind == "unverified_codes"]
    assert note.rows == [2, 3] and note.column == "學號" and "無從判斷是否少了開頭的 0" in note.zh
    assert "Text" in note.en
    padded = read_table(path, ROSTER, known_lengths={"student_no": {7}})  # a school with 7-digit 學號
    assert [r.values["student_no"] for r in padded.rows] == ["0110021", "0110022"]
    assert [n.kind for n in padded.notes] == ["leading_zero"]
