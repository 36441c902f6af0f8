"""The ONE place that decides what a signed-in person may READ: :func:`scope_for` → :class:`ReadScope`.

Writes ask :func:`services.authz.require`; reads ask this module, which builds on the same decision
(the grants read from the database, the proxy order of seed 001 §九(一)2, (三)1-2) and turns it into
the rows a person may see:

* an office that is not per division (教學組, 教務主任, …) — the whole school;
* a per-division office (註冊組 / 進修部教務組, 訓育組 / 進修部學務組, 生輔組) — its own division
  (seed 001 §二, §五: each division's office keeps its own division's data);
* a 導師 — their own class(es) (seed 000 附表二 導師: 「針對班級學生上傳資料均有檢視之權限」;
  seed 001 §五(三)3), including the class of a mentor they now act for as first available proxy;
* a 課程諮詢教師 — the classes and students assigned to them (分工明細表: 檢視其所負責之學生;
  services/workgroup/consultant_assignments.py);
* a 任課教師 — the items of their own courses (seed 001 §五(三)2: they certify those), nothing else.

What a "read" is differs by what is read (:class:`ReadKind`): 學籍資料 (the roster's readers),
進度 (the dashboard's readers: dashboard, follow-up lists, receipt details), items (the dashboard's
readers plus course teachers), mailed notices (the registry offices that make them, seed 001
§九(三)3 — the mailing list and the labels carry home addresses), and the school's work data about no
one student (schedules, courses, the working group, proxy lists: every current member of staff; a
course teacher who holds nothing else sees their own courses).

Full national IDs (身分證統一編號) leave the app only for the registry offices, and only for their own
division's students: they enter them (seed 001 §五(一)1, seed 000 §四(一)) and submit them to the
central database (seed 001 §六(二)1). Everyone else — the administrator included, whose job is
accounts and settings (DOMAIN "Who uses the app"), not students' data — gets masked IDs
(A12****789, DOMAIN "Receipts"; domain/ids.py :func:`mask_id`).

A filter outside the scope (``--class 302`` for the mentor of 301) is refused, naming the offices
that may act, and the refusal is audited (:meth:`ReadScope.refuse`); an unfiltered listing is
narrowed to the scope (:meth:`ReadScope.student_clause`) and the caller can say so
(:meth:`ReadScope.narrowed_note`). Exports of personal data write one audit row (:func:`audit_export`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from portfolio_desktop.domain import roles as R
from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.roles import DIVISION_ROLES, DIVISIONS, Grant, Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.accounts.staff_store import grants_of
from portfolio_desktop.store import audit as audit_store
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Division, SchoolClass, Student


class ReadKind(str, Enum):
    """What is read; each kind is allowed by one permission (domain/roles.py)."""

    ROSTER = "roster"  # 學籍資料: names, IDs, addresses, phones
    PROGRESS = "progress"  # dashboard, follow-up lists, receipt details
    ITEMS = "items"  # portfolio items (and course teachers for their own courses)
    NOTICES = "notices"  # mailed notices, mailing lists, address labels
    SCHOOL = "school"  # schedules, courses, working group, proxy lists: about no one student

    @property
    def permission(self) -> Permission:
        return _PERMISSION[self]


_PERMISSION: dict[ReadKind, Permission] = {
    ReadKind.ROSTER: Permission.ROSTER_READ,
    ReadKind.PROGRESS: Permission.DASHBOARD_READ,
    ReadKind.ITEMS: Permission.DASHBOARD_READ,
    ReadKind.NOTICES: Permission.NOTICE_WRITE,
    ReadKind.SCHOOL: Permission.SCHOOL_READ,
}


def _reads(grant: Grant, kind: ReadKind) -> bool:
    """Whether this grant gives any reach for this kind of read."""
    if kind is ReadKind.ITEMS and grant.role is Role.TEACHER:
        return True  # 任課教師 read the items they certify (seed 001 §五(三)2)
    return grant.role in R.PERMISSIONS[kind.permission]


def _context(grant: Grant) -> dict[str, Any]:
    return {"division": grant.division, "class_id": grant.class_id, "course_code": grant.course_code}


@dataclass(frozen=True)
class ReadScope:
    """Whose rows one person may read, for one :class:`ReadKind`.

    ``whole`` = the whole school; otherwise the union of ``divisions`` (codes), ``class_ids`` (mentored
    or assigned classes), ``student_ids`` (students assigned one by one) and, for items,
    ``course_codes``. ``full_id_divisions``: the divisions whose students' full IDs this person may
    take out of the app (None = every division).

    ``Viewer.office()`` / ``Viewer.mentor(ids)`` build one without the database (a page that already
    knows its reader); services build theirs with :func:`scope_for`.
    """

    username: str | None = None
    on_behalf_of: str | None = None
    kind: ReadKind = ReadKind.PROGRESS
    whole: bool = True
    divisions: frozenset[str] = frozenset()
    class_ids: frozenset[int] = frozenset()
    student_ids: frozenset[int] = frozenset()
    course_codes: frozenset[str] = frozenset()
    full_id_divisions: frozenset[str] | None = frozenset()
    reach_zh: tuple[str, ...] = field(default=(), compare=False)
    reach_en: tuple[str, ...] = field(default=(), compare=False)

    # --- built without the database (pages and tests that already know the reader) ------------
    @classmethod
    def office(cls, username: str | None = None) -> ReadScope:
        return cls(username, whole=True, reach_zh=("全校",), reach_en=("the whole school",))

    @classmethod
    def mentor(cls, class_ids: Iterable[int], username: str | None = None) -> ReadScope:
        ids = frozenset(class_ids)
        return cls(username, whole=False, class_ids=ids, reach_zh=("本班",), reach_en=("their own class",))

    # --- questions ----------------------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        return Actor(self.username or "", self.on_behalf_of)

    @property
    def whole_school(self) -> bool:
        return self.whole

    @property
    def mentor_class_ids(self) -> frozenset[int] | None:
        """None = no class limit (the whole school); else the classes seen whole (mentor, assigned).
        A division office's reach is by division: use :meth:`student_clause` / :meth:`class_clause`."""
        return None if self.whole else self.class_ids

    @property
    def reach(self) -> tuple[str, str]:
        """What this person may read, in words: 「全校」, 「日間部」, 「班級 301」 …"""
        return "、".join(self.reach_zh) or "（無）", ", ".join(self.reach_en) or "(nothing)"

    def can_see(self, class_id: int, division: str | None = None, student_id: int | None = None) -> bool:
        """Whether a student of this class (and division) — or this one student — is in the scope."""
        if self.whole or class_id in self.class_ids:
            return True
        if division is not None and division in self.divisions:
            return True
        return student_id is not None and student_id in self.student_ids

    def full_ids(self, division: str | None) -> bool:
        """Whether a student of this division may leave the app with their full national ID."""
        if self.full_id_divisions is None:
            return True
        return division is not None and division in self.full_id_divisions

    def national_id(self, value: str | None, division: str | None) -> str:
        """The ID as this person may take it out: full for their registry's division, else masked."""
        return (value or "") if self.full_ids(division) else mask_id(value or "")

    @property
    def masks_any(self) -> bool:
        """Whether some student in this scope gets a masked ID."""
        full = self.full_id_divisions
        if full is None:
            return False
        if self.whole:
            return True
        if self.class_ids or self.student_ids or self.course_codes:
            return not (set(DIVISIONS) <= full)
        return bool(self.divisions - full)

    def student_clause(self, student: Any = Student) -> ColumnElement[bool]:
        """SQL: the students this person may read (``student`` may be an alias of Student)."""
        if self.whole:
            return true()
        parts: list[ColumnElement[bool]] = []
        if self.divisions:
            parts.append(student.class_id.in_(_division_classes(self.divisions)))
        if self.class_ids:
            parts.append(student.class_id.in_(sorted(self.class_ids)))
        if self.student_ids:
            parts.append(student.id.in_(sorted(self.student_ids)))
        return or_(*parts) if parts else false()

    def class_clause(self, class_id: Any = SchoolClass.id) -> ColumnElement[bool]:
        """SQL: the classes with at least one student this person may read (for class lists)."""
        if self.whole:
            return true()
        parts: list[ColumnElement[bool]] = []
        if self.divisions:
            parts.append(class_id.in_(_division_classes(self.divisions)))
        if self.class_ids:
            parts.append(class_id.in_(sorted(self.class_ids)))
        if self.student_ids:
            parts.append(class_id.in_(select(Student.class_id).where(Student.id.in_(sorted(self.student_ids)))))
        return or_(*parts) if parts else false()

    def narrowed_note(self, count: int, what_zh: str = "筆", what_en: str = "row(s)", *,
                      export: bool = False) -> tuple[str, str] | None:
        """The line a listing or export prints when it was narrowed to this scope; None for the whole school."""
        if self.whole:
            return None
        zh, en = self.reach
        verb_zh, verb_en = ("匯出", "exported") if export else ("列出", "listed")
        return (f"只{verb_zh}您可查看的 {count} {what_zh}（範圍：{zh}）",
                f"{verb_en} only the {count} {what_en} you may see ({en})")

    # --- refusing --------------------------------------------------------------------------------
    def refuse(self, db_or_session: Database | Session, *, what_zh: str, what_en: str,
               division: str | None = None, class_id: int | None = None,
               course_code: str | None = None) -> PermissionDenied:
        """Audit and return the refusal of a read outside this scope, naming the offices that may
        read it (raise the result). With a session, the session is rolled back first (as
        authz.require does) and the audit row committed alone."""
        permission = self.kind.permission
        needed_zh, needed_en = R.needed(permission, division=division, class_id=class_id, course_code=course_code)
        where_zh = f"（{DIVISIONS[division]}）" if division in DIVISIONS else ""
        mine_zh, mine_en = self.reach
        exc = PermissionDenied(
            f"{self.username or '您'} 不能查看{what_zh}{where_zh}（您可查看的範圍：{mine_zh}）；可查看的職務：{needed_zh}",
            f"{self.username or 'you'} may not read {what_en} (you may read: {mine_en}); "
            f"this needs: {needed_en}",
        )
        ctx = {"division": division, "class_id": class_id, "course_code": course_code, "read": self.kind.value,
               "what": what_en}
        authz.audit_refusal(db_or_session, self.actor, permission, exc, ctx)
        return exc


