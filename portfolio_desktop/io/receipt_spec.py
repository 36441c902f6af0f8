"""The receipt-details table (收訖明細) the central database returns: one row per received
item — 學號, 姓名, 學年度, 學期 (or one 學年期 cell), 類別, 項目名稱 and optionally 件數.

Read with the shared machinery (:func:`portfolio_desktop.io.tabular.read_table`); the checks that need
the database (unknown 學號, a name that does not match the roster, a term that does not exist) are
made by :mod:`portfolio_desktop.services.notices.receipts`.
"""

from __future__ import annotations

from portfolio_desktop.domain import limits
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.normalize import clean, halfwidth
from portfolio_desktop.io.roster_spec import parse_student_no
from portfolio_desktop.io.tabular import Column, TableSpec
from portfolio_desktop.io.term_columns import TERM_COLUMNS

def parse_category(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.RECEIPT_CATEGORY)


def parse_item(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.RECEIPT_ITEM)


def parse_count(value: object) -> int:
    """件數: a whole number from 1 (a float cell 3.0 is 3)."""
    if isinstance(value, bool):
        raise RuleError("件數應為 1 以上的整數", "the count should be a whole number from 1")
    if isinstance(value, float):
        if not value.is_integer():
            raise RuleError(f"件數「{value}」應為整數", f"the count '{value}' should be a whole number")
        value = int(value)
    text = halfwidth(clean(value)).replace(" ", "").removesuffix("件")
    if not (text.isascii() and text.isdigit()) or int(text) < 1:  # "²".isdigit() is True too
        raise RuleError(f"件數「{clean(value)}」應為 1 以上的整數", f"the count '{clean(value)}' should be a whole number from 1")
    return int(text)


RECEIPTS = TableSpec(
    name="receipts",
    columns=(
        Column("student_no", "學號", ("學生學號",), required=True, parse=parse_student_no,
               expected_zh="學號（英數字）", expected_en="a student number", pad_zeros=True,
               max_chars=limits.STUDENT_NO),
        Column("name", "姓名", ("學生姓名",), required=True, parse=clean, max_chars=limits.STUDENT_NAME,
               personal=True),
        *TERM_COLUMNS,
        Column("category", "類別", ("資料類別", "項目類別", "收訖類別", "資料類型"), required=True,
               parse=parse_category, expected_zh="例如 學籍資料、修課紀錄、課程學習成果、多元表現、幹部經歷",
               expected_en="e.g. 學籍資料, 修課紀錄, 課程學習成果, 多元表現, 幹部經歷",
               max_chars=limits.RECEIPT_CATEGORY),
        Column("item", "項目名稱", ("名稱", "項目", "收訖項目", "資料名稱", "成果名稱"), required=True,
               parse=parse_item, max_chars=limits.RECEIPT_ITEM),
        Column("count", "件數", ("數量", "筆數"), parse=parse_count,
               expected_zh="1 以上的整數", expected_en="a whole number from 1"),
    ),
    anchors=("student_no", "item"),
)  # fmt: skip

RECEIPT_HEADERS: list[str] = ["學號", "姓名", "學年度", "學期", "類別", "項目名稱", "件數"]
