"""``io.tabular.preview(strict=False)``: the preview an import dialog shows for a file whose key
headers it does not know, so the clerk can map them by hand (real .xlsx / .csv files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io import tabular
from portfolio_desktop.io.course_spec import COURSES
from portfolio_desktop.io.receipt_spec import RECEIPTS


def _xlsx(path: Path, *rows: list[object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "收訖"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_unknown_key_header_is_left_unmapped_not_refused(tmp_path: Path) -> None:
    # 學生代碼 is no alias of 學號 (an anchor and required); a title row sits above the header.
    path = _xlsx(tmp_path / "r.xlsx", ["112學年度 收訖明細"], ["學生代碼", "姓名", "學年期", "類別", "項目名稱"],
                 ["0012301", "王𡘙明", "112-1", "學籍資料", "學籍"], [None], ["0012302", "陳小華", "112-2", "多元表現", "志工"])
    with pytest.raises(PortfolioError) as info:
        tabular.preview(path, RECEIPTS)
    assert "標題列" in info.value.zh
    pv = tabular.preview(path, RECEIPTS, strict=False)
    assert (pv.sheet, pv.header_row) == ("收訖", 2)
    assert "student_no" not in pv.mapping
    assert {k: pv.headers[i] for k, i in pv.mapping.items()} == {
        "name": "姓名", "term": "學年期", "category": "類別", "item": "項目名稱"}
    assert [r[1] for r in pv.rows] == ["王𡘙明", "陳小華"]  # the blank row is not previewed
    # The column chosen by hand then satisfies the strict preview (what the import will read).
    strict = tabular.preview(path, RECEIPTS, mapping={"student_no": "學生代碼"})
    assert strict.mapping["student_no"] == 0 and strict.header_row == 2


def test_missing_required_column_is_previewed_loosely(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("課程代碼,科目名稱,學分\nC01,國語文,4\n", encoding="utf-8-sig")
    assert set(tabular.preview(path, COURSES).mapping) == {"course_code", "course_name", "credits"}
    path.write_text("說明\n課程代碼,學分\nC01,4\n", encoding="utf-8")  # 科目名稱 (anchor, required) missing
    with pytest.raises(PortfolioError):
        tabular.preview(path, COURSES)
    pv = tabular.preview(path, COURSES, strict=False)
    assert pv.header_row == 2 and set(pv.mapping) == {"course_code", "credits"} and pv.rows == [["C01", "4"]]


def test_strict_false_equals_strict_on_a_good_file(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ok.xlsx", ["學號", "姓名", "學年度", "學期", "類別", "項目名稱", "件數"],
                 ["0012301", "王小明", 112, 1, "學籍資料", "學籍", 1])
    assert tabular.preview(path, RECEIPTS, strict=False) == tabular.preview(path, RECEIPTS)


def test_no_anchor_at_all_is_refused_with_the_strict_message(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "other.xlsx", ["甲", "乙"], [1, 2])
    with pytest.raises(PortfolioError) as strict:
        tabular.preview(path, RECEIPTS)
    with pytest.raises(PortfolioError) as loose:
        tabular.preview(path, RECEIPTS, strict=False)
    assert loose.value.zh == strict.value.zh and "「學號」、「項目名稱」" in loose.value.zh


def test_loose_specs_drop_required_and_try_each_anchor() -> None:
    specs = tabular.loose_specs(COURSES)
    assert [s.anchors for s in specs] == [("course_code", "course_name"), ("course_code",), ("course_name",)]
    assert all(not c.required for s in specs for c in s.columns)
    assert [c.key for c in specs[0].columns] == [c.key for c in COURSES.columns]
