"""Withdrawing a 學籍異動 recorded by mistake (a 轉出 entered for the wrong student, a wrong date).

Only the student's latest change can be withdrawn, by the office that records changes of the
student's division (seed 001 §六(二)1: the registry keeps 學籍資料) — of both divisions when the
change moved the student across them. The student is put back exactly as before the change:
status, class, and 離校日期 (the date of the departure that was still in force, when the status
before was a departure). The change's row leaves the history, since it never happened; the audit
row ``student.status_change_withdrawn`` keeps all of it (who withdrew what, when, why).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.services import guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, StatusChange, Student


@dataclass(frozen=True)
class Withdrawn:
    """What a withdrawal undid and where it left the student."""

    change_id: int
    student_no: str
    undone: Status  # the status the withdrawn change had recorded
    status: Status  # the status the student has again
    class_code: str
    left_on: dt.date | None


def _left_on_before(session: Session, student_id: int, change: StatusChange) -> dt.date | None:
    """離校日期 as it stood before ``change``: the date of the latest earlier change into a departure,
    when the status before ``change`` was itself a departure."""
    if change.from_status is None or not Status(change.from_status).departed:
        return None
    earlier = session.scalars(
        select(StatusChange).where(StatusChange.student_id == student_id, StatusChange.id < change.id)
        .order_by(StatusChange.id.desc()))
    for row in earlier:
        if Status(row.to_status).departed:
            return row.changed_on
    return None


def withdraw_change(db: Database, actor: Actor, student_no: str, change_id: int | None, reason: str) -> Withdrawn:
    """Withdraw the student's latest 學籍異動 (``change_id``: that one, which must be the latest; None:
    whichever is the latest); see the module docstring. Raises
    NotFoundError / RuleError (both languages, nothing written) or PermissionDenied (audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleError("撤銷學籍異動須填寫原因（例如：誤登錄學生）",
                        "withdrawing a status change needs a reason (e.g. entered for the wrong student)")
    with db.write() as session:
        student = session.scalar(select(Student).where(Student.student_no == student_no.strip()))
        if student is None:
            raise NotFoundError(f"找不到學號 {student_no} 的學生", f"no student with student number {student_no}")
        latest = session.scalar(select(StatusChange.id).where(StatusChange.student_id == student.id)
                                .order_by(StatusChange.id.desc()).limit(1))
        change = session.get(StatusChange, change_id if change_id is not None else latest or 0)
        if change is None or change.student_id != student.id:
            which = f"第 {change_id} 筆" if change_id is not None else "任何"
            raise NotFoundError(f"學號 {student_no} 沒有{which}學籍異動",
                                f"student {student_no} has no status change" + (
                                    f" #{change_id}" if change_id is not None else ""))
        if latest != change.id:
            raise RuleError(f"只能撤銷最近一筆學籍異動（#{latest}）；較早的異動請依序撤銷，或登錄一筆新的異動",
                            f"only the latest status change (#{latest}) can be withdrawn; withdraw the later ones "
                            f"first, or record a new change")
        if change.from_status is None:
            raise RuleError("這是學生的第一筆學籍紀錄（入學），不能撤銷；誤建的學生請由名冊更正",
                            "this is the student's first record (enrolment) and cannot be withdrawn; "
                            "correct a student added by mistake through the roster")
        back_class = session.get(SchoolClass, change.from_class_id) if change.from_class_id else student.school_class
        assert back_class is not None
        divisions = {guard.class_division(session, student.class_id), guard.class_division(session, back_class.id)}
        acting = guard.require_divisions(session, actor, Permission.STATUS_CHANGE, divisions)
        who = acting.as_actor()
        undone, withdrawn_id = Status(change.to_status), change.id
        before: dict[str, Any] = {"status": student.status, "class_code": student.school_class.code, "left_on": student.left_on,
                  "change": change.id, "changed_on": change.changed_on, "reason": change.reason,
                  "recorded_by": change.recorded_by}
        student.status = change.from_status
        student.class_id = back_class.id
        student.left_on = _left_on_before(session, student.id, change)
        session.delete(change)
        session.flush()
        audit.record(session, actor=who.username, on_behalf_of=who.on_behalf_of,
                     action="student.status_change_withdrawn", entity="student", key=student.student_no,
                     before=before, after={"status": student.status, "class_code": back_class.code,
                                           "left_on": student.left_on, "reason": reason})
        return Withdrawn(withdrawn_id, student.student_no, undone, Status(student.status), back_class.code,
                         student.left_on)
