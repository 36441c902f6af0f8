"""The Problem records read_table reports for one cell: what, where, the value found, what is expected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_desktop.errors import Problem, RuleError
from portfolio_desktop.io.normalize import clean
from portfolio_desktop.io.readers import MAX_CELL_CHARS

if TYPE_CHECKING:
    from portfolio_desktop.io.tabular import Column

_SHOWN_VALUE = 200  # a problem quotes at most this many characters of a cell
_CONTROL_SHOWN = str.maketrans({i: "?" for i in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]})


def _shown(raw: object) -> str:
    text = clean(raw)
    return text if len(text) <= _SHOWN_VALUE else text[:_SHOWN_VALUE] + "…"


def _expect(col: Column) -> tuple[str, str]:
    return (f"；應為：{col.expected_zh}" if col.expected_zh else "", f"; expected: {col.expected_en}" if col.expected_en else "")


def rule_problem(file: str, sheet: str, row: int, header: str, raw: object, exc: RuleError, col: Column) -> Problem:
    zh, en = _expect(col)
    text = clean(raw)
    # a personal value longer than its column is quoted masked (its length is the problem); a short
    # one is quoted whole, so that the wrong ID or date can be found and corrected
    long_personal = col.personal and col.max_chars is not None and len(text) > col.max_chars
    return Problem(file, sheet, row, header, masked(text) if long_personal else _shown(raw), exc.zh + zh, exc.en + en)


def masked(text: str) -> str:
    """A personal value as a problem may quote it: its first character and its length only."""
    return f"{text[:1]}…（{len(text):,} 字）" if text else ""


def limit_problem(file: str, sheet: str, row: int, header: str, value: str, col: Column) -> Problem:
    """A value longer than its column keeps (domain/limits.py): the limit, and the value masked when it
    is a student's personal data."""
    assert col.max_chars is not None
    return Problem(
        file, sheet, row, header, masked(value) if col.personal else _shown(value),
        f"內容有 {len(value):,} 字，超過上限 {col.max_chars} 字；請縮短",
        f"{len(value):,} characters, more than the limit of {col.max_chars}; shorten it",
    )  # fmt: skip


def cell_problem(file: str, sheet: str, row: int, header: str, raw: str, *, personal: bool = False) -> Problem:
    if len(raw) > MAX_CELL_CHARS:
        return Problem(
            file, sheet, row, header, masked(raw) if personal else _shown(raw),
            f"內容過長（{len(raw):,} 字，上限 {MAX_CELL_CHARS:,} 字）",
            f"the cell is too long ({len(raw):,} characters; the limit is {MAX_CELL_CHARS:,})",
        )  # fmt: skip
    return Problem(
        file, sheet, row, header, _shown(raw.translate(_CONTROL_SHOWN)),
        "含有無法顯示的控制字元（可能是複製貼上帶進來的），請重新輸入此格",
        "contains invisible control characters (pasted from elsewhere?); type the cell again",
    )  # fmt: skip


def hidden_problem(file: str, sheet: str, row: int, header: str, what: tuple[str, str]) -> Problem:
    kind, text = what
    if kind == "error":
        return Problem(
            file, sheet, row, header, text,
            f"儲存格是 Excel 錯誤值 {text}，不是資料；請在 Excel 修正此格",
            f"the cell holds the Excel error {text}, not data; fix the cell in Excel",
        )  # fmt: skip
    return Problem(
        file, sheet, row, header, text,
        "儲存格是沒有計算結果的公式；請在 Excel 開啟、重新計算並存檔，或改成直接輸入值",
        "the cell is a formula with no computed result; open the file in Excel, recalculate and save, "
        "or type the value itself",
    )  # fmt: skip


def missing_problem(file: str, sheet: str, row: int, header: str, col: Column) -> Problem:
    zh, en = _expect(col)
    return Problem(file, sheet, row, header, "", f"「{col.header}」是必填欄位，不能空白{zh}", f"{col.header} ({col.key}) is required{en}")


def duplicate_problem(file: str, sheet: str, row: int, header: str, value: object, first: int, col: Column) -> Problem:
    text = clean(value)
    return Problem(
        file, sheet, row, header, text,
        f"「{col.header}」{text} 與第 {first} 列重複；同一檔案中不可重複",
        f"{col.header} ({col.key}) '{text}' duplicates row {first}; it must be unique within the file",
    )  # fmt: skip
