"""Roster files the GUI tests write themselves: real .xlsx (openpyxl) and .csv files, with the quirks
of the school systems' exports (a title row above the header, columns in any order)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from tests.data import tables

_LETTERS = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18, "K": 19,
    "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29,
    "W": 32, "X": 30, "Y": 31, "Z": 33,
}


def national_id(letter: str, gender: int, serial: int) -> str:
    """A national ID with a correct check digit, computed here independently of domain.ids."""
    body = f"{gender}{serial:07d}"
    n = _LETTERS[letter]
    total = n // 10 + (n % 10) * 9 + sum(int(d) * w for d, w in zip(body, range(8, 0, -1), strict=True))
    return f"{letter}{body}{(10 - total % 10) % 10}"


HEADERS = ["學號", "姓名", "身分證統一編號", "性別", "出生日期", "班級", "座號", "學籍狀態"]


def student(no: str, name: str, class_code: str, seat: int, *, status: str = "在學", serial: int = 1) -> list[object]:
    return [no, name, national_id("A", 1, serial), "男", "096/05/17", class_code, seat, status]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS,
               *, title: str | None = "○○高中 學生名冊", sheet: str = "名冊") -> Path:
    return tables.write_xlsx(path, headers, rows, title=title, sheet=sheet)


def write_csv(path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        w.writerows(rows)
    return path


def big_roster(n: int) -> list[list[object]]:
    """``n`` valid students over 30 classes (101–110, 201–210, 301–310), seat numbers left blank
    (a seat is unique within a class and there are only 99)."""
    rows: list[list[object]] = []
    for i in range(n):
        grade, klass = 1 + i % 3, 1 + (i // 3) % 10
        row = student(f"{200000 + i:07d}", f"學生{i}", f"{grade}{klass:02d}", 1, serial=i + 1)
        row[HEADERS.index("座號")] = ""
        rows.append(row)
    return rows
