"""出缺勤紀錄 kept for a term by 生輔組 / 進修部生輔組 (seed 000 §四(一): 出缺勤紀錄由生輔組每學期登錄;
附表一: 中央資料庫不收). Attendance itself is kept in the school's own system; what the app records
is the office's statement that the term's attendance of its division is entered, as a round beside
the submission rounds (kind :data:`~portfolio_desktop.domain.compliance.ATTENDANCE_KIND`, no file),
so the compliance view (services/workgroup/compliance.py) and ``central rounds`` count it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portfolio_desktop.domain.compliance import ATTENDANCE_KIND
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import DEPARTED
from portfolio_desktop.errors import NotFoundError
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import resolve_term
from portfolio_desktop.store.central_models import SubmissionRound
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Division, SchoolClass, Student


@dataclass(frozen=True)
class AttendanceKept:
    round_id: int
    term: str
    division: str
    division_name: str
    students: int  # at school in the division when recorded


def record_attendance(db: Database, actor: Actor, term: str | None, division: str) -> AttendanceKept:
    """Record that the term's 出缺勤 of ``division`` is entered (生輔組 of that division)."""
    year, sem = resolve_term(term, source=db)
    label = format_term(year, sem)
    with db.write() as session:
        found = session.scalar(select(Division).where(Division.code == division))
        if found is None:
            raise NotFoundError(f"沒有部別「{division}」（day 日間部、night 進修部）",
                                f"there is no division '{division}' (day or night)")
        acting = authz.require(session, actor, Permission.ATTENDANCE_WRITE, division=division)
        students = session.scalar(
            select(func.count(Student.id)).join(SchoolClass, Student.class_id == SchoolClass.id)
            .where(SchoolClass.division_id == found.id, Student.status.not_in(sorted(s.value for s in DEPARTED)))) or 0
        row = SubmissionRound(kind=ATTENDANCE_KIND, term=label, division=division, students=students, rows=students,
                              made_by=acting.username, file_name="", sha256="")
        session.add(row)
        session.flush()
        acting.audit(session, action="attendance.kept", entity="submission_round", key=str(row.id),
                     after={"term": label, "division": division, "students": students})
        return AttendanceKept(row.id, label, division, found.name, students)
