"""Table models of the dashboard page: one generic QAbstractTableModel over a list of service rows,
described by column definitions, behind a QSortFilterProxyModel that sorts by SORT_ROLE.

Column sets: students of a class (StudentProgress), classes of the school (ClassSummary), a student's
items (ItemRow), an item's history (HistoryRow) and a follow-up list (plain tuples).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.gui.row_model import ListModel
from portfolio_desktop.domain import course_code
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.labels import (
    action_name,
    division_text,
    item_kind,
    item_state,
    label,
    labels,
    list_separator,
)
from portfolio_desktop.services.items.dashboard import COUNT_FIELDS, ClassSummary, StudentProgress

CONTEXT = "DashboardModels"  # translation context of the headers below
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
BEHIND_BRUSH = QBrush(QColor(255, 220, 215))
DEPARTED_BRUSH = QBrush(QColor(128, 128, 128))



@dataclass(frozen=True)
class Col:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    right: bool = False
    tip: Callable[[Any], str] | None = None  # the cell's tooltip (e.g. a 課程代碼 decoded part by part)


def _num(field: str) -> Col:
    def text(r: Any) -> str:
        return str(getattr(r, field))

    def value(r: Any) -> Any:
        return getattr(r, field)

    return Col("", text, value, True)


def _code_tip(code: str | None) -> str:
    """A national 課程代碼 decoded part by part (domain/course_code.py); empty for a school's own code."""
    decoded = course_code.decode(code) if code else None
    return decoded.describe_zh() if decoded is not None else ""


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


class RowsModel(ListModel[Any]):
    """Rows of any dataclass, shown through ``columns``; ``highlight(row)`` paints a behind row."""

    tr_context = CONTEXT

    def __init__(self, columns: Sequence[Col], parent: Any = None, *,
                 highlight: Callable[[Any], bool] | None = None, grey: Callable[[Any], bool] | None = None) -> None:
        self.columns = list(columns)
        super().__init__([c.header for c in self.columns], parent)
        self._highlight = highlight
        self._grey = grey

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.reset_rows(rows)

    def cell(self, row_no: int, column: int, role: int) -> Any:
        row = self.rows[row_no]
        col = self.columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and col.tip is not None:
            return col.tip(row) or None
        if role == SORT_ROLE:
            value = col.sort(row) if col.sort else col.text(row)
            return -1 if value is None else value
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and col.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._highlight and self._highlight(row):
            return BEHIND_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and self._grey and self._grey(row):
            return DEPARTED_BRUSH
        return None


def sorting_proxy(model: RowsModel, parent: Any) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


# services.dashboard COUNT_LABELS_ZH, in the order of COUNT_FIELDS (checked by tests/gui/test_translations.py).
COUNT_HEADERS = (
    QT_TRANSLATE_NOOP("DashboardModels", "成果上傳"), QT_TRANSLATE_NOOP("DashboardModels", "認證通過"),
    QT_TRANSLATE_NOOP("DashboardModels", "未通過"), QT_TRANSLATE_NOOP("DashboardModels", "待認證"),
    QT_TRANSLATE_NOOP("DashboardModels", "成果勾選"), QT_TRANSLATE_NOOP("DashboardModels", "多元上傳"),
    QT_TRANSLATE_NOOP("DashboardModels", "多元勾選"), QT_TRANSLATE_NOOP("DashboardModels", "已提交"),
    QT_TRANSLATE_NOOP("DashboardModels", "已確認"),
)


# The headers services.followup gives its lists (shown through headerData like the ones above).
FOLLOWUP_HEADERS = (
    QT_TRANSLATE_NOOP("DashboardModels", "多元表現件數"), QT_TRANSLATE_NOOP("DashboardModels", "可勾選成果"),
    QT_TRANSLATE_NOOP("DashboardModels", "可勾選多元表現"), QT_TRANSLATE_NOOP("DashboardModels", "課程代碼"),
    QT_TRANSLATE_NOOP("DashboardModels", "科目名稱"), QT_TRANSLATE_NOOP("DashboardModels", "成果名稱"),
    QT_TRANSLATE_NOOP("DashboardModels", "上傳時間"), QT_TRANSLATE_NOOP("DashboardModels", "目前負責認證"),
    QT_TRANSLATE_NOOP("DashboardModels", "提交單位"), QT_TRANSLATE_NOOP("DashboardModels", "學期"),
)


def _counts() -> list[Col]:
    cols = []
    for field, header in zip(COUNT_FIELDS, COUNT_HEADERS, strict=True):
        col = _num(field)
        cols.append(Col(header, col.text, col.sort, True))
    return cols


