"""Roster services: the one implementation the CLI and the GUI both call.

This module is the public face: queries (roster_queries), import (roster_import), export
(roster_export) and recording one 學籍異動 by hand (:func:`change_status`, below). The import and the
export (and the file readers and writers they need) load when first used: a command that only lists
the roster starts without them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.roc import format_roc
from portfolio_desktop.domain.status import Status, check_transition
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.services import guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters.roster_queries import class_tree, list_students, student_detail
from portfolio_desktop.services.rosters.roster_types import (
    ChangeRow,
    ClassNode,
    ImportReport,
    StudentDetail,
    StudentRow,
)
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, StatusChange, Student

if TYPE_CHECKING:
    from portfolio_desktop.services.rosters.roster_export import export_roster
    from portfolio_desktop.services.rosters.roster_import import import_roster


def __getattr__(name: str) -> object:
    """``export_roster`` and ``import_roster``, imported on first use."""
    if name == "export_roster":
        from portfolio_desktop.services.rosters.roster_export import export_roster

        return export_roster
    if name == "import_roster":
        from portfolio_desktop.services.rosters.roster_import import import_roster

        return import_roster
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChangeRow",
    "ClassNode",
    "ImportReport",
    "StudentDetail",
    "StudentRow",
    "change_status",
    "class_tree",
    "export_roster",
    "import_roster",
    "list_students",
    "student_detail",
]


def _target_class(session: Session, student: Student, code: str) -> SchoolClass:
    """The class a student moves to: the code in the student's own division first, else the one class
    with that code; a code that does not exist is refused (classes come from the roster import)."""
    candidates = list(session.scalars(select(SchoolClass).where(SchoolClass.code == code)))
    own = [c for c in candidates if c.division_id == student.school_class.division_id]
    if own:
        return own[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(f"沒有班級 {code}", f"there is no class {code}")
    raise RuleError(
        f"班級 {code} 在多個部別都有，且不在學生所屬部別；請先在名冊中指定部別",
        f"class {code} exists in several divisions, none of them the student's own; import it with its division",
    )


def change_status(
    db: Database,
    actor: Actor,
    student_no: str,
    new_status: Status,
    on: dt.date,
    reason: str | None = None,
    new_class_code: str | None = None,
) -> ChangeRow:
    """Record one 學籍異動 (status and/or class move) dated ``on`` (not in the future).

    The transition must be one domain.status allows (畢業 is final; 休學 → 復學 …). With a new class
    and the same status, only the class moves. A departure sets 離校日期 to ``on``; coming back
    clears it. Raises RuleError / NotFoundError with both languages; nothing is written then.

    Needs 學籍異動 (the registry) of the student's division — and of the new class's division when a
    move crosses divisions (each office writes only its own division).
    """
    today = dt.date.today()
    if on > today:
        raise RuleError(
            f"異動日期 {format_roc(on)} 在今天（{format_roc(today)}）之後；請輸入已發生的日期",
            f"the change date {on.isoformat()} is after today ({today.isoformat()})",
        )
    with db.write() as session:
        student = session.scalar(select(Student).where(Student.student_no == student_no.strip()))
        if student is None:
            raise NotFoundError(f"找不到學號 {student_no} 的學生", f"no student with student number {student_no}")
        old_class = student.school_class
        new_class = old_class if not new_class_code else _target_class(session, student, new_class_code.strip())
        divisions = {guard.class_division(session, old_class.id), guard.class_division(session, new_class.id)}
        acting = guard.require_divisions(session, actor, Permission.STATUS_CHANGE, divisions)
        actor = acting.as_actor()  # the record and the audit row say "X 代 Y" when a proxy acts
        current = Status(student.status)
        moved = new_class.id != old_class.id
        if new_status != current or not moved:
            check_transition(current, new_status)
        before = {"status": current.value, "class_code": old_class.code, "left_on": student.left_on}
        student.status = new_status.value
        if moved and student.department_id is None:  # 科別 belongs to the student: it moves with them
            student.department_id = old_class.department_id
        student.class_id = new_class.id
        if new_status.departed:
            student.left_on = on
        elif current.departed:
            student.left_on = None
        change = StatusChange(
            student_id=student.id,
            from_status=current.value,
            to_status=new_status.value,
            from_class_id=old_class.id if moved else None,
            to_class_id=new_class.id if moved else None,
            changed_on=on,
            reason=(reason or "").strip() or None,
            recorded_by=actor.username,
            on_behalf_of=actor.on_behalf_of,
        )
        session.add(change)
        session.flush()
        audit.record(
            session,
            actor=actor.username,
            on_behalf_of=actor.on_behalf_of,
            action="student.status_change",
            entity="student",
            key=student.student_no,
            before=before,
            after={
                "status": new_status.value,
                "class_code": new_class.code,
                "left_on": student.left_on,
                "changed_on": on,
                "reason": change.reason,
            },
        )
        return ChangeRow(
            id=change.id,
            changed_on=on,
            from_status=current,
            to_status=new_status,
            from_class=old_class.code if moved else None,
            to_class=new_class.code if moved else None,
            reason=change.reason,
            recorded_by=actor.username,
            on_behalf_of=actor.on_behalf_of,
            recorded_at=change.recorded_at,
        )
