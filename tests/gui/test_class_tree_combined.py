"""The class tree and the dashboard of the main window name a 合班 class 「309 農場經營科／機械科 合班」
(with how many students of each department), and a one-department class as before."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt


from portfolio_desktop.gui.rosters.class_tree_model import CLASS_CODE_ROLE, ClassTreeModel
from portfolio_desktop.gui.main_window import MainWindow
from tests.gui.conftest import outcome, previewed, settle
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.data.real_roster import COMBINED_LABEL, build, write_xlsx



def _class_items(model: ClassTreeModel) -> dict[str, tuple[str, str, str]]:
    """class code → (label, students, tooltip) of every class node."""
    out = {}
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
        code = index.data(CLASS_CODE_ROLE)
        if code:
            students = model.index(index.row(), 1, index.parent()).data()
            out[code] = (index.data(), students, index.data(Qt.ItemDataRole.ToolTipRole) or "")
    return out


def test_tree_names_the_combined_class(qtbot, db: Database, actor: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "名冊.xlsx", build()))
    model = ClassTreeModel()
    model.set_nodes(rosters.class_tree(db, actor))
    items = _class_items(model)
    label, students, tip = items["309"]
    assert (label, students) == (COMBINED_LABEL, "40")
    assert "農場經營科：25 人" in tip and "機械科：15 人" in tip
    assert items["101"][:2] == ("101\u3000普通科", "40") and "普通科" not in items["101"][2]


def test_main_window_shows_it(qtbot, window: MainWindow, db: Database, actor: Actor, tmp_path: Path) -> None:  # noqa: ANN001
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "名冊.xlsx", build()))
    window.roster.refresh()
    settle(window)
    assert _class_items(window.roster.tree_model)["309"][0] == COMBINED_LABEL
    assert window.roster.select_class("309")
    settle(window)  # the class's students are read on a worker
    assert window.roster.model.rowCount() == 40


def test_import_dialog_dry_run_shows_the_notes(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.gui.conftest import counts
    from tests.gui.test_import_dialog import _run

    roster = build()
    before = counts(window.db)
    dialog = window.open_import()
    dialog.set_file(write_xlsx(tmp_path / "名冊.xlsx", roster))
    previewed(dialog)
    dialog.dry_run.setChecked(True)
    _run(qtbot, dialog)
    assert outcome(dialog).error is None, outcome(dialog).error
    text = dialog.result_text.toPlainText()
    assert "「聯絡電話」有 14 格被 Excel 存成數字而少了開頭的 0，已補回" in text
    assert "合計：240 人" in text and "合班" in text and "試算" in text
    assert counts(window.db) == before
