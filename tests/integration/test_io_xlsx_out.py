"""write_table: formula-safe text cells, text columns, real date cells, read back with openpyxl and
python-calamine; and the roster columns surviving write → read_table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from portfolio_desktop.io.roster_spec import ROSTER, ROSTER_HEADERS
from portfolio_desktop.io.tabular import read_table
from portfolio_desktop.io.xlsx_out import write_table
from tests.data import files as F

RISKY = ["=1+1", "=HYPERLINK(\"http://evil\",\"x\")", "+886912345678", "-5", "@SUM(A1:A2)", "\tcmd", "=cmd|' /C calc'!A0"]


def _calamine_rows(path: Path) -> list[list[object]]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_risky_texts_are_text_cells_with_quote_prefix_and_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "risky.xlsx"
    rows = [[v, "平常文字"] for v in RISKY]
    assert write_table(out, ["值", "備註"], rows, sheet="匯出") == len(RISKY)
    wb = load_workbook(out)
    ws = wb["匯出"]
    for i, v in enumerate(RISKY, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.value == v and cell.data_type == "s" and cell.quotePrefix is True
        plain = ws.cell(row=i, column=2)
        assert plain.value == "平常文字" and plain.data_type == "s" and not plain.quotePrefix
    assert [r[0] for r in _calamine_rows(out)[1:]] == RISKY
    # nothing in the file is a formula
    for row in load_workbook(out).active.iter_rows():
        assert all(c.data_type != "f" for c in row)


def test_carriage_return_and_control_characters_survive(tmp_path: Path) -> None:
    values = ["\rstart", "a\r\nb", "bell\x07", "_x000D_ literal", "x_x0041_y"]
    out = tmp_path / "cr.xlsx"
    write_table(out, ["v"], [[v] for v in values])
    assert [r[0] for r in _calamine_rows(out)[1:]] == values
    assert load_workbook(out).active["A2"].quotePrefix is True


def test_text_columns_dates_and_numbers(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    rows = [["00123", 123, date(2008, 4, 25), 3, datetime(2024, 8, 29, 9, 30), None, True, "王𡘙"]]
    write_table(out, ["學號", "代碼", "出生日期", "座號", "時間", "空", "布林", "姓名"], rows,
                text_columns={0, 1}, date_columns={2, 4})  # fmt: skip
    ws = load_workbook(out).active
    no, code, born, seat, at, empty, flag, name = ws[2]
    assert (no.value, no.data_type) == ("00123", "s")
    assert (code.value, code.data_type) == ("123", "s")
    assert born.value == datetime(2008, 4, 25) and born.is_date and born.number_format == "yyyy/mm/dd"
    assert at.value == datetime(2024, 8, 29, 9, 30) and at.is_date
    assert (seat.value, seat.data_type) == (3, "n")
    assert empty.value is None and flag.value is True
    assert name.value.encode("utf-8") == "王𡘙".encode("utf-8")
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    def rows() -> Iterator[list[object]]:
        yield ["1"]
        raise RuntimeError("database went away")

    out = tmp_path / "half.xlsx"
    with pytest.raises(RuntimeError):
        write_table(out, ["學號"], rows())
    assert list(tmp_path.iterdir()) == []


def test_roster_written_then_read_is_unchanged(tmp_path: Path) -> None:
    recs = F.roster_records(60, rare_every=7)
    recs[5]["通訊地址"] = "=1+1 路"
    recs[6]["監護人"] = "-王"
    out = tmp_path / "export.xlsx"
    dates = {ROSTER_HEADERS.index("出生日期"), ROSTER_HEADERS.index("離校日期")}
    write_table(out, ROSTER_HEADERS, ([r[h] for h in ROSTER_HEADERS] for r in recs),
                text_columns={ROSTER_HEADERS.index(h) for h in ("學號", "郵遞區號", "聯絡電話")},
                date_columns=dates)  # fmt: skip
    t = read_table(out, ROSTER)
    assert t.problems == [] and len(t.rows) == 60
    for rec, row in zip(recs, t.rows, strict=True):
        v = row.values
        assert v["student_no"] == rec["學號"] and v["name"] == rec["姓名"]
        assert v["birth_date"] == rec["出生日期"] and v["address"] == rec["通訊地址"]
        assert v["guardian"] == rec["監護人"] and v["phone"] == rec["聯絡電話"]


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(_text, min_size=1, max_size=20))
def test_any_text_round_trips_through_calamine(tmp_path: Path, values: list[str]) -> None:
    out = tmp_path / "any.xlsx"
    write_table(out, ["v"], [[v] for v in values])
    back = [r[0] if r else "" for r in _calamine_rows(out)[1:]]
    back += [""] * (len(values) - len(back))  # trailing empty strings make no cell rows
    assert back == [v if v.strip(" \t\n") else "" for v in values]  # blank-only texts are written empty
    ws = load_workbook(out).active
    for i, v in enumerate(values, start=2):
        cell = ws.cell(row=i, column=1)
        if not v.strip(" \t\n"):
            assert cell.value is None  # an empty or blank-only text is written as an empty cell
        else:
            assert cell.data_type == "s" and (cell.quotePrefix is True) == v.startswith(("=", "+", "-", "@", "\t", "\r"))
