"""The import dialog's result for a platform export that holds other offices' rows: each row left
is listed with the office that imports it (services/items/items_import.py report.elsewhere)."""

from __future__ import annotations

from pathlib import Path

from portfolio_desktop.gui.imports.import_kinds import ITEMS_IMPORT
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.items_import import import_items
from portfolio_desktop.store.engine import Database
from tests.data import items_school as school
from tests.data.staff import REGISTRY_DAY, seed_staff

HEADERS = ["學號", "姓名", "學年度", "學期", "類別", "細項", "名稱", "課程代碼", "狀態", "時間"]


def test_rows_left_for_another_office_are_listed_by_row_with_the_office(qtbot, db: Database, actor: Actor,  # noqa: ANN001
                                                                        tmp_path: Path) -> None:
    school.make_school(db, actor, tmp_path)
    registry = seed_staff(db, "註冊組員", REGISTRY_DAY)
    path = school.write_xlsx(tmp_path / "平臺匯出.xlsx", HEADERS, [
        ["0001", "王小明", 113, 1, "課程學習成果", "", "國文報告", "C01", "", ""],
        ["0001", "王小明", 113, 1, "多元表現", "志工服務", "淨灘", "", "", ""],
    ])
    report = import_items(db, registry, path, dry_run=True)
    lines = ITEMS_IMPORT.details(report)
    assert lines == ["第 3 列：多元表現（日間部）由訓育組匯入，這一列未匯入"]
    zh, _en = ITEMS_IMPORT.summary(report)
    assert "新增 1 件" in zh and "其他處室的 1 列未匯入" in zh
