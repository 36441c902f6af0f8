"""The shared read machinery (io.tabular) on real .xlsx and .csv files of every import kind: codes
Excel typed as numbers get their zeros back (or are refused when it cannot be told), and footer
rows are left out with a note, never a real row."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from portfolio_desktop.io.course_spec import COURSES
from portfolio_desktop.io.item_spec import ITEMS
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import read_table
from tests.data.files import write_csv


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_course_codes_typed_as_numbers(tmp_path: Path) -> None:
    rows = [["學年期", "課程代碼", "科目名稱", "學分"],
            ["113-1", "0101001", "國語文", 4], ["113-1", 101002, "英語文", 4], ["113-1", "0101003", "數學", 4],
            ["113-1", 1.2345678901234567e22, "物理", 2], [], ["共 4 門"], ["製表日期：113/08/20"]]  # fmt: skip
    table = read_table(_xlsx(tmp_path / "課程.xlsx", rows), COURSES)
    assert [r.values["course_code"] for r in table.rows] == ["0101001", "0101002", "0101003"]
    (problem,) = table.problems
    assert (problem.row, problem.column) == (5, "課程代碼") and "15" in problem.zh and "Text" in problem.en
    notes = {n.kind: n for n in table.notes}
    assert notes["leading_zero"].rows == [3] and notes["leading_zero"].column == "課程代碼"
    assert notes["footer"].rows == [7, 8] and table.total_rows == 4


def test_item_rows_with_a_footer_and_numeric_student_numbers(tmp_path: Path) -> None:
    rows = [["學號", "學年期", "類別", "名稱"],
            ["0111001", "113-1", "多元表現", "志工服務"], [111002, "113-1", "多元表現", "社團幹部"],
            ["合計：2 件"]]  # fmt: skip
    table = read_table(_xlsx(tmp_path / "項目.xlsx", rows), ITEMS)
    assert [r.values["student_no"] for r in table.rows] == ["0111001", "0111002"]
    assert table.problems == [] and [n.kind for n in table.notes] == ["leading_zero", "footer"]


def test_a_csv_footer_and_phones_without_their_zero(tmp_path: Path) -> None:
    rows = [["學號", "姓名", "班級", "聯絡電話", "郵遞區號", "座號"],
            ["1120001", "王一", "101", "912345678", "82041", "05"], ["1120002", "王二", "101", "0912-345-678", "820", "6號"],
            [], ["總計", "2 人"], ["", "", "", "列印時間：113/09/02 10:00"]]  # fmt: skip
    table = read_table(write_csv(tmp_path / "名冊.csv", rows), ROSTER)
    assert [(r.values["phone"], r.values["postal_code"], r.values["seat_no"]) for r in table.rows] == [
        ("0912345678", "82041", 5), ("0912-345-678", "820", 6)]
    notes = {n.kind: n for n in table.notes}
    assert notes["leading_zero"].rows == [2] and "912345678 → 0912345678" in notes["leading_zero"].zh
    assert notes["footer"].rows == [5, 6]


def test_a_row_with_a_valid_student_number_is_never_a_footer(tmp_path: Path) -> None:
    rows = [["學號", "姓名", "班級"], ["1120001", "王一", "101"], ["1120002", "合計：10 人", "101"],
            ["1120003", "共 10 筆", "1X1"], ["合計：3 人"]]  # fmt: skip
    table = read_table(_xlsx(tmp_path / "名冊.xlsx", rows), ROSTER)
    assert [r.values["student_no"] for r in table.rows] == ["1120001", "1120002", "1120003"]
    assert [n.rows for n in table.notes] == [[5]]
