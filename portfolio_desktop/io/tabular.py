"""The one import machinery that roster, course, item and receipt imports all use.

``read_table(path, spec)`` finds the sheet and the header row, maps columns (canonical header,
alias, or the user's choice), parses every cell of every mapped column with its ``Column.parse``,
checks required values and in-file uniqueness, and returns good rows plus *every* problem at
once, each naming file, sheet, Excel row, the header as written, the value found and what is
expected, in zh_TW and English. File-level failures raise :class:`PortfolioError`.

Per-cell work is kept minimal (the roster benchmark compares this against a bare openpyxl pass):
only mapped columns are touched, a block of rows is read column by column and each distinct cell
of a column is checked and parsed once (io/column_pass.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain, islice, repeat
from operator import itemgetter
import os
from pathlib import Path

from portfolio_desktop.errors import PortfolioError, Problem
from portfolio_desktop.io import headers as hdr, read_ahead
from portfolio_desktop.io.footers import footer_text
from portfolio_desktop.io.read_notes import ReadNote, footer_note, leading_zero_note
from portfolio_desktop.io.rows import ParsedRow, SeenRow
from portfolio_desktop.io.table_checks import check_unique, restore_numeric_codes
from portfolio_desktop.io.normalize import WHITESPACE, clean
from portfolio_desktop.io.column_pass import ColumnPass
from portfolio_desktop.io.row_problems import hidden_problem, missing_problem
from portfolio_desktop.io.readers import (
    CSV_DELIMITERS,
    csv_rows,
    fail,
    file_kind,
    read_csv_text,
)
from portfolio_desktop.io.xlsx_reader import XlsxBook

BLOCK_ROWS = 200  # rows read at once, column by column; progress() and cancelled() between blocks


@dataclass(frozen=True)
class Column:
    key: str  # canonical key, e.g. "student_no"
    header: str  # canonical zh header, e.g. "學號"
    aliases: tuple[str, ...] = ()  # other headers people write (身分證字號, 生日, 電話 ...)
    required: bool = False
    # raw non-blank cell → value; raises RuleError(zh, en). A text cell arrives trimmed; numbers,
    # booleans and dates arrive as the spreadsheet typed them (float, bool, date, datetime).
    parse: Callable[[object], object] | None = None
    expected_zh: str = ""  # short description of what is expected, for problem messages
    expected_en: str = ""
    # a code (學號, 課程代碼) whose numeric cells may have lost leading zeros: after the whole file is
    # read, such a cell shorter than the file's other codes is padded with zeros (see io.codes)
    pad_zeros: bool = False
    # the longest text the database keeps for this column (domain/limits.py); longer is a row problem
    max_chars: int | None = None
    # a student's personal data (name, address, phone …): a problem quotes it masked
    personal: bool = False
    # a regular expression for the usual cell: a trimmed, printable text it matches whole (with no
    # line break) is its own value, so a column of them is checked with one match instead of a parse
    # per cell (io.column_pass). ``parse`` must return such a text unchanged (a property test says so).
    plain: str | None = None
    # the same for a column whose usual cells no pattern says are valid (a national ID's check digit):
    # true when every one of a block's distinct trimmed, printable texts is, as written, its own
    # value; false sends them to ``parse`` one by one. A property test holds it to ``parse``.
    plain_check: Callable[[list[str]], bool] | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str  # "roster"
    columns: tuple[Column, ...]
    anchors: tuple[str, ...]  # keys whose headers identify the header row
    unique: tuple[str, ...] = ()  # keys that must be unique within the file

    @property
    def identity(self) -> tuple[str, ...]:
        """The keys that make a row a record (its unique keys, else its first anchor): a row holding a
        valid value in one of them is never taken for a footer."""
        return self.unique or self.anchors[:1]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


@dataclass
class ParsedTable:
    file: str
    sheet: str
    header_row: int
    headers: list[str]  # header cells as written (index = 0-based column)
    mapping: dict[str, int]  # key → 0-based column index used
    rows: list[ParsedRow]  # rows WITHOUT problems
    problems: list[Problem]  # every problem of every row (and duplicates), in row order
    bad_rows: set[int]  # Excel row numbers that had a problem
    total_rows: int  # non-blank data rows seen (footer rows not counted)
    notes: list[ReadNote] = field(default_factory=list)  # cells repaired, footer rows left out


@dataclass
class Preview:
    file: str
    sheet: str
    sheets: list[str]
    header_row: int
    headers: list[str]
    mapping: dict[str, int]
    rows: list[list[str]]  # first `limit` data rows as text, one entry per header column


class Cancelled(PortfolioError):
    """The user cancelled a long read; nothing was imported."""

    def __init__(self, file: str = "") -> None:
        super().__init__(f"已取消讀取「{file}」，未匯入任何資料", f"reading '{file}' was cancelled; nothing was imported")


@dataclass
class _Located:
    file: str
    sheet: str
    sheets: list[str]
    header_row: int  # 1-based
    headers: list[str]
    mapping: dict[str, int]
    rows: Iterator[list[object]]  # the rows after the header row
    col_offset: int
    height: int
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    close: Callable[[], None] = lambda: None
    flagged: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)
    text_only: bool = False  # a CSV: every cell is text, a number Excel saved has already lost its zeros


def sheet_names(path: str | Path) -> list[str]:
    """The worksheets of an .xlsx in workbook order; a .csv has one, named after the file."""
    p = Path(path)
    if file_kind(p) == "csv":
        return [p.stem]
    book = XlsxBook(p)
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def _locate(path: Path, spec: TableSpec, sheet: str | None, mapping: Mapping[str, str] | None) -> _Located:
    """Open the file, find the sheet and header row and resolve the columns."""
    name = path.name
    anchors_zh, anchors_en = hdr.describe_anchors(spec)
    if file_kind(path) == "csv":
        text, encoding = read_csv_text(path)
        best: tuple[int, str, int, list[object]] | None = None
        for delim in CSV_DELIMITERS:
            for i, cells in enumerate(islice(csv_rows(text, delim, name), hdr.HEADER_SCAN_ROWS)):
                score = hdr.is_header_row(cells, spec, mapping)
                if score:
                    if best is None or score > best[0]:
                        best = (score, delim, i, cells)
                    break
        if best is None:
            raise fail(
                name,
                f"前 {hdr.HEADER_SCAN_ROWS} 行找不到含有 {anchors_zh} 的標題列（以 {encoding} 讀取，分隔符號試過逗號、Tab、分號）",
                f"no header row with {anchors_en} within the first {hdr.HEADER_SCAN_ROWS} lines (read as "
                f"{encoding}; comma, tab and semicolon tried as separators)",
            )
        _, delim, i, cells = best
        headers, cols = hdr.resolve(cells, spec, mapping, file=name, sheet=path.stem, header_row=i + 1)
        rows = csv_rows(text, delim, name)
        for _ in islice(rows, i + 1):
            pass
        return _Located(
            name, path.stem, [path.stem], i + 1, headers, cols, rows, 0, text.count("\n") + 1, text_only=True
        )

    book = read_ahead.take(path) or XlsxBook(path)  # read while the gate signed the user in (io/read_ahead.py)
    try:
        names = [sheet] if sheet is not None else book.sheet_names
        first_error: PortfolioError | None = None
        for sheet_name in names:
            try:
                data = book.sheet(sheet_name)
            except PortfolioError as exc:
                if sheet is not None:
                    raise
                first_error = first_error or exc  # another sheet may hold the table
                continue
            head = list(islice(data.rows, hdr.HEADER_SCAN_ROWS))
            for i, cells in enumerate(head):
                if hdr.is_header_row(cells, spec, mapping, data.col_offset):
                    headers, cols = hdr.resolve(
                        cells, spec, mapping, file=name, sheet=sheet_name, header_row=i + 1, col_offset=data.col_offset
                    )
                    rest = chain(head[i + 1 :], data.rows)
                    merges = [m for m in data.merges if m[1] > i]
                    return _Located(
                        name, sheet_name, list(book.sheet_names), i + 1, headers, cols, rest,
                        data.col_offset, data.height, merges, book.close, data.flagged,
                    )  # fmt: skip
        if first_error is not None:
            raise first_error
        where_zh = f"工作表「{names[0]}」" if sheet is not None else f"所有工作表（{'、'.join(names)}）"
        where_en = f"sheet '{names[0]}'" if sheet is not None else f"any sheet ({', '.join(names)})"
        raise fail(
            name,
            f"{where_zh}的前 {hdr.HEADER_SCAN_ROWS} 列都找不到含有 {anchors_zh} 的標題列。請確認標題列的欄名，或手動指定欄位",
            f"no header row with {anchors_en} within the first {hdr.HEADER_SCAN_ROWS} rows of {where_en}. "
            f"Check the header names or choose the columns by hand",
        )
    except BaseException:
        book.close()
        raise


def read_table(
    path: str | os.PathLike[str],
    spec: TableSpec,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    known_lengths: Mapping[str, Collection[int]] | None = None,
) -> ParsedTable:
    """Read and validate a whole table; see the module docstring. ``mapping``: key → header text
    chosen by the user (``""`` = do not import that column). ``known_lengths``: per code column,
    the lengths of the codes the database holds (io/codes.py: the reference for lost zeros)."""
    loc = _locate(Path(path), spec, sheet, mapping)
    try:
        return _parse_rows(loc, spec, progress, cancelled, known_lengths)
    finally:
        loc.close()
        del loc  # the last reference to the sheet: its memory is freed here
        read_ahead.finished()  # a worker that read the sheet gives that memory back (io/read_ahead.py)


def _parse_rows(
    loc: _Located,
    spec: TableSpec,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    known_lengths: Mapping[str, Collection[int]] | None = None,
) -> ParsedTable:
    file, sheet, off = loc.file, loc.sheet, loc.col_offset
    passes: list[ColumnPass] = []
    for col in spec.columns:
        if col.key in loc.mapping:
            idx = loc.mapping[col.key]
            passes.append(ColumnPass(len(passes), idx - off, loc.headers[idx] or col.header, col.parse or clean, col,
                                     text_only=loc.text_only))  # fmt: skip
    headers = {p.key: p.header for p in passes}
    unique_keys = [k for k in spec.unique if k in loc.mapping]
    read = _Reading(file, sheet, passes, spec, loc.flagged, off)
    fills = _merge_plan(loc, {p.index for p in passes})
    active: dict[int, tuple[int, object]] = {}
    total = max(loc.height - loc.header_row, 0)
    done = reported = 0
    rows = iter(loc.rows)
    while block := list(islice(rows, BLOCK_ROWS)):
        if cancelled is not None and cancelled():
            raise Cancelled(file)
        first = loc.header_row + 1 + done  # the Excel row of the block's first row
        if fills:
            for i, row in enumerate(block):
                _fill_merged(row, first - 1 + i, fills, active)
        read.block(block, first)
        done += len(block)
        if progress is not None:
            progress(done, max(total, done))
            reported = done
    final = max(total, done)
    if progress is not None and reported != final:
        progress(final, final)
    seen_rows = read.seen_rows
    if not seen_rows:  # a header (and perhaps footers or formatted empty rows) but no data
        raise fail(file, f"工作表「{sheet}」在標題列（第 {loc.header_row} 列）之下沒有任何資料列；請確認選對了檔案與工作表",
                   f"sheet '{sheet}' has no data rows below its header (row {loc.header_row}); "
                   "check that this is the right file and sheet")

    notes: list[ReadNote] = []
    for key, cells in read.repaired():
        notes.append(leading_zero_note(headers[key], [r for r, _, _ in cells], (clean(cells[0][1]), str(cells[0][2]))))
    numeric_codes = read.numeric_codes()
    if numeric_codes:
        restore_numeric_codes(numeric_codes, seen_rows, spec, headers, file, sheet, notes, text_only=loc.text_only,
                              known_lengths=known_lengths)
    if unique_keys:
        check_unique(seen_rows, [(k, headers[k], spec.column(k)) for k in unique_keys], file, sheet)
    if read.footers:
        notes.append(footer_note([r for r, _ in read.footers], read.footers[0][1]))
    parsed: list[ParsedRow] = []
    problems: list[Problem] = []
    bad_rows: set[int] = set()
    for seen in seen_rows:
        if seen.problems:
            problems.extend(seen.problems)
            bad_rows.add(seen.row)
        else:
            parsed.append(seen)  # a SeenRow is the ParsedRow it becomes
    return ParsedTable(
        file, sheet, loc.header_row, loc.headers, dict(loc.mapping), parsed, problems, bad_rows, len(seen_rows), notes
    )


class _Reading:
    """What the blocks of one table add up to: its rows, their problems, repaired cells, numbers in
    code columns and footer rows. Each block is read column by column (io.column_pass); a row's
    problems keep the order of its columns, then its missing required values."""

    def __init__(self, file: str, sheet: str, passes: list[ColumnPass], spec: TableSpec,
                 flagged: dict[int, dict[int, tuple[str, str]]], col_offset: int) -> None:  # fmt: skip
        self.file, self.sheet, self.passes, self.flagged = file, sheet, passes, flagged
        self.keys = [p.key for p in passes]
        self.identity = [p.pos for p in passes if p.key in spec.identity]
        self.required = [p for p in passes if p.col.required]
        self.by_column = {p.index + col_offset: p for p in passes}  # sheet column → its pass
        self.seen_rows: list[SeenRow] = []
        self.footers: list[tuple[int, str]] = []
        self._repaired: dict[int, list[tuple[int, object, object]]] = {}  # pos → (row, cell, value)
        self._numeric: dict[int, list[tuple[SeenRow, str, object]]] = {}  # pos → (row, key, cell)

    def block(self, block: list[list[object]], first: int) -> None:
        """Read the rows of ``block``, the first of which is Excel row ``first``."""
        file, sheet = self.file, self.sheet
        shortest = min(map(len, block))
        columns: list[list[object]] = []
        problems: dict[int, list[tuple[int, Problem]]] = {}  # index in block → (pos, problem)
        numeric: list[tuple[int, ColumnPass, object]] = []
        blank_rows: list[int] | None = None  # the rows blank in every column read so far
        for p in self.passes:
            values, keys, blank, noted = p.read(p.cells(block, shortest))
            columns.append(values)
            if blank_rows is None:
                blank_rows = [i for i, k in enumerate(keys) if k in blank] if blank else []
            elif blank_rows:
                blank_rows = [i for i in blank_rows if keys[i] in blank] if blank else []
            for i, note in noted:
                if note.refusal is not None:
                    problems.setdefault(i, []).append((p.pos, p.problem(file, sheet, first + i, note)))
                    continue
                if note.repaired:
                    self._repaired.setdefault(p.pos, []).append((first + i, note.raw, note.value))
                if note.numeric:
                    numeric.append((i, p, note.raw))
        blanks = set(blank_rows or ())
        if self.flagged:
            self._hidden(block, first, blanks, problems)
        for pos, p in enumerate(self.required, start=len(self.passes)):
            values = columns[p.pos]
            if None not in values:
                continue
            for i, value in enumerate(values):
                if value is None and i not in blanks:
                    found = problems.get(i)
                    if not (found and any(pr.column == p.header for _, pr in found)):
                        problems.setdefault(i, []).append((pos, missing_problem(file, sheet, first + i, p.header, p.col)))
        names, seen_rows = self.keys, self.seen_rows
        if not blanks and not problems:  # the usual block: every row is read, none has a problem
            start = len(seen_rows)
            seen_rows.extend(map(SeenRow, range(first, first + len(block)),
                                 map(dict, map(zip, repeat(names), zip(*columns, strict=True)))))
            for i, p, raw in numeric:
                self._numeric.setdefault(p.pos, []).append((seen_rows[start + i], p.key, raw))
            return
        seen_at: dict[int, SeenRow] = {}
        for i, cells in enumerate(zip(*columns, strict=True)):
            if i in blanks:
                text = footer_text(block[i]) if block[i] else None
                if text:  # a footer in columns the import does not read
                    self.footers.append((first + i, text))
                continue  # a fully blank row: skipped silently
            found = problems.get(i)
            if found is None:
                row_problems = None
            else:
                found.sort(key=_POS)
                row_problems = [pr for _, pr in found]
                if all(cells[pos] is None for pos in self.identity):
                    text = footer_text(block[i])
                    if text is not None:
                        self.footers.append((first + i, text))
                        continue
            seen = SeenRow(first + i, dict(zip(names, cells, strict=True)), row_problems)
            seen_rows.append(seen)
            if numeric:
                seen_at[i] = seen
        for i, p, raw in numeric:
            if i in seen_at:
                self._numeric.setdefault(p.pos, []).append((seen_at[i], p.key, raw))

    def _hidden(self, block: list[list[object]], first: int, blanks: set[int],
                problems: dict[int, list[tuple[int, Problem]]]) -> None:  # fmt: skip
        """An empty-looking cell that is an Excel error or a formula with no result is a problem."""
        for i, row in enumerate(block):
            hidden = self.flagged.get(first - 1 + i)
            if not hidden:
                continue
            for column, what in hidden.items():
                p = self.by_column.get(column)
                if p is None:
                    continue
                cell = row[p.index] if p.index < len(row) else ""
                if type(cell) is str and not cell.strip(WHITESPACE):
                    blanks.discard(i)
                    problems.setdefault(i, []).append(
                        (p.pos, hidden_problem(self.file, self.sheet, first + i, p.header, what))
                    )

    def repaired(self) -> list[tuple[str, list[tuple[int, object, object]]]]:
        """(key, its repaired cells) in the order a reader meets them: by first row, then column."""
        order = sorted(self._repaired.items(), key=lambda item: (item[1][0][0], item[0]))
        return [(self.passes[pos].key, cells) for pos, cells in order]

    def numeric_codes(self) -> list[tuple[SeenRow, str, object]]:
        """Numbers in code columns, one column after another in the order a reader meets them."""
        order = sorted(self._numeric.items(), key=lambda item: (item[1][0][0].row, item[0]))
        return [code for _, codes in order for code in codes]


_POS = itemgetter(0)


def _merge_plan(loc: _Located, columns: set[int]) -> dict[int, list[tuple[int, int]]]:
    """First row (0-based) → [(relative column, last row)] of vertical merges in mapped columns.

    A merged cell (e.g. 班級 merged down over its students) holds its value only in its top-left
    cell; the rows it covers take that value."""
    plan: dict[int, list[tuple[int, int]]] = {}
    for col, first, last in loc.merges:
        rel = col - loc.col_offset
        if rel in columns:
            plan.setdefault(first, []).append((rel, last))
    return plan


def _fill_merged(
    row: list[object], r: int, fills: dict[int, list[tuple[int, int]]], active: dict[int, tuple[int, object]]
) -> None:
    started: tuple[int, ...] = ()
    starts = fills.get(r)
    if starts:
        started = tuple(rel for rel, _ in starts)
        for rel, last in starts:
            active[rel] = (last, row[rel] if rel < len(row) else "")
    for rel, (last, value) in list(active.items()):
        if r > last:
            del active[rel]
        elif rel not in started and rel < len(row) and row[rel] == "":
            row[rel] = value


def loose_specs(spec: TableSpec) -> list[TableSpec]:
    """``spec`` with no required column, first with all its anchors, then with one anchor at a time:
    enough to find the header row of a file whose key columns have names we do not know."""
    loose = tuple(replace(c, required=False) for c in spec.columns)
    return [replace(spec, columns=loose, anchors=anchors) for anchors in (spec.anchors, *((a,) for a in spec.anchors))]


def preview(
    path: str | Path,
    spec: TableSpec,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    limit: int = 20,
    strict: bool = True,
) -> Preview:
    """The sheet, header row, mapping and the first *limit* non-blank data rows as text.

    ``strict=False`` is for a dialog where the user maps columns by hand: a required column may be
    missing from ``Preview.mapping``, and when no row names every anchor, the first row naming one of
    them is the header row (see :func:`loose_specs`). A file no loose spec can read raises the
    error of the first one (the header row with every anchor was not found).
    """
    p = Path(path)
    if strict:
        loc = _locate(p, spec, sheet, mapping)
    else:
        first_error: PortfolioError | None = None
        for candidate in loose_specs(spec):
            try:
                loc = _locate(p, candidate, sheet, mapping)
                break
            except PortfolioError as exc:
                first_error = first_error or exc
        else:
            assert first_error is not None
            raise first_error
    try:
        width = len(loc.headers)
        off = loc.col_offset
        rows: list[list[str]] = []
        for row in loc.rows:
            if len(rows) >= limit:
                break
            texts = [""] * off + [clean(c) for c in row[: width - off]]
            texts += [""] * (width - len(texts))
            if any(texts):
                rows.append(texts)
        return Preview(loc.file, loc.sheet, loc.sheets, loc.header_row, loc.headers, dict(loc.mapping), rows)
    finally:
        loc.close()