def _division_classes(divisions: frozenset[str]) -> Any:
    return (select(SchoolClass.id).join(Division, SchoolClass.division_id == Division.id)
            .where(Division.code.in_(sorted(divisions))))


Reader = Actor | ReadScope
"""What a read service takes: the signed-in actor (the usual case), or a scope a page already built."""

Viewer = ReadScope
"""Whose view this is (a dashboard's, a follow-up list's): a read scope; ``Viewer.office()`` /
``Viewer.mentor(ids)`` for a page that already knows its reader."""


def _today() -> dt.date:
    return dt.date.today()


def _class_labels(session: Session, ids: Iterable[int]) -> list[str]:
    rows = session.execute(select(SchoolClass.id, SchoolClass.code).where(SchoolClass.id.in_(sorted(set(ids)))))
    return sorted(code for _id, code in rows)


def _effective(session: Session, actor: Actor, staff: Staff, kind: ReadKind,
               day: dt.date) -> list[tuple[Grant, Staff | None]]:
    """The grants this person reads with today: their own (when they may act themselves) and those
    of a holder they now act for as first available proxy (authz decides both)."""
    out: list[tuple[Grant, Staff | None]] = []
    seen: set[Grant] = set()

    def permission_for(g: Grant) -> Permission:
        return Permission.CLO_CERTIFY if (kind is ReadKind.ITEMS and g.role is Role.TEACHER) else kind.permission

    if actor.on_behalf_of in (None, actor.username):
        for g in grants_of(staff):
            if not _reads(g, kind) or g in seen:
                continue
            res = authz._decide(session, actor, permission_for(g), day=day, **_context(g))
            if isinstance(res, authz.ActingAs) and res.on_behalf_of is None:
                out.append((g, staff))
                seen.add(g)
    for plist in authz._lists_with(session, staff):
        if plist.holder is not None:
            candidates: list[tuple[Grant, Staff | None]] = [(g, plist.holder) for g in grants_of(plist.holder)]
        else:
            code = plist.division.code if plist.division is not None else None
            candidates = [(Grant(Role(plist.role or ""), code), None)]
        for g, holder in candidates:
            if not _reads(g, kind) or g in seen:
                continue
            res = authz._decide(session, actor, permission_for(g), day=day, **_context(g))
            if isinstance(res, authz.ActingAs) and res.on_behalf_of is not None:
                out.append((g, holder))
                seen.add(g)
    return out


