"""The 學籍異動 history of one student, oldest first, dates in ROC form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from portfolio_desktop.gui.dates import show_date, show_datetime
from portfolio_desktop.gui.labels import label
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.services.rosters.roster_types import ChangeRow

CHANGE_ROLE = Qt.ItemDataRole.UserRole + 30


def _local_stamp(at: dt.datetime) -> str:
    """Stored in UTC without a zone (store.models.utcnow); shown in the workstation's time."""
    local = at.replace(tzinfo=dt.timezone.utc).astimezone() if at.tzinfo is None else at.astimezone()
    return show_datetime(local)


class ChangeTableModel(ListModel[ChangeRow]):
    tr_context = "ChangeTableModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("ChangeTableModel", "異動日期"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "原狀態"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "新狀態"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "原班級"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "新班級"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "原因"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "登錄者"),
        QT_TRANSLATE_NOOP("ChangeTableModel", "登錄時間"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.HEADERS, parent)

    def set_changes(self, rows: Iterable[ChangeRow]) -> None:
        self.reset_rows(list(rows))

    def changes(self) -> list[ChangeRow]:
        return list(self.rows)

    def cell(self, row: int, column: int, role: int) -> Any:
        c = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            by = c.recorded_by + (
                QCoreApplication.translate("ChangeTableModel", "（代 {who}）").format(who=c.on_behalf_of)
                if c.on_behalf_of else ""
            )
            return (
                show_date(c.changed_on),
                label(c.from_status) if c.from_status else "",
                label(c.to_status),
                c.from_class or "",
                c.to_class or "",
                c.reason or "",
                by,
                _local_stamp(c.recorded_at),
            )[column]
        if role == CHANGE_ROLE:
            return c
        return None
