"""The one date field: typed as 115/11/20, 1151120, 2026-11-20 (or any form domain.roc.parse_date reads),
shown back in the user's date format (ROC 115/11/20 by default, 2026/11/20 when Gregorian is chosen in
介面偏好), with a calendar button. :class:`DateTimeEdit` adds a 24-hour time for the 作業期程.

The API follows QDateEdit where the pages use it (``date()`` / ``setDate()`` / ``dateChanged``,
``setMinimumDate`` / ``setMaximumDate``); :meth:`DateEdit.value` gives a Python date or raises the
parser's RuleError naming the text and the accepted forms.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QPoint, QSize, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QTimeEdit,
    QToolButton,
    QWidget,
)

from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.messages import message


def _py(value: QDate | dt.date | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, QDate):
        return dt.date(value.year(), value.month(), value.day()) if value.isValid() else None
    return value


def _q(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value is not None else QDate()


class DateEdit(QWidget):
    """A date typed in any accepted form; ``dateChanged(QDate)`` when a new valid date is entered."""

    dateChanged = Signal(QDate)

    def __init__(self, value: QDate | dt.date | None = None, parent: QWidget | None = None, *,
                 optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional  # an empty field is "no date" instead of an error
        self._min: dt.date | None = None
        self._max: dt.date | None = None
        self._last: dt.date | None = None
        self._forwarding = False
        self.edit = QLineEdit(self)
        self.edit.setObjectName("dateText")
        self.edit.setPlaceholderText(show_date(dt.date.today()))
        self.edit.setToolTip(self.tr("可輸入 115/11/20、1151120 或 2026-11-20"))
        self.edit.editingFinished.connect(self._finished)
        self.button = QToolButton(self)
        self.button.setObjectName("calendarButton")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("從月曆選日期"))
        self.button.clicked.connect(self._open_calendar)
        # A popup window owned by this field (one owner: no menu action that would also delete it).
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.setDate(value)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().horizontalAdvance("0000/00/00") + 48), hint.height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys sent to the field go to its text; one the text ignores (it comes back up) goes on up."""
        if self._forwarding:
            event.ignore()
            return
        self._forwarding = True
        try:
            QApplication.sendEvent(self.edit, event)
        finally:
            self._forwarding = False

    # --- QDateEdit-like API -------------------------------------------------------------------
    def setDate(self, value: QDate | dt.date | None) -> None:
        day = _py(value)
        self.edit.setText(show_date(day))
        self._mark(None)
        if day != self._last:
            self._last = day
            if day is not None:
                self.dateChanged.emit(_q(day))

    def date(self) -> QDate:
        """The date shown (an invalid QDate when the field is empty or cannot be read)."""
        try:
            return _q(self.value())
        except PortfolioError:
            return QDate()

    def setMinimumDate(self, value: QDate | dt.date) -> None:
        self._min = _py(value)
        self.calendar.setMinimumDate(_q(self._min))

    def setMaximumDate(self, value: QDate | dt.date) -> None:
        self._max = _py(value)
        self.calendar.setMaximumDate(_q(self._max))

    def setReadOnly(self, locked: bool) -> None:
        self.edit.setReadOnly(locked)
        self.button.setEnabled(not locked)

    def isReadOnly(self) -> bool:
        """Read-only, or disabled as gui/permissions.py locks a composite field."""
        return self.edit.isReadOnly() or not self.isEnabled()

    def clear(self) -> None:
        self.edit.clear()
        self._mark(None)
        self._last = None

    def setPlaceholderText(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        """As if typed (the tests; a value pasted from elsewhere)."""
        self.edit.setText(text)
        self._finished()

    # --- reading ------------------------------------------------------------------------------
    def required(self) -> dt.date:
        """The date typed; RuleError when it is empty or cannot be read (a field that must be filled)."""
        day = self.value()
        if day is None:
            raise RuleError("請輸入日期（例如 115/11/20）", "enter a date (e.g. 115/11/20)")
        return day

    def value(self) -> dt.date | None:
        """The date typed, or None for an empty optional field. Raises RuleError naming the text
        (unreadable, impossible, or outside the allowed range)."""
        text = self.edit.text().strip()
        if not text:
            if self.optional:
                return None
            raise RuleError("請輸入日期（例如 115/11/20）", "enter a date (e.g. 115/11/20)")
        day = parse_date(text)
        if self._min is not None and day < self._min:
            raise RuleError(f"日期「{text}」早於可用的最早日期 {show_date(self._min)}",
                            f"the date '{text}' is before the earliest allowed, {self._min.isoformat()}")
        if self._max is not None and day > self._max:
            raise RuleError(f"日期「{text}」晚於可用的最晚日期 {show_date(self._max)}",
                            f"the date '{text}' is after the latest allowed, {self._max.isoformat()}")
        return day

    def _finished(self) -> None:
        try:
            day = self.value()
        except PortfolioError as exc:
            self._mark(message(exc))
            return
        self._mark(None)
        self.edit.setText(show_date(day))  # shown back in the chosen format: 2026-11-20 → 115/11/20
        if day != self._last:
            self._last = day
            if day is not None:
                self.dateChanged.emit(_q(day))

    def _mark(self, problem: str | None) -> None:
        self.edit.setStyleSheet("" if problem is None else "QLineEdit { border: 1px solid #c62828; }")
        self.edit.setToolTip(problem or self.tr("可輸入 115/11/20、1151120 或 2026-11-20"))

    def _open_calendar(self) -> None:
        try:
            day = self.value()
        except PortfolioError:
            day = None
        self.calendar.setSelectedDate(_q(day or dt.date.today()))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()

    def _picked(self, qdate: QDate) -> None:
        self.setDate(qdate)
        self.calendar.hide()


class DateTimeEdit(QWidget):
    """A :class:`DateEdit` and a 24-hour time (HH:mm), with QDateTimeEdit's ``dateTime`` /
    ``setDateTime``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = DateEdit(dt.date.today(), self)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.day, 1)
        layout.addWidget(self.time)
        self.setFocusProxy(self.day)

    def setDateTime(self, value: QDateTime | dt.datetime) -> None:
        if isinstance(value, QDateTime):
            self.day.setDate(value.date())
            self.time.setTime(value.time())
        else:
            self.day.setDate(value.date())
            self.time.setTime(QTime(value.hour, value.minute, value.second))

    def dateTime(self) -> QDateTime:
        return QDateTime(self.day.date(), self.time.time())

    def value(self) -> dt.datetime:
        """The date and time, or RuleError for a date that cannot be read."""
        day = self.day.required()
        t = self.time.time()
        return dt.datetime.combine(day, dt.time(t.hour(), t.minute()))

    def setReadOnly(self, locked: bool) -> None:
        self.day.setReadOnly(locked)
        self.time.setReadOnly(locked)

    def isReadOnly(self) -> bool:
        return self.day.isReadOnly()
