"""Submission rounds and the receipts that answer them (seed 001 §六(二) the offices submit their 名冊;
§六(三) the central database returns the 收訖明細, which the students confirm).

A round (store SubmissionRound, written by services/central/central_export.py) is one 提交 名冊: term,
名冊別, division, its students. When a 收訖明細 comes back (services/notices/receipt_import.py), each of its
rows names a student, a term and a category; the category says which 名冊別 it answers
(:data:`CATEGORY_KINDS`; the office follows from the 名冊別, domain/receipts.py CATEGORY_OFFICE). The
rows are matched to the latest round of that term and 名冊別 that carries those students (a round
without students, a 科目名冊, by term and 名冊別 alone), recorded once per round and file.

A round's stage: 已提交 (no receipt matched yet) → 已回傳收訖明細 (matched) → 已確認 (every student
of the round has confirmed the term's receipt; a round without students once matched).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.compliance import ATTENDANCE_KIND
from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.domain.roc import format_term, parse_term
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.central_kinds import ROSTER_KINDS
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.central_models import SubmissionReceipt, SubmissionRound, SubmissionRoundStudent
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Term
from portfolio_desktop.store.receipts_models import ReceiptStatus

# 收訖明細 類別 → the 名冊別 that submitted it (seed 001 §六(二): 學籍資料, 學業成績 and 課程學習成果 by
# the registry; 多元表現 and 幹部經歷 by the activities office).
CATEGORY_KINDS: dict[str, tuple[int, ...]] = {
    "學籍資料": (1,),
    "學業成績": (2,),
    "修課紀錄": (2, 4),
    "課程學習成果": (26, 27),
    "多元表現": (25,),
    "幹部經歷": (24,),
}


def kinds_of(category: str) -> tuple[int, ...]:
    """The 名冊別 a receipt category answers (a category naming 重修/重讀/補修 is 名冊別 27)."""
    text = category.strip()
    if any(word in text for word in ("重修", "重讀", "補修")):
        return (27,)
    if text in CATEGORY_KINDS:
        return CATEGORY_KINDS[text]
    return next((kinds for name, kinds in CATEGORY_KINDS.items() if name in text), ())


class Stage(StrEnum):
    SUBMITTED = "submitted"
    RECEIPT_RETURNED = "receipt_returned"
    CONFIRMED = "confirmed"
    RECORDED = "recorded"  # kept at school, not submitted (出缺勤, services/central/attendance.py)

    @property
    def zh(self) -> str:
        return {"submitted": "已提交", "receipt_returned": "已回傳收訖明細", "confirmed": "已確認",
                "recorded": "已登錄（中央資料庫不收）"}[self.value]


@dataclass(frozen=True)
class RoundMatch:
    round_id: int
    kind: int
    term: str
    students: int  # the round's students the receipt lists

    def describe(self) -> tuple[str, str]:
        return (f"提交回合 {self.round_id}（名冊別 {self.kind}，{self.term}）：收訖明細列出 {self.students} 位學生",
                f"submission round {self.round_id} (kind {self.kind}, {self.term}): the receipt lists "
                f"{self.students} student(s)")


def match_receipts(session: Session, file_name: str,
                   rows: Iterable[tuple[int, tuple[int, int], str]]) -> list[RoundMatch]:
    """Match a 收訖明細's rows (student id, (學年度, 學期), 類別) to the rounds they answer and record
    each match once per (round, file) in ``session``; returns the matches."""
    wanted: dict[tuple[str, int], set[int]] = defaultdict(set)
    for student_id, (year, semester), category in rows:
        for kind in kinds_of(category):
            wanted[(format_term(year, semester), kind)].add(student_id)
    matches: list[RoundMatch] = []
    for (term, kind), students in sorted(wanted.items()):
        rounds = session.scalars(select(SubmissionRound).where(SubmissionRound.term == term,
                                                               SubmissionRound.kind == kind)
                                 .order_by(SubmissionRound.made_at.desc(), SubmissionRound.id.desc())).all()
        for candidate in rounds:
            carried = set(session.scalars(select(SubmissionRoundStudent.student_id)
                                          .where(SubmissionRoundStudent.round_id == candidate.id)))
            if carried and not carried & students:
                continue
            listed = len(carried & students)
            found = session.scalar(select(SubmissionReceipt).where(SubmissionReceipt.round_id == candidate.id,
                                                                   SubmissionReceipt.file_name == file_name[:200]))
            if found is None:
                session.add(SubmissionReceipt(round_id=candidate.id, file_name=file_name[:200], students=listed))
            else:
                found.students = listed
            matches.append(RoundMatch(candidate.id, kind, term, listed))
            break
    session.flush()
    return matches


@dataclass(frozen=True)
class RoundView:
    id: int
    kind: int
    kind_name: str
    term: str
    division: str | None
    students: int
    rows: int
    made_at: dt.datetime
    made_by: str
    file_name: str
    receipts: int  # 收訖明細 files matched
    confirmed: int  # students of the round who confirmed the term's receipt
    stage: Stage


def _stage(receipts: int, students: int, confirmed: int) -> Stage:
    if not receipts:
        return Stage.SUBMITTED
    return Stage.CONFIRMED if confirmed >= students else Stage.RECEIPT_RETURNED


def round_line(r: RoundView) -> tuple[str, str]:
    """One round in a few words, for the dashboard's school view: 「學生資料名冊（day）已確認 12/12」."""
    where = f"（{r.division}）" if r.division else ""
    count = f" {r.confirmed}/{r.students}" if r.stage is not Stage.RECORDED else ""
    return (f"{r.kind_name}{where}{r.stage.zh}{count}",
            f"{r.kind_name}{f' ({r.division})' if r.division else ''} {r.stage.value}{count}")


