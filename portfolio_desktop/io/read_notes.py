"""What an import did to a file without refusing it, said in its report: cells it repaired (a phone
or 學號 whose leading 0 Excel dropped), footer rows it left out, classes of several departments.

A :class:`Column.parse` that repairs a cell returns :class:`Repaired`; ``read_table`` stores the value
and gathers one :class:`ReadNote` per column and kind, naming the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ROWS_SHOWN = 20  # rows listed in a note's text (the note keeps all of them)


@dataclass(frozen=True)
class Repaired:
    """A parsed cell value that differs from what the cell showed, and why (``kind``)."""

    value: object
    kind: str = "leading_zero"


@dataclass
class ReadNote:
    """One notice for the import report: a kind, the column (as written) it concerns, its rows."""

    kind: str  # "leading_zero" | "footer" | "mixed_department" …
    column: str
    rows: list[int] = field(default_factory=list)
    zh: str = ""
    en: str = ""

    def bilingual(self) -> str:
        return f"{self.zh} / {self.en}"


def rows_text(rows: list[int]) -> tuple[str, str]:
    """「第 5、9、12 列」/ "rows 5, 9, 12" (the first :data:`MAX_ROWS_SHOWN`, then …)."""
    shown = rows[:MAX_ROWS_SHOWN]
    more = " …" if len(rows) > MAX_ROWS_SHOWN else ""
    return (f"第 {'、'.join(map(str, shown))}{more} 列", f"row{'s' if len(rows) > 1 else ''} "
            f"{', '.join(map(str, shown))}{more}")


def leading_zero_note(column: str, rows: list[int], example: tuple[str, str]) -> ReadNote:
    where_zh, where_en = rows_text(rows)
    was, now = example
    return ReadNote(
        "leading_zero", column, rows,
        f"「{column}」有 {len(rows)} 格被 Excel 存成數字而少了開頭的 0，已補回（{where_zh}；例如 {was} → {now}）",
        f"'{column}': {len(rows)} cell(s) stored by Excel as numbers had lost their leading 0; restored "
        f"({where_en}; e.g. {was} -> {now})",
    )  # fmt: skip


def unverified_codes_note(column: str, rows: list[int]) -> ReadNote:
    """Codes Excel stored as numbers with nothing to tell whether they lost a leading 0 (no code of
    the file written as text, none in the database yet): imported as they are, to be checked."""
    where_zh, where_en = rows_text(rows)
    return ReadNote(
        "unverified_codes", column, rows,
        f"「{column}」有 {len(rows)} 格是 Excel 的數字格式，無從判斷是否少了開頭的 0，已照原樣匯入（{where_zh}）；"
        f"請核對，如有少 0，請把此欄設成「文字」格式後重新匯入",
        f"'{column}': {len(rows)} cell(s) are Excel numbers and nothing shows whether they lost a leading 0; "
        f"imported as they are ({where_en}); check them, and if a 0 is missing format the column as Text and "
        f"import again",
    )  # fmt: skip


def footer_note(rows: list[int], example: str) -> ReadNote:
    where_zh, where_en = rows_text(rows)
    return ReadNote(
        "footer", "", rows,
        f"略過 {len(rows)} 列合計、製表或列印資訊等表尾列，不是資料（{where_zh}；例如「{example}」）",
        f"left out {len(rows)} footer row(s) (totals, prepared-by or printed-on lines), not data "
        f"({where_en}; e.g. '{example}')",
    )  # fmt: skip
