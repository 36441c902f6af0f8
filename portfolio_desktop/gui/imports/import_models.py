"""Table models of the import dialog: the file preview with its mapped columns, and the problem list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont

from portfolio_desktop.errors import Problem
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.gui.rosters.student_model import departed_brush

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 20


class PreviewModel(ListModel[list[str]]):
    """The first rows of the file as written; each column header says which field it feeds.

    Columns the import will read are bold, the others greyed, so the detected mapping is visible.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)
        self._used: dict[int, str] = {}  # column index → canonical zh header it feeds
        self._header_row = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._grey = departed_brush()

    def set_preview(
        self, headers: Sequence[str], rows: Iterable[Sequence[str]], used: Mapping[int, str], header_row: int
    ) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.rows = [list(r) for r in rows]
        self._used = dict(used)
        self._header_row = header_row
        self.endResetModel()

    def clear(self) -> None:
        self.set_preview([], [], {}, 0)

    def mapped_field(self, column: int) -> str | None:
        """The canonical header the file column feeds, or None (for tests and tooltips)."""
        return self._used.get(column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            # The Excel row number, so the user can find the row in the file.
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self._header_row + 1 + section)
            return None
        if section >= len(self.headers):
            return None
        written = self.headers[section] or QCoreApplication.translate("PreviewModel", "（無標題）")
        target = self._used.get(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if target:
                return f"{written}\n→ {target}"
            return f"{written}\n" + QCoreApplication.translate("PreviewModel", "（不匯入）")
        if role == Qt.ItemDataRole.FontRole and target:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and not target:
            return self._grey
        return None

    def cell(self, row: int, column: int, role: int) -> Any:
        values = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return values[column] if column < len(values) else ""
        if role == Qt.ItemDataRole.ForegroundRole and column not in self._used:
            return self._grey
        return None


class ProblemTableModel(ListModel[Problem]):
    """Every problem of a refused (or partly skipped) import: 工作表, 列, 欄, 內容, 問題."""

    HEADERS = (
        QT_TRANSLATE_NOOP("ProblemTableModel", "工作表"),
        QT_TRANSLATE_NOOP("ProblemTableModel", "列"),
        QT_TRANSLATE_NOOP("ProblemTableModel", "欄"),
        QT_TRANSLATE_NOOP("ProblemTableModel", "內容"),
        QT_TRANSLATE_NOOP("ProblemTableModel", "問題"),
    )
    tr_context = "ProblemTableModel"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.HEADERS, parent)

    def set_problems(self, problems: Iterable[Problem]) -> None:
        self.reset_rows(list(problems))

    def problems(self) -> list[Problem]:
        return list(self.rows)

    def cell(self, row: int, column: int, role: int) -> Any:
        p = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return (p.sheet, str(p.row) if p.row > 0 else "", p.column, p.value, message(p))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.zh}\n{p.en}"  # both languages: the file may be sent to someone reading the other one
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PROBLEM_ROLE:
            return p
        return None
