"""Table model of the receipt-confirmation view: one row per student and term (service results only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.domain.roc import format_roc
from portfolio_desktop.services.receipts import ReceiptRow

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ReceiptRow itself

COLUMNS: list[tuple[str, str]] = [
    ("class_code", "班級"), ("student_no", "學號"), ("name", "姓名"), ("status", "學籍"), ("term", "學期"),
    ("items", "件數"), ("state", "確認狀態"), ("deadline", "期限"), ("stage", "郵寄通知"), ("batch", "批次"),
    ("mailed_on", "寄出"), ("replied_on", "回覆"), ("question", "疑義／答覆處室"),
]  # fmt: skip
_STATE_COLOUR = {ReceiptState.PENDING: "#8a6d00", ReceiptState.CONFIRMED: "#1b6e20", ReceiptState.DISPUTED: "#b00020"}


def _date(value: Any) -> str:
    return format_roc(value) if value else ""


class ReceiptTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ReceiptRow] = []

    def set_rows(self, rows: list[ReceiptRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ReceiptRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            return QBrush(QColor(_STATE_COLOUR[r.state]))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("items", "batch"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "status":
            return r.status.zh
        if key == "state":
            via = f"（{r.via.zh}）" if r.via and r.state is not ReceiptState.PENDING else ""
            return r.state.zh + via
        if key == "stage":
            return r.notice_stage
        if key == "batch":
            return r.batch_id or ""
        if key in ("deadline", "mailed_on", "replied_on"):
            return _date(getattr(r, key))
        if key == "question":
            return " ／ ".join(p for p in (r.question, r.office) if p)
        return getattr(r, key)
