"""Table model of the receipt-confirmation view: one row per student and term (service results only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import grant_text, label
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.services.notices.receipts import ReceiptRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ReceiptRow itself

COLUMNS: list[tuple[str, str]] = [
    ("class_code", QT_TRANSLATE_NOOP("ReceiptTableModel", "班級")),
    ("student_no", QT_TRANSLATE_NOOP("ReceiptTableModel", "學號")),
    ("name", QT_TRANSLATE_NOOP("ReceiptTableModel", "姓名")),
    ("status", QT_TRANSLATE_NOOP("ReceiptTableModel", "學籍")),
    ("term", QT_TRANSLATE_NOOP("ReceiptTableModel", "學期")),
    ("items", QT_TRANSLATE_NOOP("ReceiptTableModel", "件數")),
    ("state", QT_TRANSLATE_NOOP("ReceiptTableModel", "確認狀態")),
    ("deadline", QT_TRANSLATE_NOOP("ReceiptTableModel", "期限")),
    ("stage", QT_TRANSLATE_NOOP("ReceiptTableModel", "郵寄通知")),
    ("batch", QT_TRANSLATE_NOOP("ReceiptTableModel", "批次")),
    ("mailed_on", QT_TRANSLATE_NOOP("ReceiptTableModel", "寄出")),
    ("replied_on", QT_TRANSLATE_NOOP("ReceiptTableModel", "回覆")),
    ("question", QT_TRANSLATE_NOOP("ReceiptTableModel", "疑義／答覆處室")),
]
# services.receipts ReceiptRow.notice_stage, the paper trail in words.
STAGES = (
    QT_TRANSLATE_NOOP("ReceiptTableModel", "已回覆"), QT_TRANSLATE_NOOP("ReceiptTableModel", "退件"),
    QT_TRANSLATE_NOOP("ReceiptTableModel", "已寄出"), QT_TRANSLATE_NOOP("ReceiptTableModel", "已列印"),
    QT_TRANSLATE_NOOP("ReceiptTableModel", "未列印"),
)
_STATE_COLOUR = {ReceiptState.PENDING: "#8a6d00", ReceiptState.CONFIRMED: "#1b6e20", ReceiptState.DISPUTED: "#b00020"}


def _date(value: Any) -> str:
    return show_date(value) if value else ""


class ReceiptTableModel(ListModel[ReceiptRow]):
    """收訖明細, one receipt row a line (gui/row_model.py ListModel: rows, headers, lazy cells)."""

    tr_context = "ReceiptTableModel"

    def __init__(self, parent: Any = None) -> None:
        super().__init__([header for _key, header in COLUMNS], parent)

    def set_rows(self, rows: list[ReceiptRow]) -> None:
        self.reset_rows(rows)

    def row_at(self, row: int) -> ReceiptRow:
        return self.rows[row]

    def cell(self, row: int, column: int, role: int) -> Any:
        r = self.rows[row]
        key = COLUMNS[column][0]
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            return QBrush(QColor(_STATE_COLOUR[r.state]))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("items", "batch"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "status":
            return label(r.status)
        if key == "state":
            if r.via and r.state is not ReceiptState.PENDING:
                return self.tr("{state}（{via}）").format(state=label(r.state), via=label(r.via))
            return label(r.state)
        if key == "stage":
            return self.tr(r.notice_stage) if r.notice_stage else ""
        if key == "batch":
            return r.batch_id or ""
        if key in ("deadline", "mailed_on", "replied_on"):
            return _date(getattr(r, key))
        if key == "question":
            office = grant_text(r.office) if r.office else None
            return self.tr(" ／ ").join(p for p in (r.question, office) if p)
        return getattr(r, key)
