"""The fields of one 課程諮詢紀錄 (seed 001 §五(二)2: 型式, the students, date and time, place, content,
opinions), shared by the page's form that records a new one and the dialog that corrects one. The
page and the dialog add their own rows around them (the attachment, the reason of a correction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.errors import RuleError
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.services.workgroup.consultations import ConsultationRow, StudentRef

MODES = {"group": QT_TRANSLATE_NOOP("ConsultationsPage", "團體諮詢"),
         "individual": QT_TRANSLATE_NOOP("ConsultationsPage", "個別諮詢")}
# A lunch-break consultation is the usual one: the time fields start there.
DEFAULT_STARTS, DEFAULT_ENDS = dt.time(12, 10), dt.time(13, 0)


def mode_label(mode: str) -> str:
    return QCoreApplication.translate("ConsultationsPage", MODES[mode]) if mode in MODES else mode


def fill_students(box: QListWidget, students: Iterable[StudentRef], checked: Iterable[str]) -> None:
    """A checkable list of students (class, 學號, name), those in ``checked`` ticked."""
    ticked = set(checked)
    box.clear()
    for s in students:
        item = QListWidgetItem(f"{s.class_code}　{s.student_no}　{s.name}", box)
        item.setData(Qt.ItemDataRole.UserRole, s.student_no)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if s.student_no in ticked else Qt.CheckState.Unchecked)


def checked_numbers(box: QListWidget) -> list[str]:
    return [str(box.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


def set_checked(box: QListWidget, student_no: str, on: bool = True) -> None:
    for i in range(box.count()):
        if box.item(i).data(Qt.ItemDataRole.UserRole) == student_no:
            box.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _time(edit: QTimeEdit) -> dt.time:
    return dt.time(edit.time().hour(), edit.time().minute())


@dataclass(frozen=True)
class Entered:
    """What the user filled in, read on the GUI thread before the write goes to its worker."""

    mode: str
    student_nos: list[str]
    held_on: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    content: str
    opinions: str


class ConsultationFields:
    """The record's widgets, made on ``owner`` and prefilled from ``row`` when one is corrected."""

    def __init__(self, owner: QWidget, row: ConsultationRow | None = None) -> None:
        self.mode = QComboBox(owner)
        self.mode.setObjectName("mode")
        for mode in MODES:
            self.mode.addItem(mode_label(mode), mode)
        self.students = QListWidget(owner)
        self.students.setObjectName("students")
        self.students.setMaximumHeight(140)
        self.date = DateEdit(row.held_on if row else None, owner, optional=True)  # typed and shown in ROC
        self.date.setObjectName("date")
        self.use_time = QCheckBox(QCoreApplication.translate("ConsultationsPage", "填寫時間"), owner)
        self.use_time.setObjectName("useTime")
        start = (row.starts_at if row else None) or DEFAULT_STARTS
        end = (row.ends_at if row else None) or DEFAULT_ENDS
        self.starts = QTimeEdit(QTime(start.hour, start.minute), owner)
        self.starts.setObjectName("startsAt")
        self.ends = QTimeEdit(QTime(end.hour, end.minute), owner)
        self.ends.setObjectName("endsAt")
        for t in (self.starts, self.ends):
            t.setDisplayFormat("HH:mm")
        self.times = QHBoxLayout()
        for w in (self.use_time, self.starts, QLabel("–", owner), self.ends):
            self.times.addWidget(w)
        self.times.addStretch(1)
        self.place = QLineEdit(owner)
        self.place.setObjectName("place")
        self.content = QPlainTextEdit(owner)
        self.content.setObjectName("content")
        self.content.setMaximumHeight(80)
        self.opinions = QPlainTextEdit(owner)
        self.opinions.setObjectName("opinions")
        self.opinions.setMaximumHeight(80)
        if row is None:
            self.date.setPlaceholderText(show_date(dt.date(2024, 10, 10)))
        else:
            self.mode.setCurrentIndex(self.mode.findData(row.mode))
            self.use_time.setChecked(row.starts_at is not None or row.ends_at is not None)
            self.place.setText(row.place)
            self.content.setPlainText(row.content)
            self.opinions.setPlainText(row.opinions or "")

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(QCoreApplication.translate("ConsultationsPage", "型式"), self.mode)
        form.addRow(QCoreApplication.translate("ConsultationsPage", "學生（勾選）"), self.students)
        form.addRow(QCoreApplication.translate("ConsultationsPage", "日期"), self.date)
        form.addRow(QCoreApplication.translate("ConsultationsPage", "時間"), self.times)
        form.addRow(QCoreApplication.translate("ConsultationsPage", "地點"), self.place)
        form.addRow(QCoreApplication.translate("ConsultationsPage", "諮詢內容"), self.content)
        form.addRow(QCoreApplication.translate("ConsultationsPage", "意見"), self.opinions)

    def show_students(self, students: Iterable[StudentRef], checked: Iterable[str]) -> None:
        fill_students(self.students, students, checked)

    def checked_students(self) -> list[str]:
        return checked_numbers(self.students)

    def entered(self) -> Entered:
        """The fields as a record; a missing or unreadable date is refused in words (RuleError)."""
        if not self.date.text().strip():
            raise RuleError("請填寫諮詢日期", "the date is required")
        held_on = parse_date(self.date.text())
        timed = self.use_time.isChecked()
        return Entered(mode=str(self.mode.currentData()), student_nos=self.checked_students(), held_on=held_on,
                       starts_at=_time(self.starts) if timed else None, ends_at=_time(self.ends) if timed else None,
                       place=self.place.text(), content=self.content.toPlainText(),
                       opinions=self.opinions.toPlainText())

    def clear_after_recording(self) -> None:
        """After a record is saved: the text and the ticks go, the mode, date and time stay for the next."""
        self.place.clear()
        self.content.clear()
        self.opinions.clear()
        for no in self.checked_students():
            set_checked(self.students, no, False)
