"""Open an .xlsx or .csv file as rows of raw cells, refusing broken and hostile files clearly.

The file kind is decided by its content, not its name: a .xls or .ods renamed .xlsx, an encrypted
workbook, a truncated zip, an empty file, an HTML page saved as .xls each get a bilingual
:class:`PortfolioError` naming the file and saying how to fix it.

Limits (documented, each refused with a clear message rather than a hang or a crash):

* ``MAX_DATA_ROWS`` data rows per sheet (200,000; a school roster has a few thousand);
* ``MAX_SHEET_CELLS`` cells in the rectangle a sheet's values span (5,000,000): python-calamine
  allocates that whole rectangle, so a file with one value in A1 and one in XFD1048576 would
  otherwise ask for hundreds of gigabytes (calamine ``Range::from_sparse``);
* ``MAX_PART_BYTES`` uncompressed bytes of any one part of the .xlsx zip (400 MB; a zip bomb);
* ``MAX_CSV_BYTES`` bytes of a .csv file (200 MB).

Empty formatted cells cost nothing: calamine keeps only cells with values, so a sheet with a
million formatted but empty rows reads as its data rows only.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from portfolio_desktop.errors import PortfolioError

MAX_DATA_ROWS = 200_000
MAX_SHEET_CELLS = 5_000_000
MAX_PART_BYTES = 400 * 1024 * 1024
MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_SCAN_CHUNK = 4 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_NAMES = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def fail(name: str, zh: str, en: str) -> PortfolioError:
    """A file-level refusal that names the file in both languages."""
    return PortfolioError(f"檔案「{name}」：{zh}", f"file '{name}': {en}")


@dataclass
class SheetData:
    """One sheet's rows. ``rows`` yields the sheet from row 1 (index 0) on, each a list of raw
    cells (str, float, int, bool, date, datetime, time, timedelta; "" for an empty cell) starting
    at column ``col_offset`` (0 = A)."""

    name: str
    rows: Iterator[list[object]]
    col_offset: int = 0
    height: int = 0  # number of rows the iterator yields at most
    # vertically merged cells to fill down: (absolute column, first row, last row), 0-based
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    # cells read as empty that are not: 0-based row → absolute column → ("error" | "formula", text)
    flagged: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)


def file_kind(path: Path) -> str:
    """``"xlsx"`` or ``"csv"``, decided from the content (and the name for text files)."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise fail(name, "找不到檔案", "file not found") from None
    except IsADirectoryError:
        raise fail(name, "這是資料夾，不是檔案", "this is a folder, not a file") from None
    except OSError as exc:
        raise fail(name, f"無法開啟（{exc.strerror}）", f"cannot be opened ({exc.strerror})") from None
    if size == 0:
        raise fail(name, "檔案是空的（0 位元組）", "the file is empty (0 bytes)")
    suffix = path.suffix.lower()
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted(path):
            raise fail(
                name,
                "活頁簿有密碼保護（已加密）。請在 Excel 開啟後移除密碼（檔案 > 資訊 > 保護活頁簿），另存新檔再匯入",
                "the workbook is password-protected (encrypted). Open it in Excel, remove the password "
                "(File > Info > Protect Workbook), save it and import again",
            )
        raise fail(
            name,
            "這是舊版 Excel 97–2003（.xls）格式。請在 Excel 開啟後另存為「Excel 活頁簿 (.xlsx)」再匯入",
            "this is an old Excel 97–2003 (.xls) file. Open it in Excel and save it as "
            "'Excel Workbook (.xlsx)', then import again",
        )
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        if head.lstrip().startswith(b"<"):
            raise fail(
                name,
                "內容是網頁（HTML/XML）文字，不是 .xlsx 活頁簿。請在 Excel 開啟後另存為 .xlsx",
                "the content is a web page (HTML/XML text), not an .xlsx workbook. Open it in Excel and "
                "save it as .xlsx",
            )
        raise fail(
            name,
            "不是有效的 .xlsx 活頁簿（檔案內容不是 Excel 格式，可能已損毀或副檔名被改過）",
            "not a valid .xlsx workbook (the content is not Excel's format; damaged or renamed)",
        )
    raise fail(
        name,
        f"不支援的檔案類型「{suffix or '（無副檔名）'}」；請使用 .xlsx 或 .csv",
        f"unsupported file type '{suffix or '(no extension)'}'; use .xlsx or .csv",
    )


