"""工作小組 page: members (from a regulation's template), meetings with minutes, sessions, the
compliance view (done / due / late, self-check dates) and the evaluation with 敘獎 candidates.

Every read and action goes through ``services.workgroup`` / ``compliance`` / ``evaluation`` on the op
runner (gui/ops.py); a write announces 工作小組 on the change bus, which refreshes the page. A refusal
(not the dean, bad input) is shown in the message line, the input stays and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.compliance import PRESETS, Audience, CheckStatus, SessionKind
from portfolio_desktop.domain.compliance import cited
from portfolio_desktop.domain.roc import format_term, parse_date
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.workgroup_templates import TEMPLATE_LABELS
from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui import i18n, permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.dates import show_date
from portfolio_desktop.gui.labels import check_note, evaluation_detail, label, labels, list_separator, responsible
from portfolio_desktop.gui.messages import message, pick
from portfolio_desktop.gui.row_model import RowModel
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.services.workgroup import compliance
from portfolio_desktop.services.workgroup import evaluation
from portfolio_desktop.services.workgroup import workgroup
from portfolio_desktop.services.terms import current_term

# domain.workgroup_templates TEMPLATE_LABELS (the member templates) and the rule presets named after the
# same two regulations (tests/gui/test_translations.py checks these cover TEMPLATE_LABELS).
TEMPLATE_NAMES = {
    "000": QT_TRANSLATE_NOOP("WorkgroupTemplate", "臺南二中補充規定（109）第三點：17 人"),
    "001": QT_TRANSLATE_NOOP("WorkgroupTemplate", "岡山農工補充規定（112）第二點：25 人"),
}
RULE_NAMES = {
    "000": QT_TRANSLATE_NOOP("WorkgroupTemplate", "臺南二中補充規定（109）"),
    "001": QT_TRANSLATE_NOOP("WorkgroupTemplate", "岡山農工補充規定（112）"),
}

STATUS_COLOURS = {CheckStatus.DONE: "#dff0d8", CheckStatus.DUE: "#fcf8e3", CheckStatus.LATE: "#f2dede"}


def _table(parent: QWidget, model: RowModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    # a few dozen rows: every column fits its text (nothing cut), the last takes the rest of the width
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _button(parent: QWidget, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
    b = QPushButton(text, parent)
    b.setObjectName(name)
    b.clicked.connect(lambda _c=False: slot())
    return b


def _date(text: str) -> dt.date | None:
    return parse_date(text) if text.strip() else None


@dataclass(frozen=True)
class _Year:
    """What the page shows of one 學年度, read in one op."""

    year: int
    members: list[workgroup.MemberRow]
    meetings: list[workgroup.MeetingRow]
    sessions: list[workgroup.SessionRow]
    report: compliance.ComplianceReport
    evaluation: evaluation.EvaluationReport | None  # None: the reader may not see it


class WorkgroupPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setObjectName("workgroupPage")
        self.year = QSpinBox(self)
        self.year.setObjectName("schoolYear")
        self.year.setRange(100, 200)
        self._year_set = False  # the school's 學年度 (services/terms.py) is read on the first refresh
        self.year.setPrefix(self.tr("學年度 "))
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workgroupTabs")
        self.tabs.addTab(self._members_tab(), self.tr("成員"))
        self.tabs.addTab(self._meetings_tab(), self.tr("會議"))
        self.tabs.addTab(self._sessions_tab(), self.tr("宣導及研習"))
        self.tabs.addTab(self._compliance_tab(), self.tr("辦理情形"))
        self.tabs.addTab(self._evaluation_tab(), self.tr("成效評核"))
        self._guard_forms()
        top = QHBoxLayout()
        top.addWidget(self.year)
        if self.read_only_note is not None:
            top.addWidget(self.read_only_note, 1)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        ctx.changes.watch(self, (Cap.WORKGROUP, Cap.ACCOUNTS, Cap.SETTINGS), self.refresh, stale=True)

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def _guard_forms(self) -> None:
        """Everyone reads the working group's records; writing them is the dean's (執行秘書, seed 001
        §三, §十), the rules also the administrator's: for anyone else every form is read-only and
        every button disabled, with the service's refusal as the reason."""
        denied = permissions.why_not(self.ctx, Permission.EVALUATION_WRITE)
        rules_denied = permissions.why_not_setting(self.ctx, "workgroup.compliance")  # domain/setting_owners.py
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            if tab is None:
                continue
            fields = [w for w in tab.findChildren(QWidget)
                      if isinstance(w, QLineEdit | QComboBox | QCheckBox | QSpinBox | DateEdit) and w is not self.rules]
            permissions.read_only(fields, denied)
            for b in tab.findChildren(QPushButton):
                permissions.apply(b, rules_denied if b.objectName() == "applyRules" else denied)
        permissions.read_only([self.rules], rules_denied)
        self.read_only_note = None if denied is None else permissions.refusal_label(
            self, denied, what=self.tr("工作小組紀錄僅供查看："), compact=True)

    # --- tabs -------------------------------------------------------------------------------
    def _members_tab(self) -> QWidget:
        w = QWidget(self)
        self.member_model = RowModel([self.tr("序"), self.tr("職稱"), self.tr("成員"), self.tr("職責")], w)
        self.member_table = _table(w, self.member_model, "memberTable")
        self.template = QComboBox(w)
        self.template.setObjectName("template")
        for key in TEMPLATE_LABELS:
            self.template.addItem(QCoreApplication.translate("WorkgroupTemplate", TEMPLATE_NAMES[key]), key)
        self.replace = QCheckBox(self.tr("取代現有名單"), w)
        self.replace.setObjectName("replace")
        self.member_title = QLineEdit(w)
        self.member_title.setObjectName("memberTitle")
        self.member_title.setPlaceholderText(self.tr("職稱"))
        self.member_person = QLineEdit(w)
        self.member_person.setObjectName("memberPerson")
        self.member_person.setPlaceholderText(self.tr("姓名"))
        self.member_duty = QLineEdit(w)
        self.member_duty.setObjectName("memberDuty")
        self.member_duty.setPlaceholderText(self.tr("職責"))
        bar = QHBoxLayout()
        for x in (self.template, self.replace, _button(w, self.tr("套用範本"), "applyTemplate", self.apply_template)):
            bar.addWidget(x)
        add = QHBoxLayout()
        for y in (self.member_title, self.member_person, self.member_duty,
                  _button(w, self.tr("新增成員"), "addMember", self.add_member),
                  _button(w, self.tr("移除所選"), "removeMember", self.remove_member)):
            add.addWidget(y)
        v = QVBoxLayout(w)
        v.addLayout(bar)
        v.addWidget(self.member_table)
        v.addLayout(add)
        return w

    def _meetings_tab(self) -> QWidget:
        w = QWidget(self)
        self.meeting_model = RowModel([self.tr("日期"), self.tr("學期"), self.tr("議程"), self.tr("會議紀錄"),
                                       "SHA-256"], w)
        self.meeting_table = _table(w, self.meeting_model, "meetingTable")
        self.meeting_date = DateEdit(None, w, optional=True)
        self.meeting_date.setObjectName("meetingDate")
        self.meeting_date.setPlaceholderText(show_date(dt.date(2024, 9, 2)))
        self.meeting_agenda = QLineEdit(w)
        self.meeting_agenda.setObjectName("meetingAgenda")
        self.minutes_path = QLineEdit(w)
        self.minutes_path.setObjectName("minutesPath")
        self.minutes_path.setPlaceholderText(self.tr("會議紀錄檔（選填）"))
        form = QFormLayout()
        form.addRow(self.tr("日期"), self.meeting_date)
        form.addRow(self.tr("議程"), self.meeting_agenda)
        row = QHBoxLayout()
        row.addWidget(self.minutes_path)
        row.addWidget(_button(w, self.tr("選擇檔案…"), "browseMinutes", self._browse_minutes))
        form.addRow(self.tr("會議紀錄"), row)
        v = QVBoxLayout(w)
        v.addWidget(self.meeting_table)
        v.addLayout(form)
        v.addWidget(_button(w, self.tr("登錄會議"), "addMeeting", self.add_meeting))
        return w

    def _sessions_tab(self) -> QWidget:
        w = QWidget(self)
        self.session_model = RowModel([self.tr("日期"), self.tr("類別"), self.tr("對象"), self.tr("人數"),
                                       self.tr("名稱"), self.tr("承辦")], w)
        self.session_table = _table(w, self.session_model, "sessionTable")
        self.session_kind = QComboBox(w)
        self.session_kind.setObjectName("sessionKind")
        for k in SessionKind:
            self.session_kind.addItem(label(k), k.value)
        self.audience_boxes: dict[Audience, QCheckBox] = {}
        aud = QHBoxLayout()
        for a in Audience:
            box = QCheckBox(label(a), w)
            box.setObjectName(f"audience_{a.value}")
            self.audience_boxes[a] = box
            aud.addWidget(box)
        self.session_date = DateEdit(None, w, optional=True)
        self.session_date.setObjectName("sessionDate")
        self.attendance = QSpinBox(w)
        self.attendance.setObjectName("attendance")
        self.attendance.setRange(0, 100000)
        self.session_title = QLineEdit(w)
        self.session_title.setObjectName("sessionTitle")
        self.organiser = QLineEdit(w)
        self.organiser.setObjectName("organiser")
        form = QFormLayout()
        form.addRow(self.tr("類別"), self.session_kind)
        form.addRow(self.tr("對象"), aud)
        form.addRow(self.tr("日期"), self.session_date)
        form.addRow(self.tr("出席人數"), self.attendance)
        form.addRow(self.tr("名稱"), self.session_title)
        form.addRow(self.tr("承辦單位"), self.organiser)
        v = QVBoxLayout(w)
        v.addWidget(self.session_table)
        v.addLayout(form)
        v.addWidget(_button(w, self.tr("登錄場次"), "addSession", self.add_session))
        return w

    def _compliance_tab(self) -> QWidget:
        w = QWidget(self)
        self.check_model = RowModel([self.tr("狀態"), self.tr("項目"), self.tr("完成/應辦"), self.tr("期限"),
                                     self.tr("說明"), self.tr("依據")], w)
        self.check_table = _table(w, self.check_model, "checkTable")
        self.summary = QLabel(w)
        self.summary.setObjectName("complianceSummary")
        self.rules = QComboBox(w)
        self.rules.setObjectName("rulesPreset")
        for key in PRESETS:
            self.rules.addItem(QCoreApplication.translate("WorkgroupTemplate", RULE_NAMES[key]), key)
        self.check_term = QComboBox(w)
        self.check_term.setObjectName("checkTerm")
        self.planned = DateEdit(None, w, optional=True)
        self.planned.setObjectName("plannedOn")
        self.planned.setPlaceholderText(self.tr("預定日期"))
        self.done = DateEdit(None, w, optional=True)
        self.done.setObjectName("doneOn")
        self.done.setPlaceholderText(self.tr("完成日期"))
        rules = QHBoxLayout()
        rules.addWidget(QLabel(self.tr("適用規定"), w))
        rules.addWidget(self.rules)
        rules.addWidget(_button(w, self.tr("套用"), "applyRules", self.apply_rules))
        rules.addStretch(1)
        check = QHBoxLayout()
        for x in (QLabel(self.tr("自我檢核"), w), self.check_term, self.planned, self.done,
                  _button(w, self.tr("儲存檢核日期"), "saveSelfCheck", self.set_self_check)):
            check.addWidget(x)
        v = QVBoxLayout(w)
        v.addWidget(self.summary)
        v.addWidget(self.check_table)
        v.addLayout(rules)
        v.addLayout(check)
        return w

    def _evaluation_tab(self) -> QWidget:
        w = QWidget(self)
        self.eval_model = RowModel([self.tr("評核項目"), self.tr("負責人"), self.tr("準時/總數"), self.tr("達成率"),
                                    self.tr("達標"), self.tr("明細")], w)
        self.eval_table = _table(w, self.eval_model, "evaluationTable")
        self.candidates = QLabel(w)
        self.candidates.setObjectName("candidates")
        self.candidates.setWordWrap(True)
        v = QVBoxLayout(w)
        v.addWidget(self.eval_table)
        v.addWidget(self.candidates)
        return w

    # --- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the shown 學年度 (the school's current one the first time, services/terms.py) on a worker."""
        db, actor, today = self.ctx.db, self.ctx.actor, self._today()
        year = self.year.value() if self._year_set else None
        may_evaluate = permissions.why_not(self.ctx, Permission.EVALUATION_WRITE) is None

        def read() -> _Year:
            y = year if year is not None else current_term(db, today)[0]
            return _Year(y, workgroup.list_members(db, actor, y), workgroup.list_meetings(db, actor, y),
                         workgroup.list_sessions(db, actor, y), compliance.compliance(db, actor, y, today=today),
                         evaluation.evaluation(db, actor, y) if may_evaluate else None)

        self.ctx.ops.query(read, success=self._show, failure=lambda exc: self.message.setText(message(exc)),
                           key=f"workgroup-{id(self)}", title=self.tr("工作小組"), parent=self)

    def _show(self, data: _Year) -> None:
        if not self._year_set:
            self._year_set = True
            self.year.blockSignals(True)
            self.year.setValue(data.year)
            self.year.blockSignals(False)
        year = data.year
        members, meetings, sessions, report = data.members, data.meetings, data.sessions, data.report
        self.member_model.set_rows(members, [(m.position, m.title, m.person, m.duty) for m in members])
        self.meeting_model.set_rows(meetings, [(show_date(m.held_on), m.term, m.agenda, m.minutes_name,
                                                (m.minutes_sha256 or "")[:16]) for m in meetings])
        self.session_model.set_rows(sessions, [(show_date(s.held_on), label(s.kind), labels(
                                                    a for a in Audience if a in s.audiences), s.attendance,
                                                s.title, s.organiser) for s in sessions])
        self.check_model.set_rows(report.checks, [
            (label(c.status), pick(c.zh, c.en), f"{c.done}/{c.required}", show_date(c.deadline), check_note(c),
             cited(message(c.source), english=i18n.is_english()))
            for c in report.checks],
                                  [STATUS_COLOURS[c.status] for c in report.checks])
        counts = report.counts
        self.summary.setText(self.tr("已完成 {done}、待辦 {due}、逾期 {late}").format(
            done=counts[CheckStatus.DONE], due=counts[CheckStatus.DUE], late=counts[CheckStatus.LATE]))
        current = self.check_term.currentData()
        self.check_term.clear()
        for sem in (1, 2):
            self.check_term.addItem(format_term(year, sem), sem)
        if current:
            self.check_term.setCurrentIndex(int(current) - 1)
        self._show_evaluation(data.evaluation)

    def _show_evaluation(self, report: evaluation.EvaluationReport | None) -> None:
        if report is None:
            denied = permissions.why_not(self.ctx, Permission.EVALUATION_WRITE)
            self.eval_model.set_rows([], [])
            self.candidates.setText(self.tr("成效評核僅限教務主任（執行秘書）查看") + "\n"
                                    + (message(denied) if denied is not None else ""))
            return
        self.eval_model.set_rows(report.completions, [
            (label(c.duty), responsible(c), self._on_time(c), c.percent, "✓" if c.meets else "",
             evaluation_detail(c)) for c in report.completions])
        names = list_separator().join(responsible(c) for c in report.candidates) or self.tr("（無）")
        self.candidates.setText(self.tr("敘獎候選（提交工作小組議決）：{names}").format(names=names))

    def _on_time(self, c: Any) -> str:
        """「8/10（另逾期補辦 2）」: what was done late is counted apart, never left out silently."""
        text = f"{c.on_time}/{c.total}"
        late = c.done - c.on_time
        return text + self.tr("（另逾期補辦 {n}）").format(n=late) if late else text

    def _write(self, done_text: str, fn: Callable[[], object], *, clear: tuple[Any, ...] = ()) -> Job:
        """Run a write on the op runner: on success say ``done_text`` and clear the fields ``clear``
        (the change bus refreshes the page); a refusal stays in the message line with the input."""
        self.message.clear()

        def saved(_result: object) -> None:
            self.message.setText(done_text)
            for field in clear:
                field.clear()

        return self.ctx.ops.write(fn, changes={Cap.WORKGROUP}, title=self.tr("工作小組"), parent=self,
                                  success=saved, failure=lambda exc: self.message.setText(message(exc)))

    def _refuse(self, exc: PortfolioError) -> None:
        self.message.setText(message(exc))

    # --- actions ----------------------------------------------------------------------------
    def apply_template(self) -> Job:
        db, actor, year = self.ctx.db, self.ctx.actor, self.year.value()
        key, replace = str(self.template.currentData()), self.replace.isChecked()
        return self._write(self.tr("已套用成員範本"),
                           lambda: workgroup.apply_template(db, actor, year, key, replace=replace))

    def add_member(self) -> Job:
        db, actor, year = self.ctx.db, self.ctx.actor, self.year.value()
        title, person, duty = self.member_title.text(), self.member_person.text(), self.member_duty.text()
        return self._write(self.tr("已新增成員"), lambda: workgroup.add_member(
            db, actor, year, title, person_name=person, duty=duty),
            clear=(self.member_title, self.member_person, self.member_duty))

    def remove_member(self) -> Job | None:
        rows = self.member_table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("請先選一位成員"))
            return None
        db, actor, member = self.ctx.db, self.ctx.actor, self.member_model.items[rows[0].row()]
        return self._write(self.tr("已移除成員"), lambda: workgroup.remove_member(db, actor, member.id))

    def _browse_minutes(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("選擇會議紀錄"), str(Path.home()))
        if path:
            self.minutes_path.setText(path)

    def add_meeting(self) -> Job | None:
        try:
            day = _date(self.meeting_date.text())
            if day is None:
                raise RuleError("請填寫會議日期", "the meeting date is required")
        except PortfolioError as exc:
            self._refuse(exc)
            return None
        db, actor, agenda = self.ctx.db, self.ctx.actor, self.meeting_agenda.text()
        path = self.minutes_path.text().strip()
        minutes = Path(path) if path else None
        return self._write(self.tr("已登錄會議"), lambda: workgroup.add_meeting(db, actor, day, agenda, minutes=minutes),
                           clear=(self.meeting_date, self.meeting_agenda, self.minutes_path))

    def add_session(self) -> Job | None:
        try:
            day = _date(self.session_date.text())
            if day is None:
                raise RuleError("請填寫場次日期", "the session date is required")
        except PortfolioError as exc:
            self._refuse(exc)
            return None
        db, actor = self.ctx.db, self.ctx.actor
        audiences = [a.value for a, box in self.audience_boxes.items() if box.isChecked()]
        kind = SessionKind(self.session_kind.currentData())
        title, organiser, attendance = self.session_title.text(), self.organiser.text(), self.attendance.value()
        return self._write(self.tr("已登錄場次"), lambda: workgroup.add_session(
            db, actor, kind, audiences, day, title=title, organiser=organiser, attendance=attendance))

    def apply_rules(self) -> Job:
        db, actor, key = self.ctx.db, self.ctx.actor, str(self.rules.currentData())
        return self._write(self.tr("已套用規定"), lambda: compliance.set_rules(db, actor, key))

    def set_self_check(self) -> Job | None:
        try:
            planned, done = _date(self.planned.text()), _date(self.done.text())
        except PortfolioError as exc:
            self._refuse(exc)
            return None
        db, actor, year, today = self.ctx.db, self.ctx.actor, self.year.value(), self._today()
        semester = int(self.check_term.currentData())
        return self._write(self.tr("已儲存自我檢核日期"), lambda: workgroup.set_self_check(
            db, actor, year, semester, planned_on=planned, done_on=done, today=today))


def make_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py`` PAGES."""
    page = WorkgroupPage(ctx, parent)
    return QCoreApplication.translate("MainWindow", "工作小組"), page
