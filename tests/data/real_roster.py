"""A roster shaped like a real school's export, as Excel leaves it: 240 students in six classes, one
of them a 合班 class (309: 農場經營科 and 機械科 students), 14 phones typed as numbers (their leading 0
gone), 進修部 學號 with a leading 0 of which some were typed as numbers, postal codes and 座號 as
numbers or text, phones in the usual writings (dashes, parentheses, extension, +886, full-width),
a title above the header and footer rows (合計, 製表人, 列印日期) below the data.

``build`` returns what the school meant (the records, every value as it should be stored) and where
Excel mangled what, so the tests compare the import with the intent, never with the file's cells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from tests.data.files import national_id, write_csv

HEADERS = ["學號", "姓名", "身分證字號", "性別", "出生日期", "部別", "科別", "班級", "座號", "學籍狀態", "郵遞區號",
           "通訊地址", "家長姓名", "聯絡電話", "電子郵件"]  # fmt: skip
KEYS = ["student_no", "name", "national_id", "gender", "birth_date", "division", "department", "class_code",
        "seat_no", "status", "postal_code", "address", "guardian", "phone", "email"]  # fmt: skip
# (division, class, [(department, students)]) — 309 is a 合班 class: 25 農場經營科 and 15 機械科 students
CLASSES = [
    ("日間部", "101", [("普通科", 40)]), ("日間部", "102", [("資訊科", 40)]), ("日間部", "201", [("普通科", 40)]),
    ("日間部", "202", [("資訊科", 40)]), ("日間部", "301", [("機械科", 40)]),
    ("進修部", "309", [("農場經營科", 25), ("機械科", 15)]),
]  # fmt: skip
COMBINED_LABEL = "309 農場經營科／機械科 合班"
TITLE_ROWS = 2  # a title and a blank row above the header
HEADER_ROW = TITLE_ROWS + 1
_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高"
_GIVEN = "怡君家豪志明雅婷宗翰詩涵冠宇佳穎承恩品妤宥廷子晴柏翰欣妍"
_FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789-()#"}


@dataclass
class RealRoster:
    records: list[dict[str, object]]  # what the school meant, by canonical key (as stored)
    cells: list[list[object]]  # the data rows as written to the file
    phone_number_rows: list[int] = field(default_factory=list)  # file rows whose phone Excel made a number
    student_no_number_rows: list[int] = field(default_factory=list)  # file rows whose 學號 lost its 0
    footer_rows: list[int] = field(default_factory=list)
    combined_rows: dict[str, int] = field(default_factory=dict)  # 309's first row of each department

    def row_of(self, index: int) -> int:
        return HEADER_ROW + 1 + index


def _phone(i: int, rng: random.Random) -> tuple[str, object]:
    """(stored, as written) for the i-th student's phone, in one of the usual writings."""
    mobile = f"09{rng.randrange(10**8):08d}"
    landline = f"07{rng.randrange(1, 10)}{rng.randrange(10**6):06d}"  # 07 + 7 digits
    taipei = f"02{rng.randrange(2, 10)}{rng.randrange(10**7):07d}"  # 02 + 8 digits
    kind = i % 6
    if kind == 0:
        return f"{mobile[:4]}-{mobile[4:7]}-{mobile[7:]}", f"{mobile[:4]}-{mobile[4:7]}-{mobile[7:]}"
    if kind == 1:
        return f"({landline[:2]}){landline[2:5]}-{landline[5:]}", f"({landline[:2]}){landline[2:5]}-{landline[5:]}"
    if kind == 2:
        written = f"{taipei[:2]}-{taipei[2:6]}-{taipei[6:]}#{i % 900 + 100}"
        return written, written
    if kind == 3:
        return mobile, f"+886 {mobile[1:4]} {mobile[4:7]} {mobile[7:]}"
    if kind == 4:
        text = f"{mobile[:4]}-{mobile[4:7]}-{mobile[7:]}"
        return text, text.translate(_FULLWIDTH)
    return mobile, mobile