def _build(session: Session, actor: Actor, kind: ReadKind, grants: list[tuple[Grant, Staff | None]]) -> ReadScope:
    whole = False
    divisions: set[str] = set()
    classes: set[int] = set()
    singles: set[int] = set()
    courses: set[str] = set()
    full: set[str] | None = set()
    zh: list[str] = []
    en: list[str] = []
    for g, holder in grants:
        if kind is ReadKind.SCHOOL and g.role is not Role.TEACHER:
            whole = True  # school data is not per class or division; a course teacher reads their courses
            continue
        if g.role is Role.REGISTRY:
            if g.division is None:
                full = None
            elif full is not None:
                full.add(g.division)
        if g.role in DIVISION_ROLES:
            if g.division is None:
                whole = True
            else:
                divisions.add(g.division)
        elif g.role is Role.MENTOR:
            if g.class_id is not None:
                classes.add(g.class_id)
        elif g.role is Role.TEACHER:
            if g.course_code:
                courses.add(g.course_code)
        elif g.role is Role.CONSULTANT:
            staff_id = holder.id if holder is not None else None
            if staff_id is not None:
                # the working group's tables load for a consultant only: every other reader skips them
                from portfolio_desktop.store.workgroup_models import ConsultantAssignment

                rows = session.execute(select(ConsultantAssignment.class_id, ConsultantAssignment.student_id)
                                       .where(ConsultantAssignment.staff_id == staff_id))
                for class_id, student_id in rows:
                    if class_id is not None:
                        classes.add(class_id)
                    if student_id is not None:
                        singles.add(student_id)
            zh.append("負責的學生")
            en.append("their assigned students")
        else:  # 教學組, 教務主任, 系統管理者 …: not per division, not per class
            whole = True
    if set(DIVISIONS) <= divisions:
        whole = True
    if whole:
        return ReadScope(actor.username, actor.on_behalf_of, kind, whole=True,
                         full_id_divisions=None if full is None else frozenset(full),
                         reach_zh=("全校",), reach_en=("the whole school",))
    zh = [DIVISIONS[d] for d in sorted(divisions)] + zh
    en = [f"{d} division" for d in sorted(divisions)] + en
    labels = _class_labels(session, classes)
    if labels:
        zh.append(f"班級 {'、'.join(labels)}")
        en.append(f"class {', '.join(labels)}")
    if singles:
        zh.append(f"個別負責的 {len(singles)} 位學生")
        en.append(f"{len(singles)} student(s) assigned one by one")
    if courses:
        zh.append(f"課程 {'、'.join(sorted(courses))}")
        en.append(f"course {', '.join(sorted(courses))}")
    return ReadScope(actor.username, actor.on_behalf_of, kind, whole=False, divisions=frozenset(divisions),
                     class_ids=frozenset(classes), student_ids=frozenset(singles), course_codes=frozenset(courses),
                     full_id_divisions=None if full is None else frozenset(full),
                     reach_zh=tuple(dict.fromkeys(zh)), reach_en=tuple(dict.fromkeys(en)))


