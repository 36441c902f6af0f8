"""The hostile-file corpus for EVERY importer, not only the roster (issue 7, "Property/fuzz tests over
every importer").

tests/data/hostile.py builds the container-level cases (broken zips, bombs, renamed files, bad
encodings …): none of them is a table of any spec, so every spec must refuse each one naming the
file. Its row cases are written with roster headers; here each other spec gets its own: a good table
(header on row 1, three rows that its service imports cleanly into :func:`baseline`) plus one bad row
on Excel row 5 — error cells, formulas, DDE, blanks in required columns, huge cells, impossible
dates, bad numbers — as .xlsx and as UTF-8 / Big5 (cp950) CSV.

``level`` says where the bad row must be caught: ``"table"`` by ``read_table`` itself (a Problem on
row 5), ``"service"`` only by the service (e.g. an unknown user name), which must name row 5 too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portfolio_desktop.io.tabular import TableSpec
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.hostile import BAD_ROW, Case, roster_csv, roster_xlsx

SPECS = ("roster", "courses", "items", "windows", "receipts", "proxies")


def spec_named(name: str) -> TableSpec:
    if name == "roster":
        from portfolio_desktop.io.roster_spec import ROSTER as spec
    elif name == "courses":
        from portfolio_desktop.io.course_spec import COURSES as spec
    elif name == "items":
        from portfolio_desktop.io.item_spec import ITEMS as spec
    elif name == "windows":
        from portfolio_desktop.io.window_spec import WINDOWS as spec
    elif name == "receipts":
        from portfolio_desktop.io.receipt_spec import RECEIPTS as spec
    elif name == "proxies":
        from portfolio_desktop.io.proxy_spec import PROXIES as spec
    else:
        raise KeyError(name)
    return spec


def importer(name: str) -> Callable[[Database, Actor, Path], object]:
    """The service import of the spec (all or nothing; raises PortfolioError on any problem)."""
    from portfolio_desktop.services.rosters import courses
    from portfolio_desktop.services.items import items_import
    from portfolio_desktop.services.accounts import proxies
    from portfolio_desktop.services.notices import receipt_import
    from portfolio_desktop.services.rosters import rosters
    from portfolio_desktop.services.items import windows

    return {
        "roster": rosters.import_roster, "courses": courses.import_courses, "items": items_import.import_items,
        "windows": windows.import_windows, "receipts": receipt_import.import_receipts,
        "proxies": proxies.import_xlsx,
    }[name]  # type: ignore[return-value]


TABLES: dict[str, tuple[list[str], list[list[object]]]] = {
    "courses": (["學年期", "課程代碼", "科目名稱", "學分", "授課教師", "學號", "姓名", "班級"], [
        ["113-1", "C01", "國語文", 4, "王老師", "000101", "王小明", "101"],
        ["113-1", "C01", "國語文", 4, "王老師", "000102", "林𡘙華", "101"],
        ["113-1", "C02", "數學", 4, "李老師", "000103", "陳大文", "102"]]),
    "items": (["學號", "姓名", "學年期", "類別", "細項", "名稱", "狀態", "時間", "編號"], [
        ["000101", "王小明", "113-1", "多元表現", "競賽參與", "全國科展", "已上傳", "113/10/01 10:30", "X1"],
        ["000102", "林𡘙華", "113-1", "多元表現", "志工服務", "淨灘𡘙", "已上傳", "113/10/02 10:30", "X2"],
        ["000103", "陳大文", "113-1", "多元表現", "檢定證照", "英檢", "已上傳", "113/10/03 10:30", "X3"]]),
    "windows": (["學年期", "項目", "開始時間", "結束時間", "備註"], [
        ["113-1", "上傳", "113/09/01 08:00", "113/09/30 17:00", ""],
        ["113-1", "認證", "113/10/01 08:00", "113/10/31 17:00", "教師認證"],
        ["113-1", "勾選", "113/11/01 08:00", "113/11/30 17:00", ""]]),
    "receipts": (["學號", "姓名", "學年度", "學期", "類別", "項目名稱", "件數"], [
        ["000101", "王小明", 113, 1, "學籍資料", "基本資料", 1],
        ["000102", "林𡘙華", 113, 1, "多元表現", "淨灘𡘙", 2],
        ["000103", "陳大文", 113, 1, "修課紀錄", "數學", 1]]),
    "proxies": (["職務或教師", "順位", "代理人帳號", "代理人姓名"], [
        ["註冊組", 1, "lin", "林老師"],
        ["註冊組", 2, "wang", "王老師"],
        ["lin", 1, "wang", "王老師"]]),
}

ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!")
FORMULAS = ("=A4+1", "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")')

# (column header, value, level) for the bad row of each spec.
BAD: dict[str, list[tuple[str, object, str]]] = {
    "courses": [
        *[("課程代碼", v, "table") for v in (*ERRORS, *FORMULAS, "", "C" * 5000, "課程 代碼!")],
        *[("科目名稱", v, "table") for v in ("#N/A", "=B2", "")],
        *[("學分", v, "table") for v in ("第一", 10**12, -1, "#VALUE!", 1.5)],
        ("學年期", "113-3", "table"), ("學年期", "#REF!", "table"),
        ("學號", "00'; DROP TABLE student;--", "table"), ("學號", "#N/A", "table"),
        ("學號", "009999", "service"),
    ],
    "items": [
        *[("學號", v, "table") for v in (*ERRORS, *FORMULAS, "", "1" * 5000, "\u202e000101")],
        *[("類別", v, "table") for v in ("外星", "#N/A", "")],
        ("細項", "外星", "table"), ("狀態", "外星", "table"), ("狀態", "#NAME?", "table"),
        *[("時間", v, "table") for v in ("113/02/30 10:00", "昨天", "#VALUE!")],
        *[("名稱", v, "table") for v in ("名" * 500, "", "#N/A")],
        ("學年期", "昨天", "table"), ("編號", "x" * 100, "table"),
        ("學號", "009999", "service"),
    ],
    "windows": [
        *[("項目", v, "table") for v in (*ERRORS, *FORMULAS, "", "外星")],
        *[("開始時間", v, "table") for v in ("昨天", "113/02/30 08:00", "#N/A", "")],
        *[("結束時間", v, "table") for v in ("113/13/01", "=NOW()", "")],
        ("學年期", "113-9", "table"), ("備註", "#REF!", "table"),
        ("結束時間", "113/08/01 08:00", "service"),  # ends before it starts
    ],
    "receipts": [
        *[("學號", v, "table") for v in (*ERRORS, *FORMULAS, "", "1" * 5000)],
        *[("件數", v, "table") for v in (0, -3, "第一", 1.5, True, "#N/A", "²")],
        ("類別", "類" * 50, "table"), ("項目名稱", "名" * 400, "table"), ("項目名稱", "", "table"),
        ("姓名", "", "table"), ("學年度", "去年", "table"), ("學期", "3", "table"),
        ("學號", "009999", "service"), ("姓名", "不是本人", "service"),
    ],
    "proxies": [
        *[("職務或教師", v, "table") for v in (*ERRORS, *FORMULAS, "")],
        *[("順位", v, "table") for v in (0, 100, "第一", 1.5, "#N/A", "")],
        *[("代理人帳號", v, "table") for v in ("", "#REF!", "=A1")],
        ("職務或教師", "外星處室", "service"), ("代理人帳號", "nobody", "service"),
    ],
}
CSV_ENCODINGS = ("utf-8", "cp950")


def good_rows(spec: str) -> list[list[object]]:
    headers, rows = TABLES[spec]
    return [list(headers), *[list(r) for r in rows]]


def with_bad(spec: str, column: str, value: object) -> list[list[object]]:
    headers, rows = TABLES[spec]
    bad = list(rows[0])
    if spec == "items":
        bad[headers.index("編號")] = "X9"  # not a duplicate of row 2's id
    if spec == "windows":
        bad[headers.index("項目")] = "提交"  # not a duplicate of row 2's kind
    if spec == "proxies":
        bad[headers.index("順位")] = 3
    bad[headers.index(column)] = value
    return [*good_rows(spec), bad]


@dataclass(frozen=True)
class SpecCase:
    spec: str
    case: Case
    level: str = "table"  # "table": read_table names row 5; "service": only the service can


def build_spec_rows(folder: Path, spec: str) -> list[SpecCase]:
    """The bad-row cases of one (non-roster) spec: every recipe as .xlsx, the first few as CSV too."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[SpecCase] = []
    for i, (column, value, level) in enumerate(BAD[spec]):
        name = f"{spec}-{i:02d}-{column}"
        path = roster_xlsx(folder / f"{name}.xlsx", with_bad(spec, column, value))
        out.append(SpecCase(spec, Case(name, path, "row", BAD_ROW), level))
        if i < 4 and not isinstance(value, bool):
            for enc in CSV_ENCODINGS:
                if isinstance(value, str) and enc == "cp950":
                    try:
                        value.encode(enc)
                    except UnicodeEncodeError:
                        continue
                path = roster_csv(folder / f"{name}-{enc}.csv", with_bad(spec, column, value), enc)
                # A CSV has no error cells and no formulas, only text: in the proxy list's free-text
                # 職務或教師 column "#N/A" is just an unknown office, which only the service can tell.
                csv_level = "service" if spec == "proxies" and column == "職務或教師" else level
                out.append(SpecCase(spec, Case(f"{name}-{enc}", path, "row", BAD_ROW), csv_level))
    good = roster_xlsx(folder / f"{spec}-good.xlsx", good_rows(spec))
    out.append(SpecCase(spec, Case(f"{spec}-good", good, "good"), "table"))
    return out


def baseline(db: Database, folder: Path) -> Actor:
    """A school every spec's good table imports into cleanly: the hostile roster's three students
    (classes 101, 102), staff lin and wang, and a clerk holding every office (the acting user)."""
    from portfolio_desktop.services.rosters.rosters import import_roster
    from tests.data.hostile import good_table
    from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

    actor = seed_staff(db, CLERK, *CLERK_GRANTS)
    seed_staff(db, "lin", name="林老師")
    seed_staff(db, "wang", name="王老師")
    folder.mkdir(parents=True, exist_ok=True)
    import_roster(db, actor, roster_xlsx(folder / "baseline-roster.xlsx", good_table()))
    return actor
