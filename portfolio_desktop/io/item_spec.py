"""The portfolio-item table as the school platform exports it (學號, 學年度, 學期, 類別, 名稱,
課程代碼, 狀態, 時間 …). Kinds, categories and states are read by :mod:`portfolio_desktop.domain.items`."""

from __future__ import annotations

import datetime as dt

from portfolio_desktop.domain import limits
from portfolio_desktop.domain.items import ItemKind, ItemState, MPCategory, parse_category, parse_kind, parse_state
from portfolio_desktop.domain.windows import parse_datetime
from portfolio_desktop.io.course_spec import parse_course_code
from portfolio_desktop.io.normalize import clean, clean_code
from portfolio_desktop.io.roster_spec import parse_student_no
from portfolio_desktop.io.tabular import Column, TableSpec
from portfolio_desktop.io.term_columns import TERM_COLUMNS


def _kind(value: object) -> tuple[ItemKind, MPCategory | None]:
    return parse_kind(clean(value))


def _category(value: object) -> MPCategory:
    return parse_category(clean(value))


def _state(value: object) -> ItemState:
    return parse_state(clean(value))


def _title(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.ITEM_TITLE)


def _at(value: object) -> dt.datetime:
    return parse_datetime(value)


def _reason(value: object) -> str:
    return clean(value)  # its length: the column's max_chars (limits.ITEM_REASON), never cut


def _external_id(value: object) -> str:
    return clean_code(value)  # its length: the column's max_chars (limits.EXTERNAL_ID)


ITEMS = TableSpec(
    name="items",
    columns=(
        Column("student_no", "學號", ("學生學號",), required=True, parse=parse_student_no,
               expected_zh="學號（英數字）", expected_en="a student number", pad_zeros=True,
               max_chars=limits.STUDENT_NO),
        Column("name", "姓名", ("學生姓名",), parse=clean, max_chars=limits.STUDENT_NAME, personal=True),
        *TERM_COLUMNS,
        Column("kind", "類別", ("項目類別", "資料類別", "種類", "資料類型"), required=True, parse=_kind,
               expected_zh="課程學習成果、多元表現、幹部經歷、修課紀錄或課程諮詢紀錄",
               expected_en="a kind: 課程學習成果, 多元表現, 幹部經歷, 修課紀錄 or 課程諮詢紀錄"),
        Column("category", "細項", ("多元表現類別", "子類別", "表現類別", "多元表現細項"), parse=_category),
        Column("title", "名稱", ("成果名稱", "項目名稱", "標題", "內容名稱", "作品名稱"), required=True, parse=_title,
               max_chars=limits.ITEM_TITLE),
        Column("course_code", "課程代碼", ("科目代碼", "課程代號"), parse=parse_course_code, pad_zeros=True,
               max_chars=limits.COURSE_CODE),
        Column("state", "狀態", ("目前狀態", "處理狀態", "認證狀態"), parse=_state,
               expected_zh="已上傳、認證通過、未通過認證、已勾選、已提交或已確認收訖",
               expected_en="uploaded, certified, not certified, selected, submitted or confirmed"),
        Column("at", "時間", ("上傳時間", "日期", "時間戳記", "異動時間"), parse=_at,
               expected_zh="日期時間，例如 113/12/01 10:30", expected_en="a date and time, e.g. 113/12/01 10:30"),
        Column("reason", "原因", ("未通過原因", "認證說明", "說明", "備註"), parse=_reason,
               max_chars=limits.ITEM_REASON),
        Column("external_id", "編號", ("項目編號", "成果編號", "資料編號", "id"), parse=_external_id,
               max_chars=limits.EXTERNAL_ID),
    ),
    anchors=("student_no", "title"),
)  # fmt: skip

ITEM_HEADERS: list[str] = ["編號", "學號", "姓名", "學年期", "類別", "細項", "名稱", "課程代碼", "狀態", "時間", "原因"]
