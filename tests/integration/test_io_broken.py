"""Broken and hostile files: each one a clear bilingual
PortfolioError naming the file (and the row where it applies); never a crash or a hang."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io.readers import MAX_DATA_ROWS
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import ParsedTable, preview, read_table, sheet_names
from tests.data import files as F


def _valid(path: Path) -> Path:
    return F.write_xlsx(path, [["名冊"], *F.table(F.roster_records(40))], merges=["A1:D1"])


def _csv_mixed(p: Path) -> None:
    p.write_bytes("學號,姓名,班級\r\n001,王小明,301\r\n".encode() + "002,陳大文,301\r\n".encode("cp950"))


def _pk_text(p: Path) -> None:
    p.write_bytes(b"PK\x03\x04 this is not really a zip")


BUILDERS: dict[str, tuple[str, Callable[[Path], object], str]] = {
    # name: (file name, builder, a phrase the zh message must hold)
    "empty xlsx": ("a.xlsx", lambda p: p.write_bytes(b""), "空的"),
    "empty csv": ("a.csv", lambda p: p.write_bytes(b""), "空的"),
    "text named xlsx": ("a.xlsx", lambda p: p.write_text("學號,姓名\n1,王\n", encoding="utf-8"), "不是有效的 .xlsx"),
    "html named xlsx": ("a.xlsx", lambda p: p.write_text("<html><table><tr><td>學號</td></tr></table></html>"), "網頁"),
    "html named xls": ("a.xls", lambda p: p.write_text("<html><table></table></html>"), "不支援"),
    "pdf": ("a.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n"), "不支援"),
    "fake zip header": ("a.xlsx", _pk_text, "損毀"),
    "truncated 10%": ("a.xlsx", lambda p: F.write_truncated(p, _valid(p.with_name("src.xlsx")), 0.1), "損毀"),
    "truncated 50%": ("a.xlsx", lambda p: F.write_truncated(p, _valid(p.with_name("src.xlsx")), 0.5), "損毀"),
    "truncated 95%": ("a.xlsx", lambda p: F.write_truncated(p, _valid(p.with_name("src.xlsx")), 0.95), "損毀"),
    "truncated 99.9%": ("a.xlsx", lambda p: F.write_truncated(p, _valid(p.with_name("src.xlsx")), 0.999), "損毀"),
    "xls renamed": ("a.xlsx", lambda p: F.write_ole(p, ["Workbook", "\x05SummaryInformation"]), ".xls"),
    "xls as csv": ("a.csv", lambda p: F.write_ole(p, ["Workbook"]), ".xls"),
    "encrypted workbook": ("a.xlsx", lambda p: F.write_ole(p, ["EncryptionInfo", "EncryptedPackage"]), "密碼"),
    "ods renamed": ("a.xlsx", F.write_ods, ".ods"),
    "docx renamed": ("a.xlsx", lambda p: F.write_zip(p, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), "Word"),
    "xlsb renamed": ("a.xlsx", lambda p: F.write_zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"}), ".xlsb"),
    "empty zip": ("a.xlsx", lambda p: zipfile.ZipFile(p, "w").close(), "Excel"),
    "zip bomb headers": ("a.xlsx", lambda p: F.forge_uncompressed_size(_valid(p), "xl/worksheets/sheet1.xml", 0xFFFFFF00), "MB"),
    "broken workbook xml": ("a.xlsx", lambda p: F.write_zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<work"}), "損毀"),
    "mixed csv encodings": ("a.csv", _csv_mixed, "Big5"),
    "binary csv": ("a.csv", lambda p: p.write_bytes(bytes(range(128, 256)) * 4), "UTF-8"),
    "huge csv field": ("a.csv", lambda p: p.write_text("學號,姓名,班級\n1," + "王" * 200_000 + ",301\n", encoding="utf-8"), "CSV"),
    "no header row": ("a.xlsx", lambda p: F.write_xlsx(p, [["名冊"], ["編號", "名字"], ["1", "王"]]), "找不到"),
    "no header csv": ("a.csv", lambda p: F.write_csv(p, [["編號", "名字"], ["1", "王"]]), "找不到"),
    "empty sheet": ("a.xlsx", lambda p: F.write_xlsx(p, []), "找不到"),
    "header below row 20": ("a.xlsx", lambda p: F.write_xlsx(p, [[f"說明{i}"] for i in range(20)] + F.table(F.roster_records(2))), "前 20 列"),
    "missing 班級": ("a.xlsx", lambda p: F.write_xlsx(p, [["學號", "姓名", "座號"], ["1", "王", "1"]]), "缺少必要欄位"),
    "duplicate 學號 headers": ("a.xlsx", lambda p: F.write_xlsx(p, [["學號", "姓名", "班級", "學號"], ["1", "王", "301", "2"]]), "2 個欄位"),
}


@pytest.mark.parametrize("case", sorted(BUILDERS))
def test_broken_file_is_refused_clearly(tmp_path: Path, case: str) -> None:
    name, build, phrase = BUILDERS[case]
    path = tmp_path / name
    build(path)
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER)
    e = err.value
    assert type(e) is PortfolioError
    assert name in e.zh and name in e.en, e.bilingual()
    assert phrase in e.zh or phrase in e.en, e.bilingual()
    assert e.zh.strip() and e.en.strip() and e.zh != e.en
    with pytest.raises(PortfolioError):
        preview(path, ROSTER)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(PortfolioError, match="找不到檔案"):
        read_table(tmp_path / "nope.xlsx", ROSTER)
    with pytest.raises(PortfolioError, match="資料夾"):
        sheet_names(tmp_path)


def test_missing_column_message_names_sheet_row_and_headers_found(tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "m.xlsx", [["名冊"], ["學號", "姓名", "座號"], ["1", "王", "1"]], sheet="一年級")
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER)
    zh, en = err.value.zh, err.value.en
    assert "一年級" in zh and "第 2 列" in zh and "「班級」" in zh and "學號、姓名、座號" in zh
    assert "sheet '一年級'" in en and "header row 2" in en and "'班級' (class_code)" in en


def test_too_many_rows_is_refused_before_reading(tmp_path: Path) -> None:
    rows = [F.inline_row(1, ["學號", "姓名", "班級"]), F.inline_row(2, ["1", "王", "301"]),
            F.inline_row(MAX_DATA_ROWS + 50, ["2", "李", "301"])]  # fmt: skip
    path = F.write_raw_xlsx(tmp_path / "long.xlsx", rows)
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER)
    assert "200,000" in err.value.zh and "long.xlsx" in err.value.en


def test_too_many_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("學號,姓名,班級\n" + "".join(f"{i},王,301\n" for i in range(MAX_DATA_ROWS + 30)), encoding="utf-8")
    with pytest.raises(PortfolioError, match="200,000"):
        read_table(path, ROSTER)


def test_values_far_apart_are_refused_before_calamine_allocates_the_range(tmp_path: Path) -> None:
    rows = [F.inline_row(1, ["學號", "姓名", "班級"]), F.inline_row(60_000, ["x"], first_col=120)]
    path = F.write_raw_xlsx(tmp_path / "sparse.xlsx", rows)
    with pytest.raises(PortfolioError) as err:
        read_table(path, ROSTER)
    assert "範圍過大" in err.value.zh and "sparse.xlsx" in err.value.zh


def test_a_huge_other_sheet_does_not_stop_finding_the_roster(tmp_path: Path) -> None:
    path = F.write_xlsx(tmp_path / "two.xlsx", F.table(F.roster_records(3)), before=[("log", [["x"]])])
    # the first sheet is fine here; now make a workbook whose first sheet is over the limit
    rows = [F.inline_row(1, ["說明"]), F.inline_row(MAX_DATA_ROWS + 50, ["x"])]
    big = F.write_raw_xlsx(tmp_path / "big.xlsx", rows, sheet="log")
    with pytest.raises(PortfolioError, match="200,000"):
        read_table(big, ROSTER)  # the only sheet: its own error is reported
    assert len(read_table(path, ROSTER).rows) == 3


def test_cell_level_hostility_becomes_problems_not_crashes(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名冊"
    ws.append(["學號", "姓名", "班級", "出生日期", "身分證統一編號"])
    ws.append(["1", "王" * 40_000, "301", None])  # over Excel's 32,767-character limit (calamine cuts it there)
    ws.append(["2", "=B2", "301", None])  # a formula without a cached value (openpyxl writes none)
    ws.append(["3", "李", "301", "#N/A"])
    ws["D4"].data_type = "e"  # an error cell in an optional column
    ws.append(["4", "林", "301", 1e308])  # a number that is no date
    ws.append([True, "陳", "301", None])  # TRUE typed into 學號
    ws.append(["6", "吳", "301", None, '=CONCAT("A","1")'])  # uncached formula in an optional column
    ws.append(["7", "周", "301", None])
    wb.save(tmp_path / "cells.xlsx")
    t = read_table(tmp_path / "cells.xlsx", ROSTER)
    by_row = {p.row: p for p in t.problems}
    assert "過長" in by_row[2].zh and by_row[2].value.startswith("王…（") and len(by_row[2].value) < 300  # a name: masked
    assert (by_row[3].column, by_row[3].value) == ("姓名", "=B2") and "公式" in by_row[3].zh
    assert (by_row[4].column, by_row[4].value) == ("出生日期", "#N/A") and "錯誤值" in by_row[4].zh
    assert (by_row[6].column, by_row[6].value) == ("學號", "TRUE") and "TRUE/FALSE" in by_row[6].zh
    assert by_row[7].value == '=CONCAT("A","1")' and "recalculate" in by_row[7].en
    assert [r.row for r in t.rows] == [8]
    assert by_row[5].column == "出生日期"


def test_csv_cell_over_excels_limit_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("學號,姓名,班級,通訊地址\n001,王,301," + "路" * 40_000 + "\n002,李,301,臺南\n", encoding="utf-8")
    t = read_table(path, ROSTER)
    assert [(p.row, p.column) for p in t.problems] == [(2, "通訊地址")]
    assert "內容過長" in t.problems[0].zh and "32,767" in t.problems[0].en
    assert [r.values["address"] for r in t.rows] == ["臺南"]


def test_control_characters_in_csv_cells_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "ctl.csv"
    path.write_text("學號,姓名,班級\n001,王\x00明,301\n002,李\x1b,301\n003,林,301\n", encoding="utf-8")
    t = read_table(path, ROSTER)
    assert [(p.row, p.column) for p in t.problems] == [(2, "姓名"), (3, "姓名")]
    assert "\x00" not in t.problems[0].value and "控制字元" in t.problems[0].zh
    assert [r.values["name"] for r in t.rows] == ["林"]


# ----------------------------------------------------------------------------------- fuzzing

_SEED_FILE: dict[str, bytes] = {}


def _seed_bytes(tmp: Path) -> bytes:
    if "x" not in _SEED_FILE:
        _SEED_FILE["x"] = _valid(tmp / "seed.xlsx").read_bytes()
    return _SEED_FILE["x"]


def _outcome(path: Path) -> ParsedTable | PortfolioError:
    try:
        return read_table(path, ROSTER)
    except PortfolioError as exc:
        assert exc.zh and exc.en
        return exc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_xlsx_never_crashes(tmp_path: Path, data: st.DataObject) -> None:
    raw = bytearray(_seed_bytes(tmp_path))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    kind = data.draw(st.sampled_from(["flip", "truncate", "splice"]))
    if kind == "flip":
        for _ in range(data.draw(st.integers(1, 40))):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    elif kind == "truncate":
        raw = raw[: rng.randrange(1, len(raw))]
    else:
        at = rng.randrange(len(raw))
        raw[at:at] = rng.randbytes(rng.randrange(1, 500))
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(raw))
    _outcome(path)


_cell = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.dates(), st.sampled_from(["=1+1", "113/02/30", "Ａ１２３４５６７８９", "\u3000", "男", "在學"]),
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cell, min_size=16, max_size=18), max_size=12))
def test_random_cells_never_crash_and_every_row_is_accounted_for(tmp_path: Path, rows: list[list[object]]) -> None:
    rows = [[v.replace("\x00", "") if isinstance(v, str) else v for v in r] for r in rows]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    rows = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r] for r in rows]
    path = F.write_xlsx(tmp_path / "random.xlsx", [F.ROSTER_HEADERS, *rows])
    try:
        t = read_table(path, ROSTER)
    except PortfolioError as exc:  # every row blank or a footer: a header without data is refused
        assert "no data rows" in exc.en and "沒有任何資料列" in exc.zh
        return
    assert len(t.rows) + len(t.bad_rows) == t.total_rows
    assert {p.row for p in t.problems} == t.bad_rows
    assert all(p.sheet == "名冊" and p.column and p.zh and p.en for p in t.problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=400), encoding=st.sampled_from(["utf-8", "cp950", "utf-16"]))
def test_random_csv_bytes_never_crash(tmp_path: Path, blob: bytes, encoding: str) -> None:
    head = "學號,姓名,班級\n".encode(encoding)
    path = tmp_path / "random.csv"
    path.write_bytes(head + blob)
    _outcome(path)


def _prefixed_sheet(rows: list[list[bytes]]) -> bytes:
    """A worksheet whose elements carry a namespace prefix (x:), as some exporters write them; a
    cell given as bytes starting with "<" is written as is."""
    out = []
    for r, values in enumerate(rows, start=1):
        cells = []
        for j, v in enumerate(values):
            ref = f"{F.col_letter(j)}{r}".encode()
            cells.append(v.replace(b"@", ref) if v.startswith(b"<") else
                         b'<x:c r="' + ref + b'" t="inlineStr"><x:is><x:t>' + v + b"</x:t></x:is></x:c>")
        out.append(b'<x:row r="%d">' % r + b"".join(cells) + b"</x:row>")
    return (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            + b"".join(out) + b"</x:sheetData></x:worksheet>")


def test_a_prefixed_self_closing_formula_without_its_value_is_a_problem(tmp_path: Path) -> None:
    from tests.data import hostile as H

    shared = b'<x:c r="@"><x:f t="shared" si="0"/></x:c>'  # calamine reads it as an empty cell
    rows = [["學號".encode(), "姓名".encode(), "班級".encode()], [b"1", "王".encode(), b"301"], [b"2", shared, b"301"]]
    t = read_table(H.raw_xlsx(tmp_path / "prefixed.xlsx", _prefixed_sheet(rows)), ROSTER)
    assert [r.row for r in t.rows] == [2]
    [problem] = t.problems
    assert (problem.row, problem.column, problem.value) == (3, "姓名", "=") and "公式" in problem.zh


def test_a_formula_among_many_latin_fs_is_still_found(tmp_path: Path) -> None:
    # English text puts more "f"s in the sheet than the guard looks at one by one before searching
    address = "5F, No. 1, Lane of Fifty Fine Flowers, off Front Road"
    rows = [F.inline_row(1, ["學號", "姓名", "班級", "通訊地址"])]
    rows += [F.inline_row(r, [str(r), "王", "301", address]) for r in range(2, 40)]
    rows.append(b'<row r="40"><c r="A40" t="inlineStr"><is><t>40</t></is></c><c r="B40"><f>B2</f></c>'
                b'<c r="C40" t="inlineStr"><is><t>301</t></is></c></row>')
    t = read_table(F.write_raw_xlsx(tmp_path / "latin.xlsx", rows), ROSTER)
    assert len(t.rows) == 38
    [problem] = t.problems
    assert (problem.row, problem.column, problem.value) == (40, "姓名", "=B2") and "公式" in problem.zh


def _guarded_book(tmp_path: Path) -> Path:
    """300 rows whose error cells, uncached formulas and one far cell (column AB) fall anywhere a
    chunk of the inflated sheet may end."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名冊"
    ws.append(["學號", "姓名", "班級", "出生日期", "身分證統一編號"])
    for i in range(300):
        ws.append([f"{i:07d}", "王" * (1 + i % 7), "301", None])
    for row in range(5, 302, 37):
        ws.cell(row, 4, "#N/A").data_type = "e"
    for row in range(9, 302, 53):
        ws.cell(row, 2, f"=B{row - 1}")
    ws.cell(211, 28, "far")  # AB211: past the quick bound's 26 columns
    wb.save(tmp_path / "guarded.xlsx")
    return tmp_path / "guarded.xlsx"


