"""The student table: a model that reads the students a page at a time from the database, on a worker.

The filter (學號 or 姓名 text, the classes picked in the tree, departed or not), the order and the
number shown are the database's work (services/rosters/roster_pages.py: SQL ORDER BY, one COUNT),
narrowed to what the reader may read. The model holds the rows handed to the view so far; as the view
scrolls it asks for more (``canFetchMore`` / ``fetchMore``, as Anki's lazy table models), and each
page is read by a query op (gui/ops.py), never on the GUI thread. A change of filter or order reads
the first page again; until it arrives the rows shown stay the previous ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from portfolio_desktop.domain.status import Status
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import division_text, gender, label
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.services.read_scope import ReadScope
from portfolio_desktop.services.rosters import roster_pages
from portfolio_desktop.services.rosters.roster_types import StudentFilter, StudentPage, StudentRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the StudentRow
DEPARTED_ROLE = Qt.ItemDataRole.UserRole + 3  # bool

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Col:
    header: str  # zh_TW source text, translated when shown
    text: Callable[[StudentRow], str]
    sort: str  # how the database orders this column (roster_types.STUDENT_SORTS)
    align_right: bool = False


def _date_text(d: dt.date | None) -> str:
    return show_date(d)


COLUMNS: tuple[_Col, ...] = (
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "學號"), lambda r: r.student_no, "student_no"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "姓名"), lambda r: r.name, "name"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "班級"), lambda r: r.class_code, "class"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "座號"), lambda r: "" if r.seat_no is None else str(r.seat_no),
         "seat", True),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "性別"), lambda r: gender(r.gender), "gender"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "身分證統一編號"), lambda r: r.national_id_masked, "national_id"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "出生日期"), lambda r: _date_text(r.birth_date), "birth_date"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "學籍狀態"), lambda r: label(r.status), "status"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "離校日期"), lambda r: _date_text(r.left_on), "left_on"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "部別"), lambda r: division_text(r.division), "division"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "科別"), lambda r: r.department or "", "department"),
    _Col(QT_TRANSLATE_NOOP("StudentTableModel", "聯絡電話"), lambda r: r.phone or "", "phone"),
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # once: combining Qt flags is slow
COL_STUDENT_NO, COL_NAME, COL_CLASS, COL_SEAT = 0, 1, 2, 3
COL_STATUS = 7


def departed_brush() -> QBrush:
    """Grey text for students who have left (the palette's disabled text colour)."""
    palette = QApplication.palette()
    color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    if not color.isValid() or color == palette.color(QPalette.ColorRole.Text):
        color = QColor(128, 128, 128)
    return QBrush(color)




def _title() -> str:
    return QCoreApplication.translate("RosterPage", "名冊")  # the page's own title names a failed read


def status_order() -> tuple[str, ...]:
    """The status codes in the order of their labels as shown now (the 學籍狀態 column sorts by its text)."""
    return tuple(s.value for s in sorted(Status, key=lambda s: (label(s).casefold(), s.value)))


class StudentTableModel(ListModel[StudentRow]):
    """The students of one reader's scope, filtered and ordered by the database; ``rows`` holds those
    handed to the view so far, in order. ``shown_changed`` when a new filter's first page (and count)
    is shown."""

    tr_context = "StudentTableModel"
    PAGE = 500  # rows read at a time
    shown_changed = Signal()

    def __init__(self, ctx: PageContext, parent: Any = None) -> None:
        super().__init__([c.header for c in COLUMNS], parent)
        self.ctx = ctx
        self._grey = departed_brush()
        self._scope: ReadScope | None = None  # None: nothing to read (not loaded yet, or refused)
        self._text = ""
        self._class_ids: frozenset[int] | None = None
        self._show_departed = True
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._total = 0
        self._generation = 0  # bumped by every change of filter, order or scope: older answers are dropped
        self._fetching = False

    # --- what is shown ----------------------------------------------------------------------------
    def student_filter(self) -> StudentFilter:
        column, order = self._sort
        return StudentFilter(text=self._text, class_ids=self._class_ids, departed=self._show_departed,
                             sort=COLUMNS[column].sort, descending=order == Qt.SortOrder.DescendingOrder,
                             status_order=status_order() if COLUMNS[column].sort == "status" else ())

    def generation(self) -> int:
        return self._generation

    def set_text(self, text: str) -> None:
        """Type-to-filter on 學號 or 姓名; full-width digits (as IMEs type them) find 學號 012."""
        if text != self._text:
            self._text = text
            self._changed()

    def set_class_ids(self, class_ids: Iterable[int] | None) -> None:
        ids = None if class_ids is None else frozenset(class_ids)
        if ids != self._class_ids:
            self._class_ids = ids
            self._changed()

    def set_show_departed(self, show: bool) -> None:
        if show != self._show_departed:
            self._show_departed = show
            self._changed()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = (column if 0 <= column < len(COLUMNS) else 0, order)
        if sort != self._sort:
            self._sort = sort
            self._changed()

    # --- reading ----------------------------------------------------------------------------------
    def show_page(self, scope: ReadScope, generation: int, page: StudentPage) -> None:
        """The first page read for ``generation`` (with its count) by whoever read the scope (the
        roster page, with the class tree); a filter changed since is read again."""
        self._scope = scope
        if generation != self._generation:
            self._changed()
            return
        self._first(generation, page)

    def clear(self) -> None:
        """Nothing to show (a reader who may not read the roster)."""
        self._scope = None
        self._generation += 1
        self._fetching = False
        self._total = 0
        self.reset_rows([])
        self.shown_changed.emit()

    def reload(self) -> None:
        """Read the first page again (the filter as it is)."""
        self._changed()

    def _changed(self) -> None:
        self._generation += 1
        self._fetching = False
        if self._scope is None:
            return
        generation, flt, scope, db = self._generation, self.student_filter(), self._scope, self.ctx.db
        self.ctx.ops.query(lambda: roster_pages.student_page(db, scope, flt, 0, self.PAGE, with_total=True),
                           success=lambda page: self._first(generation, page), key=f"roster-rows-{id(self)}",
                           title=_title())

    def _first(self, generation: int, page: StudentPage) -> None:
        if generation != self._generation:
            return
        self._total = page.total if page.total is not None else len(page.rows)
        self.reset_rows(page.rows)
        self.shown_changed.emit()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt signature
        return (not parent.isValid() and self._scope is not None and not self._fetching
                and len(self.rows) < self._total)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802
        """Read the next page on a worker; its rows are appended when it arrives."""
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, flt, scope, db = self._generation, self.student_filter(), self._scope, self.ctx.db
        offset = len(self.rows)
        assert scope is not None  # canFetchMore
        self.ctx.ops.query(lambda: roster_pages.student_page(db, scope, flt, offset, self.PAGE),
                           success=lambda page: self._append(generation, page.offset, page.rows),
                           done=lambda: self._fetched(generation), key=f"roster-more-{id(self)}",
                           title=_title())

    def _fetched(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False

    def _append(self, generation: int, offset: int, rows: list[StudentRow]) -> None:
        """Rows read from ``offset`` on: the part beyond what the view already has is appended."""
        if generation != self._generation or offset > len(self.rows):
            return
        new = rows[len(self.rows) - offset:]
        if not new:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self.rows.extend(new)
        self.endInsertRows()

    def locate(self, student_no: str, found: Callable[[int], None]) -> None:
        """``found(row)`` once the student with this 學號 is among the rows handed to the view (read
        up to them on a worker when they are further down); never called when the filter does not
        show them."""
        row = self.row_of(student_no)
        if row is not None:
            found(row)
            return
        if self._scope is None:
            return
        generation, flt, scope, db = self._generation, self.student_filter(), self._scope, self.ctx.db
        offset = len(self.rows)

        def read() -> tuple[int | None, list[StudentRow]]:
            position = roster_pages.student_position(db, scope, flt, student_no)
            rows: list[StudentRow] = []
            while position is not None and offset + len(rows) <= position:
                page = roster_pages.student_page(db, scope, flt, offset + len(rows), roster_pages.MAX_PAGE)
                if not page.rows:
                    break
                rows.extend(page.rows)
            return position, rows

        def arrived(result: tuple[int | None, list[StudentRow]]) -> None:
            position, rows = result
            self._append(generation, offset, rows)
            if generation == self._generation and position is not None and position < len(self.rows):
                found(position)

        self.ctx.ops.query(read, success=arrived, key=f"roster-locate-{id(self)}",
                           title=_title())

    # --- rows -------------------------------------------------------------------------------------
    def shown_count(self) -> int:
        """How many students the filter shows (handed to the view or not yet): the database's COUNT."""
        return self._total

    def student_at(self, row: int) -> StudentRow:
        return self.rows[row]

    def row_of(self, student_no: str) -> int | None:
        """The row of a student among those handed to the view so far; None if not (yet) there."""
        for row, student in enumerate(self.rows):
            if student.student_no == student_no:
                return row
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
            return _RIGHT
        if role == ROW_ROLE:
            return student
        if role == DEPARTED_ROLE:
            return student.departed
        return None
