"""Every importer checks every text column's length at import (domain/limits.py, the same numbers as the
database columns): a longer value is a row problem naming row, column and limit — a student's personal
data quoted masked — identical on SQLite and PostgreSQL, and nothing is written. Before, a window's
備註 and an item's 原因 were silently cut, and a value longer than its column failed the whole
PostgreSQL transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import String, func, select

from portfolio_desktop.domain import limits
from portfolio_desktop.errors import ImportRefused
from portfolio_desktop.io import central_files as central
from portfolio_desktop.io.course_spec import COURSES
from portfolio_desktop.io.item_spec import ITEMS
from portfolio_desktop.io.proxy_spec import PROXIES
from portfolio_desktop.io.receipt_spec import RECEIPTS
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.tabular import TableSpec
from portfolio_desktop.io.window_spec import WINDOWS
from portfolio_desktop.services.central.central_import import import_central
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.central_models import CourseGrade, PriorOutcome
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, CourseTeacher, PortfolioItem
from portfolio_desktop.store.window_models import TermWindow
from portfolio_desktop.store.models import AuditLog, Base, SchoolClass, Student
from portfolio_desktop.store.receipts_models import ReceiptItem
from tests.data import central_files as cf
from tests.data.hostile_specs import TABLES, baseline, importer
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

SPECS: list[TableSpec] = [ROSTER, COURSES, ITEMS, WINDOWS, RECEIPTS, PROXIES, central.STUDENTS, central.GRADES,
                          central.OUTCOMES, central.PRIOR, central.PERFORMANCES, central.COVER]
# columns whose parser turns the cell into something that is not free text (a date, a number, a code
# from a fixed list, a term, a list checked item by item) — every other column has a length
NOT_TEXT = {"national_id", "gender", "birth_date", "division", "seat_no", "status", "left_on", "school_year",
            "semester", "term", "credits", "teachers", "kind", "category", "state", "at", "starts_at", "ends_at",
            "count", "rank", "grade_year", "score", "passed", "counted", "status_date", "special"}
TEXT_IN = {("central_students", "gender"), ("central_students", "seat_no"), ("central_students", "status"),
           ("central_cover", "school_year"), ("central_cover", "semester"), ("central_cover", "kind")}

# (spec, column key) → the database column the value ends up in
STORED = {("courses", "course_code"): Course.code, ("courses", "course_name"): Course.name,
          ("items", "title"): PortfolioItem.title, ("items", "reason"): PortfolioItem.reason,
          ("items", "external_id"): PortfolioItem.external_id, ("items", "course_code"): Course.code,
          ("windows", "note"): TermWindow.note, ("receipts", "category"): ReceiptItem.category,
          ("receipts", "item"): ReceiptItem.item_name, ("proxies", "target"): Staff.username,
          ("proxies", "proxy"): Staff.username, ("proxies", "proxy_name"): Staff.display_name,
          ("courses", "student_no"): Student.student_no, ("courses", "name"): Student.name,
          ("courses", "class_code"): SchoolClass.code, ("central_grades", "makeup"): CourseGrade.makeup,
          ("central_prior", "school_code"): PriorOutcome.school_code,
          ("central_prior", "summary"): PriorOutcome.summary, ("central_outcomes", "summary"): PortfolioItem.title,
          ("central_prior", "course_code"): PriorOutcome.course_code,
          ("central_prior", "course_name"): PriorOutcome.course_name,
          ("central_performances", "title"): PortfolioItem.title}


def test_every_text_column_of_every_importer_has_a_limit() -> None:
    for spec in SPECS:
        for col in spec.columns:
            if col.key in NOT_TEXT and (spec.name, col.key) not in TEXT_IN:
                continue
            assert col.max_chars is not None, f"{spec.name}.{col.key} has no length limit"


def test_the_limits_are_the_database_columns() -> None:
    specs = {s.name: s for s in SPECS}
    for (spec, key), column in STORED.items():
        assert isinstance(column.type, String)
        assert specs[spec].column(key).max_chars == column.type.length, (spec, key)
    assert CourseTeacher.teacher_name.type.length == limits.TEACHER_NAME  # type: ignore[attr-defined]


def _counts(db: Database) -> dict[str, int]:
    """Every table's rows (audit rows of refused permission checks aside: a refusal may be recorded)."""
    with db.read() as s:
        counts = {t.name: s.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}
        counts["audit_log"] = s.scalar(select(func.count()).select_from(AuditLog)
                                       .where(AuditLog.action != "authz.denied")) or 0
    return counts


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _table_with(spec: str, header: str, value: str) -> list[list[object]]:
    """The spec's good table (rows 2-4) and one more row (row 5): row 2's copy with ``value`` in ``header``."""
    headers, rows = TABLES[spec]
    headers, rows = list(headers), [list(r) for r in rows]
    if header not in headers:
        headers.append(header)
        rows = [[*r, ""] for r in rows]
    bad = list(rows[0])
    if spec == "items":
        bad[headers.index("編號")] = "X9"
    if spec == "windows":
        bad[headers.index("項目")] = "提交"
    if spec == "proxies":
        bad[headers.index("順位")] = 3
    bad[headers.index(header)] = value
    return [headers, *rows, bad]


