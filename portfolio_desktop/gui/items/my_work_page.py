"""「我的待辦」page: the items waiting for the signed-in person — their own and those of whoever they
act for as proxy (seed 001 §九(一)2, §九(三)) — with each step's deadline and the days left.

Reads services/items/my_work.py through the session's op runner (never on the GUI thread) and
refreshes when items, accounts (proxies, departures) or settings (who submits) change. Qt only here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.gui.labels import label
from portfolio_desktop.gui.messages import message
from portfolio_desktop.services.items import my_work

HEADER_SOURCES = [
    QT_TRANSLATE_NOOP("MyWorkPage", "編號"), QT_TRANSLATE_NOOP("MyWorkPage", "待辦"),
    QT_TRANSLATE_NOOP("MyWorkPage", "為誰"), QT_TRANSLATE_NOOP("MyWorkPage", "學號"),
    QT_TRANSLATE_NOOP("MyWorkPage", "姓名"), QT_TRANSLATE_NOOP("MyWorkPage", "班級"),
    QT_TRANSLATE_NOOP("MyWorkPage", "學年期"), QT_TRANSLATE_NOOP("MyWorkPage", "名稱"),
    QT_TRANSLATE_NOOP("MyWorkPage", "課程代碼"), QT_TRANSLATE_NOOP("MyWorkPage", "截止"),
    QT_TRANSLATE_NOOP("MyWorkPage", "剩餘"),
]


def headers() -> list[str]:
    return [QCoreApplication.translate("MyWorkPage", h) for h in HEADER_SOURCES]


def for_whom(row: my_work.WorkRow) -> str:
    if row.on_behalf_of:
        return QCoreApplication.translate("MyWorkPage", "代 {holder}").format(holder=row.on_behalf_of)
    return QCoreApplication.translate("MyWorkPage", "本人")


def days_left(row: my_work.WorkRow) -> str:
    if row.days_left is None:
        return QCoreApplication.translate("MyWorkPage", "（未設期程）")
    if row.days_left < 0:
        return QCoreApplication.translate("MyWorkPage", "已逾期 {n} 天").format(n=-row.days_left)
    if row.days_left == 0:
        return QCoreApplication.translate("MyWorkPage", "今天截止")
    return QCoreApplication.translate("MyWorkPage", "剩 {n} 天").format(n=row.days_left)


def summary(rows: list[my_work.WorkRow]) -> str:
    own = sum(1 for r in rows if r.on_behalf_of is None)
    behalf: dict[str, int] = {}
    for r in rows:
        if r.on_behalf_of:
            behalf[r.on_behalf_of] = behalf.get(r.on_behalf_of, 0) + 1
    text = QCoreApplication.translate("MyWorkPage", "待辦 {n} 件：本人 {own} 件").format(n=len(rows), own=own)
    return text + "".join(QCoreApplication.translate("MyWorkPage", "，代 {holder} {n} 件").format(holder=k, n=v)
                          for k, v in sorted(behalf.items()))


class MyWorkPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None, *, on: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myWorkPage")
        self.ctx, self.on = ctx, on
        self.summary = QLabel(self)
        self.summary.setObjectName("myWorkSummary")
        self.summary.setWordWrap(True)
        self.model = QStandardItemModel(0, len(HEADER_SOURCES), self)
        self.model.setHorizontalHeaderLabels(headers())
        self.view = QTableView(self)
        self.view.setObjectName("myWorkTable")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        refresh = QPushButton(self.tr("重新整理"), self)
        refresh.setObjectName("myWorkRefresh")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.rows: list[my_work.WorkRow] = []
        # what waits on whom changes with the items, the accounts and proxy lists, and who submits what
        ctx.changes.watch(self, (Cap.ITEMS, Cap.ACCOUNTS, Cap.SETTINGS), self.refresh, stale=True)

    def refresh(self) -> None:
        db, actor, on = self.ctx.db, self.ctx.actor, self.on
        self.ctx.ops.query(lambda: my_work.my_work(db, actor, on=on), success=self._show, failure=self._refused,
                           key="myWork", title=self.tr("我的待辦"), parent=self)

    def _refused(self, exc: PortfolioError) -> None:  # e.g. an account past its grace: say why, list nothing
        self.rows = []
        self.model.setRowCount(0)
        self.summary.setText(message(exc))

    def _show(self, rows: list[my_work.WorkRow]) -> None:
        self.rows = rows
        self.model.setRowCount(0)
        for r in rows:
            i = r.item
            cells = [str(i.id), label(r.action), for_whom(r), i.student_no, i.student_name, i.class_code,
                     i.term, i.title, i.course_code or "", show_datetime(r.deadline.ends_at) if r.deadline else "",
                     days_left(r)]
            items = [QStandardItem(c) for c in cells]
            if r.days_left is not None and r.days_left < 0:  # overdue: late work needs a reason
                for it in items:
                    it.setData(Qt.GlobalColor.darkRed, Qt.ItemDataRole.ForegroundRole)
            self.model.appendRow(items)
        self.summary.setText(summary(rows))
        self.view.resizeColumnsToContents()


def make_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    return QCoreApplication.translate("MyWorkPage", "我的待辦"), MyWorkPage(ctx, parent)