def rounds_shown(db: Database, actor: Actor, term: str) -> list[RoundView]:
    """The term's rounds for a view that shows them beside something else (the dashboard's school
    view): none, and no refusal audited, for someone who does not read the school's work data (a
    mentor reads their class only)."""
    if not authz.allowed(db, actor, Permission.SCHOOL_READ):
        return []
    return list_rounds(db, actor, term=term)


def list_rounds(db: Database, actor: Actor, *, term: str | None = None) -> list[RoundView]:
    """Every submission round (of ``term`` when given), newest first, with its stage."""
    authz.require(db, actor, Permission.SCHOOL_READ)
    with db.read() as s:
        stmt = select(SubmissionRound).order_by(SubmissionRound.made_at.desc(), SubmissionRound.id.desc())
        if term:
            stmt = stmt.where(SubmissionRound.term == format_term(*parse_term(term)))
        out = []
        for r in s.scalars(stmt):
            receipts = s.scalar(select(func.count()).select_from(SubmissionReceipt)
                                .where(SubmissionReceipt.round_id == r.id)) or 0
            year, semester = parse_term(r.term)
            confirmed = s.scalar(
                select(func.count()).select_from(SubmissionRoundStudent)
                .join(ReceiptStatus, ReceiptStatus.student_id == SubmissionRoundStudent.student_id)
                .join(Term, ReceiptStatus.term_id == Term.id)
                .where(SubmissionRoundStudent.round_id == r.id, Term.school_year == year, Term.semester == semester,
                       ReceiptStatus.state == ReceiptState.CONFIRMED.value)) or 0
            kept = r.kind == ATTENDANCE_KIND
            out.append(RoundView(r.id, r.kind, "出缺勤紀錄" if kept else ROSTER_KINDS.get(r.kind, f"名冊別 {r.kind}"),
                                 r.term, r.division, r.students, r.rows, r.made_at, r.made_by, r.file_name, receipts,
                                 confirmed, Stage.RECORDED if kept else _stage(receipts, r.students, confirmed)))
        return out
