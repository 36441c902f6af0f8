"""Streaming .xlsx writer that Excel can never turn into a formula.

Every string is written as a text cell (``data_type = "s"``); one that starts with ``= + - @`` TAB
or CR also gets the *quotePrefix* style, so Excel shows it as typed and never evaluates it, and
reading the file back gives the value unchanged. ``text_columns`` are always text ("00123" stays
"00123", a number is written as its text); ``date_columns`` are real date cells (yyyy/mm/dd).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio_desktop.io.durable import commit
from portfolio_desktop.io.normalize import clean

if TYPE_CHECKING:  # openpyxl loads when a file is written, not with every command
    from openpyxl.cell import WriteOnlyCell

DATE_FORMAT = "yyyy/mm/dd"
DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML cannot carry as they are (control characters, and CR, which XML turns into LF) are
# written in OOXML's own escape ``_xHHHH_`` (ECMA-376 ST_Xstring), as Excel does; a literal text that
# looks like an escape gets its "_" escaped as ``_x005F_``. Excel and calamine read the value back
# exactly; openpyxl does not decode these escapes (it shows "_x000D_").
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def write_table(
    path: Path,
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str = "資料",
    text_columns: set[int] | frozenset[int] = frozenset(),
    date_columns: set[int] | frozenset[int] = frozenset(),
) -> int:
    """Write *headers* and *rows* to a new .xlsx at *path*; return the number of data rows written.

    Column indexes in ``text_columns`` / ``date_columns`` are 0-based. The header row is bold and
    frozen. Values: ``None``, ``""`` and texts of only spaces/tabs/LFs → empty; bool, int, float → numbers (unless a text column);
    date / datetime → date cells; anything else → its text. The workbook is written to
    ``path.part``, flushed to the disk and renamed (io/durable.py), so a failed or killed export never
    leaves a half-written file under the real name.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(sheet))
    ws.freeze_panes = "A2"
    for i, h in enumerate(headers):
        ws.column_dimensions[get_column_letter(i + 1)].width = max(10, min(40, len(h) * 2 + 4))
    bold = Font(bold=True)
    head = []
    for h in headers:
        cell = _text_cell(ws, str(h))
        cell.font = bold
        head.append(cell)
    ws.append(head)
    count = 0
    try:
        for values in rows:
            ws.append([_cell(ws, i, value, text_columns, date_columns) for i, value in enumerate(values)])
            count += 1
    except BaseException:
        _discard(ws)
        raise
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        commit(tmp, path)  # fsync + rename + folder fsync: never a half-written workbook under the real name
    except BaseException:
        _discard(ws)  # a failed save leaves no sheet data behind in the temp folder either
        raise
    finally:
        if tmp.exists():
            tmp.unlink()
    return count


def _cell(ws: object, i: int, value: object, text_columns: AbstractSet[int], date_columns: AbstractSet[int]) -> object:
    if value is None or (isinstance(value, str) and not value.strip(" \t\n")):
        # an empty text and an empty cell are the same to every reader; a text of only spaces, tabs
        # and line feeds would be read back as empty anyway (openpyxl marks xml:space="preserve"
        # only on texts with other characters)
        return None
    if i in text_columns:
        return _text_cell(ws, value if isinstance(value, str) else clean(value))
    if isinstance(value, str):
        return _text_cell(ws, value)
    if isinstance(value, (datetime, date)):
        return _date_cell(ws, value)
    if isinstance(value, (bool, int)) or (isinstance(value, float) and math.isfinite(value)):
        return value
    if i in date_columns and isinstance(value, time):
        return value
    return _text_cell(ws, clean(value))


def _discard(ws: Any) -> None:
    """Close a write-only sheet abandoned half-way and delete its temporary file."""
    try:
        ws.close()
    except Exception:  # noqa: BLE001 - best effort; the original error is what matters
        pass
    out = getattr(getattr(ws, "_writer", None), "out", None)
    if isinstance(out, str) and os.path.exists(out):
        os.remove(out)


def _text_cell(ws: object, text: str) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell

    risky = text.startswith(_RISKY_START)
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape, text)
    cell = WriteOnlyCell(ws, value=None)
    cell._value = text  # set directly: assigning .value would turn "=..." into a formula
    cell.data_type = "s"
    if risky:
        cell.quotePrefix = True
    return cell


def _escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def _date_cell(ws: object, value: date) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    has_time = isinstance(value, datetime) and value.time() != time(0, 0)
    cell.number_format = DATETIME_FORMAT if has_time else DATE_FORMAT
    return cell


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", title).strip("'") or "Sheet1"
    return cleaned[:31]


def write_text_sheets(path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]], *,
                      private: bool = False) -> int:
    """Write several sheets ``(title, headers, rows)`` to a new .xlsx at *path*, every non-empty cell a
    formula-safe text cell (codes, IDs, ROC dates and terms keep their leading zeros); written to a
    temporary file, flushed and renamed as :func:`write_table` does; ``private`` makes it readable by
    its owner only. Returns the data rows written."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    count = 0
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=_sheet_title(title))
        ws.append([_text_cell(ws, str(h)) for h in headers])
        for values in rows:
            ws.append([None if v is None or v == "" else _text_cell(ws, v if isinstance(v, str) else clean(v))
                       for v in values])
            count += 1
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        if private:
            os.chmod(tmp, 0o600)  # owner only: the file holds national IDs in full
        commit(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return count
