"""The school overview as a chart the dean can look at rather than read: per class, grouped bars of
upload / certification / selection / submission rates (QtCharts)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from portfolio_desktop.services.items.dashboard import ClassSummary

SERIES = ((QT_TRANSLATE_NOOP("ProgressChart", "上傳率"), "pct_uploaded"),
          (QT_TRANSLATE_NOOP("ProgressChart", "認證率"), "pct_certified"),
          (QT_TRANSLATE_NOOP("ProgressChart", "勾選率"), "pct_selected"),
          (QT_TRANSLATE_NOOP("ProgressChart", "提交率"), "pct_submitted"))  # fmt: skip


class ProgressChart(QChartView):
    """``set_rows(classes)`` redraws; one bar set per rate, one category per class."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.series: QBarSeries | None = None
        self.setChart(QChart())

    def set_rows(self, rows: Sequence[ClassSummary]) -> None:
        chart = QChart()
        chart.setTitle(self.tr("各班學習歷程進度（%）"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        series = QBarSeries()
        for label, attr in SERIES:
            bar = QBarSet(self.tr(label))
            bar.append([float(getattr(r, attr) or 0.0) for r in rows])
            series.append(bar)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([r.class_code for r in rows])
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        old = self.chart()
        self.setChart(chart)
        self.series = series
        if old is not None:
            old.deleteLater()

    def categories(self) -> list[str]:
        if self.series is None:
            return []
        axes = self.chart().axes(Qt.Orientation.Horizontal)
        return list(axes[0].categories()) if axes else []

    def values(self, label: str) -> list[float]:
        if self.series is None:
            return []
        for bar in self.series.barSets():
            if bar.label() in (label, self.tr(label)):
                return [bar.at(i) for i in range(bar.count())]
        return []
