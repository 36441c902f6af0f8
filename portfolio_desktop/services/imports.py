"""What every import (roster, courses, items, windows, receipts, proxy lists) does the same way: its
last steps inside the write transaction, the fields every report has, and the wording of its
one-line summary.

The last steps, in this order (the order matters):

1. the import's summary audit row, when it has one (after every row's own audit row);
2. the Cancel check: Cancel pressed while writing raises :class:`Cancelled` *inside* the transaction,
   so :meth:`Database.write` rolls everything back, the summary row included;
3. a dry run rolls back what it wrote: the report says what would happen, the database is as before.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from sqlalchemy import func, not_, select
from sqlalchemy.orm import Session

from portfolio_desktop.errors import Problem
from portfolio_desktop.io.read_notes import ReadNote
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student

if TYPE_CHECKING:  # the reader loads with the imports, not with the listings
    from portfolio_desktop.io.tabular import ParsedTable, TableSpec

_log = logging.getLogger(__name__)

DRY_RUN_ZH = "（試算，未寫入任何資料）"
DRY_RUN_EN = " (dry run: nothing written)"


class ImportKeywords(TypedDict, total=False):
    """The keywords every import use case takes (``**options: Unpack[ImportKeywords]``): the sheet to
    read (None: found by its header), the user's column mapping, the default term for rows without one,
    a dry run (report, write nothing), skipping the rows with problems instead of refusing the file,
    and the progress / Cancel callbacks of the job running it."""

    sheet: str | None
    mapping: dict[str, str] | None
    term: str | None
    dry_run: bool
    skip_invalid: bool
    progress: Callable[[int, int], None] | None
    cancelled: Callable[[], bool] | None


@dataclass(frozen=True)
class ImportOptions:
    """:class:`ImportKeywords` with their defaults: ``ImportOptions(**options)`` in each use case."""

    sheet: str | None = None
    mapping: dict[str, str] | None = None
    term: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def read(self, path: str | os.PathLike[str], spec: TableSpec, db: Database | None = None) -> ParsedTable:
        """The file read with the one io machinery: this sheet and mapping, progress, Cancel. With
        ``db``, the 學號 the school holds are the reference for numeric 學號 that lost their zeros."""
        from portfolio_desktop.io.tabular import read_table

        known = {"student_no": student_no_lengths(db)} if db is not None else None
        return read_table(path, spec, sheet=self.sheet, mapping=self.mapping, progress=self.progress,
                          cancelled=self.cancelled, known_lengths=known)


def student_no_lengths(db: Database) -> set[int]:
    """The lengths of the all-digit 學號 the database holds (seed 001: 學號 keep their leading zeros)."""
    no = Student.student_no
    # all digits: SQLite's GLOB and PostgreSQL's regular expression say it the same way
    other = no.op("GLOB", is_comparison=True)("*[^0-9]*") if db.is_sqlite else \
        no.op("~", is_comparison=True)("[^0-9]")
    digits = not_(other)
    with db.read() as s:
        return {n for (n,) in s.execute(select(func.length(no)).where(no != "", digits).distinct())}


class Who(Protocol):
    """Whom an audit row names: an :class:`~services.context.Actor` or an :class:`~services.authz.ActingAs`."""

    @property
    def username(self) -> str: ...

    @property
    def on_behalf_of(self) -> str | None: ...


def finish_import(
    session: Session,
    *,
    file: str,
    dry_run: bool,
    cancelled: Callable[[], bool] | None,
    acting: Who | None = None,
    action: str = "",
    entity: str = "",
    summary: dict[str, Any] | None = None,
) -> None:
    """The last steps of an import in ``session`` (see the module docstring).

    ``summary`` (with ``acting``, ``action``, ``entity``) is the after-value of the summary audit row,
    keyed by ``file`` (the file's name); None writes no summary row (an import that keeps only the
    rows' own audit rows, or one that changed nothing). ``file`` also names the file in the Cancel
    message.
    """
    if summary is not None:
        if acting is None or not action or not entity:
            raise ValueError("a summary audit row needs acting, action and entity")
        audit.record(session, actor=acting.username, on_behalf_of=acting.on_behalf_of, action=action,
                     entity=entity, key=file, after=summary)
    if cancelled is not None and cancelled():
        from portfolio_desktop.io.tabular import Cancelled  # the reader loads with the imports, not the listings

        raise Cancelled(file)  # Cancel pressed while writing: the transaction rolls back
    if dry_run:
        session.rollback()


@dataclass
class BaseImportReport:
    """What every import report holds: the file (its name) and sheet read, whether it was a dry run,
    the rows skipped, every problem (file, sheet, row, column), the notices of what was read without a
    refusal (cells repaired, footer rows left out …) and the warnings about what was imported all the
    same but deserves a look. Each import adds its counts after these and says them in :meth:`summary`."""

    file: str
    sheet: str
    dry_run: bool
    skipped_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[ReadNote] = field(default_factory=list)
    # what was imported all the same but deserves a look (e.g. an unknown 課程類別 letter)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> tuple[str, str]:
        """One line in each language: what was (or, in a dry run, would be) written."""
        raise NotImplementedError


def log_report(report: object, summary_en: str) -> None:
    """One log line per finished import (the GUI's and the CLI's): the file, sheet and counts, never
    a row's content. ``report`` is a :class:`BaseImportReport` or another import's report."""
    _log.info("import %s [%s]%s: %s; %d problem(s), %d row(s) skipped", getattr(report, "file", "?"),
              getattr(report, "sheet", "?"), " (dry run)" if getattr(report, "dry_run", False) else "", summary_en,
              len(getattr(report, "problems", ())), len(getattr(report, "skipped_rows", ())))


# ------------------------------------------------------------------------------ summary wording


def tally(added: int, changed: int, unchanged: int, *, unit: str, subject: tuple[str, str] = ("", ""),
          changed_as: tuple[str, str] = ("變更", "changed"), note: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """「新增 a 位、變更 c 位、未變更 u 位」/ "added a, changed c, unchanged u".

    ``unit`` counts in Chinese (位, 件, 項, 門); ``subject`` goes before (課程 / "courses "),
    ``changed_as`` names the change (狀態變更 / "state changed") and ``note`` follows the changed
    count (（學籍異動 n 筆）/ " (n status change(s))").
    """
    zh = (f"{subject[0]}新增 {added} {unit}、{changed_as[0]} {changed} {unit}{note[0]}、"
          f"未變更 {unchanged} {unit}")
    en = f"{subject[1]}added {added}, {changed_as[1]} {changed}{note[1]}, unchanged {unchanged}"
    return zh, en


def skipped(rows: int) -> tuple[str, str]:
    """「略過 n 列」/ "skipped n row(s)"."""
    return f"略過 {rows} 列", f"skipped {rows} row(s)"


def summary_line(*parts: tuple[str, str], dry_run: bool, sep: tuple[str, str] = ("、", ", ")) -> tuple[str, str]:
    """Join (zh, en) parts into an import report's one line in each language, marking a dry run."""
    zh, en = sep[0].join(p[0] for p in parts), sep[1].join(p[1] for p in parts)
    if dry_run:
        zh, en = zh + DRY_RUN_ZH, en + DRY_RUN_EN
    return zh, en
