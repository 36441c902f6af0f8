"""The bulk-mail list (reports/mailing_list.py) as an .xlsx the clerk can finish and print: a title and
the posting's details above the table, columns wide enough for the address, and a print set-up of A4
portrait, fit to one page wide, the heading rows repeated on every page, page numbers in the footer.

Every text is a text cell (郵遞區號 and 掛號號碼 keep their leading zeros); a text that Excel could take
for a formula (= + - @) gets the quote prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from portfolio_desktop.domain.roc import format_roc_long
from portfolio_desktop.reports.mailing_list import MAILING_HEADERS, Addressee, Posting, registered_numbers

HEAD_ROWS = 5  # title, sender, address, date/class/postage, column headers
_RISKY = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")


def _text(ws, row: int, col: int, value: str, **style: object):  # type: ignore[no-untyped-def]
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_RISKY):
        cell.quotePrefix = True
    for key, v in style.items():
        setattr(cell, key, v)
    return cell


def address_width(people: Sequence[Addressee]) -> float:
    """Excel column width for the address: about two units per CJK character, 30 to 80."""
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in p.address) for p in people), default=20)
    return float(min(80, max(30, longest + 2)))


def write_mailing_xlsx(people: Sequence[Addressee], path: Path, *, posting: Posting) -> int:
    """Write the list to ``path`` (the caller makes it atomic); returns the number of addressees."""
    wb = Workbook()
    ws = wb.active
    ws.title = "交寄清單"
    head = posting.sender
    last = get_column_letter(len(MAILING_HEADERS))
    _text(ws, 1, 1, posting.title + (f"（{posting.batch_label}）" if posting.batch_label else ""),
          font=Font(bold=True, size=14), alignment=Alignment(horizontal="center"))
    ws.merge_cells(f"A1:{last}1")
    _text(ws, 2, 1, f"寄件人：{head.school_name} {head.office}" + (f"　電話：{head.phone}" if head.phone else ""))
    ws.merge_cells(f"A2:{last}2")
    _text(ws, 3, 1, f"寄件人地址：{head.return_address}")
    ws.merge_cells(f"A3:{last}3")
    postage = f"{posting.postage} 元" if posting.postage is not None else "＿＿ 元"
    _text(ws, 4, 1, f"交寄日期：{format_roc_long(posting.mailed_on)}　郵件種類：國內{posting.mail_class}　每件郵資：{postage}")
    ws.merge_cells(f"A4:{last}4")
    grey = PatternFill("solid", fgColor="DDDDDD")
    for col, header in enumerate(MAILING_HEADERS, start=1):
        _text(ws, HEAD_ROWS, col, header, font=Font(bold=True), fill=grey,
              border=Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN))
    numbers = registered_numbers(posting.start_number, len(people)) if posting.registered else [""] * len(people)
    border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
    for k, p in enumerate(people):
        row = HEAD_ROWS + 1 + k
        ws.cell(row=row, column=1, value=k + 1).border = border
        for col, value in ((2, numbers[k]), (3, p.name), (4, p.postal_code), (5, p.address), (7, "")):
            _text(ws, row, col, value, border=border)
        ws.cell(row=row, column=5).alignment = Alignment(wrap_text=True, vertical="top")
        cell = ws.cell(row=row, column=6, value=posting.postage)
        cell.border = border
    end = HEAD_ROWS + len(people) + 1
    total = f"，郵資共計 {posting.postage * len(people):,} 元" if posting.postage is not None else "，郵資共計＿＿元"
    _text(ws, end, 1, f"全批共 {len(people)} 件{total}", font=Font(bold=True))
    ws.merge_cells(f"A{end}:{last}{end}")
    _text(ws, end + 2, 1, "寄件人簽章：")
    _text(ws, end + 2, 3, "經辦員簽章：")
    _text(ws, end + 2, 5, "收寄郵戳：")
    for letter, width in zip("ABCDEFG", (6, 12, 14, 9, address_width(people), 10, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{HEAD_ROWS + 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"1:{HEAD_ROWS}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 頁／共 &N 頁"
    wb.save(path)
    return len(people)
