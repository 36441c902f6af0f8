"""Reading an .xlsx with python-calamine, after checking the zip (see :mod:`.readers` for the limits).

python-calamine is several times faster than openpyxl's read-only mode, but it loads a whole sheet
into one dense rectangle and may raise a Rust panic (a BaseException) on damaged input, so the zip,
the part sizes and the rectangle a sheet's values span are checked here first.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any
from pathlib import Path
from xml.etree import ElementTree

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.io.readers import (
    MAX_DATA_ROWS,
    MAX_PART_BYTES,
    MAX_SHEET_CELLS,
    SheetData,
    fail,
    reraise_fatal,
    short,
    too_many_rows,
)

_MAX_META_BYTES = 20 * 1024 * 1024  # workbook.xml and its relationships
# A cell that holds a value: <c ... r="B12" ...> that is not self-closing (<c r="B12" s="1"/> is an
# empty formatted cell, which calamine skips). Any attribute order, optional namespace prefix.
# Cell attributes (r, s, t, cm, vm, ph) never hold "/", so "[^>/]" stops at a self-closing tag.
_VALUE_CELL = re.compile(rb'<(?:\w+:)?c\s[^>/]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>')
_CHUNK = 1024 * 1024  # inflated at a time: 1 MB inflates a third faster than 4 MB here
# Any cell or row reference past column Z or row 99,999: a sheet with none of these spans at most 26
# columns × 99,999 rows (2.6 M cells, within both limits), which one fast search per chunk proves;
# only a sheet that has one is measured exactly with _VALUE_CELL. (A sheet's <dimension> element would
# be quicker still, but a hostile file can state a small one, and write-only writers omit it.)
_PAST_QUICK_BOUND = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]?[0-9]{6})')  # a look-alike only costs the exact pass
_QUICK_ROWS, _QUICK_COLS = 99_999, 26
# A whole cell element, looked at only in chunks holding error cells or formulas: calamine reads an
# error cell (#N/A) and a formula without a cached result as empty, which would hide them.
_CELL_ELEMENT = re.compile(rb"<(?:\w+:)?c\s([^>/]*)>(.*?)</(?:\w+:)?c>", re.S)
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c\s[^>]*/>")  # where a cell element ends
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_V = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_F = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>([^<]*)</(?:\w+:)?f>)")
# The mark of a chunk that may hold an error cell (only such a chunk, or one with a formula, is looked
# at cell by cell); sre finds a literal faster than ``bytes in`` does.
_ERROR_MARK = re.compile(rb't="e"')
# A formula is an <f> element (<f>…</f>, <f t="shared" …/>, <x:f>): its name is an "f" right after
# "<" or a namespace prefix's ":". An "f" is rare in a sheet's XML (values are in sharedStrings.xml
# or in <t> elements, whose text, UTF-8 for Chinese, seldom holds a Latin f), so the chunk's f's are
# found with bytes.find (memchr: ~6× faster than a search by sre) and only their neighbour is
# looked at; a chunk with many of them (English text) is searched with _FORMULA_MARK instead.
_FORMULA_MARK = re.compile(rb"[<:]f[\s/>]")
_F_BYTES_LOOKED_AT = 64
_MAX_FLAGGED = 100_000
# What reading a damaged zip member can raise (the fuzz tests in test_io_broken.py find these).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
               NotImplementedError, KeyError, ElementTree.ParseError, UnicodeDecodeError)  # fmt: skip


class XlsxBook:
    """An .xlsx opened with python-calamine after the zip has been checked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self._parts = _check_zip(path)
        import python_calamine  # here, not at import: the command line starts without it

        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
            meta = self._book.sheets_metadata
        except BaseException as exc:  # noqa: BLE001 - calamine may raise a Rust panic (BaseException)
            self._parts.close()
            reraise_fatal(exc)
            raise fail(
                self.name,
                f"無法讀取活頁簿，檔案可能已損毀（{short(exc)}）。請在 Excel 開啟後另存新檔再匯入",
                f"the workbook cannot be read; it may be damaged ({short(exc)}). Open it in Excel, save "
                f"it again and import again",
            ) from None
        self.sheet_names = [m.name for m in meta if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        self._targets = _sheet_targets(self._parts)
        self._ahead: dict[str, SheetData | BaseException] = {}  # read_sheet_ahead: sheet → its data or error

    def read_sheet_ahead(self, sheet: str, guarded: Callable[[], None]) -> None:
        """Read ``sheet`` now (io/read_ahead.py: on a worker), calling ``guarded()`` once the sheet
        guard is done and calamine's load begins; :meth:`sheet` hands the sheet out once, or raises
        what reading it raised."""
        try:
            self._ahead[sheet] = self.sheet(sheet, guarded)
        except BaseException as exc:  # noqa: BLE001 - raised by sheet() in the thread that asks for it
            self._ahead[sheet] = exc

    def close(self) -> None:
        self._ahead.clear()
        try:
            self._book.close()
        except Exception:  # noqa: BLE001 - closing twice is harmless
            pass
        self._parts.close()

    def sheet(self, sheet: str, guarded: Callable[[], None] | None = None) -> SheetData:
        ahead = self._ahead.pop(sheet, None)
        if isinstance(ahead, BaseException):
            raise ahead
        if ahead is not None:
            return ahead
        if sheet not in self.sheet_names:
            raise fail(
                self.name,
                f"沒有名為「{sheet}」的工作表；工作表有：{'、'.join(self.sheet_names)}",
                f"there is no sheet named '{sheet}'; the sheets are: {', '.join(self.sheet_names)}",
            )
        target = self._targets.get(sheet)
        flagged = self._guard_sheet(sheet, target) if target is not None else {}
        if guarded is not None:
            guarded()
        try:
            data = self._book.get_sheet_by_name(sheet)
            start = data.start
            merged = data.merged_cell_ranges or []
        except BaseException as exc:  # noqa: BLE001 - see __init__
            reraise_fatal(exc)
            raise fail(
                self.name,
                f"工作表「{sheet}」無法讀取，檔案可能已損毀（{short(exc)}）",
                f"sheet '{sheet}' cannot be read; the file may be damaged ({short(exc)})",
            ) from None
        if start is None:  # an empty sheet (calamine's iter_rows would panic on it)
            return SheetData(sheet, iter(()), 0, 0)
        end = data.end
        assert end is not None
        if end[0] + 1 > MAX_DATA_ROWS + 20:
            raise too_many_rows(self.name, sheet, end[0] + 1)
        merges = [(c0, r0, r1) for (r0, c0), (r1, _c1) in merged if r1 > r0]
        # python-calamine's iter_rows yields from row 1 (padding leading empty rows) and from the
        # first used column; tests/integration/test_io_quirks.py pins this with a title-row file.
        rows = _guarded_rows(data.iter_rows(), self.name, sheet)
        return SheetData(sheet, rows, start[1], end[0] + 1, merges, flagged)

    def _guard_sheet(self, sheet: str, target: str) -> dict[int, dict[int, tuple[str, str]]]:
        """Find the rectangle the sheet's values span before calamine allocates it, and the cells
        calamine would read as empty although they are not: error cells and uncached formulas
        (0-based row → column → ("error" | "formula", text))."""
        flagged: dict[int, dict[int, tuple[str, str]]] = {}
        try:
            info = self._parts.getinfo(target)
        except KeyError:
            return flagged
        try:
            extent = self._scan_sheet(info, sheet, flagged, exact=False)
            if extent is None:  # a reference past the quick bound: measure every cell
                flagged.clear()
                extent = self._scan_sheet(info, sheet, flagged, exact=True)
        except PortfolioError:
            raise
        except _ZIP_ERRORS as exc:
            raise fail(
                self.name,
                f"工作表「{sheet}」的資料已損毀（{short(exc)}）。請在 Excel 開啟後另存新檔再匯入",
                f"sheet '{sheet}' is damaged ({short(exc)}). Open the file in Excel, save it again and "
                f"import again",
            ) from None
        assert extent is not None  # the exact scan always measures the sheet
        min_row, max_row, min_col, max_col = extent
        if max_row == 0:
            return flagged
        if max_row > MAX_DATA_ROWS + 20:
            raise too_many_rows(self.name, sheet, max_row)
        cells = (max_row - min_row + 1) * (max_col - min_col + 1)
        if cells > MAX_SHEET_CELLS:
            raise fail(
                self.name,
                f"工作表「{sheet}」的資料範圍過大（{max_row - min_row + 1} 列 × {max_col - min_col + 1} 欄，"
                f"上限 {MAX_SHEET_CELLS:,} 格）。請只保留需要的欄與列後另存新檔",
                f"sheet '{sheet}' spans too large a range ({max_row - min_row + 1} rows × "
                f"{max_col - min_col + 1} columns; the limit is {MAX_SHEET_CELLS:,} cells). Keep only the "
                f"columns and rows needed and save again",
            )
        return flagged

    def _scan_sheet(self, info: zipfile.ZipInfo, sheet: str, flagged: dict[int, dict[int, tuple[str, str]]], *,
                    exact: bool) -> tuple[int, int, int, int] | None:
        """Inflate the sheet part in chunks (refusing past MAX_PART_BYTES: a zip bomb), flag error
        cells and uncached formulas, and return (min row, max row, min col, max col) of the value
        cells — with ``exact=False`` only the quick bound (1, 99,999, 0, 25) when no reference goes
        past it, else None."""
        min_row, max_row, min_col, max_col = 1 << 30, 0, 1 << 30, 0
        with self._parts.open(info) as fh:
            for data, start, end in self._windows(fh, sheet):
                if len(flagged) < _MAX_FLAGGED and (_may_hold_formula(data, start, end)
                                                    or _ERROR_MARK.search(data, start, end)):
                    _flag_cells(data, start, end, flagged)
                if not exact:
                    if _PAST_QUICK_BOUND.search(data, start, end):
                        return None
                    if max_row == 0 and _VALUE_CELL.search(data, start, end):
                        min_row, max_row, min_col, max_col = 1, _QUICK_ROWS, 0, _QUICK_COLS - 1
                    continue
                found = _VALUE_CELL.findall(data, start, end)
                if not found:
                    continue
                cols, rows = zip(*found, strict=True)
                numbers = [int(r) for r in set(rows)]
                min_row, max_row = min(min_row, *numbers), max(max_row, *numbers)
                letters = set(cols)
                min_col = min(min_col, *map(_col_index, letters))
                max_col = max(max_col, *map(_col_index, letters))
        return min_row, max_row, min_col, max_col

    def _windows(self, fh: IO[bytes], sheet: str) -> Iterator[tuple[bytes, int, int]]:
        """The inflated part as windows ``data[start:end]`` that end after a whole row, so that no
        cell element is split between two windows (a row longer than a chunk is cut after its last
        whole cell); the bytes after the last one (the part's closing tags) are a last window. Only
        the row a chunk boundary cuts is copied: a chunk's whole rows are searched where they lie."""
        total = 0
        rest = b""
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            if total > MAX_PART_BYTES:
                raise _too_big(self.name, sheet)
            first = chunk.find(b"</row>") + 6
            if first == 5:  # no row end in this chunk (a row longer than a chunk): cut after a cell
                data = rest + chunk
                ends = [m.end() for m in _CELL_END.finditer(data)]
                cut = ends[-1] if ends else data.rfind(b">") + 1
                yield data, 0, cut
                rest = data[cut:]
                continue
            last = chunk.rfind(b"</row>") + 6
            if rest:
                piece = rest + chunk[:first]
                yield piece, 0, len(piece)
            else:
                first = 0
            yield chunk, first, last
            rest = chunk[last:]
        if rest:
            yield rest, 0, len(rest)


def _may_hold_formula(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` may hold an <f> element (see _FORMULA_MARK); a false yes only
    costs a look at its cells."""
    find = data.find
    at = find(b"f", start, end)
    for _ in range(_F_BYTES_LOOKED_AT):
        if at == -1:
            return False
        if at and data[at - 1] in b"<:":
            return True
        at = find(b"f", at + 1, end)
    return at != -1 and _FORMULA_MARK.search(data, max(at - 1, start), end) is not None


def _flag_cells(data: bytes, start: int, end: int, flagged: dict[int, dict[int, tuple[str, str]]]) -> None:
    for attrs, body in _CELL_ELEMENT.findall(data, start, end):
        is_error = b't="e"' in attrs
        formula = _F.search(body)
        value = _V.search(body)
        if not is_error and (formula is None or (value is not None and value.group(1))):
            continue  # a plain value, or a formula with its cached result
        ref = _REF.search(attrs)
        if ref is None:
            continue
        row, col = int(ref.group(2)) - 1, _col_index(ref.group(1))
        if is_error:
            shown = ("error", value.group(1).decode("utf-8", "replace") if value else "#?")
        else:
            text = formula.group(1) if formula is not None and formula.group(1) else b""
            shown = ("formula", "=" + html.unescape(text.decode("utf-8", "replace")))
        flagged.setdefault(row, {})[col] = shown


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _guarded_rows(rows: Iterator[list[Any]], name: str, sheet: str) -> Iterator[list[object]]:
    try:
        yield from rows
    except BaseException as exc:  # noqa: BLE001 - see XlsxBook.__init__
        reraise_fatal(exc)
        raise fail(
            name, f"工作表「{sheet}」讀取中斷（{short(exc)}）", f"reading sheet '{sheet}' failed ({short(exc)})"
        ) from None


def _too_big(name: str, part: str) -> PortfolioError:
    return fail(
        name,
        f"「{part}」解壓縮後超過 {MAX_PART_BYTES // 2**20} MB 上限（可能是惡意或損毀的檔案）",
        f"'{part}' is larger than {MAX_PART_BYTES // 2**20} MB once uncompressed (a damaged or hostile file)",
    )


def _check_zip(path: Path) -> zipfile.ZipFile:
    """Open the zip and refuse what is not an .xlsx: truncated, .ods, .xlsb, .docx, a zip bomb."""
    name = path.name
    try:
        parts = zipfile.ZipFile(path)
        names = set(parts.namelist())
    except _ZIP_ERRORS as exc:
        raise fail(
            name,
            f"壓縮內容不完整或已損毀（可能下載或複製未完成：{short(exc)}）。請重新取得檔案",
            f"the zip content is incomplete or damaged (an unfinished download or copy? {short(exc)}). "
            f"Get the file again",
        ) from None
    try:
        if "mimetype" in names and b"opendocument" in parts.read("mimetype")[:200]:
            raise fail(
                name,
                "這是 OpenDocument（.ods）試算表。請以 Excel 或 LibreOffice 另存為 .xlsx 再匯入",
                "this is an OpenDocument (.ods) spreadsheet. Save it as .xlsx with Excel or LibreOffice "
                "and import again",
            )
        if "xl/workbook.bin" in names:
            raise fail(
                name,
                "這是 Excel 二進位活頁簿（.xlsb）。請另存為「Excel 活頁簿 (.xlsx)」再匯入",
                "this is an Excel binary workbook (.xlsb). Save it as 'Excel Workbook (.xlsx)' and import again",
            )
        if "[Content_Types].xml" not in names or not any(n.endswith("workbook.xml") for n in names):
            raise fail(
                name,
                "壓縮檔內沒有 Excel 活頁簿（可能是 Word 文件或其他壓縮檔）",
                "the zip holds no Excel workbook (a Word document or another archive?)",
            )
        for info in parts.infolist():
            if info.file_size > MAX_PART_BYTES:
                raise _too_big(name, info.filename)
    except PortfolioError:
        parts.close()
        raise
    except _ZIP_ERRORS as exc:
        parts.close()
        raise fail(name, f"壓縮內容已損毀（{short(exc)}）", f"the zip content is damaged ({short(exc)})") from None
    return parts


def _sheet_targets(parts: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part path, from workbook.xml and its relationships (best effort)."""
    try:
        book = _find_workbook_part(parts)
        rels_path = posixpath.join(posixpath.dirname(book), "_rels", posixpath.basename(book) + ".rels")
        workbook = _read_xml(parts, book)
        rels = _read_xml(parts, rels_path)
    except _ZIP_ERRORS:
        return {}
    if workbook is None or rels is None:
        return {}
    targets: dict[str, str] = {}
    for rel in rels.iter():
        if rel.tag.rsplit("}", 1)[-1] == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target", "")
            if target.startswith("/"):
                full = target.lstrip("/")
            else:
                full = posixpath.normpath(posixpath.join(posixpath.dirname(book), target))
            targets[rel.get("Id", "")] = full
    found: dict[str, str] = {}
    for el in workbook.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        sheet_name = el.get("name")
        if sheet_name and rid in targets:
            found[sheet_name] = targets[rid]
    return found


def _find_workbook_part(parts: zipfile.ZipFile) -> str:
    rels = _read_xml(parts, "_rels/.rels")
    if rels is not None:
        for rel in rels.iter():
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
                return rel.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def _read_xml(parts: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = parts.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_META_BYTES:
        return None
    return ElementTree.fromstring(parts.read(info))
