"""Student detail: every field (the full ID is shown only here), the 學籍異動 history, and a form to
record a new change through ``services.rosters.change_status``, or withdraw the latest one.

Every service call runs on the page's op runner (``ctx.ops``): the record is read on a worker and shown
when it arrives; a change or a withdrawal is written on the write worker, announces ``Cap.ROSTERS``
and reloads the record.

The status combo offers only the targets ``domain.status.allowed_targets`` allows; the service checks
again and its refusal is shown in zh_TW under the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import Status, allowed_targets
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.rosters.change_model import ChangeTableModel
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.forms import child, load_form
from portfolio_desktop.gui.dates import show_date, show_date_long
from portfolio_desktop.gui.labels import division_text, gender, label
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.screen_fit import fit_to_screen
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.rosters.roster_types import ChangeRow, ClassNode, StudentDetail

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

    def __init__(self, ctx: PageContext, student_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._db, self._actor, self._student_no = ctx.db, ctx.actor, student_no
        fit_to_screen(self, 860, 700)  # never taller than a 768-line screen less its taskbar
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
        # The form's QDateEdit gives way to the one date field (typed 115/11/20, shown in ROC or as chosen).
        designer_date = child(form, QDateEdit, "dateEdit")
        self.date_edit = DateEdit(dt.date.today(), designer_date.parentWidget())
        child(form, QHBoxLayout, "dateRow").replaceWidget(designer_date, self.date_edit)
        designer_date.hide()  # out of the layout now; deleted with the next event loop turn
        designer_date.deleteLater()
        self.date_edit.setObjectName("dateEdit")
        child(form, QLabel, "dateLabel").setBuddy(self.date_edit)
        # What the clerk is about to record, asked before writing (answers True to record).
        self.confirm: Callable[[str], bool] = self._ask
        self.roc_label = child(form, QLabel, "rocDateLabel")
        self.reason_edit = child(form, QLineEdit, "reasonEdit")
        self.class_combo = child(form, QComboBox, "classCombo")
        self.message_label = child(form, QLabel, "messageLabel")
        self.record_button = child(form, QPushButton, "recordButton")
        self.date_edit.dateChanged.connect(self._show_roc)
        self.date_edit.setDate(QDate.currentDate())
        self._show_roc(self.date_edit.date())
        self.record_button.clicked.connect(self._record_clicked)
        self.withdraw_button = child(form, QPushButton, "withdrawButton")
        self.withdraw_button.clicked.connect(self._withdraw_clicked)
        # Why the latest change is withdrawn, asked before writing (None: the clerk cancelled).
        self.ask_reason: Callable[[str], str | None] = self._ask_reason
        child(form, QPushButton, "closeButton").clicked.connect(self.accept)

        self.detail: StudentDetail | None = None
        self.reload()

    # --- showing ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the record and the classes on a worker; :meth:`show_detail` shows them."""
        db, actor, student_no = self._db, self._actor, self._student_no
        self.ctx.ops.query(lambda: (rosters.student_detail(db, actor, student_no), rosters.class_tree(db, actor)),
                           success=lambda read: self.show_detail(*read), failure=self._unreadable,
                           key=f"student-detail-{id(self)}", title=self.tr("學生資料"), parent=self)

    def _unreadable(self, exc: PortfolioError) -> None:
        """No such student, or not one this user may read: said, and the window closes."""
        self.ctx.notify.warn(self.tr("學生資料"), message(exc), self.parentWidget())
        self.reject()

    def show_detail(self, detail: StudentDetail, classes: list[ClassNode]) -> None:
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
        self._fill_class_combo(s.division, s.class_code, classes)
        # 學籍異動 is the registry's of the student's division (seed 001 §五(一)1): others see the form
        # read-only, the reason on it, never a filled form that is then refused.
        division = next((n.division_code for n in classes if n.code == s.class_code), None)
        denied = permissions.why_not(self, Permission.STATUS_CHANGE, division=division)
        if denied is not None:
            permissions.read_only([self.status_combo, self.date_edit, self.reason_edit, self.class_combo], denied)
            permissions.apply(self.record_button, denied)
            permissions.apply(self.withdraw_button, denied)
        else:
            self.withdraw_button.setEnabled(bool(detail.changes))  # nothing recorded: nothing to withdraw

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

    def _fill_class_combo(self, division: str, current_code: str, classes: list[ClassNode]) -> None:
        self.class_combo.clear()
        self.class_combo.addItem(self.tr("（不變）"), None)
        for node in classes:
            if node.division == division and node.code != current_code:
                self.class_combo.addItem(node.label, node.code)

    def _show_roc(self, qdate: QDate) -> None:
        self.roc_label.setText(show_date_long(cast(dt.date, qdate.toPython())) if qdate.isValid() else "")

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

    def consequence(self, status: Status, on: dt.date) -> str:
        """What recording this change will do, in words, for the confirmation."""
        s = self.detail.student if self.detail is not None else None
        who = f"{s.student_no} {s.name}" if s is not None else self._student_no
        text = self.tr("將 {who} 的學籍狀態由「{old}」改為「{new}」，異動日期 {date}。").format(
            who=who, old=label(s.status) if s is not None else "", new=label(status), date=show_date_long(on))
        new_class = self.class_combo.currentData()
        if isinstance(new_class, str):
            text += self.tr("並轉到 {code} 班。").format(code=new_class)
        if status.departed:
            text += self.tr("學生將列為離校：不再計入在學人數，也不會出現在催辦名單。")
        return text + self.tr("\n\n學籍異動會留下紀錄；登錄錯了，可用「撤銷最近一筆異動」撤銷（留有稽核紀錄），"
                              "或再登錄一筆異動更正。\n\n確定要登錄嗎？")

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("確認學籍異動"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_reason(self, text: str) -> str | None:
        reason, ok = QInputDialog.getText(self, self.tr("撤銷學籍異動"), text)
        return reason.strip() if ok else None

    def _withdraw_clicked(self) -> None:
        changes = self.detail.changes if self.detail is not None else []
        if not changes:
            self._say(self.tr("這位學生沒有可撤銷的學籍異動"), error=True)
            return
        last = changes[-1]
        reason = self.ask_reason(self.tr(
            "撤銷 {date} 的異動「{old} → {new}」：學生回到異動前的學籍狀態、班級及離校日期，稽核紀錄會留下。\n"
            "請填寫撤銷原因（例如：誤登錄到別的學生）：").format(
            date=show_date(last.changed_on), old=label(last.from_status) if last.from_status else "",
            new=label(last.to_status)))
        if reason is None:
            return
        self.withdraw_last(reason)

    def withdraw_last(self, reason: str) -> Job:
        """Withdraw the student's latest change (services/rosters/status_withdraw.py) on the write worker."""
        from portfolio_desktop.services.rosters.status_withdraw import withdraw_change

        db, actor, student_no = self._db, self._actor, self._student_no

        def withdrawn(done: Any) -> None:
            self.reload()
            self._say(self.tr("已撤銷異動（{undone}）；學生現為 {status}").format(
                undone=label(done.undone), status=label(done.status)))
            self.changed.emit(done)

        return self.ctx.ops.write(lambda: withdraw_change(db, actor, student_no, None, reason),
                                  changes={Cap.ROSTERS}, title=self.tr("撤銷學籍異動"), parent=self,
                                  success=withdrawn, failure=lambda exc: self._say(message(exc), error=True))

    def _record_clicked(self) -> None:
        code = self.status_combo.currentData()
        if not code:
            return
        try:
            on = self.date_edit.value()
        except PortfolioError as exc:
            self._say(message(exc), error=True)
            return
        if on is not None and self.confirm(self.consequence(Status(code), on)):
            self.record_change()

    def record_change(self) -> Job | None:
        code = self.status_combo.currentData()
        if not code:
            return None
        status = Status(code)
        try:
            on = self.date_edit.value()
        except PortfolioError as exc:
            self._say(message(exc), error=True)
            return None
        assert on is not None  # a required field
        reason = self.reason_edit.text().strip() or None
        new_class = self.class_combo.currentData()
        db, actor, student_no = self._db, self._actor, self._student_no
        moved = new_class if isinstance(new_class, str) else None

        def recorded(row: ChangeRow) -> None:
            self.reason_edit.clear()
            self.reload()
            self._say(self.tr("已登錄：{date} {old} → {new}").format(
                date=show_date(row.changed_on), old=label(row.from_status) if row.from_status else "",
                new=label(row.to_status)))
            self.changed.emit(row)

        return self.ctx.ops.write(
            lambda: rosters.change_status(db, actor, student_no, status, on, reason, new_class_code=moved),
            changes={Cap.ROSTERS}, title=self.tr("登錄學籍異動"), parent=self, success=recorded,
            failure=lambda exc: self._say(message(exc), error=True))
