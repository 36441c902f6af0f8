"""A class at a glance (services/items/class_home.py): the stages as bars against the school's median, a
countdown per open window, and today's lists of whom to chase; printable and exportable. The
dashboard page shows it as its first tab for the class chosen there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.printing import pdf_printer, print_html
from portfolio_desktop.gui.labels import division_text, label
from portfolio_desktop.gui.messages import error_text, message, pick
from portfolio_desktop.services.items import class_home
from portfolio_desktop.services.items.class_home import STAGE_NAMES, ClassHome
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.items.followup import FollowupKind, FollowupList
from portfolio_desktop.services.read_scope import Viewer

SHOWN = 12  # names listed per list on screen; the print and the export hold them all
BEHIND = "QProgressBar::chunk { background: #e57373; }"
AHEAD = "QProgressBar::chunk { background: #66bb6a; }"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def list_lines(data: FollowupList) -> list[str]:
    """One line per entry as the home lists it: 「12 王小明」, or for outcomes waiting for certification
    「林老師：12 王小明『…』」."""
    index = {h: i for i, h in enumerate(data.headers)}
    lines = []
    for row in data.rows:
        who = f"{row[index['座號']] or ''} {row[index['姓名']]}".strip()  # not UI: the list's column names
        if data.kind is FollowupKind.UNCERTIFIED:
            lines.append(QCoreApplication.translate("ClassHomeView", "{teacher}：{who}『{title}』").format(
                teacher=row[index["目前負責認證"]] or row[index["授課教師"]],  # not UI: the list's column names
                who=who, title=row[index["成果名稱"]]))  # not UI: the list's column name
        else:
            lines.append(who)
    return lines


class ClassHomeView(QWidget):
    def __init__(self, ctx: PageContext, reader: Actor | Viewer, parent: QWidget | None = None) -> None:
        """``reader``: whose classes the view reads (the dashboard page's reader); its data comes from
        the page's read op (:meth:`show_read`), its export runs on the op runner's write worker."""
        super().__init__(parent)
        self.ctx, self.reader = ctx, reader
        self.home: ClassHome | None = None
        self.setObjectName("classHome")
        self.header = QLabel(self)
        self.header.setObjectName("homeHeader")
        self.header.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.countdown = QLabel(self)
        self.countdown.setObjectName("homeCountdown")
        self.countdown.setStyleSheet("font-size: 11pt; color: #b71c1c;")
        self.countdown.setWordWrap(True)
        print_button = QPushButton(self.tr("列印…"), self)
        print_button.setObjectName("printHome")
        print_button.clicked.connect(self._print_dialog)
        export_button = QPushButton(self.tr("匯出 .xlsx…"), self)
        export_button.setObjectName("exportHome")
        export_button.clicked.connect(self._export_dialog)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(print_button)
        top.addWidget(export_button)

        stages = QGroupBox(self.tr("進度（本班 ／ 全校中位數）"), self)
        grid = QGridLayout(stages)
        self.bars: dict[str, tuple[QProgressBar, QLabel]] = {}
        for row, (key, (zh, _en)) in enumerate(STAGE_NAMES.items()):
            bar = QProgressBar(stages)
            bar.setRange(0, 100)
            bar.setFormat("%p%")
            bar.setObjectName(f"stage_{key}")
            median = QLabel(stages)
            grid.addWidget(QLabel(QCoreApplication.translate("ClassHomeView", zh), stages), row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(median, row, 2)
            self.bars[key] = (bar, median)
        grid.setColumnStretch(1, 1)

        self.lists: dict[FollowupKind, tuple[QGroupBox, QListWidget]] = {}
        today = QHBoxLayout()
        for kind in class_home.TODAY_LISTS:
            box = QGroupBox(self)
            view = QListWidget(box)
            view.setObjectName(f"today_{kind.value}")
            QVBoxLayout(box).addWidget(view)
            today.addWidget(box, 2 if kind is FollowupKind.UNCERTIFIED else 1)
            self.lists[kind] = (box, view)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.addLayout(top)
        inner.addWidget(self.countdown)
        inner.addWidget(stages)
        inner.addWidget(QLabel(self.tr("今天要追蹤："), body))
        inner.addLayout(today, 1)
        inner.addWidget(self.message)
        scroll = QScrollArea(self)  # fits a 768-line screen: scrolls rather than cuts
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- data ------------------------------------------------------------------------------
    def show_read(self, home: ClassHome | PortfolioError | None) -> None:
        """What the page's read op brought (services/items/class_home.py read on the worker)."""
        if home is None:
            self.home = None
            self.header.setText(self.tr("沒有可查看的班級"))
            return
        if isinstance(home, PortfolioError):
            self.home = None
            self.message.setText(message(home))
            return
        self.home = home
        self.message.clear()
        self.show_home(home)

    def show_home(self, home: ClassHome) -> None:
        s = home.summary
        self.header.setText(self.tr("{code} 班（{division}）　導師 {mentor}　在校 {n} 人　{term}").format(
            code=s.label, division=division_text(s.division), mentor=home.mentor or "—", n=s.at_school,
            term=home.term))
        ends = [self.tr("{kind}截止 剩 {days} 天").format(kind=label(c.kind), days=c.days_left) if c.days_left
                else self.tr("{kind}今天截止").format(kind=label(c.kind)) for c in home.countdowns]
        self.countdown.setText("    ".join(ends) or self.tr("目前沒有進行中的作業期程"))
        for stage in home.stages:
            bar, median = self.bars[stage.key]
            bar.setValue(round(stage.value) if stage.value is not None else 0)
            bar.setFormat("%p%" if stage.value is not None else "—")
            behind = stage.value is not None and stage.median is not None and stage.value < stage.median
            bar.setStyleSheet(BEHIND if behind else AHEAD)
            median.setText(self.tr("全校中位數 {pct}").format(pct=_pct(stage.median)))
        for data in home.lists:
            box, view = self.lists[data.kind]
            box.setTitle(self.tr("{title}（{n}）").format(title=pick(data.kind.zh, data.kind.en), n=len(data.rows)))
            lines = list_lines(data)
            view.clear()
            view.addItems(lines[:SHOWN] + ([self.tr("…另 {n} 筆（列印或匯出可見全部）").format(n=len(lines) - SHOWN)]
                                           if len(lines) > SHOWN else []))
            if not lines:
                view.addItem(self.tr("（無）"))

    # --- print / export --------------------------------------------------------------------
    def print_to(self, printer: QPrinter) -> None:
        if self.home is None:
            return
        print_html(self, class_home.home_html(self.home), printer, QPageLayout.Orientation.Portrait)

    def print_to_pdf(self, path: Path) -> None:
        self.print_to(pdf_printer(path))

    def export_to(self, path: Path) -> Job:
        """Write the lists to ``path`` off the GUI thread (audited by the service); the notifier says
        how many rows went where, or why not."""
        assert self.home is not None
        db, reader, home = self.ctx.db, self.reader, self.home
        return self.ctx.ops.write(
            lambda: class_home.export_home(db, reader, home, path), changes=(), title=self.tr("匯出"),
            parent=self, failure=lambda exc: self.ctx.notify.warn(self.tr("匯出"), error_text(exc), self),
            success=lambda n: self.ctx.notify.info(
                self.tr("匯出"), self.tr("已匯出 {n} 筆到 {path}").format(n=n, path=str(path)), self))

    def _print_dialog(self) -> None:
        if self.home is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def _export_dialog(self) -> None:
        if self.home is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("匯出待追蹤名單"),
            self.tr("{code}班待追蹤名單.xlsx").format(code=self.home.summary.class_code),
            self.tr("Excel 活頁簿 (*.xlsx)"))
        if name:
            self.export_to(Path(name))
