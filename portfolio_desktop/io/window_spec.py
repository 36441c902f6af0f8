"""The 作業期程 table: 學年期 (or 學年度 + 學期), 項目, 開始時間, 結束時間, 備註 (seed 001 §四)."""

from __future__ import annotations

import datetime as dt

from portfolio_desktop.domain import limits
from portfolio_desktop.domain.windows import WindowKind, parse_datetime, parse_window_kind
from portfolio_desktop.io.normalize import clean
from portfolio_desktop.io.tabular import Column, TableSpec
from portfolio_desktop.io.term_columns import TERM_COLUMNS


def _kind(value: object) -> WindowKind:
    return parse_window_kind(clean(value))


def _start(value: object) -> dt.datetime:
    return parse_datetime(value)


def _end(value: object) -> dt.datetime:
    """A date alone ends at 23:59:59: the last day of a window is included."""
    return parse_datetime(value, end_of_day=True)


def _note(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.WINDOW_NOTE), never cut


WINDOWS = TableSpec(
    name="windows",
    columns=(
        *TERM_COLUMNS,  # 學年期, or 學年度 + 學期 as the course and item files write them
        Column("kind", "項目", ("期程項目", "作業項目", "工作項目", "作業"), required=True, parse=_kind,
               expected_zh="上傳、認證、勾選、提交、收訖確認或自我檢核",
               expected_en="upload, certification, selection, submission, receipt or self-check"),
        Column("starts_at", "開始時間", ("開始", "起", "開始日期", "起始時間", "起始日期"), required=True,
               parse=_start, expected_zh="日期時間，例如 113/06/01 08:00",
               expected_en="a date and time, e.g. 113/06/01 08:00"),
        Column("ends_at", "結束時間", ("結束", "迄", "結束日期", "截止時間", "截止日期"), required=True,
               parse=_end, expected_zh="日期時間，例如 113/06/30 17:00",
               expected_en="a date and time, e.g. 113/06/30 17:00"),
        Column("note", "備註", ("說明",), parse=_note, max_chars=limits.WINDOW_NOTE),
    ),
    anchors=("kind", "starts_at"),
)  # fmt: skip

# the layout the export writes: one 學年期 column
WINDOW_HEADERS: list[str] = [c.header for c in WINDOWS.columns if c.key not in ("school_year", "semester")]