def _is_encrypted(path: Path) -> bool:
    """An OLE2 compound file holding an ``EncryptedPackage`` stream is an encrypted OOXML workbook
    (MS-OFFCRYPTO); directory entry names are UTF-16LE."""
    tail = b""
    with path.open("rb") as fh:
        for _ in range(64):  # at most 256 MB scanned
            chunk = fh.read(_SCAN_CHUNK)
            if not chunk:
                return False
            data = tail + chunk
            if any(n in data for n in _ENCRYPTED_NAMES):
                return True
            tail = data[-64:]
    return False

def reraise_fatal(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
        raise exc


def short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def too_many_rows(name: str, sheet: str, rows: int) -> PortfolioError:
    return fail(
        name,
        f"工作表「{sheet}」有資料到第 {rows:,} 列，超過上限 {MAX_DATA_ROWS:,} 列資料。請分成幾個檔案匯入",
        f"sheet '{sheet}' has data down to row {rows:,}, more than the limit of {MAX_DATA_ROWS:,} data rows. "
        f"Split it into several files",
    )


# ----------------------------------------------------------------------------------------- csv

CSV_DELIMITERS = (",", "\t", ";")


def read_csv_text(path: Path) -> tuple[str, str]:
    """The decoded text of a .csv and the encoding used: UTF-8 (with or without BOM), UTF-16 with a
    BOM (Excel's "Unicode text"), else cp950 (Big5, what many school systems export)."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise fail(
            name,
            f"CSV 檔案過大（{size // 2**20} MB，上限 {MAX_CSV_BYTES // 2**20} MB）。請分成幾個檔案",
            f"the CSV file is too large ({size // 2**20} MB; the limit is {MAX_CSV_BYTES // 2**20} MB). Split it",
        )
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise _bad_encoding(name, raw, exc, "UTF-16") from None
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("cp950"), "Big5 (cp950)"
        except UnicodeDecodeError as big5_error:
            raise _bad_encoding(name, raw, utf8_error, "UTF-8", big5_error) from None


def _bad_encoding(
    name: str, raw: bytes, first: UnicodeDecodeError, tried: str, second: UnicodeDecodeError | None = None
) -> PortfolioError:
    line = raw.count(b"\n", 0, first.start) + 1
    where_zh = f"第 {line} 行（位元組 {first.start}）"
    where_en = f"line {line} (byte {first.start})"
    if second is not None:
        line2 = raw.count(b"\n", 0, second.start) + 1
        return fail(
            name,
            f"無法辨識文字編碼：以 UTF-8 讀取在{where_zh}失敗，以 Big5 (cp950) 讀取在第 {line2} 行失敗"
            f"（可能混用了不同編碼）。請在 Excel 另存為「CSV UTF-8」或 .xlsx",
            f"unknown text encoding: reading as UTF-8 fails at {where_en}, as Big5 (cp950) at line {line2} "
            f"(mixed encodings?). Save it from Excel as 'CSV UTF-8' or as .xlsx",
        )
    return fail(
        name,
        f"以 {tried} 讀取在{where_zh}失敗。請在 Excel 另存為「CSV UTF-8」或 .xlsx",
        f"reading as {tried} fails at {where_en}. Save it from Excel as 'CSV UTF-8' or as .xlsx",
    )


def csv_rows(text: str, delimiter: str, name: str) -> Iterator[list[object]]:
    """Records of *text* (row index = record number − 1), turning csv errors into PortfolioError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    count = 0
    try:
        for record in reader:
            count += 1
            if count > MAX_DATA_ROWS + 20:
                raise fail(
                    name,
                    f"超過上限 {MAX_DATA_ROWS:,} 列資料。請分成幾個檔案匯入",
                    f"more than the limit of {MAX_DATA_ROWS:,} data rows. Split it into several files",
                )
            yield record  # type: ignore[misc]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # one cell of more than csv.field_size_limit()
            raise fail(
                name,
                f"CSV 第 {reader.line_num} 行有一格超過 {csv.field_size_limit():,} 字（試算表一格最多 {MAX_CELL_CHARS:,} 字）；"
                "請檢查此行是否少了引號結尾，或刪去過長的內容",
                f"CSV line {reader.line_num} has a cell of more than {csv.field_size_limit():,} characters (a spreadsheet "
                f"cell holds at most {MAX_CELL_CHARS:,}); check the line for a missing closing quote or shorten it",
            ) from None
        raise fail(
            name,
            f"CSV 格式錯誤，在第 {reader.line_num} 行：{exc}",
            f"malformed CSV at line {reader.line_num}: {exc}",
        ) from None
