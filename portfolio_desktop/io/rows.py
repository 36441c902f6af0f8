"""A table's rows as :func:`io.tabular.read_table` reads them: :class:`ParsedRow`, what an import
gets, and :class:`SeenRow`, a row before the whole-file checks (io/table_checks.py) have run."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_desktop.errors import Problem


@dataclass(slots=True)
class ParsedRow:
    row: int  # the row number as Excel / a text editor shows it (1-based)
    values: dict[str, object]  # key → parsed value; blank cells → None


@dataclass(slots=True)
class SeenRow(ParsedRow):
    """A row as read, before the whole-file checks: a row left without problems is the table's
    :class:`ParsedRow` as it is (50,000 rows are not copied into new objects)."""

    problems: list[Problem] | None = None
