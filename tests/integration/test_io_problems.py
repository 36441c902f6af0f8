"""Every row problem reported at once, each naming file, sheet, Excel row, header, value, zh + en;
the roster parsers; the problem report written as .xlsx and read back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_desktop.errors import Problem, RuleError
from portfolio_desktop.io import roster_spec as R
from portfolio_desktop.io.problems_xlsx import PROBLEM_HEADERS, write_problems
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import read_table
from tests.data import files as F

HEAD = ["學號", "姓名", "身分證字號", "性別", "生日", "部別", "班級", "座號", "學籍狀態", "離校日期", "郵遞區號", "電話", "電子郵件"]


def _good(no: str) -> list[object]:
    return [no, "王小明", "A123456789", "男", "97/04/25", "日間部", "301", 1, "在學", None, "70101", "0912345678", "a@b.tw"]


def _bad_file(tmp_path: Path) -> Path:
    today = date.today()
    rows: list[list[object]] = [["113 學年度名冊"], HEAD]
    rows.append(_good("001"))  # row 3
    r = _good("002"); r[2] = "A123456788"; rows.append(r)  # noqa: E702  row 4: check digit
    r = _good("003"); r[3] = "不明"; r[7] = 100; rows.append(r)  # noqa: E702  row 5: two problems
    r = _good("001"); rows.append(r)  # noqa: E702  row 6: duplicate of row 3
    rows.append([None] * len(HEAD))  # row 7: blank, skipped silently
    r = _good(""); r[6] = None; rows.append(r)  # noqa: E702  row 8: 學號 and 班級 missing
    r = _good("004"); r[4] = (today + timedelta(days=3)).isoformat(); rows.append(r)  # noqa: E702 row 9: future
    r = _good("005"); r[4] = "113/02/30"; rows.append(r)  # noqa: E702  row 10: impossible date
    r = _good("001"); r[8] = "失蹤"; rows.append(r)  # noqa: E702  row 11: duplicate + unknown status
    r = _good("006"); r[10] = "7010"; r[11] = "call me"; r[12] = "no-at"; rows.append(r)  # noqa: E702 row 12
    r = _good("007"); r[5] = "午間部"; r[9] = "2999-01-01"; rows.append(r)  # noqa: E702  row 13
    r = _good("0 0 8"); r[0] = "00-8"; rows.append(r)  # noqa: E702  row 14: 學號 with a dash
    return F.write_xlsx(tmp_path / "bad.xlsx", rows, sheet="高一")


def test_all_problems_at_once_each_naming_where_and_what(tmp_path: Path) -> None:
    t = read_table(_bad_file(tmp_path), ROSTER)
    got = [(p.row, p.column, p.value) for p in t.problems]
    assert got == [
        (4, "身分證字號", "A123456788"),
        (5, "性別", "不明"), (5, "座號", "100"),
        (6, "學號", "001"),
        (8, "學號", ""), (8, "班級", ""),
        (9, "生日", (date.today() + timedelta(days=3)).isoformat()),
        (10, "生日", "113/02/30"),
        (11, "學籍狀態", "失蹤"), (11, "學號", "001"),
        (12, "郵遞區號", "7010"), (12, "電話", "call me"), (12, "電子郵件", "no-at"),
        (13, "部別", "午間部"), (13, "離校日期", "2999-01-01"),
        (14, "學號", "00-8"),
    ]  # fmt: skip
    assert t.bad_rows == {4, 5, 6, 8, 9, 10, 11, 12, 13, 14}
    assert [r.row for r in t.rows] == [3] and t.total_rows == 11
    for p in t.problems:
        assert (p.file, p.sheet) == ("bad.xlsx", "高一")
        assert p.zh and p.en and p.zh != p.en
        text = p.bilingual()
        assert "高一" in text and f"第{p.row}列" in text and p.column in text
    by = {(p.row, p.column): p for p in t.problems}
    assert "應為 9" in by[(4, "身分證字號")].zh or "9" in by[(4, "身分證字號")].en
    assert "第 3 列" in by[(6, "學號")].zh and "row 3" in by[(6, "學號")].en
    assert "第 3 列" in by[(11, "學號")].zh  # every duplicate names the FIRST row
    assert "必填" in by[(8, "班級")].zh and "required" in by[(8, "班級")].en
    assert "未來" in by[(9, "生日")].zh
    assert "1-99" in by[(5, "座號")].en


def test_birth_date_plausibility() -> None:
    today = date(2025, 3, 1)
    assert R.parse_birth_date("97/04/25", today=today) == date(2008, 4, 25)
    with pytest.raises(RuleError) as err:
        R.parse_birth_date("2020-01-01", today=today)  # 5 years old
    assert "5 歲" in err.value.zh and "age 5" in err.value.en
    with pytest.raises(RuleError, match="101"):
        R.parse_birth_date(date(1924, 2, 1), today=today)
    assert R.parse_birth_date(date(1925, 3, 1), today=today) == date(1925, 3, 1)  # exactly 100
    with pytest.raises(RuleError):
        R.parse_birth_date(date(2025, 3, 2), today=today)  # future


@pytest.mark.parametrize(("raw", "want"), [("男", "M"), ("女", "F"), (1.0, "M"), ("2", "F"), ("m", "M"), ("Ｆ", "F")])
def test_gender(raw: object, want: str) -> None:
    assert R.parse_gender(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [("日間部", "day"), ("日", "day"), ("day", "day"), ("Day", "day"), ("進修部", "night"), ("夜", "night"),
     ("進修", "night"), ("night", "night")],  # fmt: skip
)
def test_division(raw: str, want: str) -> None:
    assert R.parse_division(raw) == want


def test_code_parsers() -> None:
    assert R.parse_student_no("\u3000００１２３ ") == "00123"
    assert R.parse_student_no("a0012") == "A0012"
    assert R.parse_seat_no(5.0) == 5 and R.parse_seat_no("０７") == 7
    for bad in (0, 100, 5.5, "五"):
        with pytest.raises(RuleError):
            R.parse_seat_no(bad)
    assert R.parse_postal_code("701-01") == "70101" and R.parse_postal_code(701.0) == "701"
    assert R.parse_postal_code("７０１０１６") == "701016"
    assert R.parse_phone("（０６）２１２３４５６＃１２") == "(06)2123456#12"
    assert R.parse_email("ｓ１＠ｅｘａｍｐｌｅ．ｔｗ") == "s1@example.tw"
    assert R.parse_national_id(" ａ１２３４５６７８９ ") == "A123456789"


def test_aliases_never_name_two_columns() -> None:
    from portfolio_desktop.io.headers import alias_index, header_key

    index = alias_index(ROSTER)
    for col in ROSTER.columns:
        for text in (col.header, *col.aliases):
            assert index[header_key(text)][0] == col.key
    assert R.ROSTER_HEADERS == F.ROSTER_HEADERS


def test_write_problems_read_back(tmp_path: Path) -> None:
    t = read_table(_bad_file(tmp_path), ROSTER)
    hostile = Problem("bad.xlsx", "高一", 9, "姓名", '=HYPERLINK("http://x","y")', "問題", "problem")
    file_level = Problem("bad.xlsx", "", 0, "", "", "檔案無法開啟", "cannot open")
    out = tmp_path / "errors.xlsx"
    write_problems([*t.problems, hostile, file_level], out)
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == PROBLEM_HEADERS
    body = rows[1:]
    assert len(body) == len(t.problems) + 2
    for p, r in zip(t.problems, body, strict=False):
        assert r == (p.file, p.sheet, p.row, p.column, p.value or None, p.zh, p.en)
    cell = ws.cell(row=len(body), column=5)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s" and cell.quotePrefix
    assert body[-1][2] is None  # file-level problem: no row
