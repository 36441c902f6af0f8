"""The 名冊別 of the central 學生學習歷程資料庫 (its 封面 names one of them) and the ones this app
writes for a submission (seed 000 §五, seed 001 §六: each office submits its own 名冊 each term).

A table without imports: the command line's parsers, the dashboard's submission rounds and the file
readers all name the kinds from here."""

from __future__ import annotations

ROSTER_KINDS: dict[int, str] = {
    1: "學生資料名冊",
    2: "學生成績名冊",
    4: "科目名冊",
    24: "校內幹部經歷名冊",
    25: "學生自填多元表現名冊",
    26: "學生課程學習成果名冊",
    27: "學生重修重讀課程學習成果名冊",
}
WRITABLE_KINDS: tuple[int, ...] = (1, 2, 4, 24, 25, 26, 27)  # what `central export` can write