@pytest.mark.parametrize("chunk", [61, 997, 4096, 1 << 20])
def test_the_sheet_guard_finds_the_same_cells_wherever_its_chunks_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The guard inflates the sheet a chunk at a time and searches each chunk's whole rows where they
    lie: an error cell, a formula or a far reference that a chunk boundary cuts is found all the same."""
    from portfolio_desktop.io import xlsx_reader

    path = _guarded_book(tmp_path)
    whole = xlsx_reader.XlsxBook(path)
    try:
        target = whole._targets["名冊"]
        monkeypatch.setattr(xlsx_reader, "_CHUNK", 1 << 30)  # one window: the reference
        expected = whole._guard_sheet("名冊", target)
        monkeypatch.setattr(xlsx_reader, "_CHUNK", chunk)
        assert whole._guard_sheet("名冊", target) == expected
        info = whole._parts.getinfo(target)
        assert whole._scan_sheet(info, "名冊", {}, exact=False) is None  # AB211 is past the quick bound
        assert whole._scan_sheet(info, "名冊", {}, exact=True) == (1, 301, 0, 27)
    finally:
        whole.close()
    assert sorted(expected) == sorted({r - 1 for r in range(5, 302, 37)} | {r - 1 for r in range(9, 302, 53)})
    assert expected[4] == {3: ("error", "#N/A")} and expected[8] == {1: ("formula", "=B8")}
