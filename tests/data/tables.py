"""Plain table files for the import tests: one .xlsx sheet (an optional title row above the header,
as offices add one) or a UTF-8 CSV with a BOM (as Excel saves it), from a header and rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def append_table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))


def write_xlsx(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None,
               sheet: str = "工作表1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    append_table(ws, headers, rows)
    wb.save(path)
    return path


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    lines = [",".join(headers)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path
