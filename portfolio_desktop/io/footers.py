"""Footer and summary rows below a table (合計：10 人, 共 10 筆, 製表人：…, 列印日期：…, 第 1 頁,
以下空白, 備註：…).

School systems print them under the data; read as data they would be students without a 學號. A row
is a footer only when its first non-blank cell reads like one *and* its identifying column (學號,
課程代碼 …) holds no valid value: a row with a valid 學號 is never a footer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from portfolio_desktop.io.normalize import clean, halfwidth

_SPACES = re.compile(r"\s+")
_FOOTER = re.compile(
    r"(?:"
    # totals: 合計：10 人, 總計 10, 小計, 總人數 38, 資料筆數：240
    r"合計|總計|小計|累計|總數|總人數|人數合計|人數總計|學生人數|全班人數|班級人數|資料筆數|總筆數|筆數[:]|共計|總共"
    r"|共\d+(?:人|名|筆|位|列|項|門|班|件|生|科)"
    # who made / printed it, when, and the signature line
    r"|製表|列印日期|列印時間|列印人|列印者|印表日期|印表時間|印表人|匯出日期|匯出時間|產生日期|資料日期"
    r"|(?:承辦人|經辦人|核章|審核|覆核|組長|註冊組長|教務主任|主任|校長)(?:[:]|$)"
    # page numbers: 第 1 頁, 頁次：1/3, 1/3 頁; 本頁小計; forms' 以下空白; remarks under the table
    r"|第\d+頁|頁次|\d+/\d+頁|本頁|以下空白|以下無資料|(?:備註|附註|說明|註)[:]"
    r"|(?i:total|subtotal|grand total|printed|prepared by|page\s*\d)"
    r")"
)


def footer_text(cells: Sequence[object]) -> str | None:
    """The first non-blank cell's text when it reads like a footer line, else None."""
    for cell in cells:
        if cell is None or cell == "":
            continue
        text = clean(cell)
        if not text:
            continue
        compact = _SPACES.sub("", halfwidth(text)).replace("：", ":")
        return text if _FOOTER.match(compact) else None
    return None
