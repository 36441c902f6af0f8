"""The stored layout of a page is put back only where it still fits (gui/layout_state.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from portfolio_desktop.gui import layout_state
from portfolio_desktop.gui.row_model import RowModel


def _page(qtbot, columns: int) -> tuple[QWidget, QTableView]:  # noqa: ANN001
    page = QWidget()
    page.setObjectName("somePage")
    qtbot.addWidget(page)
    table = QTableView(page)
    table.setObjectName("someTable")
    table.setModel(RowModel([f"欄{i}" for i in range(columns)], table))
    QVBoxLayout(page).addWidget(table)
    return page, table


def test_columns_stored_for_another_number_of_columns_are_not_put_back(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """A version that had one more column stored its widths: Qt would take them and leave the header
    asking the model for a column it does not have; the table keeps its own layout instead."""
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    old_page, old_table = _page(qtbot, 8)
    old_table.setColumnWidth(2, 321)
    layout_state.save_layout(settings, [old_page])

    page, table = _page(qtbot, 7)
    width = table.columnWidth(2)
    layout_state.restore_layout(settings, [page])
    header = table.horizontalHeader()
    assert header.count() == 7 and table.columnWidth(2) == width != 321
    model = table.model()
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(8)] == [f"欄{i}" for i in range(7)] + [None]

    same_page, same_table = _page(qtbot, 8)  # the same columns: the stored widths come back
    layout_state.restore_layout(settings, [same_page])
    assert same_table.columnWidth(2) == 321
