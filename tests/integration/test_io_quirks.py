"""read_table on real files with the quirks offices produce: every one must read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io.roster_spec import ROSTER, ROSTER_HEADERS
from portfolio_desktop.io.tabular import Cancelled, preview, read_table, sheet_names
from tests.data import files as F

TITLE = ["臺南市立某某高級中學 113 學年度第 1 學期 學生名冊"]


def _records(n: int = 12) -> list[dict[str, object]]:
    return F.roster_records(n, rare_every=5)


def _by_no(table) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    return {r.values["student_no"]: r.values for r in table.rows}


def test_title_rows_merged_title_blank_rows_and_row_numbers(tmp_path: Path) -> None:
    recs = _records()
    body = F.table(recs)
    rows = [TITLE, ["列印日期：113/08/29"], [], body[0], body[1], [], [None] * 16, *body[2:]]
    path = F.write_xlsx(tmp_path / "roster.xlsx", rows, merges=["A1:P1", "A2:D2"])
    t = read_table(path, ROSTER)
    assert (t.sheet, t.header_row) == ("名冊", 4)
    assert t.problems == []
    assert t.total_rows == len(recs)
    # Excel rows: header 4, first student 5, blank 6 and 7, second student 8 (pins calamine's
    # iter_rows starting at row 1 even when the used range starts lower).
    assert [r.row for r in t.rows][:3] == [5, 8, 9]
    got = _by_no(t)
    assert got["000001"]["name"] == recs[0]["姓名"]
    assert got["000001"]["birth_date"] == recs[0]["出生日期"]
    assert got["000001"]["status"] is Status.ENROLLED


def test_any_column_order_extra_columns_and_data_not_starting_in_column_a(tmp_path: Path) -> None:
    recs = _records()
    order = ["備註", "姓名", "班級", "座號", "內部代碼", "學號", "出生日期", "身分證統一編號"]
    rows = [[None, None, *([r.get(h) if h in ROSTER_HEADERS else "x" for h in order])] for r in recs]
    path = F.write_xlsx(tmp_path / "shuffled.xlsx", [[None, None, *order], *rows])
    t = read_table(path, ROSTER)
    assert t.problems == []
    assert t.mapping["student_no"] == 2 + order.index("學號")
    assert t.headers[t.mapping["name"]] == "姓名"
    assert set(t.mapping) == {"student_no", "name", "class_code", "seat_no", "birth_date", "national_id"}
    assert _by_no(t)["000003"]["class_code"] == recs[2]["班級"]


def test_ext_b_names_leading_zeros_full_width_and_ideographic_spaces(tmp_path: Path) -> None:
    rows = [
        ["學號", "姓名", "班級", "座號", "身分證統一編號", "郵遞區號", "聯絡電話"],
        ["\u3000００１２３\u3000", "\u3000王𡘙\u3000", "３０１", "０５", " a123456789 ", "７０１０１", "（０６）２１２３４５６"],
        ["000124", "陳󠄁堃", "301", "6", "Ａ１２３４５６７８９", "701", "0912-345-678"],
    ]
    path = F.write_xlsx(tmp_path / "fw.xlsx", rows)
    t = read_table(path, ROSTER)
    assert t.problems == []
    a, b = (r.values for r in t.rows)
    assert a["student_no"] == "00123" and a["name"] == "王𡘙" and a["class_code"] == "301" and a["seat_no"] == 5
    assert a["national_id"] == "A123456789" and a["postal_code"] == "70101" and a["phone"] == "(06)2123456"
    assert b["name"].encode("utf-8") == "陳󠄁堃".encode("utf-8")  # variation selector kept byte for byte
    assert b["national_id"] == "A123456789"


def test_number_cells_for_codes_become_text_without_decimals(tmp_path: Path) -> None:
    rows = [["學號", "姓名", "班級", "座號", "郵遞區號"], [123.0, "甲", 301, 7.0, 70101.0]]
    t = read_table(F.write_xlsx(tmp_path / "n.xlsx", rows), ROSTER)
    v = t.rows[0].values
    assert (v["student_no"], v["class_code"], v["seat_no"], v["postal_code"]) == ("123", "301", 7, "70101")


def test_date_cells_roc_text_and_iso_text(tmp_path: Path) -> None:
    rows = [
        ["學號", "姓名", "班級", "出生日期", "學籍狀態", "離校日期"],
        ["1", "甲", "301", date(2008, 4, 25), "休學", "113/02/01"],
        ["2", "乙", "301", "097/04/25", "轉出", "民國113年8月29日"],
        ["3", "丙", "301", "97.4.25", "畢業", "1130629"],
        ["4", "丁", "301", "2008-04-25", "在學", None],
    ]
    t = read_table(F.write_xlsx(tmp_path / "d.xlsx", rows), ROSTER)
    assert t.problems == []
    assert {r.values["birth_date"] for r in t.rows} == {date(2008, 4, 25)}
    assert [r.values["left_on"] for r in t.rows] == [date(2024, 2, 1), date(2024, 8, 29), date(2024, 6, 29), None]
    assert t.rows[2].values["status"] is Status.GRADUATED


def test_vertically_merged_class_cell_applies_to_every_row_it_covers(tmp_path: Path) -> None:
    rows = [["班級", "學號", "姓名"], ["301", "1", "甲"], [None, "2", "乙"], [None, "3", "丙"], ["302", "4", "丁"]]
    t = read_table(F.write_xlsx(tmp_path / "m.xlsx", rows, merges=["A2:A4"]), ROSTER)
    assert t.problems == []
    assert [r.values["class_code"] for r in t.rows] == ["301", "301", "301", "302"]


def test_header_aliases_with_spaces_line_breaks_and_full_width(tmp_path: Path) -> None:
    rows = [
        ["學\u3000號", "姓 名", "身分證字號", "生日", "班別", "科系", "班級\n", "座位號", "狀態", "手機", "地址", "家長", "ＥＭＡＩＬ"],
        ["1", "甲", "A123456789", "97/04/25", "夜", "資訊科", "301", "1", "在學", "0912345678", "臺南市", "王先生", "a@b.tw"],
    ]
    t = read_table(F.write_xlsx(tmp_path / "alias.xlsx", rows), ROSTER)
    assert t.problems == []
    assert set(t.mapping) == {"student_no", "name", "national_id", "birth_date", "division", "department",
                              "class_code", "seat_no", "status", "phone", "address", "guardian", "email"}  # fmt: skip
    assert t.rows[0].values["division"] == "night"
    assert t.headers[t.mapping["student_no"]] == "學\u3000號"  # as written


def test_canonical_header_wins_over_alias_and_two_aliases_are_reported(tmp_path: Path) -> None:
    rows = [["學號", "姓名", "班級", "戶籍地址", "通訊地址"], ["1", "甲", "301", "戶籍", "通訊"]]
    t = read_table(F.write_xlsx(tmp_path / "a.xlsx", rows), ROSTER)
    assert t.rows[0].values["address"] == "通訊"
    rows = [["學號", "姓名", "班級", "電話", "手機"], ["1", "甲", "301", "062123456", "0912345678"]]
    with pytest.raises(PortfolioError) as err:
        read_table(F.write_xlsx(tmp_path / "b.xlsx", rows), ROSTER)
    assert "「電話」" in err.value.zh and "「手機」" in err.value.zh and "b.xlsx" in err.value.zh
    assert "choose the column by hand" in err.value.en
    # the user settles it by choosing one
    t = read_table(tmp_path / "b.xlsx", ROSTER, mapping={"phone": "手機"})
    assert t.rows[0].values["phone"] == "0912345678"


def test_user_mapping_for_unknown_headers_and_unmapping(tmp_path: Path) -> None:
    rows = [["Stu ID", "Full name", "Form", "生日"], ["00007", "甲", "301", "not a date"]]
    path = F.write_xlsx(tmp_path / "en.xlsx", rows)
    with pytest.raises(PortfolioError, match="學號"):
        read_table(path, ROSTER)
    mapping = {"student_no": "Stu ID", "name": "Full name", "class_code": "Form", "birth_date": ""}
    t = read_table(path, ROSTER, mapping=mapping)
    assert t.problems == [] and "birth_date" not in t.mapping
    assert t.rows[0].values["student_no"] == "00007"
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER, mapping={**mapping, "seat_no": "Seat"})
    assert "Seat" in err.value.zh and "Stu ID" in err.value.zh


def test_header_on_second_sheet_and_chosen_sheet(tmp_path: Path) -> None:
    other = [["說明"], ["本檔由校務行政系統匯出"]]
    path = F.write_xlsx(tmp_path / "two.xlsx", F.table(_records(3)), sheet="學生", before=[("說明", other)])
    assert sheet_names(path) == ["說明", "學生"]
    t = read_table(path, ROSTER)
    assert t.sheet == "學生" and len(t.rows) == 3
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER, sheet="說明")
    assert "說明" in err.value.zh and "學號" in err.value.zh
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER, sheet="沒有")
    assert "學生" in err.value.zh


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [("utf-8", False, ","), ("utf-8", True, ","), ("cp950", False, ","), ("utf-8", True, "\t"),
     ("cp950", False, ";"), ("utf-16", False, "\t")],  # fmt: skip
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, bom: bool, delimiter: str) -> None:
    recs = F.roster_records(20, rare_every=0)  # Big5 cannot hold Ext-B names
    recs[3]["通訊地址"] = "臺南市東區大學路1號, 3樓"  # a quoted delimiter inside a field
    rows = [TITLE, *F.table(recs)]
    rows = [[v.strftime("%Y/%m/%d") if isinstance(v, date) else v for v in r] for r in rows]
    path = F.write_csv(tmp_path / "roster.csv", rows, encoding=encoding, bom=bom, delimiter=delimiter)
    t = read_table(path, ROSTER)
    assert t.problems == []
    assert (t.sheet, t.header_row, len(t.rows)) == ("roster", 2, 20)
    got = _by_no(t)
    assert got["000004"]["address"] == "臺南市東區大學路1號, 3樓"
    assert got["000001"]["student_no"] == "000001"
    assert got["000002"]["name"] == recs[1]["姓名"]


def test_utf8_csv_keeps_ext_b_names(tmp_path: Path) -> None:
    rows = [["學號", "姓名", "班級"], ["001", "王𡘙", "301"], ["002", "黃𥚃明", "301"]]
    t = read_table(F.write_csv(tmp_path / "x.csv", rows, bom=True), ROSTER)
    assert [r.values["name"] for r in t.rows] == ["王𡘙", "黃𥚃明"]


def test_preview_shows_mapped_columns_as_text(tmp_path: Path) -> None:
    rows = [TITLE, [], *F.table(_records(30))]
    path = F.write_xlsx(tmp_path / "p.xlsx", rows)
    p = preview(path, ROSTER, limit=5)
    assert (p.sheet, p.sheets, p.header_row) == ("名冊", ["名冊"], 3)
    assert len(p.rows) == 5 and all(len(r) == len(p.headers) for r in p.rows)
    assert p.rows[0][p.mapping["student_no"]] == "000001"
    assert p.rows[0][p.mapping["birth_date"]] == _records(1)[0]["出生日期"].isoformat()  # type: ignore[union-attr]


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "big.xlsx", F.table(F.roster_records(1000)))
    calls: list[tuple[int, int]] = []
    t = read_table(path, ROSTER, progress=lambda d, n: calls.append((d, n)))
    assert len(t.rows) == 1000
    assert len(calls) >= 5 and calls[-1] == (1000, 1000)
    assert all(a[0] < b[0] for a, b in zip(calls, calls[1:], strict=False))
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(Cancelled):
        read_table(path, ROSTER, cancelled=cancel)
    assert len(asked) == 2


def test_million_formatted_empty_rows_after_the_data_are_skipped(tmp_path: Path) -> None:
    head = [F.inline_row(1, ["學號", "姓名", "班級"]), F.inline_row(2, ["001", "甲", "301"])]
    path = F.write_raw_xlsx(tmp_path / "formatted.xlsx", [*head, *F.empty_formatted_rows(3, 1_048_576)])
    t = read_table(path, ROSTER)
    assert (t.total_rows, len(t.rows), t.problems) == (1, 1, [])


def test_a_repeated_cell_is_read_like_its_first(tmp_path: Path) -> None:
    """Cells repeat (one guardian's phone for siblings, a class code per row): each repeat gives the
    same value and is noted like the first — a lost zero put back every time, a too-long or wrong
    cell a problem on each of its rows."""
    rows = [["學號", "姓名", "班級", "電話", "科別"],
            ["001", "王小明", "101", "912345678", "資訊科"],
            ["002", "王小華", "101", "912345678", "資訊科"],
            ["003", "林一", "101", 912345678, "科" * 61],
            ["004", "林二", "101", "12", "科" * 61]]
    t = read_table(F.write_xlsx(tmp_path / "repeat.xlsx", rows), ROSTER)
    assert [r.values["phone"] for r in t.rows] == ["0912345678", "0912345678"]
    assert [r.values["department"] for r in t.rows] == ["資訊科", "資訊科"]
    assert [n.rows for n in t.notes if "電話" in n.zh] == [[2, 3, 4]]
    assert sorted((p.row, p.column) for p in t.problems) == [(4, "科別"), (5, "科別"), (5, "電話")]


def test_rows_read_a_block_at_a_time_keep_their_numbers_problems_and_notes(tmp_path: Path) -> None:
    """A sheet longer than one block (io.tabular.BLOCK_ROWS): each row keeps its Excel row number, its
    own problems in column order (then its missing values), and the notes name every row — across
    the blocks' edges too."""
    from portfolio_desktop.io.tabular import BLOCK_ROWS

    n = 2 * BLOCK_ROWS + 50
    recs = F.roster_records(n, rare_every=0)
    body = F.table(recs)
    header, data = body[0], body[1:]
    col = {h: i for i, h in enumerate(header)}
    at = [BLOCK_ROWS - 1, BLOCK_ROWS, 2 * BLOCK_ROWS + 3]  # the last row of a block, the first of the next, one after
    for i in at:
        data[i][col["聯絡電話"]] = "912" + str(i).zfill(6)  # a lost leading zero: repaired and noted
        data[i][col["身分證統一編號"]] = "A123456788"  # a wrong check digit: a problem
        data[i][col["姓名"]] = None  # a missing required value: a problem after the cell problems
    data.insert(BLOCK_ROWS + 1, [None] * len(header))  # a blank row just past a block's edge: skipped silently
    t = read_table(F.write_xlsx(tmp_path / "long.xlsx", [header, *data]), ROSTER)
    excel = [i + 2 if i < BLOCK_ROWS + 1 else i + 3 for i in at]  # header is row 1; the blank row shifts the rest
    assert t.total_rows == n
    assert [(p.row, p.column) for p in t.problems] == [(r, c) for r in excel for c in ("身分證統一編號", "姓名")]
    assert [n.rows for n in t.notes if "電話" in n.zh] == [excel]
    assert len(t.rows) == n - len(at)
    assert [r.row for r in t.rows][BLOCK_ROWS - 2 : BLOCK_ROWS + 1] == [BLOCK_ROWS, BLOCK_ROWS + 4, BLOCK_ROWS + 5]
    assert all(r.values["student_no"] == f"{r.row - 1 - (r.row > BLOCK_ROWS + 2):06d}" for r in t.rows)


def test_blocks_without_problems_keep_every_row_and_value(tmp_path: Path) -> None:
    """Blocks in which no row is blank or refused (the usual case, put together without a loop per
    row) keep each row's Excel number and values, and a 學號 Excel typed as a number in such a block
    gets its zeros back with a note naming its rows; a later block with a blank row is read the same."""
    from portfolio_desktop.io.tabular import BLOCK_ROWS

    n = 2 * BLOCK_ROWS + 10
    recs = F.roster_records(n, rare_every=0)
    body = F.table(recs)
    header, data = body[0], body[1:]
    col = {h: i for i, h in enumerate(header)}
    typed = [150, BLOCK_ROWS + 7, BLOCK_ROWS + 150]  # in the first and second block, which have no problem
    for i in typed:
        data[i][col["學號"]] = int(data[i][col["學號"]])  # as Excel keeps 000151: the number 151
    data.insert(2 * BLOCK_ROWS + 4, [None] * len(header))  # the third block has a blank row
    t = read_table(F.write_xlsx(tmp_path / "clean.xlsx", [header, *data]), ROSTER)
    assert t.problems == [] and t.total_rows == n and len(t.rows) == n
    excel = list(range(2, 2 * BLOCK_ROWS + 6)) + list(range(2 * BLOCK_ROWS + 7, n + 3))
    assert [r.row for r in t.rows] == excel
    for r, rec in zip(t.rows, recs, strict=True):
        assert r.values["student_no"] == rec["學號"]
        assert (r.values["name"], r.values["phone"], r.values["national_id"]) == (rec["姓名"], rec["聯絡電話"],
                                                                                  rec["身分證統一編號"])
    assert [note.rows for note in t.notes if "學號" in note.zh] == [[i + 2 for i in typed]]