def build(seed: int = 309) -> RealRoster:
    rng = random.Random(seed)
    records: list[dict[str, object]] = []
    cells: list[list[object]] = []
    roster = RealRoster(records, cells)
    numeric_phones = set(rng.sample(range(240), 14))
    index = 0
    for division, code, groups in CLASSES:
        grade = int(code[0])
        departments = [d for d, n in groups for _ in range(n)]
        if len(groups) > 1:  # a 合班 class's students are listed by seat, departments mixed
            departments = [groups[1][0] if s % 8 in (2, 5, 7) else groups[0][0] for s in range(len(departments))]
            assert departments.count(groups[1][0]) == groups[1][1]
        for seat, department in enumerate(departments, start=1):
            i = index
            gender = "男" if i % 2 == 0 else "女"
            night = division == "進修部"
            number = f"0{114 - grade}{seat:03d}" if night else f"{114 - grade}{int(code[1:]):02d}{seat:02d}"
            stored_phone, written_phone = _phone(i, rng)
            if i in numeric_phones:  # typed without quotes: Excel keeps a number, its 0 gone
                stored_phone = f"09{rng.randrange(10**8):08d}" if i % 2 else f"07{rng.randrange(1, 10)}{rng.randrange(10**6):06d}"
                written_phone = int(stored_phone)
                roster.phone_number_rows.append(roster.row_of(i))
            postal = ["82041", "820", "700", "100001"][i % 4]
            record: dict[str, object] = {
                "student_no": number, "name": rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN),
                "national_id": national_id(rng, "M" if gender == "男" else "F"), "gender": "M" if gender == "男" else "F",
                "birth_date": date(2009 - grade if not night else 1990 + i % 15, 1 + i % 12, 1 + i % 28),
                "division": division, "department": department, "class_code": code, "seat_no": seat,
                "status": "在學", "postal_code": postal, "address": f"高雄市岡山區岡山路{i + 1}號",
                "guardian": rng.choice(_SURNAMES) + "家長", "phone": stored_phone, "email": f"s{number}@example.tw",
            }  # fmt: skip
            records.append(record)
            written_no: object = number
            if night and seat % 4 == 1:  # Excel made some 進修部 學號 numbers: 0111001 → 111001
                written_no = int(number)
                roster.student_no_number_rows.append(roster.row_of(i))
            written_postal: object = {0: 82041, 1: 820, 2: "700", 3: "100-001"}[i % 4]
            written_seat: object = f"{seat:02d}" if seat % 10 == 5 else seat
            cells.append([written_no, record["name"], record["national_id"], gender, record["birth_date"], division,
                          department, code, written_seat, "在學", written_postal, record["address"], record["guardian"],
                          written_phone, record["email"]])  # fmt: skip
            if len(groups) > 1:
                roster.combined_rows.setdefault(department, roster.row_of(i))
            index += 1
    last = roster.row_of(len(cells) - 1)
    roster.footer_rows = [last + 2, last + 3]  # a blank row, then the footer lines
    return roster


def footer_lines(n: int) -> list[list[object]]:
    return [[], [f"合計：{n} 人"], ["製表人：註冊組 王小明", None, None, None, "列印日期：113/09/02"]]


def write_xlsx(path: Path, roster: RealRoster) -> Path:
    """The workbook as the school system leaves it after a round through Excel (numbers as numbers)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "學生名冊"
    ws.append(["國立岡山農工 113 學年度第 1 學期 學生名冊"])
    ws.append([])
    ws.append(HEADERS)
    for row in roster.cells:
        ws.append(row)
    for row in footer_lines(len(roster.cells)):
        ws.append(row)
    wb.save(path)
    return path


def write_roster_csv(path: Path, roster: RealRoster) -> Path:
    """The same roster saved as CSV from Excel: numbers lose their zeros as text, dates as ROC text."""
    rows: list[list[object]] = [["國立岡山農工 學生名冊"], [], HEADERS]
    for row in roster.cells:
        out = list(row)
        born = out[4]
        assert isinstance(born, date)
        out[4] = f"{born.year - 1911}/{born.month:02d}/{born.day:02d}"
        rows.append(out)
    rows += footer_lines(len(roster.cells))
    return write_csv(path, rows, encoding="utf-8", bom=True)
