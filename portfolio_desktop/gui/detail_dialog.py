"""Student detail: every field (the full ID is shown only here), the 學籍異動 history, and a form to
record a new change through ``services.rosters.change_status``.

The status combo offers only the targets ``domain.status.allowed_targets`` allows; the service checks
again and its refusal is shown in zh_TW under the form.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import Status, allowed_targets
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.rosters.change_model import ChangeTableModel
from portfolio_desktop.gui.forms import child, load_form
from portfolio_desktop.gui.dates import show_date, show_date_long
from portfolio_desktop.gui.labels import division_text, gender, label
from portfolio_desktop.gui.messages import message
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters.roster_types import ChangeRow, StudentDetail
from portfolio_desktop.store.engine import Database

_FIELDS: tuple[tuple[str, str], ...] = (
    ("student_no", QT_TRANSLATE_NOOP("StudentDetailDialog", "學號")),
    ("name", QT_TRANSLATE_NOOP("StudentDetailDialog", "姓名")),
    ("national_id", QT_TRANSLATE_NOOP("StudentDetailDialog", "身分證統一編號")),
    ("gender", QT_TRANSLATE_NOOP("StudentDetailDialog", "性別")),
    ("birth_date", QT_TRANSLATE_NOOP("StudentDetailDialog", "出生日期")),
    ("division", QT_TRANSLATE_NOOP("StudentDetailDialog", "部別")),
    ("department", QT_TRANSLATE_NOOP("StudentDetailDialog", "科別")),
    ("class_code", QT_TRANSLATE_NOOP("StudentDetailDialog", "班級")),
    ("seat_no", QT_TRANSLATE_NOOP("StudentDetailDialog", "座號")),
    ("status", QT_TRANSLATE_NOOP("StudentDetailDialog", "學籍狀態")),
    ("left_on", QT_TRANSLATE_NOOP("StudentDetailDialog", "離校日期")),
    ("postal_code", QT_TRANSLATE_NOOP("StudentDetailDialog", "郵遞區號")),
    ("address", QT_TRANSLATE_NOOP("StudentDetailDialog", "通訊地址")),
    ("guardian", QT_TRANSLATE_NOOP("StudentDetailDialog", "監護人")),
    ("phone", QT_TRANSLATE_NOOP("StudentDetailDialog", "聯絡電話")),
    ("email", QT_TRANSLATE_NOOP("StudentDetailDialog", "電子郵件")),
)


class StudentDetailDialog(QDialog):
    """Emits ``changed(ChangeRow)`` after a 學籍異動 was recorded, so the views refresh."""

    changed = Signal(object)

    def __init__(self, db: Database, actor: Actor, student_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor, self._student_no = db, actor, student_no
        self.resize(860, 700)
        form = load_form("student_detail", self)
        info_box = child(form, QGroupBox, "infoBox")
        grid = child(info_box, QGridLayout, "infoLayout")
        self.field_labels: dict[str, QLabel] = {}
        for i, (key, title) in enumerate(_FIELDS):
            value = QLabel(info_box)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"field_{key}")
            grid.addWidget(QLabel(self.tr(title) + self.tr("："), info_box), i // 2, (i % 2) * 2)
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
            self.field_labels[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.history_view = child(form, QTableView, "historyView")
        self.history_model = ChangeTableModel(self)
        self.history_view.setModel(self.history_model)
        self.history_view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.status_combo = child(form, QComboBox, "statusCombo")
        self.date_edit = child(form, QDateEdit, "dateEdit")
        self.roc_label = child(form, QLabel, "rocDateLabel")
        self.reason_edit = child(form, QLineEdit, "reasonEdit")
        self.class_combo = child(form, QComboBox, "classCombo")
        self.message_label = child(form, QLabel, "messageLabel")
        self.record_button = child(form, QPushButton, "recordButton")
        self.date_edit.dateChanged.connect(self._show_roc)
        self.date_edit.setDate(QDate.currentDate())
        self._show_roc(self.date_edit.date())
        self.record_button.clicked.connect(self.record_change)
        child(form, QPushButton, "closeButton").clicked.connect(self.accept)

        self.detail: StudentDetail | None = None
        self.reload()

    # --- showing ----------------------------------------------------------------------------
    def reload(self) -> None:
        detail = rosters.student_detail(self._db, self._actor, self._student_no)
        self.detail = detail
        s = detail.student
        self.setWindowTitle(self.tr("學生資料：{no} {name}").format(no=s.student_no, name=s.name))
        values = {
            "student_no": s.student_no, "name": s.name, "national_id": detail.national_id or "",
            "gender": gender(s.gender),
            "birth_date": show_date(s.birth_date), "division": division_text(s.division),
            "department": s.department or "", "class_code": s.class_code,
            "seat_no": "" if s.seat_no is None else str(s.seat_no),
            "status": label(s.status) + (self.tr("（已離校）") if s.departed else ""),
            "left_on": show_date(s.left_on), "postal_code": s.postal_code or "",
            "address": s.address or "", "guardian": s.guardian or "", "phone": s.phone or "", "email": s.email or "",
        }
        for key, field in self.field_labels.items():
            field.setText(values[key])
        self.history_model.set_changes(detail.changes)
        self.history_view.resizeColumnsToContents()
        self._fill_status_combo(s.status)
        self._fill_class_combo(s.division, s.class_code)
        # 學籍異動 is the registry's of the student's division (seed 001 §五(一)1): others see the form
        # read-only, the reason on it, never a filled form that is then refused.
        division = next((n.division_code for n in rosters.class_tree(self._db, self._actor) if n.code == s.class_code),
                        None)
        denied = permissions.why_not(self, Permission.STATUS_CHANGE, division=division)
        if denied is not None:
            permissions.read_only([self.status_combo, self.date_edit, self.reason_edit, self.class_combo], denied)
            permissions.apply(self.record_button, denied)

    def _fill_status_combo(self, current: Status) -> None:
        self.status_combo.clear()
        for status in Status:  # declaration order = the order offices list them
            if status in allowed_targets(current):
                self.status_combo.addItem(label(status), status.value)  # Qt keeps a str, not the enum
        can_change = self.status_combo.count() > 0
        self.status_combo.setEnabled(can_change)
        self.record_button.setEnabled(can_change)
        if not can_change:
            self._say(self.tr("學籍狀態「{status}」已無可登錄的異動。").format(status=label(current)))

    def _fill_class_combo(self, division: str, current_code: str) -> None:
        self.class_combo.clear()
        self.class_combo.addItem(self.tr("（不變）"), None)
        for node in rosters.class_tree(self._db, self._actor):
            if node.division == division and node.code != current_code:
                self.class_combo.addItem(node.label, node.code)

    def _show_roc(self, qdate: QDate) -> None:
        self.roc_label.setText(show_date_long(qdate.toPython()))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b00020;" if error else "")

    # --- recording --------------------------------------------------------------------------
    def set_change(self, status: Status, on: dt.date, reason: str = "", class_code: str | None = None) -> None:
        """Fill the form (the keyboard does the same); refuses a status the combo does not offer."""
        index = self.status_combo.findData(status.value)
        if index < 0:
            raise ValueError(f"{status} is not an allowed target here")
        self.status_combo.setCurrentIndex(index)
        self.date_edit.setDate(QDate(on.year, on.month, on.day))
        self.reason_edit.setText(reason)
        self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(class_code)) if class_code else 0)

    def record_change(self) -> ChangeRow | None:
        code = self.status_combo.currentData()
        if not code:
            return None
        status = Status(code)
        on: dt.date = self.date_edit.date().toPython()
        reason = self.reason_edit.text().strip() or None
        new_class = self.class_combo.currentData()
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            row = rosters.change_status(
                self._db, self._actor, self._student_no, status, on, reason,
                new_class_code=new_class if isinstance(new_class, str) else None,
            )
        except PortfolioError as exc:
            self._say(message(exc), error=True)
            return None
        finally:
            self.unsetCursor()
        self.reason_edit.clear()
        self.reload()
        self._say(self.tr("已登錄：{date} {old} → {new}").format(
            date=show_date(row.changed_on), old=label(row.from_status) if row.from_status else "",
            new=label(row.to_status)))
        self.changed.emit(row)
        return row
