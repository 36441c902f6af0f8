"""The floors the whole-process benchmark (benchmarks/whole_process.py) measures our commands against:
the least a program doing the same job with the bare libraries must spend, as a process of its own.

    python benchmarks/floors.py import FILE.xlsx DB        # calamine read + one sqlite3 executemany
    python benchmarks/floors.py openpyxl FILE.xlsx         # a bare openpyxl read-only pass
    python benchmarks/floors.py dashboard DB TERM_ID CLASS_ID   # SQLAlchemy imported + the raw GROUP BY
    python benchmarks/floors.py pdf OUT.pdf PAGES          # bare reportlab, the same TTFs, same text per page
"""

from __future__ import annotations

import sys


def calamine_executemany(xlsx: str, db: str) -> None:
    import sqlite3

    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(xlsx)
    rows = book.get_sheet_by_index(0).to_python()
    header = next(i for i, r in enumerate(rows) if "學號" in r)
    width = len(rows[header])
    con = sqlite3.connect(db)
    con.execute(f"CREATE TABLE roster ({', '.join(f'c{i}' for i in range(width))})")
    with con:
        con.executemany(f"INSERT INTO roster VALUES ({', '.join('?' * width)})",
                        [tuple(r[:width]) for r in rows[header + 1:]])
    con.close()


def openpyxl_pass(xlsx: str) -> int:
    """A bare openpyxl read-only pass: open the workbook and touch every cell; returns the cells seen."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if value is not None:
                    n += 1
    wb.close()
    return n


def dashboard(db: str, term_id: int, class_id: int) -> None:
    import json
    import sqlite3

    import sqlalchemy  # noqa: F401 - the floor of any SQLAlchemy program

    from raw_sql import RAW_CLASS

    con = sqlite3.connect(db)
    rows = con.execute(RAW_CLASS, (term_id, class_id)).fetchall()
    sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")


# One notice page's worth of text (about what a notice prints), with an Ext-B name.
_LINES = ["高雄市立岡山高級農工職業學校 教務處註冊組 學生學習歷程檔案收訖明細通知", "王𡘙明 同學家長 您好：",
          "貴子弟於在學期間上傳之學習歷程檔案，經本校彙整提交至中央資料庫之收訖明細如下，請核對。",
          *(f"112 學年度第 {k % 2 + 1} 學期　課程學習成果　第{k + 1}項 自主學習計畫成果報告　1 件" for k in range(24)),
          "如有疑義，請於回覆期限前填妥回條寄回本校註冊組。", "820 高雄市岡山區岡山路533號 (07)621-2345"]


def bare_pdf(out: str, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    folder = "/usr/share/fonts/truetype/cns11643/"
    pdfmetrics.registerFont(TTFont("Sung", folder + "TW-Sung-98_1.ttf"))
    pdfmetrics.registerFont(TTFont("SungB", folder + "TW-Sung-Ext-B-98_1.ttf"))
    c = Canvas(out, pagesize=A4, pageCompression=1)
    for _ in range(pages):
        y = 800.0
        for line in _LINES:
            t = c.beginText(60, y)
            for part in line.split("𡘙"):
                t.setFont("Sung", 11)
                t.textOut(part)
                if part is not line.split("𡘙")[-1]:
                    t.setFont("SungB", 11)
                    t.textOut("𡘙")
            c.drawText(t)
            y -= 24
        c.showPage()
    c.save()


def main(argv: list[str]) -> None:
    job, *rest = argv
    if job == "import":
        calamine_executemany(rest[0], rest[1])
    elif job == "openpyxl":
        openpyxl_pass(rest[0])
    elif job == "dashboard":
        dashboard(rest[0], int(rest[1]), int(rest[2]))
    elif job == "pdf":
        bare_pdf(rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown floor {job}")


if __name__ == "__main__":
    main(sys.argv[1:])
