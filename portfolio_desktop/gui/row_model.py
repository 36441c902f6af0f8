"""Read-only table models. :class:`ListModel` is the part every list-shaped model of the app shares (one
entry of ``rows`` a table row, a fixed set of columns, horizontal headers); :class:`RowModel` is a ready
one over already-formatted rows (the working-group pages show small lists: members, meetings, sessions,
checks, consultations), keeping the service dataclass of each row in ``items`` so a page can act on the
selected one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class ListModel(QAbstractTableModel, Generic[R]):
    """Rows in ``rows``, column names in ``headers``; a subclass says what a cell shows in :meth:`cell`.

    With ``tr_context`` set, the headers are source strings (``QT_TRANSLATE_NOOP`` in that context) and
    are translated when shown; without it they are shown as given (already translated by the caller).
    """

    tr_context: str | None = None

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[R] = []

    def reset_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt may ask for any section (a header restored for more columns): a column it does not have names nothing
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            text = self.headers[section]
            return text if self.tr_context is None else QCoreApplication.translate(self.tr_context, text)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """What the cell at (row, column) shows in ``role`` (None: nothing)."""
        raise NotImplementedError


class RowModel(ListModel[tuple[str, ...]]):
    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(headers, parent)
        self.items: list[Any] = []
        self.colours: list[str | None] = []

    def set_rows(self, items: Sequence[Any], rows: Sequence[Sequence[object]],
                 colours: Sequence[str | None] | None = None) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.rows = [tuple("" if v is None else str(v) for v in r) for r in rows]
        self.colours = list(colours) if colours is not None else [None] * len(self.rows)
        self.endResetModel()

    def cell(self, row: int, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[row][column]
        if role == Qt.ItemDataRole.BackgroundRole and self.colours[row]:
            return QBrush(QColor(self.colours[row]))
        return None
