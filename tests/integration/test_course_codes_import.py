"""National 課程代碼 checked where course and item files are read: a wrong part is a row problem
naming the part, an unknown 課程類型 / 課程類別 letter a warning, a school's own code passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio_desktop import cli
from portfolio_desktop.errors import ImportRefused
from portfolio_desktop.services.rosters import courses
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course
from tests.data.items_school import make_roster, write_xlsx
from tests.data.staff import signed_in_env

GOOD = "108123456H001011111" + "0102"  # 普通型高中, 部定必修
BAD_YEAR = "1A8" + GOOD[3:]  # 適用入學年度 not digits
UNKNOWN_CATEGORY = GOOD[:16] + "9" + GOOD[17:]  # 課程類別 9: not a known one
HEADERS = ["學年度", "學期", "課程代碼", "科目名稱", "學分"]


def test_a_national_code_with_a_wrong_part_is_a_row_problem_naming_the_part(db: Database, actor: Actor,
                                                                             tmp_path: Path) -> None:
    make_roster(db)
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [[113, 1, GOOD, "國語文", 4], [113, 1, BAD_YEAR, "數學", 4],
                                                     [113, 1, GOOD[:-1], "物理", 2], [113, 1, "MATH101", "校訂", 2]])
    with pytest.raises(ImportRefused) as caught:
        courses.import_courses(db, actor, path)
    problems = caught.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "課程代碼", BAD_YEAR), (4, "課程代碼", GOOD[:-1])]
    assert "第 1–3 碼「適用入學年度」" in problems[0].zh and "characters 1-3 (year of entry)" in problems[0].en
    assert "23 碼" in problems[1].zh and "22 碼" in problems[1].zh
    assert "課程計畫平臺" in problems[0].zh  # how to fix
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Course)) == 0


def test_an_unknown_category_letter_is_a_warning_and_the_row_is_imported(db: Database, actor: Actor,
                                                                          tmp_path: Path) -> None:
    make_roster(db)
    path = write_xlsx(tmp_path / "c.xlsx", HEADERS, [[113, 1, UNKNOWN_CATEGORY, "國語文", 4], [113, 1, "C01", "x", 1]])
    report = courses.import_courses(db, actor, path)
    assert report.courses_added == [f"113-1 {UNKNOWN_CATEGORY}", "113-1 C01"] and report.problems == []
    (warning,) = report.warnings
    assert warning.row == 2 and warning.column == "課程代碼" and "第 17 碼「課程類別」" in warning.zh
    assert "warning" in warning.en


def test_courses_list_shows_the_decoded_parts(db_path: Path, db: Database, actor: Actor, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_roster(db)
    courses.import_courses(db, actor, write_xlsx(tmp_path / "c.xlsx", HEADERS,
                                                 [[113, 1, GOOD, "國語文", 4], [113, 1, "C01", "x", 1]]))
    for key, value in signed_in_env(db).items():  # every command signs in (commands/gate.py)
        monkeypatch.setenv(key, value)
    assert cli.main(["--db", str(db_path), "courses", "list", "--term", "113-1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("\t代碼解析")
    by_code = {line.split("\t")[1]: line.split("\t")[-1] for line in lines[1:]}
    assert by_code == {"C01": "", GOOD: "108入學・普通型高中・部定必修・領域 01・科目 02"}
