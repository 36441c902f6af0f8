"""Every roster column has a length (domain/limits.py, the same numbers as the database columns) checked
at import on both engines: a longer value is a row problem naming row, column and limit, and nothing is
written; a file with a header but no data rows is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import String, func, select

from portfolio_desktop.domain import limits
from portfolio_desktop.errors import ImportRefused, PortfolioError
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters.roster_import import import_roster
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, Department, SchoolClass, Student
from tests.data.files import roster_records, table, write_xlsx
from tests.data.staff import CLERK, CLERK_GRANTS, seed_staff

COLUMN_OF = {"student_no": Student.student_no, "name": Student.name, "department": Department.name,
             "class_code": SchoolClass.code, "postal_code": Student.postal_code, "address": Student.address,
             "guardian": Student.guardian, "phone": Student.phone, "email": Student.email}


def test_the_import_limits_are_the_database_columns() -> None:
    for key, column in COLUMN_OF.items():
        assert isinstance(column.type, String)
        assert ROSTER.column(key).max_chars == column.type.length, key


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(Student)) or 0,
                s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action != "authz.denied")) or 0)


@pytest.mark.parametrize("length", [limits.ADDRESS + 1, 32_767])
def test_an_address_longer_than_the_column_is_a_row_problem_on_both_engines(engine_db: Database, tmp_path: Path,
                                                                             length: int) -> None:
    actor: Actor = seed_staff(engine_db, CLERK, *CLERK_GRANTS)
    records = roster_records(3)
    records[1]["通訊地址"] = "臺" * length
    path = write_xlsx(tmp_path / "名冊.xlsx", table(records))
    before = _counts(engine_db)
    with pytest.raises(ImportRefused) as refused:
        import_roster(engine_db, actor, path)
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (3, "通訊地址")
    assert str(limits.ADDRESS) in problem.zh and str(limits.ADDRESS) in problem.en
    assert _counts(engine_db) == before
    report = import_roster(engine_db, actor, path, skip_invalid=True)  # the other rows can still go in
    assert report.skipped_rows == [3]


@pytest.mark.parametrize("kind", ["xlsx", "csv", "footer"])
def test_a_header_without_data_rows_is_refused(db: Database, actor: Actor, tmp_path: Path, kind: str) -> None:
    header = table([])
    if kind == "csv":
        path = tmp_path / "名冊.csv"
        path.write_text(",".join(map(str, header[0])) + "\n", encoding="utf-8-sig")
    else:
        rows = [*header, *([[None] * len(header[0])] * 3), ["合計：0 人"]] if kind == "footer" else header
        path = write_xlsx(tmp_path / "名冊.xlsx", rows)
    before = _counts(db)
    with pytest.raises(PortfolioError) as refused:
        import_roster(db, actor, path)
    assert "沒有任何資料列" in refused.value.zh and "no data rows" in refused.value.en
    assert path.name in refused.value.zh
    assert _counts(db) == before
