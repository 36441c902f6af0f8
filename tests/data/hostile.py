"""A corpus of broken and hostile import files.

``build_corpus(folder)`` writes every case into ``folder`` and returns :class:`Case` records. Each
case says what a correct importer must do with it:

- ``expect="file"``: refuse the whole file with a PortfolioError whose message names the file;
- ``expect="row"``:  read the file but report a Problem on Excel row ``row`` (and, through
  ``import_roster``, refuse with ImportRefused, writing nothing).

``isolate=True`` marks the cases that could take the machine down if an importer trusted them (zip
bombs, a million rows, a sparse sheet of 17 billion cells): the tests run those in a child process
with a memory limit and a wall-clock limit. Files are built directly (sheet XML written by hand into
a zip where openpyxl would not write what we need), so the whole corpus builds in a few seconds.
"""

from __future__ import annotations

import codecs
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook


@dataclass(frozen=True)
class Case:
    name: str  # short id, also the test id
    path: Path
    expect: str  # "file" or "row"
    row: int = 0  # the Excel row of the problem for expect == "row"
    isolate: bool = False
    known_gap: str = ""  # why the importer does not do this yet (the test is a strict xfail)


HEADER = ["學號", "姓名", "班級", "身分證統一編號", "性別", "出生日期", "座號", "學籍狀態", "電子郵件", "聯絡電話"]
GOOD = [
    ["000101", "王小明", "101", "A123456789", "男", "2008/01/02", 1, "在學", "a@school.edu.tw", "0912345678"],
    ["000102", "林𡘙華", "101", "", "女", "97/03/04", 2, "在學", "", ""],
    ["000103", "陳大文", "102", "", "1", "2008-05-06", 3, "", "", "(02)2345-6789"],
]
BAD_ROW = 5  # header on row 1, three good rows, then the bad one

