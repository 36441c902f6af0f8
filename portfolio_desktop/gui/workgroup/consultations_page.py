"""課程諮詢紀錄 page: the records the signed-in user may see (a consultant: their own; the dean and the
administrator: all), a form to record a group or individual consultation for the consultant's own
students, an .xlsx export, and for the selected record: correct it, remove it, open its attachment
(the file's SHA-256 checked first). The dean also opens the editor of who is responsible for whom.
Everything goes through ``services.consultations`` on the op runner (gui/ops.py); a write announces
工作小組 on the change bus, which refreshes the page. The dialogs are in gui/workgroup/consultations_dialogs.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roc import parse_date
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui.workgroup.consultations_dialogs import (  # noqa: F401  (MODES, mode_label: used by others too)
    MODES,
    AssignmentsDialog,
    ConsultationEditDialog,
    RemoveConsultationDialog,
    checked_numbers,
    fill_students,
    mode_label,
    set_checked,
)
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import list_separator
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.row_model import RowModel
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.services.workgroup import consultant_assignments
from portfolio_desktop.services.workgroup import consultations
from portfolio_desktop.services.workgroup.consultations import ConsultationRow, StudentRef


class ConsultationsPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("consultationsPage")
        self.model = RowModel([self.tr("日期"), self.tr("時間"), self.tr("型式"), self.tr("諮詢教師"), self.tr("地點"),
                               self.tr("學生"), self.tr("諮詢內容"), self.tr("意見"), self.tr("附件")], self)
        self.table = QTableView(self)
        self.table.setObjectName("consultationTable")
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)

        self.mode = QComboBox(self)
        self.mode.setObjectName("mode")
        for mode in MODES:
            self.mode.addItem(mode_label(mode), mode)
        self.students = QListWidget(self)
        self.students.setObjectName("students")
        self.students.setMaximumHeight(140)
        self.date = DateEdit(None, self, optional=True)  # typed and shown in ROC (or as chosen)
        self.date.setObjectName("date")
        self.date.setPlaceholderText(show_date(dt.date(2024, 10, 10)))
        self.use_time = QCheckBox(self.tr("填寫時間"), self)
        self.use_time.setObjectName("useTime")
        self.starts = QTimeEdit(QTime(12, 10), self)
        self.starts.setObjectName("startsAt")
        self.ends = QTimeEdit(QTime(13, 0), self)
        self.ends.setObjectName("endsAt")
        for t in (self.starts, self.ends):
            t.setDisplayFormat("HH:mm")
        self.place = QLineEdit(self)
        self.place.setObjectName("place")
        self.content = QPlainTextEdit(self)
        self.content.setObjectName("content")
        self.content.setMaximumHeight(80)
        self.opinions = QPlainTextEdit(self)
        self.opinions.setObjectName("opinions")
        self.opinions.setMaximumHeight(60)
        self.attachment = QLineEdit(self)
        self.attachment.setObjectName("attachment")
        self.attachment.setPlaceholderText(self.tr("附件（如簡報，選填）"))

        times = QHBoxLayout()
        for x in (self.use_time, self.starts, QLabel("–", self), self.ends):
            times.addWidget(x)
        times.addStretch(1)
        attach = QHBoxLayout()
        attach.addWidget(self.attachment)
        attach.addWidget(self._button(self.tr("選擇檔案…"), "browseAttachment", self._browse))
        form = QFormLayout()
        form.addRow(self.tr("型式"), self.mode)
        form.addRow(self.tr("學生（勾選）"), self.students)
        form.addRow(self.tr("日期"), self.date)
        form.addRow(self.tr("時間"), times)
        form.addRow(self.tr("地點"), self.place)
        form.addRow(self.tr("諮詢內容"), self.content)
        form.addRow(self.tr("意見"), self.opinions)
        form.addRow(self.tr("附件"), attach)
        self.form_box = QWidget(self)
        self.form_box.setObjectName("consultationForm")
        self.form_box.setLayout(form)
        bar = QHBoxLayout()
        self.add_button = self._button(self.tr("登錄諮詢紀錄"), "addConsultation", self.add)
        bar.addWidget(self.add_button)
        self.export_button = self._button(self.tr("匯出 Excel…"), "exportConsultations", self.export)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.edit_button = self._button(self.tr("更正所選…"), "editConsultation", self.edit_selected)
        self.remove_button = self._button(self.tr("刪除所選…"), "removeConsultation", self.remove_selected)
        self.open_button = self._button(self.tr("開啟附件"), "openAttachment", self.open_attachment)
        self.assign_button = self._button(self.tr("負責學生指派…"), "manageAssignments", self.manage_assignments)
        # Assigning is the working group's task division: the dean's (services/workgroup/consultant_assignments.py).
        permissions.guard_action(self.assign_button, ctx, Permission.EVALUATION_WRITE, hide=True)
        # Recording is the consultant's (seed 001 §五(二)2); correcting also the dean's (§三(二)).
        self.write_denied = permissions.why_not(ctx, Permission.CONSULTATION_WRITE, anywhere=True)
        self.change_denied = self.write_denied
        if self.write_denied is not None and permissions.why_not(ctx, Permission.EVALUATION_WRITE) is None:
            self.change_denied = None
        for b in (self.edit_button, self.remove_button, self.open_button, self.assign_button):
            bar.addWidget(b)
        # The form scrolls, so the page never forces the main window taller than a small screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        # the data is read by refresh(): when the page is first shown and after a change it shows
        ctx.changes.watch(self, (Cap.WORKGROUP, Cap.ROSTERS, Cap.ACCOUNTS), self.refresh, stale=True)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())
        return b

    # --- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the records the user may see and their own students on a worker."""
        db, actor = self.ctx.db, self.ctx.actor

        def read() -> tuple[list[ConsultationRow], list[StudentRef]]:
            denied = consultant_assignments.read_denied(db, actor)  # asked first: not audited
            if denied is not None:
                raise denied
            return consultations.list_consultations(db, actor), consultations.my_students(db, actor)

        self.ctx.ops.query(read, success=lambda got: self._show(*got), failure=self._unreadable,
                           key=f"consultations-{id(self)}", title=self.tr("課程諮詢"), parent=self)

    def _unreadable(self, exc: PortfolioError) -> None:
        self.model.set_rows([], [])
        self.students.clear()
        self.form_box.setEnabled(False)
        permissions.apply(self.add_button, self.write_denied or exc)
        permissions.apply(self.export_button, exc)  # the records it may not read: nothing to export
        self.message.setText(message(exc))
        self._selection_changed()

    def _show(self, rows: list[ConsultationRow], mine: list[StudentRef]) -> None:
        self.model.set_rows(rows, [
            (show_date(r.held_on), r.time_text, mode_label(r.mode), r.teacher_name, r.place,
             list_separator().join(f"{s.class_code} {s.name}" for s in r.students), r.content, r.opinions,
             r.attachment_name)
            for r in rows])
        fill_students(self.students, mine, self.checked_students())
        # The dean and the administrator read all records but have no students of their own to record for.
        self.form_box.setEnabled(bool(mine) and self.write_denied is None)
        permissions.apply(self.add_button, self.write_denied)
        permissions.apply(self.export_button, None)
        if self.write_denied is None and not mine:
            self.add_button.setEnabled(False)
            self.add_button.setToolTip(self.tr("沒有負責的學生可登錄（由教務主任指派）"))
        self.form_box.setToolTip(self.add_button.toolTip() if not self.form_box.isEnabled() else "")
        self._selection_changed()

    def checked_students(self) -> list[str]:
        return checked_numbers(self.students)

    def check_student(self, student_no: str, on: bool = True) -> None:
        set_checked(self.students, student_no, on)

    def selected(self) -> ConsultationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.items[rows[0].row()] if rows else None

    def select_record(self, consultation_id: int) -> None:
        for i, r in enumerate(self.model.items):
            if r.id == consultation_id:
                self.table.selectRow(i)

    def _selection_changed(self) -> None:
        row = self.selected()
        for b in (self.edit_button, self.remove_button):
            permissions.apply(b, self.change_denied)
            b.setEnabled(row is not None and self.change_denied is None)
        self.open_button.setEnabled(row is not None and row.attachment_id is not None)

    # --- actions ----------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("選擇附件"), str(Path.home()))
        if path:
            self.attachment.setText(path)

    def add(self) -> Job | None:
        """Record the filled-in consultation on the write worker; a refusal keeps the input."""
        self.message.clear()
        try:
            if not self.date.text().strip():
                raise RuleError("請填寫諮詢日期", "the date is required")
            held_on = parse_date(self.date.text())
        except PortfolioError as exc:
            self.message.setText(message(exc))
            return None
        starts = ends = None
        if self.use_time.isChecked():
            starts = dt.time(self.starts.time().hour(), self.starts.time().minute())
            ends = dt.time(self.ends.time().hour(), self.ends.time().minute())
        path = self.attachment.text().strip()
        db, actor = self.ctx.db, self.ctx.actor
        mode, student_nos = str(self.mode.currentData()), self.checked_students()
        place, content, opinions = self.place.text(), self.content.toPlainText(), self.opinions.toPlainText()
        attachment = Path(path) if path else None
        return self.ctx.ops.write(
            lambda: consultations.add_consultation(
                db, actor, mode=mode, student_nos=student_nos, held_on=held_on, place=place, content=content,
                opinions=opinions, starts_at=starts, ends_at=ends, attachment=attachment),
            changes={Cap.WORKGROUP}, title=self.tr("登錄諮詢紀錄"), parent=self, success=self._added,
            failure=lambda exc: self.message.setText(message(exc)))

    def _added(self, row: ConsultationRow) -> None:
        self.message.setText(self.tr("已登錄{mode}（{n} 位學生）").format(mode=mode_label(row.mode), n=len(row.students)))
        for w in (self.place, self.attachment):
            w.clear()
        self.content.clear()
        self.opinions.clear()
        for no in self.checked_students():
            self.check_student(no, False)

    def edit_selected(self) -> ConsultationEditDialog | None:
        """Open the correction dialog for the selected record (non-modal: returned for the caller / tests)."""
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("請先選擇一筆諮詢紀錄"))
            return None
        dialog = ConsultationEditDialog(self.ctx, row, self)
        dialog.accepted.connect(lambda: self.message.setText(self.tr("已更正諮詢紀錄 #{id}").format(id=row.id)))
        dialog.open()
        return dialog

    def remove_selected(self) -> RemoveConsultationDialog | None:
        row = self.selected()
        if row is None:
            self.message.setText(self.tr("請先選擇一筆諮詢紀錄"))
            return None
        dialog = RemoveConsultationDialog(self.ctx, row, self)
        dialog.accepted.connect(lambda: self.message.setText(
            self.tr("已刪除諮詢紀錄 #{id}；內容保留於稽核紀錄").format(id=row.id)))
        dialog.open()
        return dialog

    def open_attachment(self) -> Job | None:
        """Hand the selected record's attachment to the system's viewer, after its SHA-256 was checked
        (on a worker: the file is written out from the database)."""
        row = self.selected()
        if row is None or row.attachment_id is None:
            self.message.setText(self.tr("所選紀錄沒有附件"))
            return None
        db, actor = self.ctx.db, self.ctx.actor
        return self.ctx.ops.query(lambda: consultations.attachment_path(db, actor, row.id),
                                  success=lambda path: self._open(row, path), title=self.tr("開啟附件"), parent=self,
                                  failure=lambda exc: self.message.setText(message(exc)))

    def _open(self, row: ConsultationRow, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.message.setText(self.tr("無法開啟附件 {name}；檔案位於 {path}").format(name=row.attachment_name, path=path))
            return
        self.message.setText(self.tr("已開啟附件 {name}（內容與登錄時相符）").format(name=row.attachment_name))

    def manage_assignments(self) -> AssignmentsDialog:
        """The dean's editor; its writes announce 工作小組, which refreshes this page."""
        dialog = AssignmentsDialog(self.ctx, self)
        dialog.open()
        return dialog

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("匯出課程諮詢紀錄"), str(Path.home() / self.tr("課程諮詢紀錄.xlsx")),
                                              self.tr("Excel 活頁簿 (*.xlsx)"))
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_to(self, path: Path) -> Job:
        """Write the records the user may see to ``path`` on the write worker (the export is audited)."""
        db, actor = self.ctx.db, self.ctx.actor
        return self.ctx.ops.write(
            lambda: consultations.export_xlsx(db, actor, path), changes=(), title=self.tr("匯出課程諮詢紀錄"),
            parent=self, failure=lambda exc: self.message.setText(message(exc)),
            success=lambda n: self.message.setText(self.tr("已匯出 {n} 列至 {path}").format(n=n, path=path)))


def make_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES."""
    page = ConsultationsPage(ctx, parent)
    return QCoreApplication.translate("MainWindow", "課程諮詢"), page
