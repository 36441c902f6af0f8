"""The working group's records: members, meetings (with minutes), sessions and self-check dates.

Sources: seed 000 §二, §三 (the group, its 17 members, meetings each semester), §六 (training, workshops,
parents' sessions); seed 001 §二 (25 members), §三 (meetings each semester), §四 (self-check dates each
semester), §八 (the four kinds of sessions). Rules of what is required: :mod:`domain.compliance`.

Every write needs 自我檢核及成效評核 (Permission.EVALUATION_WRITE: the dean, 執行秘書, or their proxy)
and appends one audit row; reads are open to every user of the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain.compliance import (
    Audience,
    SessionKind,
    audiences_text,
    parse_audiences,
    parse_session_kind,
)
from portfolio_desktop.domain.roc import format_term, term_dates, term_of
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.workgroup_templates import template
from portfolio_desktop.errors import NotFoundError, RuleError
from portfolio_desktop.services import authz
from portfolio_desktop.services.workgroup import attachments
from portfolio_desktop.services.read_scope import Reader, require_reader
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import find_staff
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.workgroup_models import SelfCheck, WorkgroupMeeting, WorkgroupMember, WorkgroupSession

WRITE = Permission.EVALUATION_WRITE
_UNSET: Any = object()
_Record = TypeVar("_Record", WorkgroupMember, WorkgroupMeeting, WorkgroupSession)
# What each record is called in a "not found" message: (zh, en).
_NOUNS: dict[type, tuple[str, str]] = {
    WorkgroupMember: ("成員", "member"), WorkgroupMeeting: ("會議", "meeting"), WorkgroupSession: ("場次", "session"),
}


def _text(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise RuleError(f"文字超過 {limit} 字", f"the text is longer than {limit} characters")
    return value or None


def _get(s: Session, cls: type[_Record], key: int) -> _Record:
    record = s.get(cls, key)
    if record is None:
        zh, en = _NOUNS[cls]
        raise NotFoundError(f"沒有編號 {key} 的{zh}", f"there is no {en} {key}")
    return record


def _remove(db: Database, actor: Actor, cls: type[_Record], key: int, *, action: str, entity: str,
            as_json: Callable[[_Record], dict[str, Any]]) -> None:
    """Delete one member / meeting / session, auditing what it was."""
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        record = _get(s, cls, key)
        acting.audit(s, action=action, entity=entity, key=str(record.id), before=as_json(record))
        s.delete(record)


# ------------------------------------------------------------------------------------- members


@dataclass(frozen=True)
class MemberRow:
    id: int
    school_year: int
    position: int
    title: str
    person_name: str | None
    staff_username: str | None
    staff_name: str | None
    duty: str | None

    @property
    def person(self) -> str:
        return self.staff_name or self.person_name or ""


def _member(m: WorkgroupMember) -> MemberRow:
    return MemberRow(m.id, m.school_year, m.position, m.title, m.person_name,
                     m.staff.username if m.staff else None, m.staff.display_name if m.staff else None, m.duty)


def _member_json(m: WorkgroupMember) -> dict[str, Any]:
    return {"school_year": m.school_year, "position": m.position, "title": m.title, "person": m.person_name,
            "staff": m.staff.username if m.staff else None, "duty": m.duty}


def list_members(db: Database, actor: Reader, school_year: int) -> list[MemberRow]:
    require_reader(db, actor)
    with db.read() as s:
        rows = s.scalars(select(WorkgroupMember).where(WorkgroupMember.school_year == school_year)
                         .options(selectinload(WorkgroupMember.staff)).order_by(WorkgroupMember.position))
        return [_member(m) for m in rows]


def apply_template(db: Database, actor: Actor, school_year: int, name: str, *, replace: bool = False) -> list[MemberRow]:
    """Fill the year's member list from a regulation's template ("000": 17 titles, "001": 25 titles).

    A year that already has members is refused unless ``replace`` (then the old list is removed,
    each removal audited)."""
    titles = template(name)
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        existing = list(s.scalars(select(WorkgroupMember).where(WorkgroupMember.school_year == school_year)))
        if existing and not replace:
            raise RuleError(f"{school_year} 學年度已有 {len(existing)} 位成員；如要改用範本請選擇取代",
                            f"school year {school_year} already has {len(existing)} member(s); choose replace")
        for m in existing:
            acting.audit(s, action="workgroup.member.remove", entity="wg_member", key=str(m.id), before=_member_json(m))
            s.delete(m)
        s.flush()
        for i, (title, duty) in enumerate(titles, start=1):
            m = WorkgroupMember(school_year=school_year, position=i, title=title, duty=duty)
            s.add(m)
            s.flush()
            acting.audit(s, action="workgroup.member.add", entity="wg_member", key=str(m.id), after=_member_json(m))
    return list_members(db, actor, school_year)


def add_member(db: Database, actor: Actor, school_year: int, title: str, *, person_name: str | None = None,
               staff_username: str | None = None, duty: str | None = None) -> MemberRow:
    title_text = _text(title, 60)
    if not title_text:
        raise RuleError("請填寫成員職稱", "the member's title is required")
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        last = s.scalar(select(func.max(WorkgroupMember.position)).where(WorkgroupMember.school_year == school_year))
        m = WorkgroupMember(school_year=school_year, position=(last or 0) + 1, title=title_text,
                            person_name=_text(person_name, 100), duty=_text(duty, 500),
                            staff_id=find_staff(s, staff_username).id if staff_username else None)
        s.add(m)
        s.flush()
        s.refresh(m, ["staff"])
        acting.audit(s, action="workgroup.member.add", entity="wg_member", key=str(m.id), after=_member_json(m))
        return _member(m)


def update_member(db: Database, actor: Actor, member_id: int, *, title: str | None = _UNSET,
                  person_name: str | None = _UNSET, staff_username: str | None = _UNSET,
                  duty: str | None = _UNSET) -> MemberRow:
    """Change what is given (leave a field out to keep it; ``None`` / "" clears a person or duty)."""
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        m = _get(s, WorkgroupMember, member_id)
        before = _member_json(m)
        if title is not _UNSET:
            m.title = _text(title, 60) or m.title
        if person_name is not _UNSET:
            m.person_name = _text(person_name, 100)
        if duty is not _UNSET:
            m.duty = _text(duty, 500)
        if staff_username is not _UNSET:
            m.staff_id = find_staff(s, staff_username).id if staff_username else None
        s.flush()
        s.refresh(m, ["staff"])
        if _member_json(m) != before:
            acting.audit(s, action="workgroup.member.update", entity="wg_member", key=str(m.id), before=before,
                         after=_member_json(m))
        return _member(m)


def remove_member(db: Database, actor: Actor, member_id: int) -> None:
    _remove(db, actor, WorkgroupMember, member_id, action="workgroup.member.remove", entity="wg_member",
            as_json=_member_json)


# ------------------------------------------------------------------------------------ meetings


@dataclass(frozen=True)
class MeetingRow:
    id: int
    held_on: dt.date
    term: str
    agenda: str
    minutes_id: int | None
    minutes_name: str | None
    minutes_sha256: str | None


def _meeting(m: WorkgroupMeeting) -> MeetingRow:
    a = m.minutes
    return MeetingRow(m.id, m.held_on, format_term(m.school_year, m.semester), m.agenda,
                      a.id if a else None, a.original_name if a else None, a.sha256 if a else None)


def _meeting_json(m: WorkgroupMeeting) -> dict[str, Any]:
    return {"held_on": m.held_on, "term": format_term(m.school_year, m.semester), "agenda": m.agenda,
            "minutes_sha256": m.minutes.sha256 if m.minutes else None}


def _year_filter(column: Any, school_year: int | None) -> Any:
    if school_year is None:
        return true()
    first, last = term_dates(school_year, 1)[0], term_dates(school_year, 2)[1]
    return column.between(first, last)


def list_meetings(db: Database, actor: Reader, school_year: int | None = None) -> list[MeetingRow]:
    require_reader(db, actor)
    with db.read() as s:
        rows = s.scalars(select(WorkgroupMeeting).where(_year_filter(WorkgroupMeeting.held_on, school_year))
                         .options(selectinload(WorkgroupMeeting.minutes)).order_by(WorkgroupMeeting.held_on))
        return [_meeting(m) for m in rows]


def add_meeting(db: Database, actor: Actor, held_on: dt.date, agenda: str, *, minutes: Path | None = None) -> MeetingRow:
    """Record a meeting; ``minutes`` (會議紀錄, any file) is copied into the data folder with its SHA-256."""
    text = _text(agenda, 20000)
    if not text:
        raise RuleError("請填寫會議議程或案由", "the meeting's agenda is required")
    year, sem = term_of(held_on)
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        m = WorkgroupMeeting(held_on=held_on, school_year=year, semester=sem, agenda=text)
        if minutes is not None:
            m.minutes = attachments.store_file(s, db, Path(minutes), added_by=acting.username)
        s.add(m)
        s.flush()
        acting.audit(s, action="workgroup.meeting.add", entity="wg_meeting", key=str(m.id), after=_meeting_json(m))
        return _meeting(m)


def attach_minutes(db: Database, actor: Actor, meeting_id: int, minutes: Path) -> MeetingRow:
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        m = _get(s, WorkgroupMeeting, meeting_id)
        before = _meeting_json(m)
        m.minutes = attachments.store_file(s, db, Path(minutes), added_by=acting.username)
        s.flush()
        acting.audit(s, action="workgroup.meeting.minutes", entity="wg_meeting", key=str(m.id), before=before,
                     after=_meeting_json(m))
        return _meeting(m)


def remove_meeting(db: Database, actor: Actor, meeting_id: int) -> None:
    _remove(db, actor, WorkgroupMeeting, meeting_id, action="workgroup.meeting.remove", entity="wg_meeting",
            as_json=_meeting_json)


# ------------------------------------------------------------------------------------ sessions


@dataclass(frozen=True)
class SessionRow:
    id: int
    kind: SessionKind
    audiences: frozenset[Audience]
    held_on: dt.date
    school_year: int
    title: str | None
    organiser: str | None
    attendance: int | None

    @property
    def audiences_zh(self) -> str:
        return audiences_text(self.audiences)


def _session_row(r: WorkgroupSession) -> SessionRow:
    return SessionRow(r.id, SessionKind(r.kind), parse_audiences(r.audiences.split(",")), r.held_on, r.school_year,
                      r.title, r.organiser, r.attendance)


def _session_json(r: WorkgroupSession) -> dict[str, Any]:
    return {"kind": r.kind, "audiences": r.audiences, "held_on": r.held_on, "title": r.title,
            "organiser": r.organiser, "attendance": r.attendance}


def list_sessions(db: Database, actor: Reader, school_year: int | None = None) -> list[SessionRow]:
    require_reader(db, actor)
    with db.read() as s:
        stmt = select(WorkgroupSession).order_by(WorkgroupSession.held_on, WorkgroupSession.id)
        if school_year is not None:
            stmt = stmt.where(WorkgroupSession.school_year == school_year)
        return [_session_row(r) for r in s.scalars(stmt)]


def add_session(db: Database, actor: Actor, kind: SessionKind | str, audiences: str | frozenset[Audience] | list[str],
                held_on: dt.date, *, title: str | None = None, organiser: str | None = None,
                attendance: int | None = None) -> SessionRow:
    """Record a 宣導說明 / 系統操作訓練 / 專業研習 / 成果發表 session with its audiences and attendance."""
    k = kind if isinstance(kind, SessionKind) else parse_session_kind(kind)
    auds = audiences if isinstance(audiences, frozenset) else parse_audiences(audiences)
    if attendance is not None and attendance < 0:
        raise RuleError(f"出席人數不可為負數（{attendance}）", f"attendance cannot be negative ({attendance})")
    year, _sem = term_of(held_on)
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        r = WorkgroupSession(kind=k.value, audiences=",".join(a.value for a in Audience if a in auds), held_on=held_on,
                             school_year=year, title=_text(title, 200), organiser=_text(organiser, 100),
                             attendance=attendance)
        s.add(r)
        s.flush()
        acting.audit(s, action="workgroup.session.add", entity="wg_session", key=str(r.id), after=_session_json(r))
        return _session_row(r)


def remove_session(db: Database, actor: Actor, session_id: int) -> None:
    _remove(db, actor, WorkgroupSession, session_id, action="workgroup.session.remove", entity="wg_session",
            as_json=_session_json)


# -------------------------------------------------------------------------------- self-checks


@dataclass(frozen=True)
class SelfCheckRow:
    school_year: int
    semester: int
    planned_on: dt.date | None
    done_on: dt.date | None
    note: str | None

    @property
    def term(self) -> str:
        return format_term(self.school_year, self.semester)


def _check_row(c: SelfCheck) -> SelfCheckRow:
    return SelfCheckRow(c.school_year, c.semester, c.planned_on, c.done_on, c.note)


def list_self_checks(db: Database, actor: Reader, school_year: int | None = None) -> list[SelfCheckRow]:
    require_reader(db, actor)
    with db.read() as s:
        stmt = select(SelfCheck).order_by(SelfCheck.school_year, SelfCheck.semester)
        if school_year is not None:
            stmt = stmt.where(SelfCheck.school_year == school_year)
        return [_check_row(c) for c in s.scalars(stmt)]


def self_checks_in(session: Session, school_year: int) -> list[SelfCheck]:
    return list(session.scalars(select(SelfCheck).where(SelfCheck.school_year == school_year)))


def set_self_check(db: Database, actor: Actor, school_year: int, semester: int, *, planned_on: dt.date | None = _UNSET,
                   done_on: dt.date | None = _UNSET, note: str | None = _UNSET,
                   today: dt.date | None = None) -> SelfCheckRow:
    """Set the planned date and/or the day a semester's self-check was done (seed 001 §四).

    A self-check cannot be marked done on a day that has not come yet."""
    format_term(school_year, semester)  # validates the term
    day = today or dt.date.today()
    if done_on not in (_UNSET, None) and done_on > day:
        raise RuleError(f"完成日 {done_on} 晚於今天，不能登錄為已完成", f"the done date {done_on} is after today")
    with db.write() as s:
        acting = authz.require(s, actor, WRITE)
        c = s.scalar(select(SelfCheck).where(SelfCheck.school_year == school_year, SelfCheck.semester == semester))
        before = None if c is None else {"planned_on": c.planned_on, "done_on": c.done_on, "note": c.note}
        if c is None:
            c = SelfCheck(school_year=school_year, semester=semester)
            s.add(c)
        if planned_on is not _UNSET:
            c.planned_on = planned_on
        if done_on is not _UNSET:
            c.done_on = done_on
        if note is not _UNSET:
            c.note = _text(note, 500)
        s.flush()
        after = {"planned_on": c.planned_on, "done_on": c.done_on, "note": c.note}
        if after != before:
            acting.audit(s, action="workgroup.self_check", entity="wg_self_check",
                         key=format_term(school_year, semester), before=before, after=after)
        return _check_row(c)