# --------------------------------------------------------------------------------- builders


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="\xe5\x90\x8d\xe5\x86\x8a" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = b"</sheetData></worksheet>"


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_xml(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(n: int, values: list[object]) -> str:
    return f'<row r="{n}">' + "".join(cell_xml(f"{col_letter(i)}{n}", v) for i, v in enumerate(values)) + "</row>"


def table_rows_xml(rows: list[list[object]], start: int = 1) -> bytes:
    return "".join(row_xml(start + i, r) for i, r in enumerate(rows)).encode("utf-8")


def raw_xlsx(path: Path, sheet: bytes | None, *, parts: dict[str, bytes] | None = None,
             drop: tuple[str, ...] = (), compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """An .xlsx written part by part: ``sheet`` is the sheet1.xml body (None = leave it out)."""
    contents = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    }
    if sheet is not None:
        contents["xl/worksheets/sheet1.xml"] = sheet
    contents.update(parts or {})
    with zipfile.ZipFile(path, "w", compress) as zf:
        for name, data in contents.items():
            if name not in drop:
                zf.writestr(name, data)
    return path


def sheet_with(rows: list[list[object]], extra: bytes = b"", start: int = 1) -> bytes:
    return SHEET_OPEN + table_rows_xml(rows, start) + extra + SHEET_CLOSE


def good_table() -> list[list[object]]:
    return [list(HEADER), *[list(r) for r in GOOD]]


def roster_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "名冊"
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def roster_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    text = "\r\n".join(",".join("" if v is None else str(v) for v in r) for r in rows) + "\r\n"
    if encoding == "cp950":  # Big5 has no Ext-B characters: that is why schools move to UTF-8
        text = text.replace("𡘙", "曉")
    path.write_bytes(text.encode(encoding))
    return path


def with_bad(column: str, value: object) -> list[list[object]]:
    """The good table plus one row (Excel row 5) whose ``column`` holds ``value``."""
    rows = good_table()
    bad = ["000199", "壞資料", "101", "", "", "", "", "", "", ""]
    bad[HEADER.index(column)] = value
    rows.append(bad)
    return rows


def valid_xlsx_bytes(folder: Path) -> bytes:
    return roster_xlsx(folder / "_valid.tmp.xlsx", good_table()).read_bytes()


def zip_bomb(path: Path, size: int, *, lie: bool) -> Path:
    """sheet1.xml of ``size`` bytes of one repeated cell-free filler, deflated to almost nothing.

    With ``lie`` the sizes in the zip headers claim 1,000 bytes (a bomb that hides its size)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    body = [comp.compress(SHEET_OPEN)]
    crc = zlib.crc32(SHEET_OPEN)
    written = len(SHEET_OPEN)
    while written < size:
        body.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
        written += len(chunk)
    body.append(comp.compress(SHEET_CLOSE))
    crc = zlib.crc32(SHEET_CLOSE, crc)
    written += len(SHEET_CLOSE)
    body.append(comp.flush())
    data = b"".join(body)
    declared = 1000 if lie else written
    members = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
               ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)]
    out = bytearray()
    central = bytearray()
    for filename, content in members:
        offset = len(out)
        comp_data = zlib.compress(content)[2:-4]
        ccrc = zlib.crc32(content)
        name = filename.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, ccrc, len(comp_data), len(content), len(name), 0)
        out += name + comp_data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, ccrc, len(comp_data),
                               len(content), len(name), 0, 0, 0, 0, 0, offset) + name
    offset = len(out)
    name = b"xl/worksheets/sheet1.xml"
    out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), declared, len(name), 0)
    out += name + data
    central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), declared,
                           len(name), 0, 0, 0, 0, 0, offset) + name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members) + 1, len(members) + 1, len(central), cd_offset, 0)
    path.write_bytes(bytes(out))
    return path


def million_formatted_rows(path: Path, *, data_at_end: bool) -> Path:
    """A header, one student, then 1,000,000 empty but formatted rows (Excel's "format whole
    column" habit); with ``data_at_end`` one more student after them (row 1,000,003)."""
    rows = [list(HEADER), list(GOOD[0])]
    empty = "".join(f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>'
                    for n in range(3, 1_000_003))
    tail = row_xml(1_000_003, GOOD[1]) if data_at_end else ""
    sheet = SHEET_OPEN + table_rows_xml(rows) + empty.encode() + tail.encode() + SHEET_CLOSE
    return raw_xlsx(path, sheet)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b"]>"
)


# ------------------------------------------------------------------------------------ corpus



def build_corpus(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    valid = valid_xlsx_bytes(folder)
    cases: list[Case] = []

    def file_case(name: str, filename: str, data: bytes | None = None, *, isolate: bool = False,
                  build: Callable[[Path], object] | None = None) -> None:
        path = folder / filename
        if build is not None:
            build(path)
        elif data is not None:
            path.write_bytes(data)
        cases.append(Case(name, path, "file", isolate=isolate))

    def row_case(name: str, filename: str, rows: list[list[object]], row: int = BAD_ROW, *,
                 csv_encoding: str | None = None, known_gap: str = "") -> None:
        path = folder / filename
        if csv_encoding:
            roster_csv(path, rows, csv_encoding)
        else:
            roster_xlsx(path, rows)
        cases.append(Case(name, path, "row", row, known_gap=known_gap))

    # --- not a workbook at all / damaged containers
    file_case("empty", "empty.xlsx", b"")
    file_case("one-byte", "one-byte.xlsx", b"P")
    file_case("zip-magic-only", "magic.xlsx", b"PK\x03\x04")
    for frac in (0.05, 0.25, 0.5, 0.75, 0.9, 0.99):
        file_case(f"truncated-{int(frac * 100)}pct", f"truncated-{int(frac * 100)}.xlsx", valid[: int(len(valid) * frac)])
    file_case("truncated-no-eocd", "truncated-eocd.xlsx", valid[:-22])
    file_case("truncated-minus-1", "truncated-1.xlsx", valid[:-1])
    mid = len(valid) // 2
    file_case("bit-rot-middle", "bitrot.xlsx", valid[:mid] + bytes(b ^ 0xFF for b in valid[mid : mid + 512]) + valid[mid + 512 :])
    rng = random.Random(7)
    file_case("random-bytes", "random.xlsx", bytes(rng.randrange(256) for _ in range(50_000)))
    file_case("plain-text", "text.xlsx", "學號,姓名,班級\n000001,王,101\n".encode())
    file_case("html-table", "html.xlsx", b"<html><body><table><tr><td>\xe5\xad\xb8\xe8\x99\x9f</td></tr></table></body></html>")
    file_case("xml-spreadsheet-2003", "xml2003.xlsx", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>')
    file_case("pdf-renamed", "pdf.xlsx", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    file_case("png-renamed", "png.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200))
    file_case("gzip-renamed", "gzip.xlsx", b"\x1f\x8b\x08\x00" + bytes(100))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    file_case("xls-renamed", "legacy.xlsx", ole + "Workbook".encode("utf-16-le") + bytes(1024))
    file_case("encrypted-ole2", "encrypted.xlsx", ole + "EncryptionInfo".encode("utf-16-le") + bytes(64)
              + "EncryptedPackage".encode("utf-16-le") + bytes(2048))
    file_case("xls-suffix-ole", "legacy.xls", ole + bytes(1024))
    file_case("empty-zip", "empty-zip.xlsx", b"PK\x05\x06" + bytes(18))

    def zip_of(entries: dict[str, bytes]) -> Callable[[Path], object]:
        def build(path: Path) -> None:
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for n, d in entries.items():
                    zf.writestr(n, d)
        return build

    file_case("ods-renamed", "ods.xlsx", build=zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                        "content.xml": b"<office:document-content/>"}))
    file_case("docx-renamed", "docx.xlsx", build=zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}))
    file_case("xlsb-renamed", "xlsb.xlsx", build=zip_of({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.bin": b"\x00" * 64}))
    file_case("zip-of-photos", "photos.xlsx", build=zip_of({"a.jpg": b"\xff\xd8\xff" + bytes(100)}))
    file_case("only-content-types", "ct-only.xlsx", build=zip_of({"[Content_Types].xml": CONTENT_TYPES}))
    file_case("no-sheet-part", "no-sheet.xlsx", build=lambda p: raw_xlsx(p, None))
    file_case("no-workbook-rels", "no-rels.xlsx", build=lambda p: raw_xlsx(p, sheet_with(good_table()), drop=("xl/_rels/workbook.xml.rels",)))
    file_case("no-sheets-listed", "no-sheets.xlsx", build=lambda p: raw_xlsx(p, sheet_with(good_table()), parts={
        "xl/workbook.xml": WORKBOOK.replace(b'<sheet name="\xe5\x90\x8d\xe5\x86\x8a" sheetId="1" r:id="rId1"/>', b"")}))
    file_case("workbook-xml-garbage", "wb-garbage.xlsx", build=lambda p: raw_xlsx(p, sheet_with(good_table()), parts={"xl/workbook.xml": b"<workbook><sheets><sheet"}))
    file_case("sheet-xml-truncated", "sheet-trunc.xlsx", build=lambda p: raw_xlsx(p, sheet_with(good_table())[:200]))
    file_case("sheet-xml-binary", "sheet-bin.xlsx", build=lambda p: raw_xlsx(p, bytes(range(256)) * 20))
    file_case("sheet-xml-not-xml", "sheet-text.xlsx", build=lambda p: raw_xlsx(p, "學號,姓名\n".encode()))
    file_case("sheet-billion-laughs", "lol-sheet.xlsx", build=lambda p: raw_xlsx(
        p, BILLION_LAUGHS + sheet_with([list(HEADER), ["&lol9;", "x", "101"]])[len(b'<?xml version="1.0" encoding="UTF-8"?>'):].replace(b"&amp;lol9;", b"&lol9;")))
    file_case("workbook-billion-laughs", "lol-wb.xlsx", build=lambda p: raw_xlsx(p, sheet_with(good_table()), parts={
        "xl/workbook.xml": BILLION_LAUGHS + WORKBOOK[len(b'<?xml version="1.0" encoding="UTF-8"?>'):].replace(b'name="\xe5\x90\x8d\xe5\x86\x8a"', b'name="&lol9;"')}))
    file_case("workbook-xxe", "xxe.xlsx", build=lambda p: raw_xlsx(p, sheet_with([["&xxe;"]]), parts={
        "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + WORKBOOK[len(b'<?xml version="1.0" encoding="UTF-8"?>'):].replace(b'name="\xe5\x90\x8d\xe5\x86\x8a"', b'name="&xxe;"')}))
    file_case("shared-string-out-of-range", "sst-range.xlsx", build=lambda p: raw_xlsx(
        p, SHEET_OPEN + b'<row r="1"><c r="A1" t="s"><v>99999</v></c></row>' + SHEET_CLOSE))
    file_case("stored-unsupported-method", "method.xlsx", build=lambda p: _patch_method(raw_xlsx(p, sheet_with(good_table()))))
    file_case("entry-encrypted-flag", "zipcrypto.xlsx", build=lambda p: _patch_flags(raw_xlsx(p, sheet_with(good_table()))))
    file_case("crc-mismatch", "crc.xlsx", build=lambda p: _patch_crc(raw_xlsx(p, sheet_with(good_table()), compress=zipfile.ZIP_STORED)))

    # --- sheet content that gives no table
    file_case("no-header-row", "no-header.xlsx", build=lambda p: roster_xlsx(p, [["名單"], ["甲", "乙"], *[[i] for i in range(30)]]))
    file_case("header-after-row-20", "late-header.xlsx", build=lambda p: roster_xlsx(p, [[f"說明 {i}"] for i in range(25)] + good_table()))
    for missing in ("學號", "姓名", "班級"):
        file_case(f"missing-column-{missing}", f"missing-{missing}.xlsx",
                  build=lambda p, m=missing: roster_xlsx(p, [[v for i, v in enumerate(r) if HEADER[i] != m] for r in good_table()]))
    file_case("empty-sheet", "empty-sheet.xlsx", build=lambda p: raw_xlsx(p, SHEET_OPEN + SHEET_CLOSE))
    file_case("only-formatting", "formatted-only.xlsx", build=lambda p: raw_xlsx(
        p, SHEET_OPEN + b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(1, 5000)) + SHEET_CLOSE))
    file_case("million-formatted-rows-then-data", "million-then-data.xlsx", isolate=True,
              build=lambda p: million_formatted_rows(p, data_at_end=True))
    file_case("sparse-xfd1048576", "sparse.xlsx", isolate=True, build=lambda p: raw_xlsx(
        p, sheet_with(good_table()) .replace(SHEET_CLOSE, row_xml(1048576, [None] * 16383 + ["x"]).encode() + SHEET_CLOSE)))
    file_case("far-column-header", "far-col.xlsx", isolate=True, build=lambda p: raw_xlsx(
        p, SHEET_OPEN + b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="XFD1" t="inlineStr"><is><t>y</t></is></c></row>'
        + b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 400)) + SHEET_CLOSE))
    file_case("too-many-rows", "too-many.xlsx", isolate=True, build=lambda p: raw_xlsx(
        p, SHEET_OPEN + table_rows_xml([list(HEADER[:3])]) + "".join(
            f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="inlineStr"><is><t>名</t></is></c>'
            f'<c r="C{n}"><v>101</v></c></row>' for n in range(2, 200_100)).encode() + SHEET_CLOSE))
    file_case("zip-bomb-declared", "bomb-declared.xlsx", isolate=True, build=lambda p: zip_bomb(p, 420 << 20, lie=False))
    file_case("zip-bomb-lying", "bomb-lying.xlsx", isolate=True, build=lambda p: zip_bomb(p, 420 << 20, lie=True))
    raw_xlsx(folder / "giant-cell.xlsx", sheet_with(good_table() + [["000199", "名" * 10_000_000, "101"]]))
    cases.append(Case("giant-cell-10mb", folder / "giant-cell.xlsx", "row", BAD_ROW, isolate=True))

    # --- csv containers
    file_case("csv-mixed-encodings", "mixed.csv", "學號,姓名,班級\r\n000001,王小明,101\r\n".encode() + "000002,林大華,101\r\n".encode("cp950")
              + "000003,𡘙,101\r\n".encode())
    file_case("csv-invalid-utf8-and-big5", "invalid.csv", "學號,姓名,班級\r\n".encode() + b"000001,\xff\xfe\xfa\x80,101\r\n")
    file_case("csv-utf16-odd-bytes", "utf16-odd.csv", codecs.BOM_UTF16_LE + "學號,姓名,班級\r\n".encode("utf-16-le") + b"\x00")
    file_case("csv-utf16-no-bom", "utf16-nobom.csv", "學號,姓名,班級\r\n000001,王,101\r\n".encode("utf-16-le"))
    file_case("csv-only-bom", "bom.csv", codecs.BOM_UTF8)
    file_case("csv-blank-lines", "blank.csv", b"\r\n\r\n   \r\n,,,\r\n")
    file_case("csv-random-binary", "random.csv", bytes(rng.randrange(256) for _ in range(20_000)))
    file_case("csv-header-wrong", "wrong-header.csv", "代號,名字,班\r\n1,王,101\r\n".encode())
    file_case("csv-field-over-limit", "big-field.csv", ("學號,姓名,班級\r\n000001,\"" + "長" * 200_000 + "\",101\r\n").encode())
    quote = folder / "quote.csv"  # the quote swallows the rest of the file into row 2's name
    quote.write_bytes(('學號,姓名,班級\r\n000001,"王小明,101\r\n' + "000002,林,101\r\n" * 10).encode())
    cases.append(Case("csv-unterminated-quote", quote, "row", 2))
    file_case("csv-nul-bytes", "nul.csv", b"\x00\x00\x00" + "學號,姓名,班級\r\n".encode() + b"\x00" * 100)
    file_case("csv-too-big", "huge.csv", isolate=True, build=lambda p: _sparse(p, (200 << 20) + 1))
    file_case("csv-too-many-rows", "many.csv", isolate=True, build=lambda p: p.write_bytes(
        "學號,姓名,班級\n".encode() + b"".join(b"%06d,x,101\n" % i for i in range(200_100))))
    file_case("csv-semicolon-missing-columns", "semicolon.csv", "學號;姓名\r\n000001;王\r\n".encode())
    file_case("csv-10000-columns-no-header", "wide.csv", (",".join(f"c{i}" for i in range(10_000)) + "\r\n").encode() * 3)

    # --- not files / other types
    file_case("pdf-suffix", "roster.pdf", b"%PDF-1.4\n%%EOF\n")
    file_case("no-suffix", "roster", b"\x00\x01")
    file_case("docx-suffix", "roster.docx", build=zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}))
    file_case("missing-file", "does-not-exist.xlsx")
    directory = folder / "folder.xlsx"
    directory.mkdir(exist_ok=True)
    cases.append(Case("directory", directory, "file"))

    # --- rows the importer must point at (Excel row 5)
    for code in ("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"):
        row_case(f"error-cell-學號-{code}", f"err-no-{code.strip('#!?').replace('/', '')}.xlsx", with_bad("學號", code))
    row_case("error-cell-姓名", "err-name.xlsx", with_bad("姓名", "#N/A"))
    row_case("error-cell-班級", "err-class.xlsx", with_bad("班級", "#REF!"))
    row_case("error-cell-出生日期", "err-birth.xlsx", with_bad("出生日期", "#VALUE!"))
    row_case("formula-學號", "formula-no.xlsx", with_bad("學號", "=A4+1"))
    row_case("formula-姓名", "formula-name.xlsx", with_bad("姓名", '=CONCAT("王","明")'))
    row_case("formula-dde", "formula-dde.xlsx", with_bad("學號", "=cmd|' /C calc'!A0"))
    row_case("formula-班級", "formula-class.xlsx", with_bad("班級", "=1+100"))
    row_case("huge-cell-name", "huge-name.xlsx", with_bad("姓名", "名" * 32_767))
    row_case("huge-cell-學號", "huge-no.xlsx", with_bad("學號", "1" * 5000))
    row_case("blank-required-姓名", "blank-name.xlsx", with_bad("姓名", ""))
    row_case("blank-required-班級", "blank-class.xlsx", with_bad("班級", ""))
    row_case("student-no-symbols", "no-symbols.xlsx", with_bad("學號", "00'; DROP TABLE student;--"))
    row_case("student-no-rtl-override", "no-rtl.xlsx", with_bad("學號", "\u202e000199"))
    row_case("student-no-float-nan", "no-nan.xlsx", with_bad("學號", float("1e308")))
    row_case("student-no-bool", "no-bool.xlsx", with_bad("學號", True))
    row_case("national-id-check-digit", "id-check.xlsx", with_bad("身分證統一編號", "A123456788"))
    row_case("national-id-shape", "id-shape.xlsx", with_bad("身分證統一編號", "12345"))
    row_case("national-id-formula", "id-formula.xlsx", with_bad("身分證統一編號", "=A1"))
    row_case("gender-unknown", "gender.xlsx", with_bad("性別", "X"))
    row_case("birth-impossible-roc", "birth-roc.xlsx", with_bad("出生日期", "113/02/30"))
    row_case("birth-garbage", "birth-garbage.xlsx", with_bad("出生日期", "昨天"))
    row_case("birth-future", "birth-future.xlsx", with_bad("出生日期", "2999-01-01"))
    row_case("seat-zero", "seat0.xlsx", with_bad("座號", 0))
    row_case("seat-text", "seat-text.xlsx", with_bad("座號", "第一"))
    row_case("seat-huge", "seat-huge.xlsx", with_bad("座號", 10**12))
    row_case("status-unknown", "status.xlsx", with_bad("學籍狀態", "外星"))
    row_case("email-bad", "email.xlsx", with_bad("電子郵件", "not-an-email"))
    row_case("phone-bad", "phone.xlsx", with_bad("聯絡電話", "<script>alert(1)</script>"))
    dup = good_table() + [list(GOOD[0])]
    row_case("duplicate-student-no", "dup.xlsx", dup)
    for enc in ("utf-8", "cp950", "utf-16"):
        row_case(f"csv-{enc}-bad-id", f"bad-id-{enc}.csv", with_bad("身分證統一編號", "A123456788"), csv_encoding=enc)
        row_case(f"csv-{enc}-formula-injection", f"inject-{enc}.csv", with_bad("學號", "=HYPERLINK(\"http://x\")"), csv_encoding=enc)
    row_case("csv-bad-date", "bad-date.csv", with_bad("出生日期", "97/13/45"), csv_encoding="utf-8")
    row_case("csv-control-chars", "control.csv", with_bad("學號", "0001\x0b99"), csv_encoding="utf-8")
    row_case("csv-dup", "dup.csv", dup, csv_encoding="utf-8")
    (folder / "_valid.tmp.xlsx").unlink()
    return cases


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.write("學號,姓名,班級\n".encode())
        fh.truncate(size)


def _patch_method(path: Path) -> Path:
    """Every entry claims compression method 99 (AES, which no reader here supports)."""
    data = bytearray(path.read_bytes())
    for sig, off in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        pos = 0
        while (pos := data.find(sig, pos)) != -1:
            data[pos + off : pos + off + 2] = struct.pack("<H", 99)
            pos += 4
    path.write_bytes(bytes(data))
    return path


def _patch_flags(path: Path) -> Path:
    """Every entry has the "encrypted" bit set (ZipCrypto), as a password-zipped workbook has."""
    data = bytearray(path.read_bytes())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = 0
        while (pos := data.find(sig, pos)) != -1:
            data[pos + off] |= 1
            pos += 4
    path.write_bytes(bytes(data))
    return path


def _patch_crc(path: Path) -> Path:
    """The stored sheet's bytes changed after writing (its CRC no longer matches)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"<sheetData>")
    data[at + 1 : at + 6] = b"XXXXX"
    path.write_bytes(bytes(data))
    return path


# ----------------------------------------------------------------------------- running a case

def outcome(path: Path, spec: str = "roster") -> dict[str, object]:
    """What ``read_table(path, SPEC)`` did, as plain data (so a child process can report it); ``spec``
    is one of tests/data/hostile_specs.py SPECS."""
    from portfolio_desktop.errors import PortfolioError
    from portfolio_desktop.io.tabular import read_table
    from tests.data.hostile_specs import spec_named

    try:
        table = read_table(path, spec_named(spec))
    except PortfolioError as exc:
        return {"kind": "refused", "type": type(exc).__name__, "zh": exc.zh, "en": exc.en}
    except Exception as exc:  # noqa: BLE001 - a crash is what the test is looking for
        return {"kind": "crash", "type": type(exc).__name__, "en": str(exc)[:500]}
    return {
        "kind": "table",
        "rows": len(table.rows),
        "problems": [[p.file, p.row, p.column, p.en] for p in table.problems],
    }


if __name__ == "__main__":  # python -m tests.data.hostile FILE [MEMORY [SPEC]] → the outcome as JSON
    import json
    import resource
    import sys

    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 3 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(json.dumps(outcome(Path(sys.argv[1]), sys.argv[3] if len(sys.argv) > 3 else "roster"), ensure_ascii=False))
