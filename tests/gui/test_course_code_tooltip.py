"""The items table shows a national 課程代碼 decoded part by part in the 課程 cell's tooltip."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from portfolio_desktop.gui.items.dashboard_models import ITEM_COLUMNS, item_model
from portfolio_desktop.services.items import items
from portfolio_desktop.services.central.central_import import import_central
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.central_files import CLO_HEADERS, GOOD_CODE, clo_rows, make_students, write_roster


def test_the_course_cell_tooltip_decodes_the_national_code(qtbot, db: Database, actor: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    make_students(db)
    import_central(db, actor, write_roster(tmp_path / "名冊.xlsx", 26, {"學期課程學習成果": (CLO_HEADERS, clo_rows())}))
    rows = [r for r in items.list_items(db, actor, term="112-1") if r.course_code == GOOD_CODE]
    model = item_model(None)
    model.set_rows(rows)
    column = [c.header for c in ITEM_COLUMNS].index("課程")
    tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("112學年度入學適用・普通型高中・部定必修・校代碼 123456")
    title_column = [c.header for c in ITEM_COLUMNS].index("名稱")
    assert model.data(model.index(0, title_column), Qt.ItemDataRole.ToolTipRole) is None
