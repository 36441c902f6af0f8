"""The window remembers its layout: for every page, the sizes of its splitters and the
column widths / order / sort of its tables and trees, kept in QSettings under ``layout/<page>/…``.

Pages need not do anything: the widgets are found by type in creation order (stable for the same
code), or by object name when they have one. A stored state that no longer fits is not applied: Qt
refuses a malformed one, and a table's columns stored for another number of columns (a column added
or removed between versions) are put back as they were — Qt's restoreState would accept them and
leave the header asking for columns the model does not have.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QTreeView, QWidget


def _key(widget: QWidget, index: int, kind: str) -> str:
    return f"{kind}/{widget.objectName() or index}"


def _parts(page: QWidget) -> list[tuple[str, QSplitter | QHeaderView]]:
    parts: list[tuple[str, QSplitter | QHeaderView]] = []
    for i, splitter in enumerate(page.findChildren(QSplitter)):
        parts.append((_key(splitter, i, "splitter"), splitter))
    views = [v for v in page.findChildren(QAbstractItemView) if isinstance(v, QTableView | QTreeView)]
    for i, view in enumerate(views):
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        parts.append((_key(view, i, "columns"), header))
    return parts


def page_key(page: QWidget, index: int) -> str:
    return page.objectName() or f"page{index}"


def save_layout(settings: QSettings, pages: list[QWidget]) -> None:
    for index, page in enumerate(pages):
        prefix = f"layout/{page_key(page, index)}"
        for key, part in _parts(page):
            settings.setValue(f"{prefix}/{key}", part.saveState())


def restore_layout(settings: QSettings, pages: list[QWidget]) -> None:
    for index, page in enumerate(pages):
        prefix = f"layout/{page_key(page, index)}"
        for key, part in _parts(page):
            state = settings.value(f"{prefix}/{key}")
            if state is None:
                continue
            if isinstance(part, QHeaderView):
                restore_header(part, state)
            else:
                part.restoreState(state)


def restore_header(header: QHeaderView, state: QByteArray) -> None:
    """Column widths, order and sort as stored, unless they were stored for another number of columns
    (every remembered table header is put back through here)."""
    model = header.model()
    if model is None:
        return
    columns = model.columnCount() if header.orientation() == Qt.Orientation.Horizontal else model.rowCount()
    before = header.saveState()
    if header.restoreState(state) and header.count() != columns:
        header.restoreState(before)


def tune_tables(pages: list[QWidget]) -> None:
    """Before a stored layout is restored: tables fill the page's width (the last column takes what
    is left, so a wide screen is used) and a sortable table first sorts ascending on the column it
    shows sorted (Qt's default indicator is descending: seat 44 would come first)."""
    for page in pages:
        for view in page.findChildren(QTableView):
            header = view.horizontalHeader()
            header.setStretchLastSection(True)
            if view.isSortingEnabled() and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
                view.sortByColumn(max(header.sortIndicatorSection(), 0), Qt.SortOrder.AscendingOrder)
