"""Follow-up lists (未完成名單, issue 4): who still has to do what, exportable to .xlsx and printable.

- ``no-uploads``: students at school with no 課程學習成果 uploaded in the term (seed 001 §五(三)3:
  導師督導檢核班級上傳情形).
- ``uncertified``: CLOs still awaiting certification, per course teacher, so 教學組 can remind them
  (seed 001 §五(三)2: 任課教師每學期應於規定時間內完成認證). The last column says who is responsible
  now (issue 5): the teacher (also a departed one within the grace period), "X 代 Y" when the
  teacher left or is on leave and a proxy certifies for them (seed 001 §九(三)2), or — nobody
  available — whom to ask.
- ``not-selected``: students at school who have selected nothing in the term's school year
  (selection is per school year, seed 001 §六(一)).
- ``awaiting-submission``: items ready to submit (selected; cadre records and course records entered),
  per submitting office (seed 001 §六(二)), for the term's school year.
All are SQL queries over the students the reader may see (services/read_scope.py).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import SELECTED_OR_LATER, ItemKind, ItemState, MPCategory
from portfolio_desktop.domain.roc import format_roc, format_term
from portfolio_desktop.domain.status import DEPARTED
from portfolio_desktop.domain.windows import format_when
from portfolio_desktop.domain.proxies import NobodyAvailable
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import find_term, resolve_term, submit_office
from portfolio_desktop.services.read_scope import ReadKind, Reader, ReadScope, classes_named, scope_for
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, CourseTeacher, Enrolment, PortfolioItem
from portfolio_desktop.store.models import Division, SchoolClass, Student, Term


class FollowupKind(str, Enum):
    NO_UPLOADS = "no-uploads"
    UNCERTIFIED = "uncertified"
    NOT_SELECTED = "not-selected"
    AWAITING_SUBMISSION = "awaiting-submission"

    @property
    def zh(self) -> str:
        return {FollowupKind.NO_UPLOADS: "未上傳課程學習成果名單", FollowupKind.UNCERTIFIED: "待認證課程學習成果（依任課教師）",
                FollowupKind.NOT_SELECTED: "尚未勾選名單", FollowupKind.AWAITING_SUBMISSION: "待提交項目（依提交單位）"}[self]

    @property
    def en(self) -> str:
        return {FollowupKind.NO_UPLOADS: "students without course learning outcome uploads",
                FollowupKind.UNCERTIFIED: "outcomes awaiting certification, by teacher",
                FollowupKind.NOT_SELECTED: "students who have not selected",
                FollowupKind.AWAITING_SUBMISSION: "items awaiting submission, by office"}[self]


def parse_followup_kind(text: str) -> FollowupKind:
    value = text.strip().lower().replace("_", "-")
    for k in FollowupKind:
        if value in (k.value, k.name.lower().replace("_", "-"), k.zh):
            return k
    raise RuleError(f"不認得的名單「{text}」；應為：{'、'.join(k.value for k in FollowupKind)}",
                    f"unknown follow-up list '{text}'; expected one of: {', '.join(k.value for k in FollowupKind)}")


@dataclass(frozen=True)
class FollowupList:
    kind: FollowupKind
    term: str
    headers: list[str]
    rows: list[tuple[Any, ...]]
    text_columns: frozenset[int]  # 學號, 座號 … kept as text in the workbook
    group_column: int | None  # rows are grouped (sorted) by this column (teacher / office)
    term_en: str = ""  # ``term`` in English when it is not a code: "school year 113" for "113 學年度"

    @property
    def title(self) -> str:
        """The zh_TW title (the printed page and the workbook stay Chinese: they go to the school)."""
        return f"{self.term} {self.kind.zh}"

    @property
    def title_en(self) -> str:
        """The same title in English; the GUI picks one of the pair (gui/messages.py pick)."""
        return f"{self.term_en or self.term}: {self.kind.en}"


def _scope(stmt: Any, term_year: int | None, class_ids: list[int] | None, viewer: ReadScope) -> Any:
    """Only the students the reader may see (services/read_scope.py), of the named classes."""
    if class_ids is not None:
        stmt = stmt.where(SchoolClass.id.in_(class_ids or [-1]))
    return stmt.where(viewer.student_clause())


_AT_SCHOOL = Student.status.not_in(sorted(s.value for s in DEPARTED))


def _students(session: Session, term: Term | None, cond_items: Any, class_code: list[int] | None,
              viewer: ReadScope, extra_cols: list[Any]) -> list[tuple[Any, ...]]:
    stmt = (select(SchoolClass.code, Student.seat_no, Student.student_no, Student.name, *extra_cols)
            .join(SchoolClass, Student.class_id == SchoolClass.id)
            .where(_AT_SCHOOL, ~exists().where(cond_items))
            .order_by(SchoolClass.code, Student.seat_no, Student.student_no))
    return [tuple(r) for r in session.execute(_scope(stmt, None, class_code, viewer))]


def _count(kind: ItemKind, term_cond: Any, states: frozenset[ItemState] | None = None) -> Any:
    cond = [PortfolioItem.student_id == Student.id, PortfolioItem.kind == kind.value, term_cond]
    if states is not None:
        cond.append(PortfolioItem.state.in_(sorted(s.value for s in states)))
    return select(func.count()).where(*cond).scalar_subquery()


def responsible_now(db: Database, course_code: str, on: dt.date | None = None) -> str:
    """Who certifies the course's outcomes today, as the follow-up list shows it ("" when no staff
    account teaches the course)."""
    from portfolio_desktop.services.accounts.proxies import responsible_for_course

    try:
        res = responsible_for_course(db, course_code, on)
    except NotFoundError:
        return ""
    except NobodyAvailable as exc:
        return exc.zh
    if res.is_proxy:
        return f"{res.acting} 代 {res.holder}（第 {res.rank} 順位代理人）"
    return res.acting


def followup(db: Database, actor: Reader, kind: FollowupKind, *, term: str | tuple[int, int] | None = None,
             class_code: str | None = None) -> FollowupList:
    """One follow-up list of the students the actor may read (kind PROGRESS: an office its division
    or the school, a mentor their class); a class outside that is refused (audited)."""
    viewer = scope_for(db, actor, ReadKind.PROGRESS)
    class_ids = classes_named(db, viewer, class_code) if class_code else None
    class_code = class_ids  # type: ignore[assignment]  # the named classes, by id, from here on
    year, sem = resolve_term(term, source=db)  # default: the school's current term
    label = format_term(year, sem)
    with db.read() as session:
        t = find_term(session, year, sem)
        tid = t.id if t is not None else -1
        year_terms = select(Term.id).where(Term.school_year == year).scalar_subquery()
        in_year = PortfolioItem.term_id.in_(select(Term.id).where(Term.school_year == year))
        if kind is FollowupKind.NO_UPLOADS:
            cond = and_(PortfolioItem.student_id == Student.id, PortfolioItem.term_id == tid,
                        PortfolioItem.kind == ItemKind.CLO.value)
            rows = _students(session, t, cond, class_code, viewer,
                             [_count(ItemKind.MP, PortfolioItem.term_id == tid)])
            return FollowupList(kind, label, ["班級", "座號", "學號", "姓名", "多元表現件數"], rows,
                                frozenset({0, 2}), None)
        if kind is FollowupKind.NOT_SELECTED:
            cond = and_(PortfolioItem.student_id == Student.id, in_year,
                        PortfolioItem.kind.in_([ItemKind.CLO.value, ItemKind.MP.value]),
                        PortfolioItem.state.in_(sorted(s.value for s in SELECTED_OR_LATER)))
            rows = _students(session, t, cond, class_code, viewer, [
                _count(ItemKind.CLO, PortfolioItem.term_id.in_(year_terms), frozenset({ItemState.CERTIFIED})),
                _count(ItemKind.MP, PortfolioItem.term_id.in_(year_terms), frozenset({ItemState.UPLOADED})),
            ])
            return FollowupList(kind, f"{year} 學年度", ["班級", "座號", "學號", "姓名", "可勾選成果", "可勾選多元表現"],
                                rows, frozenset({0, 2}), None, f"school year {year}")
        if kind is FollowupKind.UNCERTIFIED:
            teacher = func.coalesce(CourseTeacher.teacher_name, "（未指定教師）")
            stmt = (select(teacher, Course.code, Course.name, SchoolClass.code, Student.seat_no, Student.student_no,
                           Student.name, PortfolioItem.title, PortfolioItem.occurred_at)
                    .select_from(PortfolioItem)
                    .join(Enrolment, PortfolioItem.enrolment_id == Enrolment.id)
                    .join(Course, Enrolment.course_id == Course.id)
                    .outerjoin(CourseTeacher, CourseTeacher.course_id == Course.id)
                    .join(Student, PortfolioItem.student_id == Student.id)
                    .join(SchoolClass, Student.class_id == SchoolClass.id)
                    .where(PortfolioItem.term_id == tid, PortfolioItem.kind == ItemKind.CLO.value,
                           PortfolioItem.state == ItemState.UPLOADED.value)
                    .order_by(teacher, Course.code, SchoolClass.code, Student.seat_no, PortfolioItem.id))
            found = list(session.execute(_scope(stmt, None, class_code, viewer)))
            now = {code: responsible_now(db, code) for code in sorted({r[1] for r in found})}
            rows = [(*r[:8], format_when(r[8]) if r[8] else "", now[r[1]]) for r in found]
            return FollowupList(kind, label, ["授課教師", "課程代碼", "科目名稱", "班級", "座號", "學號", "姓名",
                                              "成果名稱", "上傳時間", "目前負責認證"], rows, frozenset({1, 3, 5}), 0)
        ready = or_(
            and_(PortfolioItem.kind.in_([ItemKind.CLO.value, ItemKind.MP.value]),
                 PortfolioItem.state == ItemState.SELECTED.value),
            and_(PortfolioItem.kind.in_([ItemKind.CADRE.value, ItemKind.COURSE_RECORD.value]),
                 PortfolioItem.state == ItemState.UPLOADED.value),
        )
        stmt = (select(PortfolioItem.kind, Division.code, SchoolClass.code, Student.seat_no, Student.student_no,
                       Student.name, Term.school_year, Term.semester, PortfolioItem.category, PortfolioItem.title)
                .select_from(PortfolioItem)
                .join(Student, PortfolioItem.student_id == Student.id)
                .join(SchoolClass, Student.class_id == SchoolClass.id)
                .join(Division, SchoolClass.division_id == Division.id)
                .join(Term, PortfolioItem.term_id == Term.id)
                .where(Term.school_year == year, ready))
        rows = []
        for k, div, code, seat, no, name, y, s, cat, title in session.execute(_scope(stmt, None, class_code, viewer)):
            kind_ = ItemKind(k)
            rows.append((submit_office(session, kind_, div), kind_.zh + (f"（{MPCategory(cat).zh}）" if cat else ""),
                         code, seat, no, name, format_term(y, s), title))
        rows.sort(key=lambda r: (r[0], r[1], r[2], r[3] or 0, r[4]))
        return FollowupList(kind, f"{year} 學年度", ["提交單位", "類別", "班級", "座號", "學號", "姓名", "學期", "名稱"],
                            rows, frozenset({2, 4}), 0, f"school year {year}")


def export_followup(db: Database, actor: Actor, data: FollowupList, path: str | os.PathLike[str]) -> int:
    """Write the list to .xlsx (學號 as text), and audit the export (it holds personal data)."""
    written = write_table(Path(path), data.headers, data.rows, sheet=data.kind.zh[:31], text_columns=set(data.text_columns))
    with db.write() as session:
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="followup.export",
                     entity="followup", key=data.kind.value, after={"file": str(path), "term": data.term, "rows": written})
    return written


def followup_html(data: FollowupList, *, school: str | None = None, today: dt.date | None = None) -> str:
    """A printable page: title, date, one table (a new heading per teacher / office when grouped)."""
    day = format_roc(today or dt.date.today())
    esc = html.escape
    parts = [
        "<html><head><meta charset='utf-8'><style>table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #444;padding:2px 4px;font-size:10pt}h1{font-size:14pt}h2{font-size:12pt}</style>"
        "</head><body>",
        f"<h1>{esc(school + ' ' if school else '')}{esc(data.title)}</h1><p>列印日期：{day}　共 {len(data.rows)} 筆</p>",
    ]
    groups: list[tuple[str | None, list[tuple[Any, ...]]]] = []
    for row in data.rows:
        key = None if data.group_column is None else str(row[data.group_column])
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(row)
    headers = [h for i, h in enumerate(data.headers) if i != data.group_column]
    for key, rows in groups or [(None, [])]:
        if key is not None:
            parts.append(f"<h2>{esc(data.headers[data.group_column])}：{esc(key)}（{len(rows)} 筆）</h2>")  # type: ignore[index]
        parts.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr>")
        for row in rows:
            cells = [v for i, v in enumerate(row) if i != data.group_column]
            parts.append("<tr>" + "".join(f"<td>{esc('' if v is None else str(v))}</td>" for v in cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
