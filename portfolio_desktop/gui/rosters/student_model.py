"""The student table: a QAbstractTableModel over ``list_students`` rows, behind a sort/filter proxy.

Vorta's pattern: column constants, custom roles (the raw value to sort by, the row itself), and the
view sorts and filters through a QSortFilterProxyModel, never the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import division_text, gender, label
from portfolio_desktop.services.rosters.roster_types import StudentRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the StudentRow
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts right (dates, numbers, codes)
DEPARTED_ROLE = Qt.ItemDataRole.UserRole + 3  # bool

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("StudentTableModel", text)


@dataclass(frozen=True)
class _Col:
    header: str  # zh_TW source text, translated when shown
    text: Callable[[StudentRow], str]
    sort: Callable[[StudentRow], Any]
    align_right: bool = False


def _date_text(d: dt.date | None) -> str:
    return show_date(d)


def _date_key(d: dt.date | None) -> int:
    return d.toordinal() if d is not None else 0


COLUMNS: tuple[_Col, ...] = (
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "學號"), lambda r: r.student_no, lambda r: r.student_no),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "姓名"), lambda r: r.name, lambda r: r.name),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "班級"), lambda r: r.class_code, lambda r: r.class_code),
    _Col(
        QT_TRANSLATE_NOOP("StudentTableModel", "座號"),
        lambda r: "" if r.seat_no is None else str(r.seat_no), lambda r: r.seat_no or 0, True,
    ),
    _Col(
        QT_TRANSLATE_NOOP("StudentTableModel", "性別"),
        lambda r: gender(r.gender), lambda r: r.gender or "",
    ),
    _Col(
        QT_TRANSLATE_NOOP("StudentTableModel", "身分證統一編號"),
        lambda r: r.national_id_masked, lambda r: r.national_id_masked,
    ),
    _Col(
        QT_TRANSLATE_NOOP("StudentTableModel", "出生日期"),
        lambda r: _date_text(r.birth_date), lambda r: _date_key(r.birth_date),
    ),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "學籍狀態"), lambda r: label(r.status), lambda r: label(r.status)),
    _Col(
        QT_TRANSLATE_NOOP("StudentTableModel", "離校日期"),
        lambda r: _date_text(r.left_on), lambda r: _date_key(r.left_on),
    ),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "部別"), lambda r: division_text(r.division), lambda r: r.division),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "科別"), lambda r: r.department or "", lambda r: r.department or ""),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "聯絡電話"), lambda r: r.phone or "", lambda r: r.phone or ""),
)
COL_STUDENT_NO, COL_NAME, COL_CLASS, COL_SEAT = 0, 1, 2, 3
COL_STATUS = 7


def departed_brush() -> QBrush:
    """Grey text for students who have left (the palette's disabled text colour)."""
    palette = QApplication.palette()
    color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    if not color.isValid() or color == palette.color(QPalette.ColorRole.Text):
        color = QColor(128, 128, 128)
    return QBrush(color)


class StudentTableModel(QAbstractTableModel):
    """All loaded students; the proxy decides which are shown and in what order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[StudentRow] = []
        self._grey = departed_brush()

    def set_rows(self, rows: Iterable[StudentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> Sequence[StudentRow]:
        return self._rows

    def row_at(self, row: int) -> StudentRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(COLUMNS[section].header)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        student = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(student)
        if role == SORT_ROLE:
            return col.sort(student)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._grey if student.departed else None
        if role == Qt.ItemDataRole.ToolTipRole and student.departed:
            return QCoreApplication.translate("StudentTableModel", "已離校（{status}）").format(status=label(student.status))
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return student
        if role == DEPARTED_ROLE:
            return student.departed
        return None


def _halfwidth(text: str) -> str:
    """Full-width ASCII (as IMEs type digits) to half-width, so 「０１２」 finds 學號 012."""
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text).replace("\u3000", " ")


class StudentFilterProxy(QSortFilterProxyModel):
    """Type-to-filter on 學號 or 姓名, the class(es) picked in the tree, and departed shown or not."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._class_ids: frozenset[int] | None = None
        self._show_departed = True
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = _halfwidth(text).strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_class_ids(self, class_ids: Iterable[int] | None) -> None:
        self.beginFilterChange()
        self._class_ids = None if class_ids is None else frozenset(class_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_departed(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_departed = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, StudentTableModel):
            return True
        student = model.row_at(source_row)
        if self._class_ids is not None and student.class_id not in self._class_ids:
            return False
        if not self._show_departed and student.departed:
            return False
        if self._text:
            return self._text in student.student_no.casefold() or self._text in student.name.casefold()
        return True

    def student_at(self, proxy_row: int) -> StudentRow:
        source = self.mapToSource(self.index(proxy_row, 0))
        model = self.sourceModel()
        assert isinstance(model, StudentTableModel)
        return model.row_at(source.row())
