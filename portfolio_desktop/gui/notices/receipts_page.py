"""The 收訖明細 page: the confirmation view per class or for all departed students, filters (pending,
mailed with no reply after N days, disputed), and the actions — import the receipt details, record a
confirmation, dispute or reply slip, record a returned letter, print notices, manage batches.

Widgets call services only (no SQL here), every call on the op runner (gui/ops.py): reads on a
worker, writes on the write worker (long ones — import, rendering — with progress and Cancel). A write
announces 郵寄通知 on the change bus, which refreshes the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.imports.import_dialog import ImportDialog
from portfolio_desktop.gui.imports.import_kinds import RECEIPTS_IMPORT
from portfolio_desktop.gui.imports.imports import open_import
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.labels import division_text, list_separator
from portfolio_desktop.gui.messages import error_text, message
from portfolio_desktop.gui.notices.receipts_batches import BatchesDialog
from portfolio_desktop.gui.notices.receipts_dialogs import Decision, DecisionDialog, NoticeSettingsDialog
from portfolio_desktop.gui.notices.receipts_model import ROW_ROLE, ReceiptTableModel
from portfolio_desktop.gui.notices.receipts_print import NoticePrintDialog
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.services.notices import notice_batches
from portfolio_desktop.services.notices import receipts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notice_settings import NoticeSettings, notice_settings, save_settings
from portfolio_desktop.services.notices.receipts import ReceiptRow
from portfolio_desktop.store.engine import Database


ALL_DEPARTED = "__departed__"
FILTERS = [
    ("all", QT_TRANSLATE_NOOP("ReceiptsPage", "全部")), ("pending", QT_TRANSLATE_NOOP("ReceiptsPage", "待確認")),
    ("no_reply", QT_TRANSLATE_NOOP("ReceiptsPage", "已寄出未回覆")), ("disputed", QT_TRANSLATE_NOOP("ReceiptsPage", "有疑義")),
    ("confirmed", QT_TRANSLATE_NOOP("ReceiptsPage", "確認無誤")),
]


class ReceiptsPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._scopes_stale = True  # the class list of 範圍 is read again after a change (an import adds classes)
        self.setObjectName("receiptsPage")
        self.scope = QComboBox()
        # 範圍 grows to its longest entry (全部離校學生, 進修部 301 …): its entries arrive after the page is shown
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.setObjectName("receiptsScope")
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("receiptsFilter")
        for key, zh in FILTERS:
            self.state_filter.addItem(self.tr(zh), key)
        self.days = QSpinBox(minimum=1, maximum=365, value=14, suffix=self.tr(" 天"))
        self.search = QLineEdit(placeholderText=self.tr("學號或姓名"))
        self.search.setMinimumWidth(80)
        self.model = ReceiptTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("receiptsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.count = QLabel()

        top = QHBoxLayout()
        for label, w in ((self.tr("範圍"), self.scope), (self.tr("狀態"), self.state_filter), (None, self.days),
                         (None, self.search)):  # fmt: skip
            if label:
                top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.count)
        # A tool bar, not a row of buttons: it folds into a » menu when the window is narrow.
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("receiptsActions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_key: dict[str, QAction] = {}
        for key, text, slot in (
            ("import", self.tr("匯入收訖明細…"), self.ask_import), ("decide", self.tr("登錄確認／疑義…"), self.ask_decide),
            ("reply", self.tr("登錄回條…"), self.ask_reply), ("returned", self.tr("登錄退件"), self.ask_returned),
            ("print", self.tr("列印郵寄通知…"), self.open_print), ("batches", self.tr("通知批次…"), self.open_batches),
            ("settings", self.tr("信頭與信封設定…"), self.open_settings),
        ):  # fmt: skip
            action = self.toolbar.addAction(text)
            action.setObjectName(f"receipts_{key}")
            action.triggered.connect(slot)
            self.actions_by_key[key] = action
        self._guard_actions()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)

        self.scope.currentIndexChanged.connect(self.refresh)
        self.state_filter.currentIndexChanged.connect(self._filter_changed)
        self.days.valueChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.days.setVisible(self.state_filter.currentData() == "no_reply")
        ctx.changes.watch(self, SHOWS, self.reload, stale=True)  # read when first shown and after a change

    def _guard_actions(self) -> None:
        """Offer what the role may do: confirming receipts is the registry's (seed 001 §六(三)), the
        mailed notices the registry's of that division (§九(三)3); anyone here may read the letterhead
        settings, which only the administrator changes (the dialog opens read-only for others)."""
        acts = self.actions_by_key
        permissions.apply(acts["import"], self.ctx.why_not_import("receipts"))
        permissions.guard_action(acts["decide"], self.ctx, Permission.RECEIPT_CONFIRM, anywhere=True)
        for key in ("reply", "returned", "print", "batches"):
            permissions.guard_action(acts[key], self.ctx, Permission.NOTICE_WRITE, anywhere=True)

    # --- data -------------------------------------------------------------------------------
    def _fill_scopes(self, rows: list[ReceiptRow]) -> None:
        current = self.scope.currentData() if self.scope.count() else ALL_DEPARTED
        classes = sorted({(r.division, r.class_code) for r in rows})
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("全部離校學生"), ALL_DEPARTED)
        self.scope.addItem(self.tr("全部學生"), None)
        for division, code in classes:
            self.scope.addItem(f"{division_text(division)} {code}", code)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.scope.blockSignals(False)

    def _filter_changed(self) -> None:
        self.days.setVisible(self.state_filter.currentData() == "no_reply")
        self.refresh()

    def reload(self) -> None:
        """After a change: the classes of 範圍 and the rows."""
        self._scopes_stale = True
        self.refresh()

    def refresh(self) -> None:
        """Read the rows the filters ask for (and the classes of 範圍 when stale) on a worker."""
        # asked first, not audited: receipt details are read within the progress scope (read_scope.py)
        denied = permissions.why_not(self.ctx, Permission.DASHBOARD_READ, anywhere=True)
        if denied is not None:
            self.model.set_rows([])
            self.count.setText(error_text(denied))
            return
        scope = self.scope.currentData() if self.scope.count() else ALL_DEPARTED  # 範圍 not read yet
        key = self.state_filter.currentData()
        kwargs: dict[str, Any] = {"search": self.search.text().strip() or None}
        if scope == ALL_DEPARTED:
            kwargs["departed"] = True
        elif scope:
            kwargs["class_code"] = scope
        if key == "pending":
            kwargs["pending"] = True
        elif key in ("disputed", "confirmed"):
            kwargs["state"] = ReceiptState(key)
        elif key == "no_reply":
            kwargs["no_reply_days"] = self.days.value()
        db, actor, scopes = self.ctx.db, self.ctx.actor, self._scopes_stale or self.scope.count() == 0

        def read() -> tuple[list[ReceiptRow] | None, list[ReceiptRow]]:
            return (receipts.list_receipts(db, actor) if scopes else None), receipts.list_receipts(db, actor, **kwargs)

        self.ctx.ops.query(read, success=lambda got: self._show(*got), failure=self._unreadable,
                           key=f"receipts-{id(self)}", title=self.tr("收訖明細"), parent=self)

    def _show(self, everyone: list[ReceiptRow] | None, rows: list[ReceiptRow]) -> None:
        if everyone is not None:
            self._scopes_stale = False
            self._fill_scopes(everyone)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("{n} 筆").format(n=len(rows)))

    def _unreadable(self, exc: PortfolioError) -> None:
        self.model.set_rows([])
        self.count.setText(message(exc))

    def selected_rows(self) -> list[ReceiptRow]:
        return [self.proxy.index(i.row(), 0).data(ROW_ROLE) for i in self.table.selectionModel().selectedRows()]

    def _write(self, title: str, fn: Any) -> Job:
        """Record decisions, one transaction each, on the write worker. What stopped the run (a refusal
        for one student) is shown after the others were recorded; the page reads again either way."""

        def done(stopped: PortfolioError | None) -> None:
            if stopped is not None:
                self.ctx.notify.warn(self.tr("無法完成"), message(stopped), self)

        def run() -> PortfolioError | None:
            try:
                fn()
            except PortfolioError as exc:
                return exc
            return None

        return self.ctx.ops.write(run, changes={Cap.NOTICES}, title=title, parent=self, success=done)

    # --- actions ----------------------------------------------------------------------------
    def ask_import(self) -> ImportDialog:
        """The one import dialog (file, sheet, column mapping, dry run, skip invalid rows, problem list,
        progress and Cancel) for the receipt details; a written import announces 郵寄通知 (the page reloads)."""
        return open_import(self, RECEIPTS_IMPORT)

    def _decide(self, *, reply: bool) -> Job | None:
        rows = self.selected_rows()
        if not rows:
            return None
        who = list_separator().join(dict.fromkeys(f"{r.student_no} {r.name}" for r in rows))
        dialog = DecisionDialog(self.tr("登錄回條") if reply else self.tr("登錄確認／疑義"), who, self)
        if dialog.exec() != DecisionDialog.DialogCode.Accepted:
            return None
        decision = dialog.decision()
        db, actor = self.ctx.db, self.ctx.actor
        return self._write(dialog.windowTitle(), lambda: apply_decision(db, actor, rows, decision, reply=reply))

    def ask_decide(self) -> Job | None:
        return self._decide(reply=False)

    def ask_reply(self) -> Job | None:
        return self._decide(reply=True)

    def ask_returned(self) -> Job | None:
        students = list(dict.fromkeys(r.student_no for r in self.selected_rows()))
        if not students:
            return None
        db, actor, today = self.ctx.db, self.ctx.actor, dt.date.today()

        def record() -> None:
            for no in students:
                notice_batches.record_returned(db, actor, no, on=today)

        return self._write(self.tr("登錄退件"), record)

    def open_print(self) -> NoticePrintDialog:
        """The print dialog for the rows selected in 收訖明細 (their students and, when they share one,
        their term), or for the class or group shown when nothing is selected."""
        scope = self.scope.currentData()
        rows = self.selected_rows()
        students = tuple(dict.fromkeys(r.student_no for r in rows))
        terms = {r.term for r in rows}
        dialog = NoticePrintDialog(self.ctx, class_code=scope if scope != ALL_DEPARTED and not rows else None,
                                   students=students, term=terms.pop() if len(terms) == 1 else None,
                                   parent=self)  # fmt: skip
        dialog.show()
        return dialog

    def open_batches(self) -> BatchesDialog:
        dialog = BatchesDialog(self.ctx, self)
        dialog.show()
        return dialog

    def settings_dialog(self, current: NoticeSettings) -> NoticeSettingsDialog:
        """The school's letterhead and the envelope: editable for their owner (the registry office, who
        mails the notices: domain/setting_owners.py; the administrator too), read-only with the reason
        for everyone else."""
        division = self._letterhead_division()
        return NoticeSettingsDialog(current, self, division=division,
                                    denied=permissions.why_not_setting(self.ctx, "notices.letterhead",
                                                                       division=division))

    def _letterhead_division(self) -> str | None:
        """The division whose letterhead this user keeps: the one registry office they hold (進修部教務組
        edits 進修部's); None (the school's) for anyone else."""
        from portfolio_desktop.domain.roles import Role

        divisions = {g.division for g in self.ctx.grants() if g.role is Role.REGISTRY and g.division}
        return divisions.pop() if len(divisions) == 1 else None

    def open_settings(self) -> Job:
        """Read the settings on a worker, then show them in the dialog; 儲存 writes them on the write worker."""
        db = self.ctx.db
        return self.ctx.ops.query(lambda: notice_settings(db), success=self._show_settings,
                                  title=self.tr("信頭與信封設定"), parent=self)

    def _show_settings(self, current: NoticeSettings) -> None:
        dialog = self.settings_dialog(current)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_settings(dialog.values()) if dialog.editable else None)
        dialog.open()

    def _save_settings(self, values: dict[str, object]) -> Job:
        db, actor = self.ctx.db, self.ctx.actor
        return self.ctx.ops.write(
            lambda: save_settings(db, actor, **values),  # type: ignore[arg-type]
            changes={Cap.NOTICES, Cap.SETTINGS}, title=self.tr("信頭與信封設定"), parent=self,
            failure=lambda exc: self.ctx.notify.warn(self.tr("無法完成"), message(exc), self))


def apply_decision(db: Database, actor: Actor, rows: list[ReceiptRow], decision: Decision, *, reply: bool) -> None:
    """Record one decision for the selected rows, one transaction each (a reply slip settles the whole
    notice; a row already confirmed keeps its first confirmation)."""
    done: set[str] = set()
    for r in rows:
        if reply:
            if r.student_no in done:
                continue
            notice_batches.record_reply(db, actor, r.student_no, on=decision.on, result=decision.state,
                                        reason=decision.reason, office=decision.office, batch_id=r.batch_id)
            done.add(r.student_no)
        elif decision.state is ReceiptState.CONFIRMED:
            if r.state is ReceiptState.CONFIRMED:
                continue  # already confirmed: the first confirmation stands
            receipts.confirm(db, actor, r.student_no, r.term, decision.on, via=ConfirmVia.OFFICE)
        else:
            receipts.dispute(db, actor, r.student_no, r.term, decision.on, decision.reason or "",
                             office=decision.office, via=ConfirmVia.OFFICE)


SHOWS = (Cap.NOTICES, Cap.ROSTERS, Cap.ITEMS, Cap.SETTINGS)  # what the page lists, and what its writes change


def receipts_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Page factory for gui/pages.py."""
    page = ReceiptsPage(ctx, parent)
    return QCoreApplication.translate("MainWindow", "收訖明細"), page