STUDENT_COLUMNS: list[Col] = [
    Col(QT_TRANSLATE_NOOP("DashboardModels", "座號"), lambda r: "" if r.seat_no is None else str(r.seat_no),
        lambda r: r.seat_no or 0, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "學號"), lambda r: r.student_no),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "姓名"), lambda r: r.name),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "離校"), lambda r: label(r.status) if r.departed else "",
        lambda r: int(r.departed)),
    *_counts(),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "落後"), lambda r: labels(r.behind), lambda r: len(r.behind)),
]


def student_model(parent: Any) -> RowsModel:
    return RowsModel(STUDENT_COLUMNS, parent, highlight=lambda r: isinstance(r, StudentProgress) and r.is_behind,
                     grey=lambda r: isinstance(r, StudentProgress) and r.departed)


CLASS_COLUMNS: list[Col] = [
    Col(QT_TRANSLATE_NOOP("DashboardModels", "名次"), lambda r: "" if r.rank is None else str(r.rank),
        lambda r: r.rank if r.rank is not None else 1_000_000, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "班級"), lambda r: r.label),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "部別"), lambda r: division_text(r.division)),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "導師"), lambda r: r.mentor or ""),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "待追蹤"), lambda r: str(r.to_chase), lambda r: r.to_chase, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "人數"), lambda r: str(r.students), lambda r: r.students, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "離校"), lambda r: str(r.departed), lambda r: r.departed, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "上傳率"), lambda r: _pct(r.pct_uploaded), lambda r: r.pct_uploaded, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "認證率"), lambda r: _pct(r.pct_certified), lambda r: r.pct_certified, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "勾選率"), lambda r: _pct(r.pct_selected), lambda r: r.pct_selected, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "提交率"), lambda r: _pct(r.pct_submitted), lambda r: r.pct_submitted, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "收訖確認率"), lambda r: _pct(r.pct_confirmed), lambda r: r.pct_confirmed,
        True),
]


def class_model(parent: Any) -> RowsModel:
    return RowsModel(CLASS_COLUMNS, parent, highlight=lambda r: isinstance(r, ClassSummary) and r.class_id == 0)


ITEM_COLUMNS: list[Col] = [
    Col(QT_TRANSLATE_NOOP("DashboardModels", "編號"), lambda r: str(r.id), lambda r: r.id, True),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "學年期"), lambda r: r.term),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "類別"), lambda r: item_kind(r.kind, r.category)),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "名稱"), lambda r: r.title),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "課程"),
        lambda r: f"{r.course_code} {r.course_name}" if r.course_code else "",
        tip=lambda r: _code_tip(r.course_code)),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "授課教師"), lambda r: list_separator().join(r.teachers)),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "狀態"), lambda r: item_state(r.kind, r.state)),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "原因"), lambda r: r.reason or ""),
]
HISTORY_COLUMNS: list[Col] = [
    Col(QT_TRANSLATE_NOOP("DashboardModels", "時間"), lambda h: show_datetime(h.at), lambda h: h.at.isoformat()),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "動作"), lambda h: action_name(h.action)),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "狀態"),
        lambda h: f"{label(h.from_state) if h.from_state else '—'} → {label(h.to_state)}"),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "人員"), lambda h: h.actor if not h.on_behalf_of else (
        QCoreApplication.translate("DashboardModels", "{actor} 代 {whom}").format(actor=h.actor, whom=h.on_behalf_of))),
    Col(QT_TRANSLATE_NOOP("DashboardModels", "原因／覆寫理由"), lambda h: QCoreApplication.translate(
        "DashboardModels", "；").join(x for x in (h.reason, h.override_reason) if x)),
]


def item_model(parent: Any) -> RowsModel:
    return RowsModel(ITEM_COLUMNS, parent)


def history_model(parent: Any) -> RowsModel:
    return RowsModel(HISTORY_COLUMNS, parent)


def tuple_model(headers: Sequence[str], parent: Any) -> RowsModel:
    def text(i: int) -> Callable[[Any], str]:
        return lambda r: "" if r[i] is None else str(r[i])

    def sort_key(i: int) -> Callable[[Any], Any]:
        return lambda r: r[i] if isinstance(r[i], (int, float)) else ("" if r[i] is None else str(r[i]))

    cols = [Col(h, text(i), sort_key(i)) for i, h in enumerate(headers)]
    return RowsModel(cols, parent)


__all__ = ["Col", "RowsModel", "ROW_ROLE", "SORT_ROLE", "class_model", "history_model",
           "item_model", "sorting_proxy", "student_model", "tuple_model"]