def scope_for(db: Database, who: Reader, kind: ReadKind, *, on: dt.date | None = None) -> ReadScope:
    """What ``who`` may read of this kind today. A :class:`ReadScope` of the same kind (or of a kind
    read with the same permission) is used as given (a page that built it once); of another kind it
    is built again for its person.

    Refuses (audited, naming the roles needed) someone who may read none of it: not a staff
    account, a role that does not read this kind, a departed account."""
    if isinstance(who, ReadScope):
        if who.kind is kind:
            return who
        if who.username is None or who.kind.permission is kind.permission:  # the dashboard's reader reads its items
            return replace(who, kind=kind)
        who = who.actor
    actor = who
    day = on or _today()
    with db.read() as session:
        staff = authz.session_directory(session).person(actor.username)  # read once for every grant's decision
        grants = _effective(session, actor, staff, kind, day) if staff is not None else []
        if grants:
            return _build(session, actor, kind, grants)
    authz.require(db, actor, kind.permission, on=day)  # refuses, audited, naming the roles needed
    return ReadScope(actor.username, actor.on_behalf_of, kind, whole=False,
                     reach_zh=("（無）",), reach_en=("(nothing)",))


def viewer_for(db: Database, actor: Actor, *, on: dt.date | None = None,
               permission: Permission = Permission.DASHBOARD_READ) -> ReadScope:
    """The read scope of this actor for the dashboard (default), or, with ``permission``
    ROSTER_READ / NOTICE_WRITE, for the roster / the notices: :func:`scope_for` decides (the whole
    school, a division, a mentor's classes, including those of a mentor they act for as first
    available proxy, a consultant's assigned students). Refuses (audited) anyone who may read none."""
    kind = {Permission.ROSTER_READ: ReadKind.ROSTER, Permission.NOTICE_WRITE: ReadKind.NOTICES}.get(
        permission, ReadKind.PROGRESS)
    return scope_for(db, actor, kind, on=on)


