"""Dialogs of the 課程諮詢 page: correcting a record, removing one entered by mistake, and the dean's
editor of which classes and students each 課程諮詢教師 is responsible for. Each dialog reads and, when the
user confirms, writes through the op runner (gui/ops.py); a refusal is shown in the dialog, which stays
open with the input kept, and nothing is written (services/workgroup/consultations.py decides who may and
audits every change)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.labels import list_separator
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import RowModel
from portfolio_desktop.gui.screen_fit import fit_to_screen
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.workgroup.consultations import AssignmentRow, Consultant, ConsultationRow, StudentRef

MODES = {"group": QT_TRANSLATE_NOOP("ConsultationsPage", "團體諮詢"),
         "individual": QT_TRANSLATE_NOOP("ConsultationsPage", "個別諮詢")}


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


class ConsultationEditDialog(QDialog):
    """Correct one record: every field prefilled; 儲存 sends them all, the service keeps what is unchanged
    and audits the rest before → after with the reason."""

    def __init__(self, ctx: PageContext, row: ConsultationRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.result_row: ConsultationRow | None = None
        self.setObjectName("consultationEditDialog")
        self.setWindowTitle(self.tr("更正諮詢紀錄 #{id}").format(id=row.id))
        self.mode = QComboBox(self)
        self.mode.setObjectName("mode")
        for mode in MODES:
            self.mode.addItem(mode_label(mode), mode)
        self.mode.setCurrentIndex(self.mode.findData(row.mode))
        self.students = QListWidget(self)
        self.students.setObjectName("students")
        self.students.setMaximumHeight(140)
        self.date = DateEdit(row.held_on, self, optional=True)  # typed and shown in ROC (or as chosen)
        self.date.setObjectName("date")
        self.use_time = QCheckBox(self.tr("填寫時間"), self)
        self.use_time.setObjectName("useTime")
        self.use_time.setChecked(row.starts_at is not None or row.ends_at is not None)
        start, end = row.starts_at or dt.time(12, 10), row.ends_at or dt.time(13, 0)
        self.starts = QTimeEdit(QTime(start.hour, start.minute), self)
        self.starts.setObjectName("startsAt")
        self.ends = QTimeEdit(QTime(end.hour, end.minute), self)
        self.ends.setObjectName("endsAt")
        times = QHBoxLayout()
        for w in (self.use_time, self.starts, QLabel("–", self), self.ends):
            times.addWidget(w)
        for t in (self.starts, self.ends):
            t.setDisplayFormat("HH:mm")
        times.addStretch(1)
        self.place = QLineEdit(row.place, self)
        self.place.setObjectName("place")
        self.content = QPlainTextEdit(row.content, self)
        self.content.setObjectName("content")
        self.opinions = QPlainTextEdit(row.opinions or "", self)
        self.opinions.setObjectName("opinions")
        for box in (self.content, self.opinions):
            box.setMaximumHeight(80)
        self.current_attachment = QLabel(row.attachment_name or self.tr("（無）"), self)
        self.new_attachment = QLineEdit(self)
        self.new_attachment.setObjectName("newAttachment")
        self.new_attachment.setPlaceholderText(self.tr("換成另一個檔案（選填）"))
        browse = QPushButton(self.tr("選擇檔案…"), self)
        browse.setObjectName("browseAttachment")
        browse.clicked.connect(lambda _c=False: self._browse())
        self.drop_attachment = QCheckBox(self.tr("移除附件"), self)
        self.drop_attachment.setObjectName("dropAttachment")
        self.drop_attachment.setEnabled(row.attachment_id is not None)
        attach = QHBoxLayout()
        for part in (self.new_attachment, browse, self.drop_attachment):
            attach.addWidget(part)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("更正原因（記入稽核紀錄）"))
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        form = QFormLayout()
        form.addRow(self.tr("課程諮詢教師"), QLabel(row.teacher_name, self))
        form.addRow(self.tr("型式"), self.mode)
        form.addRow(self.tr("學生（勾選）"), self.students)
        form.addRow(self.tr("日期"), self.date)
        form.addRow(self.tr("時間"), times)
        form.addRow(self.tr("地點"), self.place)
        form.addRow(self.tr("諮詢內容"), self.content)
        form.addRow(self.tr("意見"), self.opinions)
        form.addRow(self.tr("目前附件"), self.current_attachment)
        form.addRow(self.tr("附件"), attach)
        form.addRow(self.tr("原因"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.save_button.setEnabled(False)  # until the students to choose from are shown
        db, actor = ctx.db, ctx.actor
        ctx.ops.query(lambda: consultations.student_choices(db, actor, row.id), success=self._choices,
                      failure=lambda exc: self.message.setText(message(exc)), key=f"choices-{id(self)}",
                      title=self.tr("更正諮詢紀錄"), parent=self)

    def _choices(self, students: list[StudentRef]) -> None:
        fill_students(self.students, students, (s.student_no for s in self.row.students))
        self.save_button.setEnabled(True)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("選擇附件"), str(Path.home()))
        if path:
            self.new_attachment.setText(path)
            self.drop_attachment.setChecked(False)

    def save(self) -> Job | None:
        """Send the correction on the write worker: the dialog closes when it is saved and stays open with
        the reason shown when it is refused (None: refused here, nothing sent)."""
        self.message.clear()
        attachment: Any = consultations.KEEP
        if self.drop_attachment.isChecked():
            attachment = None
        elif self.new_attachment.text().strip():
            attachment = Path(self.new_attachment.text().strip())
        timed = self.use_time.isChecked()
        try:
            if not self.date.text().strip():
                raise RuleError("請填寫諮詢日期", "the date is required")
            held_on = parse_date(self.date.text())
        except PortfolioError as exc:
            self.message.setText(message(exc))
            return None
        db, actor, record = self.ctx.db, self.ctx.actor, self.row.id
        mode, student_nos = str(self.mode.currentData()), checked_numbers(self.students)
        starts, ends = (_time(self.starts), _time(self.ends)) if timed else (None, None)
        place, content, opinions = self.place.text(), self.content.toPlainText(), self.opinions.toPlainText()
        reason = self.reason.text()
        self.save_button.setEnabled(False)
        return self.ctx.ops.write(
            lambda: consultations.edit_consultation(
                db, actor, record, mode=mode, student_nos=student_nos, held_on=held_on, starts_at=starts,
                ends_at=ends, place=place, content=content, opinions=opinions, attachment=attachment, reason=reason),
            changes={Cap.WORKGROUP}, title=self.tr("更正諮詢紀錄"), parent=self, success=self._saved,
            failure=lambda exc: self.message.setText(message(exc)), done=lambda: self.save_button.setEnabled(True))

    def _saved(self, row: ConsultationRow) -> None:
        self.result_row = row
        QDialog.accept(self)

    def accept(self) -> None:
        self.save()


class RemoveConsultationDialog(QDialog):
    """Confirm removing a record entered by mistake, with a reason kept in the audit log."""

    def __init__(self, ctx: PageContext, row: ConsultationRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setObjectName("removeConsultationDialog")
        self.setWindowTitle(self.tr("刪除諮詢紀錄"))
        names = list_separator().join(f"{s.student_no} {s.name}" for s in row.students)
        summary = QLabel(self.tr("要刪除 {date} {mode}（{teacher}；{students}）這筆紀錄嗎？\n"
                                 "內容會保留在稽核紀錄中。").format(date=show_date(row.held_on),
                                                          mode=mode_label(row.mode), teacher=row.teacher_name,
                                                          students=names), self)
        summary.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("刪除原因（如：重複登錄）"))
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.remove_button = buttons.addButton(self.tr("刪除"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.setObjectName("remove")
        self.remove_button.clicked.connect(lambda _c=False: self.accept())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (summary, self.reason, self.message, buttons):
            layout.addWidget(w)

    def accept(self) -> None:
        """Remove the record on the write worker; the dialog closes when it is gone."""
        self.message.clear()
        db, actor, record, reason = self.ctx.db, self.ctx.actor, self.row.id, self.reason.text()
        self.remove_button.setEnabled(False)
        self.ctx.ops.write(lambda: consultations.remove_consultation(db, actor, record, reason=reason),
                           changes={Cap.WORKGROUP}, title=self.tr("刪除諮詢紀錄"), parent=self,
                           success=lambda _r: QDialog.accept(self),
                           failure=lambda exc: self.message.setText(message(exc)),
                           done=lambda: self.remove_button.setEnabled(True))


class AssignmentsDialog(QDialog):
    """The dean's editor of who is responsible for whom (分工明細表 課程諮詢教師: 檢視其所負責之學生):
    pick a consultant, assign a whole class or single students by 學號, and remove a selected assignment."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("consultantAssignmentsDialog")
        self.setWindowTitle(self.tr("課程諮詢教師負責學生"))
        fit_to_screen(self, 640, 480)  # never taller than a 768-line screen less its taskbar
        self.consultant = QComboBox(self)
        self.consultant.setObjectName("consultant")
        self.class_code = QComboBox(self)
        self.class_code.setObjectName("classCode")
        self.student_nos = QLineEdit(self)
        self.student_nos.setObjectName("studentNos")
        self.student_nos.setPlaceholderText(self.tr("學號，多位以逗號或空格分隔"))
        self.model = RowModel([self.tr("課程諮詢教師"), self.tr("負責"), self.tr("部別"), self.tr("學生數")], self)
        self.table = QTableView(self)
        self.table.setObjectName("assignmentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("課程諮詢教師"), self.consultant)
        row1 = QHBoxLayout()
        row1.addWidget(self.class_code, 1)
        row1.addWidget(self._button(self.tr("指派班級"), "assignClass", self.assign_class))
        form.addRow(self.tr("班級"), row1)
        row2 = QHBoxLayout()
        row2.addWidget(self.student_nos, 1)
        row2.addWidget(self._button(self.tr("指派學生"), "assignStudents", self.assign_students))
        form.addRow(self.tr("個別學生"), row2)
        bar = QHBoxLayout()
        bar.addWidget(self._button(self.tr("移除所選指派"), "removeAssignment", self.remove_selected))
        bar.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(close)
        db, actor = ctx.db, ctx.actor
        ctx.ops.query(lambda: (consultations.consultants(db, actor), consultations.class_codes(db)),
                      success=lambda got: self._choices(*got), failure=lambda exc: self.message.setText(message(exc)),
                      title=self.tr("課程諮詢教師負責學生"), parent=self)

    def _choices(self, consultants: list[Consultant], class_codes: list[str]) -> None:
        for c in consultants:
            self.consultant.addItem(self.tr("{name}（{username}）").format(name=c.name, username=c.username),
                                    c.username)
        for code in class_codes:
            self.class_code.addItem(code, code)
        self.consultant.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())
        return b

    def current(self) -> str | None:
        value = self.consultant.currentData()
        return str(value) if value else None

    def refresh(self) -> None:
        who = self.current()
        if who is None:
            self._show([])
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.ops.query(lambda: consultations.list_assignments(db, actor, who), success=self._show,
                           failure=self._unreadable, key=f"assignments-{id(self)}",
                           title=self.tr("課程諮詢教師負責學生"), parent=self)

    def _unreadable(self, exc: PortfolioError) -> None:
        self.model.set_rows([], [])
        self.message.setText(message(exc))

    def _show(self, rows: list[AssignmentRow]) -> None:
        self.model.set_rows(rows, [
            (r.consultant_name, self.tr("班級 {code}").format(code=r.class_code) if r.class_code
             else f"{r.student_no} {r.student_name}", r.division or "", r.students) for r in rows])

    def _write(self, fn: Callable[[], int], said: Callable[[int], str], *,
               clear: QLineEdit | None = None) -> Job:
        """A change of assignments on the write worker; on success say what changed and read the list again."""
        self.message.clear()

        def saved(n: int) -> None:
            self.message.setText(said(n))
            if clear is not None:
                clear.clear()
            self.refresh()

        return self.ctx.ops.write(fn, changes={Cap.WORKGROUP}, title=self.tr("課程諮詢教師負責學生"), parent=self,
                                  success=saved, failure=lambda exc: self.message.setText(message(exc)))

    def _assign(self, class_codes: Sequence[str], student_nos: Sequence[str], *,
                clear: QLineEdit | None = None) -> Job | None:
        who = self.current()
        if who is None:
            self.message.setText(self.tr("請先選擇課程諮詢教師"))
            return None
        db, actor = self.ctx.db, self.ctx.actor
        return self._write(
            lambda: consultations.assign(db, actor, who, class_codes=class_codes, student_nos=student_nos),
            lambda n: self.tr("已新增 {n} 項指派").format(n=n) if n else self.tr("已經指派過，沒有新增"), clear=clear)

    def assign_class(self) -> Job | None:
        code = self.class_code.currentData()
        return self._assign([str(code)] if code else [], [])

    def assign_students(self) -> Job | None:
        typed = self.student_nos.text()
        nos = typed.replace("，", " ").replace("、", " ").replace(",", " ").split()  # not UI: separators typed
        return self._assign([], nos, clear=self.student_nos)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def remove_selected(self) -> Job | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("請先選擇一項指派"))
            return None
        a = self.model.items[rows[0].row()]
        db, actor = self.ctx.db, self.ctx.actor
        classes, students = [a.class_code] if a.class_code else [], [a.student_no] if a.student_no else []
        return self._write(
            lambda: consultations.unassign(db, actor, a.consultant, class_codes=classes, student_nos=students),
            lambda _n: self.tr("已移除 {consultant} 的指派：{target}；已登錄的諮詢紀錄不受影響").format(
                consultant=a.consultant_name, target=a.target))
