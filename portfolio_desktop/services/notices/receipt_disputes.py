"""After a reply slip says 有疑義: the answering office resolves the doubt, and the whole round trip of
one student's receipt is shown on one timeline.

Seed 001 §六(三): doubts about the receipt details are answered by the office that submitted the data
(註冊組 / 進修部教務組 for 學籍、成績、課程學習成果; 訓育組 / 進修部學務組 for 幹部經歷、多元表現); the
registry completes the confirmation. A resolution is one of
* ``explained`` (資料無誤，已答覆): the data was right; the answer is recorded and the receipt of that
  term is confirmed (via 承辦人 / office);
* ``corrected`` (資料有誤，已更正並重新提交): the office corrected and resubmitted; the receipt goes back
  to pending for a new round — new receipt details are imported and a new notice is printed (the
  replied notice no longer covers the term: services/notices/notices.py).
Each resolution writes one ``receipt.resolved`` audit row (the doubt, the answer, the outcome).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portfolio_desktop.domain.receipts import ACADEMIC, ACTIVITIES, REGISTRY, ConfirmVia, ReceiptState, office_name
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services import authz, guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.item_support import find_student
from portfolio_desktop.services.read_scope import Reader
from portfolio_desktop.services.notices.receipts import _status_for, require_student_in_scope
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog
from portfolio_desktop.store.receipts_models import Notice

# Who answers: the permission of the office that submitted the data (seed 001 §六(二)).
ANSWERING_PERMISSION = {REGISTRY: Permission.RECEIPT_CONFIRM, ACTIVITIES: Permission.MP_SUBMIT,
                        ACADEMIC: Permission.COURSES_WRITE}  # fmt: skip


class Outcome(str, Enum):
    EXPLAINED = "explained"  # 資料無誤，已答覆
    CORRECTED = "corrected"  # 資料有誤，已更正並重新提交

    @property
    def zh(self) -> str:
        return {"explained": "資料無誤，已答覆", "corrected": "資料有誤，已更正並重新提交"}[self.value]


def parse_outcome(text: str) -> Outcome:
    t = text.strip().lower()
    for o in Outcome:
        if t in (o.value, o.zh) or (o is Outcome.EXPLAINED and t in ("無誤", "答覆")) or (
                o is Outcome.CORRECTED and t in ("更正", "有誤")):
            return o
    raise RuleError(f"不認得的處理結果「{text}」；可用：explained（資料無誤，已答覆）、corrected（資料有誤，已更正）",
                    f"unknown outcome '{text}'; use explained or corrected")


def resolve_dispute(db: Database, actor: Actor, student_no: str, term: str, *, on: dt.date, outcome: Outcome,
                    answer: str) -> ReceiptState:
    """Record the answering office's resolution of a disputed receipt; returns the new state."""
    if not answer.strip():
        raise RuleError("請寫明答覆內容（--answer）", "say what was answered (--answer)")
    if on > dt.date.today():
        raise RuleError(f"日期 {on.isoformat()} 在未來", f"the date {on.isoformat()} is in the future")
    with db.write() as session:
        student, t, status = _status_for(session, student_no, term)
        if status.state != ReceiptState.DISPUTED.value:
            state = ReceiptState(status.state).zh
            raise RuleError(f"學號 {student_no} {format_term(t.school_year, t.semester)} 的收訖明細不是「有疑義」（目前：{state}）",
                            f"the receipt of {student_no} {term} is not disputed (it is {status.state})")
        if status.decided_on and on < status.decided_on:
            raise RuleError(f"處理日期 {on.isoformat()} 早於提出疑義的日期 {status.decided_on.isoformat()}",
                            f"the resolution date {on.isoformat()} is before the dispute ({status.decided_on.isoformat()})")
        office = status.office or REGISTRY
        division = guard.division_of(session, student.id)
        acting = authz.require(session, actor, ANSWERING_PERMISSION.get(office, Permission.RECEIPT_CONFIRM),
                               division=division).as_actor()
        before = {"state": status.state, "question": status.question, "office": status.office,
                  "on": status.decided_on}  # fmt: skip
        if outcome is Outcome.EXPLAINED:
            status.state, status.via, status.decided_on = ReceiptState.CONFIRMED.value, ConfirmVia.OFFICE.value, on
        else:
            status.state, status.via, status.decided_on = ReceiptState.PENDING.value, None, None
        status.question, status.office = None, None
        audit.record(session, actor=acting.username, on_behalf_of=acting.on_behalf_of, action="receipt.resolved",
                     entity="receipt", key=f"{student_no} {format_term(t.school_year, t.semester)}", before=before,
                     after={"state": status.state, "outcome": outcome.value, "answer": answer.strip(), "on": on,
                            "office": office_name(office, division)})  # fmt: skip
        return ReceiptState(status.state)


