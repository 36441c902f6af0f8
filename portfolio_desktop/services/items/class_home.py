"""A class at a glance (the mentor's home, and a clerk's or the dean's for any class they may read):
the stages of the year against the school's median, a countdown per open window, and who to chase
today. Every figure comes from services/items/dashboard.py and services/items/followup.py (one definition each);
this module only puts them together, prints them and exports them.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass
from pathlib import Path

from portfolio_desktop.domain.roc import format_roc
from portfolio_desktop.domain.windows import Window, WindowKind
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.services.items import dashboard
from portfolio_desktop.services.items import followup
from portfolio_desktop.services.items.dashboard import STAGES, ClassSummary
from portfolio_desktop.services.items.followup import FollowupKind, FollowupList
from portfolio_desktop.services.read_scope import Reader, audit_export, scope_for, ReadKind
from portfolio_desktop.store.engine import Database

# The stages as the home names them (上傳 → 認證 → 勾選 → 提交 → 收訖), with what each percentage is of.
STAGE_NAMES: dict[str, tuple[str, str]] = {
    "pct_uploaded": ("上傳", "uploaded"), "pct_certified": ("認證", "certified"),
    "pct_selected": ("勾選", "selected"), "pct_submitted": ("提交", "submitted"),
    "pct_confirmed": ("收訖", "receipt confirmed"),
}
TODAY_LISTS = (FollowupKind.NO_UPLOADS, FollowupKind.UNCERTIFIED, FollowupKind.NOT_SELECTED)


@dataclass(frozen=True)
class Stage:
    key: str  # ClassSummary's percentage (pct_uploaded …)
    value: float | None  # the class
    median: float | None  # the school's median class


@dataclass(frozen=True)
class Countdown:
    kind: WindowKind
    term: str
    ends_at: dt.datetime
    days_left: int  # 0 = it ends today


@dataclass(frozen=True)
class ClassHome:
    term: str
    today: dt.date
    summary: ClassSummary
    stages: tuple[Stage, ...]
    countdowns: tuple[Countdown, ...]
    lists: tuple[FollowupList, ...]  # who has nothing uploaded, whose items wait (by teacher), who has not selected

    @property
    def mentor(self) -> str:
        return self.summary.mentor or ""


def countdowns(windows: list[Window], today: dt.date) -> tuple[Countdown, ...]:
    """The windows open today, soonest end first."""
    open_now = [w for w in windows if w.starts_at.date() <= today <= w.ends_at.date()]
    return tuple(Countdown(w.kind, w.term, w.ends_at, w.days_left(today))
                 for w in sorted(open_now, key=lambda w: w.ends_at))


def class_home(db: Database, actor: Reader, term: str | tuple[int, int] | None = None, *, class_id: int,
               today: dt.date | None = None) -> ClassHome:
    """The home of one class the actor may read (refused and audited otherwise, as the dashboard)."""
    board = dashboard.class_dashboard(db, actor, term, class_id=class_id, today=today)
    middle = dashboard.school_medians(db, actor, board.term, today=today)
    stages = tuple(Stage(key, getattr(board.summary, key), middle.get(key)) for key in STAGES)
    lists = tuple(followup.followup(db, actor, kind, term=board.term, class_code=board.summary.class_code)
                  for kind in TODAY_LISTS)
    return ClassHome(board.term, board.today, board.summary, stages, countdowns(board.windows, board.today), lists)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def home_html(home: ClassHome, *, school: str | None = None) -> str:
    """The home as a printable page (always in Chinese, like the follow-up lists it holds)."""
    esc = html.escape
    s = home.summary
    parts = [
        "<html><head><meta charset='utf-8'><style>table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #444;padding:2px 4px;font-size:10pt}h1{font-size:14pt}h2{font-size:12pt}</style>"
        "</head><body>",
        f"<h1>{esc(school + ' ' if school else '')}{esc(s.label)} 班 學習歷程進度（{esc(home.term)}）</h1>",
        f"<p>導師：{esc(home.mentor or '—')}　在校 {s.at_school} 人　列印日期：{format_roc(home.today)}</p>",
        "<table><tr><th>階段</th><th>本班</th><th>全校中位數</th></tr>",
    ]
    for stage in home.stages:
        parts.append(f"<tr><td>{STAGE_NAMES[stage.key][0]}</td><td>{_pct(stage.value)}</td>"
                     f"<td>{_pct(stage.median)}</td></tr>")
    parts.append("</table>")
    if home.countdowns:
        parts.append("<p>" + "　".join(f"{esc(c.kind.zh)}截止 剩 {c.days_left} 天" for c in home.countdowns) + "</p>")
    for data in home.lists:
        parts.append(f"<h2>{esc(data.kind.zh)}（{len(data.rows)} 筆）</h2>")
        parts.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in data.headers) + "</tr>")
        for row in data.rows:
            parts.append("<tr>" + "".join(f"<td>{esc('' if v is None else str(v))}</td>" for v in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def export_home(db: Database, actor: Reader, home: ClassHome, path: str | os.PathLike[str]) -> int:
    """The "today" lists in one workbook sheet (the list's name in the first column, 學號 as text);
    the export is audited (it holds personal data)."""
    headers = ["清單", "班級", "座號", "學號", "姓名", "說明"]
    rows: list[tuple[object, ...]] = []
    for data in home.lists:
        index = {h: i for i, h in enumerate(data.headers)}
        for row in data.rows:
            detail = "、".join(str(row[i]) for h, i in index.items()
                              if h not in ("班級", "座號", "學號", "姓名") and row[i] not in (None, ""))
            rows.append((data.kind.zh, row[index["班級"]], row[index["座號"]], row[index["學號"]],
                         row[index["姓名"]], detail))
    written = write_table(Path(path), headers, rows, sheet=f"{home.summary.class_code} 待追蹤"[:31],
                          text_columns={1, 3})
    audit_export(db, scope_for(db, actor, ReadKind.PROGRESS), action="followup.export", entity="followup",
                 key=home.summary.class_code, rows=written, file=Path(path).name, term=home.term)
    return written