# --- checks used by the read services ---------------------------------------------------------------


def classes_named(db: Database, scope: ReadScope, code: str) -> list[int]:
    """The ids of the classes with this code that ``scope`` may read; an existing class outside the
    scope is refused (audited) naming the offices that may read it. An unknown code → [] (the
    listing is empty, as before)."""
    with db.read() as session:
        rows = list(session.execute(
            select(SchoolClass.id, Division.code).join(Division, SchoolClass.division_id == Division.id)
            .where(SchoolClass.code == code.strip())))
        if not rows:
            return []
        seen = [cid for cid, div in rows if scope.can_see(cid, div)]
        if not seen and not scope.whole and scope.student_ids:
            # a consultant with single students of that class: those students only
            partial = set(session.scalars(select(Student.class_id).where(
                Student.id.in_(sorted(scope.student_ids)), Student.class_id.in_([r[0] for r in rows]))))
            seen = sorted(partial)
    if seen:
        return seen
    class_id, division = rows[0]
    raise scope.refuse(db, what_zh=f"班級 {code.strip()} 的資料", what_en=f"the data of class {code.strip()}",
                       division=division, class_id=class_id)


def require_student(db: Database, scope: ReadScope, student_id: int, class_id: int, division: str | None,
                    student_no: str) -> None:
    """Refuse (audited) reading one student outside the scope."""
    if scope.can_see(class_id, division, student_id):
        return
    raise scope.refuse(db, what_zh=f"學號 {student_no} 的資料", what_en=f"the data of student {student_no}",
                       division=division, class_id=class_id)


def require_reader(db: Database, actor: Reader) -> ReadScope:
    """The check of a read of school data about no one student (kind SCHOOL): a current member of
    staff (a departed account past its grace period, or a name that is not an account, is refused
    and audited)."""
    return scope_for(db, actor, ReadKind.SCHOOL)


def audit_export(db: Database, scope: ReadScope, *, action: str, entity: str, key: str | None,
                 rows: int, **details: Any) -> None:
    """One audit row for an export of personal data: who (and for whom), what, how many, within which
    scope, and whether IDs left the app masked."""
    after = {"rows": rows, "scope": scope.reach[1], "narrowed": not scope.whole,
             "ids_masked": scope.masks_any, **details}
    with db.write() as session:
        audit_store.record(session, actor=scope.username or "", on_behalf_of=scope.on_behalf_of, action=action,
                           entity=entity, key=key, after=after)
