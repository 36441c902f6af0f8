"""Builders that write real, quirky .xlsx / .csv files (and broken ones) for the tests.

Everything here writes bytes to disk the way the office's tools would: openpyxl for ordinary
workbooks (title rows, merged cells, date cells, any column order), hand-made zip packages for
what openpyxl will not write (a million formatted empty rows, values far apart, forged sizes),
and hand-made OLE2 compound files for .xls / encrypted workbooks. IDs get real check digits from
an implementation written here, independent of portfolio_desktop.domain.ids.
"""

from __future__ import annotations

import random
import struct
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

ROSTER_HEADERS = ["學號", "姓名", "身分證統一編號", "性別", "出生日期", "部別", "科別", "班級", "座號", "學籍狀態",
                  "離校日期", "郵遞區號", "通訊地址", "監護人", "聯絡電話", "電子郵件"]  # fmt: skip
RARE_NAMES = ["王𡘙", "林𪜶", "陳󠄁堃", "黃𥚃明", "李峯", "張喆"]  # Ext-B (and one with a variation selector)
_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高"
_GIVEN = "怡君家豪志明雅婷宗翰詩涵冠宇佳穎承恩品妤宥廷子晴柏翰欣妍"
_AREA = {"A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
         "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
         "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33}  # fmt: skip


# ------------------------------------------------------------------------------------------ IDs


def _check(letter: str, second: int, body: str) -> str:
    """Check digit: area code digits, then the 8 following digits, weights 1,9,8,...,1."""
    a = _AREA[letter]
    digits = [a // 10, a % 10, second, *map(int, body)]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    return str(-sum(d * w for d, w in zip(digits, weights, strict=True)) % 10)


def national_id(rng: random.Random, gender: str = "M") -> str:
    letter = rng.choice(sorted(_AREA))
    second = 1 if gender == "M" else 2
    body = "".join(rng.choice("0123456789") for _ in range(7))
    return f"{letter}{second}{body}{_check(letter, second, body)}"


def resident_id_new(rng: random.Random) -> str:
    letter = rng.choice(sorted(_AREA))
    second = rng.choice((8, 9))
    body = "".join(rng.choice("0123456789") for _ in range(7))
    return f"{letter}{second}{body}{_check(letter, second, body)}"


def resident_id_old(rng: random.Random) -> str:
    letter = rng.choice(sorted(_AREA))
    second_letter = rng.choice("ABCD")
    second = _AREA[second_letter] % 10  # only the last digit of the second letter's code counts
    body = "".join(rng.choice("0123456789") for _ in range(7))
    return f"{letter}{second_letter}{body}{_check(letter, second, body)}"


def wrong_check_digit(valid: str) -> str:
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


# -------------------------------------------------------------------------------------- rosters


def roster_records(n: int, *, seed: int = 113, rare_every: int = 50) -> list[dict[str, object]]:
    """*n* valid roster records keyed by the canonical headers (學號 with leading zeros, Ext-B names,
    real check digits, birth dates as ``date``)."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for i in range(n):
        gender = "男" if i % 2 == 0 else "女"
        name = RARE_NAMES[(i // rare_every) % len(RARE_NAMES)] if rare_every and i % rare_every == 0 else (
            rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN))
        grade = 1 + i % 3
        out.append({
            "學號": f"{i + 1:06d}", "姓名": name,
            "身分證統一編號": national_id(rng, "M" if gender == "男" else "F"),
            "性別": gender, "出生日期": date(2008 - grade, 1 + i % 12, 1 + i % 28),
            "部別": "日間部" if i % 5 else "進修部", "科別": "資訊科",
            "班級": f"{grade}{i % 10 + 1:02d}", "座號": i % 40 + 1, "學籍狀態": "在學", "離校日期": None,
            "郵遞區號": "70101", "通訊地址": f"臺南市東區大學路{i % 300 + 1}號",
            "監護人": rng.choice(_SURNAMES) + "先生", "聯絡電話": f"09{i:08d}", "電子郵件": f"s{i + 1:06d}@example.tw",
        })  # fmt: skip
    return out


def table(records: Sequence[dict[str, object]], headers: Sequence[str] = ROSTER_HEADERS,
          *, keys: Sequence[str] | None = None) -> list[list[object]]:
    """Header row + one row per record; ``headers[i]`` is written for ``keys[i]`` (default: same)."""
    keys = list(keys or headers)
    return [list(headers), *([r.get(k) for k in keys] for r in records)]


def write_xlsx(path: Path, rows: Iterable[Sequence[object]], *, sheet: str = "名冊",
               merges: Sequence[str] = (), before: Sequence[tuple[str, list[list[object]]]] = (),
               number_cells: bool = True) -> Path:
    """One workbook with sheet *sheet* holding *rows* (None = empty cell); *before* adds other sheets
    first. Strings are written as text; ``number_cells`` keeps ints/floats as number cells."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, other in before:
        ws = wb.create_sheet(name)
        for r in other:
            ws.append(list(r))
    ws = wb.create_sheet(sheet)
    for r in rows:
        ws.append([v if number_cells or not isinstance(v, (int, float)) else str(v) for v in r])
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def write_csv(path: Path, rows: Iterable[Sequence[object]], *, encoding: str = "utf-8",
              delimiter: str = ",", bom: bool = False) -> Path:
    """A CSV as school systems write it; dates as ROC text would be written by the caller."""
    import csv
    import io

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        writer.writerow(["" if v is None else v for v in r])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


# -------------------------------------------------------------------------- hand-made packages

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def inline_row(r: int, values: Sequence[object], *, first_col: int = 0) -> bytes:
    """A ``<row>`` with inline-string / number cells starting at column *first_col* (0 = A)."""
    cells = []
    for j, v in enumerate(values):
        if v is None:
            continue
        ref = f"{col_letter(first_col + j)}{r}"
        if isinstance(v, (int, float)):
            cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'.encode()


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def write_raw_xlsx(path: Path, sheet_rows: Iterable[bytes], *, sheet: str = "名冊", styles: bool = True) -> Path:
    """A minimal, valid .xlsx whose worksheet XML is streamed from *sheet_rows* (``<row>`` elements)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' if styles else "")
            + "</Types>"))  # fmt: skip
        z.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>' if styles else "")
            + "</Relationships>"))  # fmt: skip
        if styles:
            z.writestr("xl/styles.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_MAIN}"><fonts count="2"><font/><font><b/></font></fonts>'
                '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
                '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf fontId="1" applyFont="1"/></cellXfs>'
                "</styleSheet>"))  # fmt: skip
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for chunk in sheet_rows:
                fh.write(chunk)
            fh.write(b"</sheetData></worksheet>")
    return path


def empty_formatted_rows(first: int, last: int, columns: int = 3) -> Iterable[bytes]:
    """Rows *first*..*last* whose cells are formatted (bold) but empty, as Excel writes them."""
    for r in range(first, last + 1):
        yield ('<row r="%d">' % r + "".join(f'<c r="{col_letter(j)}{r}" s="1"/>' for j in range(columns)) + "</row>").encode()


# ------------------------------------------------------------------------------- broken files


def write_ole(path: Path, streams: Sequence[str]) -> Path:
    """A structurally valid OLE2 compound file (CFB v3) whose root holds empty streams *streams*:
    ["Workbook"] looks like an .xls, ["EncryptionInfo", "EncryptedPackage"] like an encrypted .xlsx."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end)
    # DIFAT[0] (offset 76) stays 0: the FAT is sector 0; the other 108 DIFAT slots are free
    for k in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * k, free)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, fat_sect, end)  # sector 0 = FAT, sector 1 = directory (end of chain)

    def entry(name: str, kind: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, free, right, child)
        struct.pack_into("<IQ", e, 116, end, 0)
        return bytes(e)

    entries = [entry("Root Entry", 5, 1 if streams else free, free)]
    for i, name in enumerate(streams):
        entries.append(entry(name, 2, free, i + 2 if i + 1 < len(streams) else free))
    directory = b"".join(entries).ljust(512 * ((len(entries) * 128 + 511) // 512), b"\0")
    path.write_bytes(bytes(header) + bytes(fat) + directory)
    return path


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def write_ods(path: Path) -> Path:
    """An OpenDocument spreadsheet (what LibreOffice saves), to be named .xlsx by the test."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    return path


def write_truncated(path: Path, source: Path, fraction: float = 0.5) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * fraction))])
    return path


def forge_uncompressed_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the sizes a zip *declares* for *member* (local and central headers), as a zip bomb's
    headers do, without writing gigabytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for sig, name_len_at, size_at, name_at in ((b"PK\x03\x04", 26, 22, 30), (b"PK\x01\x02", 28, 24, 46)):
        pos = data.find(sig)
        while pos != -1:
            (n,) = struct.unpack_from("<H", data, pos + name_len_at)
            if bytes(data[pos + name_at : pos + name_at + n]) == name:
                struct.pack_into("<I", data, pos + size_at, size)
            pos = data.find(sig, pos + 4)
    path.write_bytes(bytes(data))
    return path
