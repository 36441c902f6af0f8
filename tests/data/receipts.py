"""Builders for the receipt and notice tests: a roster of departed and present students written as a
real .xlsx and imported through the roster service, receipt files, and the letterhead settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.notices.notice_settings import save_settings
from portfolio_desktop.store.engine import Database

ROSTER_HEADERS = ["學號", "姓名", "身分證統一編號", "性別", "出生日期", "科別", "班級", "座號", "學籍狀態",
                  "離校日期", "郵遞區號", "通訊地址", "監護人"]
# Valid IDs (check digits verified by domain.ids).
EXTB = "王𡘙明"  # 𡘙 = U+21619, CJK Extension B
STUDENTS: list[list[Any]] = [
    ["0012301", EXTB, "A123456789", "男", "2008-03-01", "資訊科", "301", 1, "轉出", "2024-06-30",
     "82047", "高雄市岡山區大仁路１號之𡘙", "王大同"],
    ["0012302", "陳小華", "F131104093", "女", "2005-01-05", "資訊科", "301", 2, "畢業", "2024-06-30",
     "820", "高雄市岡山區岡山路533號", ""],
    ["0012303", "林在校", "E223456785", "女", "2007-12-31", "資訊科", "301", 3, "在學", None,
     "820", "高雄市岡山區壽天路1號", "林爸爸"],
    ["0012304", "張休學", "S123456784", "男", "2007-05-05", "機械科", "201", 4, "休學", "2024-09-01",
     "", "", ""],
]
FULL_IDS = [row[2] for row in STUDENTS]


def write_xlsx(path: Path, headers: list[str], rows: list[list[Any]], title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "工作表1"
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def load_roster(db: Database, actor: Actor, tmp: Path, rows: list[list[Any]] | None = None) -> None:
    path = write_xlsx(tmp / "roster.xlsx", ROSTER_HEADERS, rows or STUDENTS)
    rosters.import_roster(db, actor, path)


RECEIPT_HEADERS = ["學號", "姓名", "學年度", "學期", "類別", "項目名稱", "件數"]


def receipt_rows(items_per_student: int = 3) -> list[list[Any]]:
    cats = ["學籍資料", "修課紀錄", "課程學習成果", "多元表現", "幹部經歷"]
    rows: list[list[Any]] = []
    for row in STUDENTS:
        for i in range(items_per_student):
            term = (112, 1) if i % 2 == 0 else (112, 2)
            rows.append([row[0], row[1], term[0], term[1], cats[i % 5], f"項目{i + 1} 專題報告𡘙" if row[1] == EXTB else f"項目{i + 1}", 1])
    return rows


def set_letterhead(db: Database, actor: Actor) -> None:
    save_settings(db, actor, letterhead={
        "school_name": "高雄市立岡山高級農工職業學校", "office": "教務處註冊組", "postal_code": "820",
        "address": "高雄市岡山區岡山路533號", "phone": "(07)621-2345", "contact": "註冊組長",
    })