@dataclass(frozen=True)
class Event:
    on: dt.date
    term: str  # "112-2", or "112-1、112-2" for a notice covering several terms
    what: str  # zh
    detail: str = ""
    recorded_at: dt.datetime | None = None  # orders the events of one day as they were recorded


_ACTIONS = {"receipt.confirmed": "確認無誤", "receipt.disputed": "提出疑義", "receipt.resolved": "疑義處理"}


def _day(value: object, fallback: dt.datetime) -> dt.date:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    return fallback.date()


def timeline(db: Database, actor: Reader, student_no: str) -> list[Event]:
    """One student's receipt round trip in date order (events of one day as they were recorded):
    notices printed, mailed, returned, replied; confirmations, disputes and their resolutions. Only
    for a reader whose progress scope covers the student (services/read_scope.py; refused, audited)."""
    require_student_in_scope(db, actor, student_no)
    events: list[Event] = []
    with db.read() as session:
        student = find_student(session, student_no)
        notices = session.scalars(select(Notice).where(Notice.student_id == student.id)
                                  .options(joinedload(Notice.batch), joinedload(Notice.terms))).unique().all()
        batches = {str(n.batch_id) for n in notices}
        keys = batches | {f"{b}/{student_no}" for b in batches}
        recorded = {(a.action, a.entity_key): a.at for a in session.scalars(
            select(AuditLog).where(AuditLog.action.like("notice.%"), AuditLog.entity_key.in_(keys)))}
        for n in notices:
            terms = "、".join(format_term(t.school_year, t.semester)
                             for t in sorted(n.terms, key=lambda t: (t.school_year, t.semester)))
            own = f"{n.batch_id}/{student_no}"
            events.append(Event(n.batch.issued_on, terms, "列印通知", f"批次 {n.batch_id}，{n.pages} 頁", n.batch.created_at))
            if n.mailed_on:
                events.append(Event(n.mailed_on, terms, "寄出", f"批次 {n.batch_id}",
                                    recorded.get(("notice.mailed", str(n.batch_id)))))
            if n.returned_on:
                events.append(Event(n.returned_on, terms, "退件", f"批次 {n.batch_id}", recorded.get(("notice.returned", own))))
            if n.replied_on:
                reply = ReceiptState(n.reply).zh if n.reply else ""
                events.append(Event(n.replied_on, terms, "收到回條", reply, recorded.get(("notice.reply", own))))
        rows = session.scalars(select(AuditLog).where(AuditLog.entity == "receipt",
                                                      AuditLog.entity_key.like(f"{student_no} %"))
                               .order_by(AuditLog.id)).all()  # fmt: skip
        for row in rows:
            what = _ACTIONS.get(row.action)
            if what is None:
                continue
            after = json.loads(row.after or "{}") or {}
            term = (row.entity_key or "").split(" ", 1)[-1]
            if row.action == "receipt.resolved":
                detail = f"{Outcome(after['outcome']).zh}（{after.get('office', '')}）：{after.get('answer', '')}"
            elif row.action == "receipt.disputed":
                detail = after.get("question") or ""
            else:
                detail = ConfirmVia(after["via"]).zh if after.get("via") else ""
            events.append(Event(_day(after.get("on"), row.at), term, what, detail, row.at))
    oldest = dt.datetime.min
    return sorted(events, key=lambda e: (e.on, e.recorded_at or oldest))
