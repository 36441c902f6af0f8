"""課程諮詢紀錄: consultation records of the 課程諮詢教師 (seed 000 §四(二)3 and its 分工明細表; seed 001
§五(二)2; DOMAIN.md "consultation record").

- Group consultations: many students, date, time, place, content and opinions, an optional
  attachment such as the slides (分工明細表: 進行團體諮詢後 … 並得上傳團體諮詢之資料(如簡報)佐證).
- Individual consultations: one student, one record per consultation (每諮詢一次即有一筆記錄).
- A consultation teacher sees, and records for, only the students they are responsible for (their
  assigned classes and students: 檢視其所負責之學生); the dean and the administrator see all records.
- Never submitted centrally (seed 000 附表二 四(二) 不須提交): there is no submit here, only an export.

Recording needs Permission.CONSULTATION_WRITE (the consultant, or their proxy acting for them: the
record is then the holder's, and says who recorded it). Assigning students to a consultant is the
working group's task division (seed 001 §三(二)): Permission.EVALUATION_WRITE (the dean); that part
lives in ``services/workgroup/consultant_assignments.py`` and is re-exported here.

A record entered wrongly is corrected (:func:`edit_consultation`) or removed (:func:`remove_consultation`)
by the consultation teacher whose record it is (or the proxy now acting for them) or by the dean
(EVALUATION_WRITE, the working group's executive secretary who oversees the division of work); never
silently: one audit row per change with the changed fields before → after (and the reason, when given),
a removal keeps the whole record in the audit row's ``before``; a refusal is audited too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain.roc import format_roc, term_dates
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import NotFoundError, PermissionDenied, RuleError
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.services import authz
from portfolio_desktop.services.workgroup import attachments
from portfolio_desktop.services.workgroup.consultant_assignments import (  # noqa: F401  (re-exported)
    AssignmentRow,
    Consultant,
    StudentRef,
    assign,
    assigned_student_ids,
    class_codes,
    consultants,
    find_student,
    list_assignments,
    ref,
    refused,
    unassign,
    viewer,
)
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import find_staff
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student
from portfolio_desktop.store.workgroup_models import Consultation, ConsultationStudent

MODES = {"group": ("團體諮詢", "group"), "individual": ("個別諮詢", "individual")}
_MODE_ALIASES = {"group": "group", "團體": "group", "團體諮詢": "group",
                 "individual": "individual", "個別": "individual", "個別諮詢": "individual", "個人": "individual"}
EXPORT_HEADERS = ["日期", "開始時間", "結束時間", "地點", "型式", "課程諮詢教師", "學號", "姓名", "班級", "諮詢內容",
                  "意見", "附件", "附件 SHA-256", "登錄者"]


def parse_mode(text: str) -> str:
    key = "".join(str(text).split()).lower()
    if key not in _MODE_ALIASES:
        raise RuleError(f"不認得的諮詢型式「{text}」；應為 團體 或 個別", f"unknown mode '{text}'; use group or individual")
    return _MODE_ALIASES[key]


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    mode: str
    teacher_username: str
    teacher_name: str
    held_on: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    content: str
    opinions: str | None
    students: tuple[StudentRef, ...]
    attachment_id: int | None
    attachment_name: str | None
    attachment_sha256: str | None
    recorded_by: str
    on_behalf_of: str | None

    @property
    def mode_zh(self) -> str:
        return MODES[self.mode][0]

    @property
    def time_text(self) -> str:
        parts = [t.strftime("%H:%M") for t in (self.starts_at, self.ends_at) if t is not None]
        return "–".join(parts)


def _row(c: Consultation) -> ConsultationRow:
    a = c.attachment
    return ConsultationRow(c.id, c.mode, c.teacher.username, c.teacher.display_name, c.held_on, c.starts_at, c.ends_at,
                           c.place, c.content, c.opinions, tuple(ref(cs.student) for cs in c.students),
                           a.id if a else None, a.original_name if a else None, a.sha256 if a else None,
                           c.recorded_by, c.on_behalf_of)


def my_students(db: Database, actor: Actor) -> list[StudentRef]:
    """The students the signed-in consultant is responsible for (the dean / administrator: none to pick)."""
    with db.read() as s:
        staff = viewer(s, db, actor)
        if staff is None:
            return []
        return _students(s, assigned_student_ids(s, staff.id))


def _students(session: Session, ids: set[int]) -> list[StudentRef]:
    rows = session.scalars(select(Student).where(Student.id.in_(ids)).options(selectinload(Student.school_class)))
    return sorted((ref(r) for r in rows), key=lambda r: (r.class_code, r.student_no))


# ------------------------------------------------------------------------------- consultations


def _numbers(student_nos: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in student_nos if n and n.strip()))


def _check(mode: str, nos: Sequence[str], held_on: dt.date, starts_at: dt.time | None, ends_at: dt.time | None,
           place: str, content: str, today: dt.date | None) -> None:
    """The rules every record keeps, when recorded and when corrected."""
    if not nos:
        raise RuleError("請選擇受諮詢的學生", "choose the student(s) consulted")
    if mode == "individual" and len(nos) != 1:  # 每諮詢一次即有一筆記錄 (分工明細表 課程諮詢教師)
        raise RuleError(f"個別諮詢一筆紀錄只能有一位學生（目前 {len(nos)} 位）；多位學生請用團體諮詢或分別登錄",
                        f"an individual consultation has exactly one student (got {len(nos)}); use a group record")
    if held_on > (today or dt.date.today()):
        raise RuleError(f"諮詢日期 {format_roc(held_on)} 尚未到來", f"the consultation date {held_on} is in the future")
    if starts_at and ends_at and ends_at < starts_at:
        raise RuleError("結束時間早於開始時間", "the end time is before the start time")
    if not place.strip() or not content.strip():
        raise RuleError("請填寫地點及諮詢內容", "place and content are required")


def _only_own(session: Session, teacher_id: int, teacher_name: str, teacher_username: str,
              students: Sequence[Student]) -> None:
    """A consultant records only for the students they are responsible for (檢視其所負責之學生)."""
    mine = assigned_student_ids(session, teacher_id)
    foreign = [st.student_no for st in students if st.id not in mine]
    if foreign:
        raise PermissionDenied(
            f"學號 {'、'.join(foreign)} 不是 {teacher_name} 負責的學生，不能登錄其諮詢紀錄",
            f"student(s) {', '.join(foreign)} are not assigned to {teacher_username}")


def add_consultation(db: Database, actor: Actor, *, mode: str, student_nos: Sequence[str], held_on: dt.date,
                     place: str, content: str, opinions: str | None = None, starts_at: dt.time | None = None,
                     ends_at: dt.time | None = None, attachment: Path | None = None,
                     today: dt.date | None = None) -> ConsultationRow:
    """Record one consultation for students the (acting-for) consultant is responsible for."""
    code = parse_mode(mode)
    nos = _numbers(student_nos)
    _check(code, nos, held_on, starts_at, ends_at, place, content, today)
    with db.write() as s:
        acting = authz.require(s, actor, Permission.CONSULTATION_WRITE)
        teacher = find_staff(s, acting.on_behalf_of or acting.username)
        students = [find_student(s, n) for n in nos]
        _only_own(s, teacher.id, teacher.display_name, teacher.username, students)
        c = Consultation(mode=code, staff_id=teacher.id, held_on=held_on, starts_at=starts_at, ends_at=ends_at,
                         place=place.strip()[:100], content=content.strip(), opinions=(opinions or "").strip() or None,
                         recorded_by=acting.username, on_behalf_of=acting.on_behalf_of)
        if attachment is not None:
            c.attachment = attachments.store_file(s, db, Path(attachment), added_by=acting.username)
        c.students = [ConsultationStudent(student_id=st.id) for st in students]
        s.add(c)
        s.flush()
        s.refresh(c)
        acting.audit(s, action="consultation.add", entity="consultation", key=str(c.id),
                     after={"mode": code, "teacher": teacher.username, "held_on": held_on, "students": nos,
                            "attachment_sha256": c.attachment.sha256 if c.attachment else None})
        return _row(c)


def _visible(session: Session, db: Database, actor: Actor, *, student_no: str | None,
             school_year: int | None) -> list[Consultation]:
    staff = viewer(session, db, actor)
    stmt = (select(Consultation).options(selectinload(Consultation.teacher), selectinload(Consultation.attachment),
                                         selectinload(Consultation.students).selectinload(ConsultationStudent.student)
                                         .selectinload(Student.school_class))
            .order_by(Consultation.held_on, Consultation.id))
    if staff is not None:
        stmt = stmt.where(Consultation.staff_id == staff.id)
    if school_year is not None:
        stmt = stmt.where(Consultation.held_on.between(term_dates(school_year, 1)[0], term_dates(school_year, 2)[1]))
    if student_no:
        stmt = stmt.where(Consultation.id.in_(select(ConsultationStudent.consultation_id).join(Student)
                                              .where(Student.student_no == student_no.strip())))
    return list(session.scalars(stmt))


def list_consultations(db: Database, actor: Actor, *, student_no: str | None = None,
                       school_year: int | None = None) -> list[ConsultationRow]:
    """The records the actor may see: a consultant their own; the dean / administrator all."""
    with db.read() as s:
        return [_row(c) for c in _visible(s, db, actor, student_no=student_no, school_year=school_year)]


# ------------------------------------------------------------------------- corrections, removal


class _Keep(Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP
"""For :func:`edit_consultation`: leave this field as it is."""

_VERBS = {"edit": ("修改", "correct"), "remove": ("刪除", "remove")}


def _load(session: Session, consultation_id: int) -> Consultation:
    c = session.scalar(select(Consultation).where(Consultation.id == consultation_id).options(
        selectinload(Consultation.teacher), selectinload(Consultation.attachment),
        selectinload(Consultation.students).selectinload(ConsultationStudent.student)
        .selectinload(Student.school_class)))
    if c is None:
        raise NotFoundError(f"沒有編號 {consultation_id} 的諮詢紀錄", f"there is no consultation record {consultation_id}")
    return c


def _snapshot(c: Consultation) -> dict[str, Any]:
    """The record as the audit row keeps it (times as HH:MM, students by 學號)."""
    return {"mode": c.mode, "held_on": c.held_on.isoformat(),
            "starts_at": c.starts_at.strftime("%H:%M") if c.starts_at else None,
            "ends_at": c.ends_at.strftime("%H:%M") if c.ends_at else None,
            "place": c.place, "content": c.content, "opinions": c.opinions,
            "students": [cs.student.student_no for cs in c.students],
            "attachment": c.attachment.original_name if c.attachment else None,
            "attachment_sha256": c.attachment.sha256 if c.attachment else None}


def _refusal(session: Session, actor: Actor, consultation_id: int, verb: str, teacher: str,
             exc: PermissionDenied) -> None:
    """Audit a refused correction / removal in its own commit (issue 5: a refused action is audited)."""
    session.rollback()
    audit.record(session, actor=actor.username[:60], on_behalf_of=actor.on_behalf_of, action="authz.denied",
                 entity="consultation", key=str(consultation_id),
                 after={"permission": Permission.CONSULTATION_WRITE.value, "action": verb, "teacher": teacher,
                        "reason": exc.en})
    session.commit()


def _who_may_change(db: Database, actor: Actor, consultation_id: int, verb: str) -> tuple[Actor, Permission]:
    """The record's consultation teacher (or their first available proxy) with CONSULTATION_WRITE, or
    the dean with EVALUATION_WRITE; anyone else is refused, and the refusal audited."""
    with db.read() as s:
        c = _load(s, consultation_id)
        teacher, teacher_name = c.teacher.username, c.teacher.display_name
    tries: list[tuple[Actor, Permission]] = []
    if actor.on_behalf_of in (None, teacher):  # the teacher themselves, or acting for them
        holder = None if actor.username == teacher else teacher
        tries.append((Actor(actor.username, holder), Permission.CONSULTATION_WRITE))
    tries.append((actor, Permission.EVALUATION_WRITE))
    for candidate, permission in tries:
        if authz.allowed(db, candidate, permission):
            return candidate, permission
    zh, en = _VERBS[verb]
    exc = PermissionDenied(
        f"諮詢紀錄 #{consultation_id} 是 {teacher_name} 的紀錄；只有本人（或其代理人）及教務主任可以{zh}",
        f"consultation record {consultation_id} belongs to {teacher}; only they (or their proxy) and the dean "
        f"may {en} it")
    with db.write() as w:
        _refusal(w, actor, consultation_id, verb, teacher, exc)
    raise exc


def _authorised(session: Session, actor: Actor, allowed: tuple[Actor, Permission], consultation_id: int,
                verb: str) -> tuple[authz.ActingAs, Consultation]:
    """Inside the write transaction: decide again (authz.require) what :func:`_who_may_change` allowed."""
    candidate, permission = allowed
    acting = authz.require(session, candidate, permission)
    c = _load(session, consultation_id)
    if permission is Permission.CONSULTATION_WRITE and (acting.on_behalf_of or acting.username) != c.teacher.username:
        exc = PermissionDenied(f"不能{_VERBS[verb][0]}他人的諮詢紀錄 #{consultation_id}",
                               f"you may not {_VERBS[verb][1]} another consultant's record {consultation_id}")
        _refusal(session, actor, consultation_id, verb, c.teacher.username, exc)
        raise exc
    return acting, c


def edit_consultation(db: Database, actor: Actor, consultation_id: int, *, mode: str | _Keep = KEEP,
                      student_nos: Sequence[str] | _Keep = KEEP, held_on: dt.date | _Keep = KEEP,
                      starts_at: dt.time | None | _Keep = KEEP, ends_at: dt.time | None | _Keep = KEEP,
                      place: str | _Keep = KEEP, content: str | _Keep = KEEP, opinions: str | None | _Keep = KEEP,
                      attachment: Path | None | _Keep = KEEP, reason: str | None = None,
                      today: dt.date | None = None) -> ConsultationRow:
    """Correct a record: each field given replaces the old value (``attachment=None`` removes the
    attachment, a Path replaces it). The same rules as recording apply; a student newly added must be
    one of the teacher's; a student already on the record may stay after being re-assigned.
    One audit row with the changed fields before → after; nothing changed is refused."""
    allowed = _who_may_change(db, actor, consultation_id, "edit")  # before the write transaction opens
    with db.write() as s:
        acting, c = _authorised(s, actor, allowed, consultation_id, "edit")
        before = _snapshot(c)
        new_mode = c.mode if isinstance(mode, _Keep) else parse_mode(mode)
        nos = before["students"] if isinstance(student_nos, _Keep) else _numbers(student_nos)
        new = {"held_on": c.held_on if isinstance(held_on, _Keep) else held_on,
               "starts_at": c.starts_at if isinstance(starts_at, _Keep) else starts_at,
               "ends_at": c.ends_at if isinstance(ends_at, _Keep) else ends_at,
               "place": c.place if isinstance(place, _Keep) else place.strip()[:100],
               "content": c.content if isinstance(content, _Keep) else content.strip(),
               "opinions": c.opinions if isinstance(opinions, _Keep) else ((opinions or "").strip() or None)}
        _check(new_mode, nos, new["held_on"], new["starts_at"], new["ends_at"], new["place"], new["content"], today)
        if nos != before["students"]:
            students = [find_student(s, n) for n in nos]
            added = [st for st in students if st.student_no not in before["students"]]
            _only_own(s, c.staff_id, c.teacher.display_name, c.teacher.username, added)
            keep = {cs.student_id: cs for cs in c.students}
            c.students = [keep.get(st.id) or ConsultationStudent(student_id=st.id) for st in students]
        c.mode = new_mode
        for name, value in new.items():
            setattr(c, name, value)
        if isinstance(attachment, Path):
            c.attachment = attachments.store_file(s, db, attachment, added_by=acting.username)
        elif attachment is None:
            c.attachment = None
        s.flush()
        s.refresh(c)
        c = _load(s, consultation_id)
        after = _snapshot(c)
        changed = [k for k in before if before[k] != after[k]]
        if not changed:
            raise RuleError(f"諮詢紀錄 #{consultation_id} 沒有任何變更", f"nothing changed in consultation record "
                            f"{consultation_id}")
        acting.audit(s, action="consultation.edit", entity="consultation", key=str(consultation_id),
                     before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed} | ({"reason": reason.strip()} if reason and reason.strip()
                                                            else {}))
        return _row(c)


def remove_consultation(db: Database, actor: Actor, consultation_id: int, *,
                        reason: str | None = None) -> ConsultationRow:
    """Remove a record entered by mistake; the audit row keeps the whole record in ``before``.
    The attachment file stays in the data folder (content-named; another record may share it)."""
    allowed = _who_may_change(db, actor, consultation_id, "remove")
    with db.write() as s:
        acting, c = _authorised(s, actor, allowed, consultation_id, "remove")
        row, before = _row(c), _snapshot(c) | {"teacher": c.teacher.username, "recorded_by": c.recorded_by,
                                               "on_behalf_of": c.on_behalf_of}
        s.delete(c)
        acting.audit(s, action="consultation.remove", entity="consultation", key=str(consultation_id),
                     before=before, after={"removed": True} | ({"reason": reason.strip()} if reason and reason.strip()
                                                               else {}))
        return row


def get_consultation(db: Database, actor: Actor, consultation_id: int) -> ConsultationRow:
    """One record, if the actor may see it (a consultant: their own; the dean / administrator: any)."""
    with db.read() as s:
        return _row(_seen(s, db, actor, consultation_id))


def _seen(session: Session, db: Database, actor: Actor, consultation_id: int) -> Consultation:
    own = viewer(session, db, actor)
    c = _load(session, consultation_id)
    if own is not None and c.staff_id != own.id:
        raise refused(db, actor, PermissionDenied(
            f"諮詢紀錄 #{consultation_id} 不是您的紀錄；可查看的職務：該紀錄的課程諮詢教師、教務主任、系統管理者",
            f"consultation record {consultation_id} is not yours; its consultant, the dean and the administrator "
            "may read it"), consultation=consultation_id)
    return c


def attachment_path(db: Database, actor: Actor, consultation_id: int) -> Path:
    """The stored file of a record's attachment (hash checked), for someone who may read the record:
    its consultant (or their proxy), the dean, the administrator; anyone else is refused (audited)."""
    with db.read() as s:
        c = _seen(s, db, actor, consultation_id)
        attachment_id = c.attachment_id
    if attachment_id is None:
        raise NotFoundError(f"諮詢紀錄 #{consultation_id} 沒有附件", f"consultation record {consultation_id} has no attachment")
    return attachments.open_path(db, attachment_id)


def student_choices(db: Database, actor: Actor, consultation_id: int) -> list[StudentRef]:
    """The students a correction may name: the teacher's students now, plus those already on the record."""
    with db.read() as s:
        c = _seen(s, db, actor, consultation_id)
        return _students(s, assigned_student_ids(s, c.staff_id) | {cs.student_id for cs in c.students})


def export_xlsx(db: Database, actor: Actor, path: Path, *, school_year: int | None = None) -> int:
    """Write the visible records to .xlsx, one row per student and consultation (學號 as text, real dates).

    Audited: who took which consultation records out of the database, and where to."""
    rows = list_consultations(db, actor, school_year=school_year)

    def lines() -> Any:
        for r in rows:
            for st in r.students:
                yield [r.held_on, r.starts_at.strftime("%H:%M") if r.starts_at else "",
                       r.ends_at.strftime("%H:%M") if r.ends_at else "", r.place, r.mode_zh,
                       r.teacher_name, st.student_no, st.name, st.class_code, r.content, r.opinions or "",
                       r.attachment_name or "", r.attachment_sha256 or "",
                       r.recorded_by + (f" 代 {r.on_behalf_of}" if r.on_behalf_of else "")]

    n = write_table(Path(path), EXPORT_HEADERS, lines(), sheet="課程諮詢紀錄", text_columns={1, 2, 6},
                    date_columns={0})
    with db.write() as s:
        audit.record(s, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="consultation.export",
                     entity="consultation", key=str(path)[-120:],
                     after={"records": len(rows), "rows": n, "school_year": school_year})
    return n
