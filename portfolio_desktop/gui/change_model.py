"""The 學籍異動 history of one student, oldest first, dates in ROC form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from portfolio_desktop.gui.dates import show_date, show_datetime
from portfolio_desktop.gui.labels import label
from portfolio_desktop.services.roster_types import ChangeRow

AnyIndex = QModelIndex | QPersistentModelIndex
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 30


def _local_stamp(at: dt.datetime) -> str:
    """Stored in UTC without a zone (store.models.utcnow); shown in the workstation's time."""
    local = at.replace(tzinfo=dt.timezone.utc).astimezone() if at.tzinfo is None else at.astimezone()
    return show_datetime(local)


class ChangeTableModel(QAbstractTableModel):
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
        super().__init__(parent)
        self._rows: list[ChangeRow] = []

    def set_changes(self, rows: Iterable[ChangeRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def changes(self) -> list[ChangeRow]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("ChangeTableModel", self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._rows[index.row()]
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
            )[index.column()]
        if role == CHANGE_ROLE:
            return c
        return None
