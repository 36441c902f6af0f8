"""學生資料 rows of a central 名冊 (學生資料名冊, 名冊別 1): the students they name, planned before the
import writes anything (services/central/central_import.py).

* A row names its student by 身分證號, checked by 出生日期 (seed 001 §六(二): the central database
  matches students by ID). A student we do not have yet is created: 學號 and 姓名 from the file
  (a 學號 already someone else's is a row problem), in the class of its 班級代碼 (created when missing,
  its grade from the code's first digit) of the division its 班別 names (01 進修部 → 進修部, else
  日間部), with 性別, 座號, 班別, 特殊身分別 and its 學籍狀態 (a departed one left on 學籍異動日期).
* For a student we have, the file's 班別 and 特殊身分別 (a comma list) are stored when they differ;
  an empty 特殊身分別 cell clears it (the file is the truth for the columns it carries).
* National IDs appear in messages and audit rows masked (A12****789).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.limits import STUDENT_NAME
from portfolio_desktop.domain.status import Status, parse_status
from portfolio_desktop.errors import RuleError
from portfolio_desktop.io.rows import ParsedRow
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.rosters.roster_store import ClassResolver, grade_of
from portfolio_desktop.store import audit
from portfolio_desktop.store.models import Student

SPECIAL_MAX = 100  # student.special_status
FIELD_ZH = {"class_kind": "班別", "special_status": "特殊身分別"}


def division_of_kind(class_kind: str | None) -> str:
    """班別 01 (進修部) is our 進修部 division; every other 班別 is taught in the 日間部 division."""
    return "night" if class_kind == "01" else "day"


def special_text(value: object) -> str | None:
    """特殊身分別 as stored: the comma list joined by "," (None when empty)."""
    if not value:
        return None
    return ",".join(value) if isinstance(value, tuple | list) else str(value)


@dataclass
class StudentPlan:
    """What one 學生資料 row does to the roster: create a student (``student_id`` None) or change fields."""

    row: int
    student_id: int | None
    student_no: str
    division: str
    class_code: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # a new student's fields
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field → (before, after)

    def describe(self) -> tuple[str, str]:
        if self.student_id is None:
            nid = mask_id(str(self.fields.get("national_id") or ""))
            return (f"新增學生 {self.student_no} {self.fields.get('name')}（{nid}，班級 {self.class_code}）",
                    f"new student {self.student_no} ({nid}, class {self.class_code})")
        shown = "、".join(f"{FIELD_ZH[k]} {b or '（空白）'} → {a or '（空白）'}" for k, (b, a) in self.changes.items())
        return f"學生 {self.student_no}：{shown}", f"student {self.student_no}: {', '.join(self.changes)} changed"


Complain = Any  # (key, value, zh, en) -> None: a row problem in the row's cell of that column


def plan_existing(student: Student, values: dict[str, object], mapped: set[str]) -> dict[str, tuple[Any, Any]]:
    """The 班別 / 特殊身分別 changes a row makes to a student we have."""
    changes: dict[str, tuple[Any, Any]] = {}
    kind = values.get("class_kind")
    if kind and kind != student.class_kind:
        changes["class_kind"] = (student.class_kind, kind)
    if "special" in mapped:
        special = special_text(values.get("special"))
        if special != student.special_status:
            changes["special_status"] = (student.special_status, special)
    return changes


def plan_new(session: Session, prow: ParsedRow, complain: Complain, seen: set[str]) -> StudentPlan | None:
    """A new student from a row (None, with the row's problems said, when it cannot be created).
    ``seen`` holds the 學號 ("no:…") and IDs ("id:…") of the students the file creates so far."""
    v = prow.values
    nid = str(v["national_id"])
    no, name, code = v.get("student_no"), v.get("name"), v.get("class_code")
    ok = True
    if f"id:{nid}" in seen:
        complain("national_id", nid, f"身分證號 {mask_id(nid)} 在檔案中出現兩次",
                 f"the ID {mask_id(nid)} appears twice in the file")
        return None
    if not no:
        complain("student_no", "", f"資料庫沒有身分證號 {mask_id(nid)} 的學生；新增學生需要學號，請在「學號」欄填寫",
                 f"there is no student with ID {mask_id(nid)}; a new student needs a 學號 (student number)")
        ok = False
    elif f"no:{no}" in seen:
        complain("student_no", no, f"學號 {no} 在檔案中出現兩次", f"student number {no} appears twice in the file")
        ok = False
    elif (owner := session.scalar(select(Student.national_id).where(Student.student_no == str(no)))) is not None:
        complain("student_no", no, f"學號 {no} 已是另一位學生（{mask_id(owner or '')}）的學號；請檢查學號或身分證號",
                 f"student number {no} belongs to another student ({mask_id(owner or '')}); check the number or the ID")
        ok = False
    if not name:
        complain("name", "", "新增學生需要姓名", "a new student needs a name (姓名)")
        ok = False
    elif len(str(name)) > STUDENT_NAME:
        complain("name", name, f"姓名過長（最多 {STUDENT_NAME} 字）", f"the name is too long (at most {STUDENT_NAME})")
        ok = False
    if not code:
        complain("class_code", "", "新增學生需要班級代碼（如 101）", "a new student needs a class code (e.g. 101)")
        ok = False
    else:
        try:
            grade_of(str(code))
        except RuleError as exc:
            complain("class_code", code, exc.zh, exc.en)
            ok = False
    seat = v.get("seat_no")
    if seat and not (str(seat).isdigit() and 1 <= int(str(seat)) <= 99):
        complain("seat_no", seat, "座號應為 1–99", "the seat number should be 1-99")
        ok = False
    special = special_text(v.get("special"))
    if special and len(special) > SPECIAL_MAX:
        complain("special", special, f"特殊身分別過長（最多 {SPECIAL_MAX} 字）", f"特殊身分別 is too long (at most {SPECIAL_MAX})")
        ok = False
    status, left_on = Status.ENROLLED, None
    if v.get("status"):
        try:
            status = parse_status(str(v["status"]))
        except RuleError as exc:
            complain("status", v["status"], exc.zh, exc.en)
            ok = False
        if status.departed:
            left_on = v.get("status_date")
    if not ok:
        return None
    seen.update((f"no:{no}", f"id:{nid}"))
    kind = v.get("class_kind")
    return StudentPlan(prow.row, None, str(no), division_of_kind(str(kind) if kind else None), str(code), fields={
        "national_id": nid, "birth_date": v["birth_date"], "name": str(name), "gender": v.get("gender"),
        "seat_no": int(str(seat)) if seat else None, "class_kind": kind, "special_status": special,
        "status": status.value, "left_on": left_on})


def apply_plan(session: Session, actor: Actor, plan: StudentPlan, resolver: ClassResolver, source: str) -> int:
    """Write a plan; returns the student's id. Audited per student with the ID masked."""
    if plan.student_id is None:
        assert plan.class_code is not None
        info = resolver.ensure_class(plan.division, plan.class_code, None)
        student = Student(student_no=plan.student_no, class_id=info.id, **plan.fields)
        session.add(student)
        session.flush()
        shown = {**plan.fields, "national_id": mask_id(str(plan.fields["national_id"])), "division": plan.division,
                 "class_code": plan.class_code, "source": source}
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="student.add",
                     entity="student", key=plan.student_no, after=_dates(shown))
        return student.id
    found = session.get(Student, plan.student_id)
    assert found is not None
    student = found
    for key, (_, after) in plan.changes.items():
        setattr(student, key, after)
    if plan.changes:
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="student.update",
                     entity="student", key=plan.student_no, before={k: b for k, (b, _) in plan.changes.items()},
                     after={**{k: a for k, (_, a) in plan.changes.items()}, "source": source})
    return student.id


def _dates(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