# (spec, header, key, limit, personal)
CASES = [
    ("courses", "科目名稱", "course_name", limits.COURSE_NAME, False),
    ("courses", "姓名", "name", limits.STUDENT_NAME, True),
    ("courses", "授課教師", "teachers", limits.TEACHER_NAME, False),
    ("items", "名稱", "title", limits.ITEM_TITLE, False),
    ("items", "原因", "reason", limits.ITEM_REASON, False),
    ("items", "姓名", "name", limits.STUDENT_NAME, True),
    ("windows", "備註", "note", limits.WINDOW_NOTE, False),
    ("receipts", "項目名稱", "item", limits.RECEIPT_ITEM, False),
    ("receipts", "類別", "category", limits.RECEIPT_CATEGORY, False),
    ("receipts", "姓名", "name", limits.STUDENT_NAME, True),
    ("proxies", "代理人帳號", "proxy", limits.USER_NAME, False),
]


@pytest.mark.parametrize(("spec", "header", "key", "limit", "personal"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_a_value_over_its_limit_is_a_row_problem_on_both_engines(engine_db: Database, tmp_path: Path, spec: str,
                                                                  header: str, key: str, limit: int,
                                                                  personal: bool) -> None:
    actor = baseline(engine_db, tmp_path / "baseline")
    value = "臺" * (limit + 1)
    path = _xlsx(tmp_path / f"{spec}.xlsx", _table_with(spec, header, value))
    before = _counts(engine_db)
    with pytest.raises(ImportRefused) as refused:
        importer(spec)(engine_db, actor, path)
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (5, header)
    assert str(limit) in problem.zh and str(limit) in problem.en
    if personal:
        assert problem.value == f"臺…（{limit + 1:,} 字）"
        assert value[:2] not in problem.bilingual()
    else:
        assert problem.value.startswith("臺臺")
    assert _counts(engine_db) == before
    exactly = _xlsx(tmp_path / f"{spec}-exact.xlsx", _table_with(spec, header, "臺" * limit))
    try:  # at the limit the reader has nothing to say (the service may still refuse the row for what it says)
        importer(spec)(engine_db, actor, exactly, dry_run=True)  # type: ignore[call-arg]
    except ImportRefused as exc:
        assert all("上限" not in p.zh for p in exc.problems)


@pytest.mark.parametrize(("sheet", "headers", "column", "limit"), [
    ("學期課程學習成果", cf.CLO_HEADERS, "成果簡述", limits.OUTCOME_SUMMARY),
    ("轉學轉科課程學習成果", cf.PRIOR_HEADERS, "原就讀學校代碼", limits.SCHOOL_CODE),
    ("學期成績", cf.GRADE_HEADERS, "補考", limits.MAKEUP),
    ("競賽參與紀錄", cf.MP_HEADERS, "名稱", limits.ITEM_TITLE),
])
def test_a_central_roster_value_over_its_limit_is_a_row_problem_on_both_engines(
    engine_db: Database, tmp_path: Path, sheet: str, headers: list[str], column: str, limit: int,
) -> None:
    actor = seed_staff(engine_db, CLERK, *CLERK_GRANTS)
    cf.make_students(engine_db)
    a = cf.STUDENTS[0]
    values = {"身分證號": a[2], "出生日期": cf.roc7(a[3]), "課程代碼": cf.GOOD_CODE, "科目名稱": "國語文", "開課年級": "1",
              "修課學分": "4", "實際修課學期": "1121", "成果簡述": "閱讀心得", "學期學業成績": "87", "及格": "1", "補考": "",
              "採計學分": "1", "原就讀學校代碼": "654321", "學期": "1121", "名稱": "全國科展", "內容簡述": "佳作"}
    good = [values[h] for h in headers]
    bad = [("臺" * (limit + 1) if h == column else values[h]) for h in headers]
    path = cf.write_roster(tmp_path / "名冊.xlsx", 26, {sheet: (headers, [good, bad])})
    before = _counts(engine_db)
    with pytest.raises(ImportRefused) as refused:
        import_central(engine_db, actor, path)
    assert [(p.sheet, p.row, p.column) for p in refused.value.problems] == [(sheet, 3, column)]
    (problem,) = refused.value.problems
    assert str(limit) in problem.zh and str(limit) in problem.en
    assert _counts(engine_db) == before


def test_a_central_roster_problem_never_quotes_a_full_national_id(engine_db: Database, tmp_path: Path) -> None:
    from portfolio_desktop.domain.ids import mask_id

    actor = seed_staff(engine_db, CLERK, *CLERK_GRANTS)
    cf.make_students(engine_db)
    a, b = cf.STUDENTS[0], cf.STUDENTS[1]
    stranger = "A123456789"  # a valid ID of no student here
    rows = [[stranger, cf.roc7(a[3]), cf.GOOD_CODE, "國語文", "1", "4", "1121", "心得"],
            [b[2], "0900101", cf.GOOD_CODE, "國語文", "1", "4", "1121", "心得"]]  # b's birth date is not this
    path = cf.write_roster(tmp_path / "名冊.xlsx", 26, {"學期課程學習成果": (cf.CLO_HEADERS, rows)})
    with pytest.raises(ImportRefused) as refused:
        import_central(engine_db, actor, path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "身分證號"), (3, "出生日期")]
    for problem in refused.value.problems:
        for full in (stranger, b[2]):
            assert full not in problem.bilingual() and full not in refused.value.bilingual()
    assert mask_id(stranger) in refused.value.problems[0].zh and mask_id(b[2]) in refused.value.problems[1].en
