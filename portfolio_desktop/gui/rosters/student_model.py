"""The student table: a model over ``list_students`` rows that filters and sorts itself and hands rows
to the view lazily.

What a proxy model would do row by row through Python ``data()`` calls (a million of them to sort
50,000 students) happens here on plain lists: the search text of each row is prepared on the worker
that read the rows (:func:`prepare`), a column's sort keys are computed once when that column is first
sorted, and the view gets the shown rows in chunks as it scrolls (``canFetchMore`` / ``fetchMore``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import division_text, gender, label
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.io.normalize import halfwidth
from portfolio_desktop.services.rosters.roster_types import StudentRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the StudentRow
DEPARTED_ROLE = Qt.ItemDataRole.UserRole + 3  # bool

AnyIndex = QModelIndex | QPersistentModelIndex


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



@dataclass(frozen=True)
class RosterRows:
    """Rows as read, with what filtering needs prepared off the GUI thread."""

    rows: list[StudentRow]
    search: list[str]  # 學號 and 姓名 of each row, case-folded, "\x00" between


def prepare(rows: Iterable[StudentRow]) -> RosterRows:
    """Run on the worker that read the rows."""
    kept = list(rows)
    return RosterRows(kept, [f"{r.student_no.casefold()}\x00{r.name.casefold()}" for r in kept])


def _sort_key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value  # as the view compares: case-insensitive


class StudentTableModel(ListModel[StudentRow]):
    """The loaded students; ``rows`` holds the shown ones handed to the view so far (in order)."""

    tr_context = "StudentTableModel"
    CHUNK = 2000  # rows handed to the view at a time

    def __init__(self, parent: Any = None) -> None:
        super().__init__([c.header for c in COLUMNS], parent)
        self._grey = departed_brush()
        self._all: list[StudentRow] = []
        self._search: list[str] = []
        self._keys: dict[int, list[Any]] = {}
        self._order: list[int] = []  # indices into _all: the shown rows, filtered and sorted
        self._text = ""
        self._class_ids: frozenset[int] | None = None
        self._show_departed = True
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- data in ------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[StudentRow] | RosterRows) -> None:
        data = rows if isinstance(rows, RosterRows) else prepare(rows)
        self._all, self._search, self._keys = data.rows, data.search, {}
        self._apply()

    def loaded(self) -> Sequence[StudentRow]:
        """Every loaded student, shown or not."""
        return self._all

    # --- filter and sort ------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Type-to-filter on 學號 or 姓名; full-width digits (as IMEs type them) find 學號 012."""
        self._text = halfwidth(text).strip().casefold()
        self._apply()

    def set_class_ids(self, class_ids: Iterable[int] | None) -> None:
        self._class_ids = None if class_ids is None else frozenset(class_ids)
        self._apply()

    def set_show_departed(self, show: bool) -> None:
        self._show_departed = show
        self._apply()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order) if 0 <= column < len(COLUMNS) else None
        self._apply()

    def _column_keys(self, column: int) -> list[Any]:
        if column not in self._keys:
            key = COLUMNS[column].sort
            self._keys[column] = [_sort_key(key(r)) for r in self._all]
        return self._keys[column]

    def _apply(self) -> None:
        rows, text, ids, departed = self._all, self._text, self._class_ids, self._show_departed
        order = [
            i for i, r in enumerate(rows)
            if (ids is None or r.class_id in ids) and (departed or not r.departed)
            and (not text or text in self._search[i])
        ]
        if self._sort is not None:
            keys = self._column_keys(self._sort[0])
            order.sort(key=keys.__getitem__, reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._order = order
        self.rows = [rows[i] for i in order[: self.CHUNK]]
        self.endResetModel()

    # --- lazy hand-over to the view ---------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt signature
        return not parent.isValid() and len(self.rows) < len(self._order)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        start = len(self.rows)
        end = min(start + self.CHUNK, len(self._order))
        if end <= start:
            return
        self.beginInsertRows(QModelIndex(), start, end - 1)
        self.rows.extend(self._all[i] for i in self._order[start:end])
        self.endInsertRows()

    def shown_count(self) -> int:
        """How many students the filter shows (handed to the view or not yet)."""
        return len(self._order)

    def student_at(self, row: int) -> StudentRow:
        return self.rows[row]

    def row_of(self, student_no: str) -> int | None:
        """The row of a shown student, handing the view rows up to it; None if not shown."""
        for position, i in enumerate(self._order):
            if self._all[i].student_no == student_no:
                while len(self.rows) <= position:
                    self.fetchMore()
                return position
        return None

    # --- cells ------------------------------------------------------------------------------------
    def cell(self, row: int, column: int, role: int) -> Any:
        student = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column].text(student)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._grey if student.departed else None
        if role == Qt.ItemDataRole.ToolTipRole and student.departed:
            return QCoreApplication.translate("StudentTableModel", "已離校（{status}）").format(status=label(student.status))
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[column].align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return student
        if role == DEPARTED_ROLE:
            return student.departed
        return None
