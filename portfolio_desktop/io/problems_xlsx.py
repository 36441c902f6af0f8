"""The problems of an import as an .xlsx to hand back to whoever made the file."""

from __future__ import annotations

from pathlib import Path

from portfolio_desktop.errors import Problem
from portfolio_desktop.io.xlsx_out import write_table

PROBLEM_HEADERS = ["檔案", "工作表", "列", "欄", "內容", "問題", "Problem"]


def write_problems(problems: list[Problem], out: Path) -> None:
    """One row per problem; file-level problems (row 0) leave 列 empty. Cell texts copied from the
    imported file are written formula-safe by :func:`write_table`."""
    rows = ([p.file, p.sheet, p.row if p.row > 0 else None, p.column, p.value, p.zh, p.en] for p in problems)
    write_table(Path(out), PROBLEM_HEADERS, rows, sheet="問題", text_columns={0, 1, 3, 4, 5, 6})
