"""Roster import: read the file with the one io machinery, check each row against the
database, then upsert by 學號 in one transaction.

Decisions (documented here because they are the contract the GUI, CLI and tests rely on):

* The file is the truth for the columns it has. A column the file lacks leaves that field alone; a
  column it has with a blank cell clears the field. 學籍狀態 blank or absent keeps the current status
  (a new student is 在學); 部別 blank or absent keeps the student's division when the class code is the
  same, else the one division that has that class code, else 日間部.
* Identical rows are *unchanged*: nothing is written, not even an audit row, so importing the same
  file twice changes nothing.
* A class move or status change is a 學籍異動 (StatusChange): dated 離校日期 when the new status is a
  departure and the file gives one, else today; reason 「名冊匯入 <file>」.
* 座號: two students at school in the same class with the same 座號 *in this file* is a row problem
  (a typing slip the clerk can fix). A 座號 held by a student who is not in the file is accepted: the
  school system is the authority on seats and departed students keep theirs.
* 科別 belongs to the student: a class may hold students of several departments (a 合班 class).
  A row's 科別 is its student's; a blank 科別 keeps an existing student's department and gives a new
  student the class's. A class whose rows name several departments is a notice in the report, never
  a problem. The class's own (main) department stays while the file names it for that class or a
  student of the class keeps it; else it becomes the first department the file names for the class
  (recorded in the import's audit row).
* A new class takes its grade from the first digit of its code (1–3); any other code is a row problem.
* Roles: the import needs 登錄學籍資料 (the registry) of EVERY division the file touches — the
  divisions of its rows and the current divisions of the students it names — checked before any
  problem is reported or anything written. A dry run needs it too: it writes nothing but its report
  reveals the roster. Each student's rows are attributed to the acting of that student's division
  ("X 代 Y" when a proxy acts for the registry of that division).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Unpack, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.domain.status import Status, check_transition
from portfolio_desktop.errors import ImportRefused, Problem, RuleError
from portfolio_desktop.io.roster_spec import ROSTER
from portfolio_desktop.io.read_notes import ReadNote
from portfolio_desktop.io.rows import ParsedRow
from portfolio_desktop.io.tabular import ParsedTable
from portfolio_desktop.services import guard
from portfolio_desktop.services.authz import ActingAs
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import finish_import
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.rosters.roster_store import (
    ClassInfo,
    ClassResolver,
    audit_added_students,
    grade_of,
    insert_audit,
    insert_changes,
    insert_student_rows,
    last_student_id,
    rows_matching,
    student_audit_dict,
    student_row,
    update_students,
)
from portfolio_desktop.services.rosters.roster_types import (
    DEFAULT_DIVISION,
    PERSON_FIELDS,
    ImportReport,
)
from portfolio_desktop.store.bulk_indexes import indexes_built_after
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, Student


@dataclass(slots=True)
class _Existing:
    """A student of the file already in the database: what planning needs of the stored record. The
    stored values of the fields the file holds are kept only when some row of the file differs from
    them (a re-imported roster is mostly unchanged: 50,000 stored records are not held twice)."""

    id: int
    class_id: int
    status: Status
    seat_no: int | None
    left_on: dt.date | None
    department: str | None  # the student's 科別 (the class's when the student has none of their own)
    stored: tuple[Any, ...] | None  # the compared fields as stored (_Planner.compared order); None: as in the file


@dataclass(slots=True)
class _Plan:
    row: int
    student_no: str
    values: dict[str, Any]
    division: str
    class_code: str
    department: str | None
    status: Status
    existing: _Existing | None
    left_on: dt.date | None
    changes: dict[str, tuple[Any, Any]]


def _load_existing(session: Session, rows: list[ParsedRow], compared: list[str]) -> dict[str, _Existing]:
    """The students of the file already in the database (:func:`rows_matching`: never one query per
    row), each compared with its rows in the file on the fields ``compared`` as it is loaded."""
    by_no: dict[str, list[dict[str, Any]]] = {}
    for prow in rows:
        by_no.setdefault(str(prow.values["student_no"]), []).append(prow.values)
    cols = [getattr(Student, f) for f in compared]
    department = func.coalesce(Student.department_id, SchoolClass.department_id)
    stmt = (select(Student.student_no, Student.id, Student.class_id, Student.status, Student.seat_no,
                   Student.left_on, department, *cols)
            .join(SchoolClass, Student.class_id == SchoolClass.id))
    found: dict[str, _Existing] = {}
    for r in rows_matching(session, stmt, Student.student_no, by_no):
        stored = tuple(r[7:])
        same = all(tuple(map(values.get, compared)) == stored for values in by_no[r[0]])
        found[r[0]] = _Existing(r[1], r[2], Status(r[3]), r[4], r[5], r[6], None if same else stored)
    return found


def compared_fields(parsed: ParsedTable) -> list[str]:
    """The student's fields the file holds (:data:`PERSON_FIELDS` order): the ones it may change."""
    return [f for f in PERSON_FIELDS if f in parsed.mapping]


def _stored_ids(session: Session, ids: list[str]) -> dict[str, str]:
    """身分證統一編號 → 學號 of the stored students holding the file's IDs."""
    stmt = select(Student.national_id, Student.student_no)
    return {str(nid): str(no) for nid, no in rows_matching(session, stmt, Student.national_id, ids)}


def _department_names(resolver: ClassResolver, existing: dict[str, _Existing]) -> None:
    """Turn the department ids loaded by :func:`_load_existing` into names."""
    for ex in existing.values():
        ex.department = None if ex.department is None else resolver.department_names[int(ex.department)]


# the changes of a plan that changes nothing: one dict shared by all of them, never written
_NO_CHANGES: dict[str, tuple[Any, Any]] = {}


def _grade_error(code: str) -> RuleError | None:
    """Why a new class with this code cannot be placed in the class tree (:func:`grade_of`), or None."""
    try:
        grade_of(code)
    except RuleError as exc:
        return exc
    return None


class _Planner:
    """Checks each parsed row against the database and decides add / change / unchanged."""

    def __init__(self, parsed: ParsedTable, resolver: ClassResolver, existing: dict[str, _Existing]) -> None:
        self.parsed = parsed
        self.resolver = resolver
        self.existing = existing
        self.present = set(parsed.mapping)
        self.has_status, self.has_seat, self.has_left_on, self.has_national_id = (
            key in self.present for key in ("status", "seat_no", "left_on", "national_id"))
        self.problems: list[Problem] = []
        self.bad_rows: set[int] = set()
        # (division, class code) → departments the file names for the class, in order of first row
        self.class_departments: dict[tuple[str, str], dict[str, int]] = {}
        # (division, class code) → 座號 → the first row holding it (the rows are kept: nothing new per row)
        self.seat_seen: dict[tuple[str, str], dict[int, ParsedRow]] = {}
        # one 身分證統一編號 is one person: the file's rows and the students already stored
        self.id_seen: dict[str, ParsedRow] = {}
        self.stored_ids: dict[str, str] = {}
        self.compared = compared_fields(parsed)
        self.code_errors: dict[str, RuleError | None] = {}  # a new class's code → why it cannot be placed

    def _header(self, key: str) -> str:
        index = self.parsed.mapping.get(key)
        if index is not None and index < len(self.parsed.headers):
            return self.parsed.headers[index]
        return next((c.header for c in ROSTER.columns if c.key == key), key)

    def _problem(self, prow: ParsedRow, key: str, zh: str, en: str) -> None:
        value = prow.values.get(key)
        shown = value.zh if isinstance(value, Status) else ("" if value is None else str(value))
        self.problems.append(Problem(self.parsed.file, self.parsed.sheet, prow.row, self._header(key), shown, zh, en))
        self.bad_rows.add(prow.row)

    def _division(self, code: str, ex: _Existing | None) -> str:
        """The division of a row that names none: the student's when the class stays the same, else
        the one division that has that class code, else 日間部."""
        if ex is not None:
            current = self.resolver.by_id[ex.class_id]
            if current.code == code:
                return current.division_code
        known = self.resolver.divisions_with_code(code)
        return known[0] if len(known) == 1 else DEFAULT_DIVISION

    def plan(self, prow: ParsedRow) -> _Plan | None:
        # (runs once per row of a file as large as the school: the usual row — its class known or its
        # code already checked, no seat or ID met before — builds no message and no new object but its plan)
        v: dict[str, Any] = prow.values
        no = str(v["student_no"])
        ex = self.existing.get(no)
        code = str(v["class_code"])
        division = v.get("division")
        division = str(division) if division else self._division(code, ex)
        department: str | None = v.get("department") or None
        refused = False

        if (division, code) not in self.resolver.classes:
            if code not in self.code_errors:
                self.code_errors[code] = _grade_error(code)
            error = self.code_errors[code]
            if error is not None:
                self._problem(prow, "class_code", error.zh, error.en)
                refused = True

        given = v.get("status") if self.has_status else None
        if given is None:
            status = ex.status if ex is not None else Status.ENROLLED
        else:
            status = given if given.__class__ is Status else Status(given)
        if ex is not None and status is not ex.status:
            try:
                check_transition(ex.status, status)
            except RuleError as exc:
                self._problem(prow, "status", f"學號 {no} 目前為「{ex.status.zh}」：{exc.zh}", exc.en)
                refused = True

        seat = v.get("seat_no") if self.has_seat else (ex.seat_no if ex is not None else None)
        if seat is not None and not status.departed:
            first = self.seat_seen.setdefault((division, code), {}).setdefault(int(seat), prow)
            if first is not prow and (held := str(first.values["student_no"])) != no:
                self._problem(
                    prow,
                    "seat_no",
                    f"座號 {seat} 在班級 {code} 已由第 {first.row} 列的學號 {held} 使用",
                    f"seat {seat} in class {code} is already used by student {held} on row {first.row}",
                )
                refused = True
        if self.has_national_id:
            nid = v.get("national_id")
            if nid:
                nid = str(nid)
                first = self.id_seen.setdefault(nid, prow)
                other = no if first is prow else str(first.values["student_no"])
                if other != no or self.stored_ids.get(nid, no) != no:
                    self._national_id_problem(prow, nid, no, (other, first.row))
                    refused = True
        if refused:
            return None

        if department:
            self.class_departments.setdefault((division, code), {}).setdefault(department, prow.row)
        left_on: dt.date | None = v.get("left_on") if self.has_left_on else (ex.left_on if ex else None)
        plan = _Plan(prow.row, no, v, division, code, department, status, ex, left_on, _NO_CHANGES)
        if ex is not None:
            changes: dict[str, tuple[Any, Any]] = {}
            if ex.stored is not None:
                for f, old in zip(self.compared, ex.stored, strict=True):
                    new = v.get(f)
                    if new != old:
                        changes[f] = (old, new)
            if department and department != ex.department:
                changes["department"] = (ex.department, department)
            current = self.resolver.by_id[ex.class_id]
            if current.code != code or current.division_code != division:
                changes["class"] = (current, (division, code))
            if status is not ex.status:
                changes["status"] = (ex.status, status)
            if changes:
                plan.changes = changes
        return plan

    def _national_id_problem(self, prow: ParsedRow, nid: str, no: str, other: tuple[str, int]) -> None:
        """Two students with one 身分證統一編號 is a typing error (a wrong ID is another person's)."""
        if other[0] != no:
            zh = f"身分證統一編號與第 {other[1]} 列的學號 {other[0]} 相同；一人一號，請核對"
            en = f"the national ID is the same as student {other[0]}'s on row {other[1]}; check it"
        else:
            held = self.stored_ids[nid]
            zh = f"身分證統一編號已屬系統中的學號 {held}；一人一號，請核對"
            en = f"the national ID already belongs to student {held} in the records; check it"
        self.problems.append(Problem(self.parsed.file, self.parsed.sheet, prow.row, self._header("national_id"),
                                     mask_id(nid), zh, en))
        self.bad_rows.add(prow.row)

    def main_departments(self, plans: list[_Plan]) -> dict[tuple[str, str], str | None]:
        """(division, class code) → the department the class keeps or takes as its own. A class keeps
        its department while the file names it for the class or a student of it keeps it (one the file
        does not name, moves or changes); else it takes the first department the file names for it."""
        out: dict[tuple[str, str], str | None] = {}
        keeps = self._classes_keeping_department(plans)
        for key, named in self.class_departments.items():
            info = self.resolver.classes.get(key)
            current = None if info is None else self.resolver.department_name(info)
            kept = current in named or (info is not None and info.id in keeps)
            out[key] = current if kept else next(iter(named))
        return out

    def _classes_keeping_department(self, plans: list[_Plan]) -> set[int]:
        """Ids of the classes the file names departments for where a student keeps the class's own one."""
        ids = [info.id for key in self.class_departments if (info := self.resolver.classes.get(key)) is not None]
        if not ids:
            return set()
        by_no = {p.student_no: p for p in plans}
        stmt = (
            select(Student.class_id, Student.student_no)
            .join(SchoolClass, Student.class_id == SchoolClass.id)
            .where(func.coalesce(Student.department_id, SchoolClass.department_id) == SchoolClass.department_id)
        )
        keeps: set[int] = set()
        for class_id, no in rows_matching(self.resolver.session, stmt, Student.class_id, ids):
            plan = by_no.get(no)
            info = self.resolver.by_id[class_id]
            if plan is None or (
                (plan.division, plan.class_code) == (info.division_code, info.code)
                and (plan.department or self.resolver.department_name(info)) == self.resolver.department_name(info)
            ):
                keeps.add(class_id)
        return keeps

    def mixed_notes(self) -> list[ReadNote]:
        """A class whose rows name several departments (合班): said in the report, never refused."""
        notes = []
        for (_division, code), named in self.class_departments.items():
            if len(named) > 1:
                depts = "／".join(named)
                rows = sorted(named.values())
                notes.append(ReadNote(
                    "mixed_department", self._header("department"), rows,
                    f"班級 {code} 的學生分屬 {len(named)} 個科別（{depts}），以合班處理：每位學生保留自己的科別",
                    f"class {code} holds students of {len(named)} departments ({depts}); it is taken as a "
                    f"combined class (合班): each student keeps their own department",
                ))
        return notes


def _change_audit(plan: _Plan) -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    assert plan.existing is not None
    for key, (old, new) in plan.changes.items():
        if key == "class":
            before.update(division=old.division_code, class_code=old.code, department=plan.existing.department)
            after.update(division=plan.division, class_code=plan.class_code,
                         department=plan.department or plan.existing.department)
        else:
            before[key], after[key] = old, new
    return student_audit_dict(before), student_audit_dict(after)


WRITE_CHUNK = 2000  # rows built and written at a time: keeps a 50,000-row import's memory flat


def _apply(
    session: Session, actings: dict[str | None, ActingAs], plans: list[_Plan], resolver: ClassResolver,
    mains: dict[tuple[str, str], str | None], file_name: str, report: ImportReport,
) -> None:
    actors = {d: a.as_actor() for d, a in actings.items()}
    named: dict[str | None, None] = {}  # departments first, in the order the rows name them (as the chunks would)
    for p in plans:
        named[mains.get((p.division, p.class_code))] = None
        if p.existing is None:
            named[p.department] = None
        elif "class" in p.changes or "department" in p.changes:
            named[p.department or p.existing.department] = None
    for name in named:
        resolver.department_id(name)
    resolver.create_classes((p.division, p.class_code, mains.get((p.division, p.class_code))) for p in plans)
    # many new students: the student table's indexes are built once after them (store/bulk_indexes.py)
    converted: dict[str, dict[Any, Any]] = {}  # the values as bound, shared by the chunks (a birth date)
    with indexes_built_after(session, cast(Table, Student.__table__), sum(p.existing is None for p in plans)):
        for start in range(0, len(plans), WRITE_CHUNK):
            _apply_chunk(session, actors, plans[start : start + WRITE_CHUNK], resolver, mains, file_name, report,
                         converted)


def _summary(report: ImportReport, resolver: ClassResolver) -> dict[str, Any] | None:
    """The after-value of the import's audit row; None when it wrote nothing (no row then)."""
    if not (report.added or report.changed or resolver.created_classes or resolver.department_updates):
        return None
    return {
        "file": report.file,
        "sheet": report.sheet,
        "added": len(report.added),
        "changed": len(report.changed),
        "unchanged": len(report.unchanged),
        "status_changes": report.status_changes,
        "skipped_rows": report.skipped_rows,
        "created_classes": resolver.created_classes,
        "created_departments": resolver.created_departments,
        "department_updates": resolver.department_updates,
        "notes": [{"kind": n.kind, "rows": n.rows} for n in report.notes],
    }


def _apply_chunk(
    session: Session, actors: dict[str | None, Actor], plans: list[_Plan], resolver: ClassResolver,
    mains: dict[tuple[str, str], str | None], file_name: str, report: ImportReport,
    converted: dict[str, dict[Any, Any]],
) -> None:
    today = dt.date.today()
    new_rows: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    changed_audit: dict[str, list[tuple[str, Any, Any]]] = {}
    # a class is ensured (created, its own 科別 set) at its first plan; its students are then placed
    # by one lookup: (division, class code, the student's 科別) → (class, the 科別 stored)
    infos: dict[tuple[str, str], ClassInfo] = {}
    placed: dict[tuple[str, str, str | None], tuple[int, int | None]] = {}
    for plan in plans:
        cls = (plan.division, plan.class_code)
        info = infos.get(cls)
        if info is None:
            info = infos[cls] = resolver.ensure_class(*cls, mains.get(cls))
        ex = plan.existing
        if ex is None:
            where = placed.get((*cls, plan.department))
            if where is None:
                where = placed[(*cls, plan.department)] = (
                    info.id, resolver.department_id(plan.department) or info.department_id)
            new_rows.append(student_row(plan.values, plan.student_no, where[0], where[1], plan.status))
            report.added.append(plan.student_no)
            continue
        if not plan.changes:
            report.unchanged.append(plan.student_no)
            continue
        upd: dict[str, Any] = {"id": ex.id}
        upd.update({k: new for k, (_old, new) in plan.changes.items() if k in PERSON_FIELDS})
        moved = "class" in plan.changes
        if moved:
            upd["class_id"] = info.id
        if moved or "department" in plan.changes:  # a moved student keeps their 科別, now as their own
            upd["department_id"] = resolver.department_id(plan.department or ex.department) or info.department_id
        if "status" in plan.changes:
            upd["status"] = plan.status
        updates.append(upd)
        if moved or "status" in plan.changes:
            actor = actors[plan.division]
            changes.append(
                {
                    "student_id": ex.id,
                    "from_status": ex.status,
                    "to_status": plan.status,
                    "from_class_id": ex.class_id if moved else None,
                    "to_class_id": info.id if moved else None,
                    "changed_on": plan.left_on if (plan.status.departed and plan.left_on) else today,
                    "reason": f"名冊匯入 {file_name}"[:200],
                    "recorded_by": actor.username,
                    "on_behalf_of": actor.on_behalf_of,
                }
            )
        changed_audit.setdefault(plan.division, []).append((plan.student_no, *_change_audit(plan)))
        report.changed.append(plan.student_no)

    if new_rows:
        before = last_student_id(session)
        insert_student_rows(session, new_rows, converted)
        # the chunk's new students as stored, audited by the database in one compact row per acting
        # person (none through Python); a row per chunk keeps the memory of a large import flat
        audit_added_students(session, actors, before)
    update_students(session, updates)
    insert_changes(session, next(iter(actors.values())), changes)  # each row names its own actor
    report.status_changes += len(changes)
    for division, rows in changed_audit.items():
        insert_audit(session, actors[division], "student.update", "student", rows)


@bulk_work
def import_roster(
    db: Database, actor: Actor, path: str | os.PathLike[str], **options: Unpack[ImportKeywords]
) -> ImportReport:
    """Import a roster file; see the module docstring for the rules.

    Raises :class:`ImportRefused` (nothing written) when any row has a problem and ``skip_invalid`` is
    false, :class:`io.tabular.Cancelled` (nothing written) when ``cancelled()`` turns true, and
    :class:`PortfolioError` for a file that cannot be read at all.
    """
    o = ImportOptions(**options)
    dry_run, skip_invalid, cancelled = o.dry_run, o.skip_invalid, o.cancelled
    parsed = o.read(path, ROSTER, db)
    file_name = Path(path).name
    report = ImportReport(file=parsed.file, sheet=parsed.sheet, dry_run=dry_run)
    with db.write() as session:
        resolver = ClassResolver(session)
        # a first import matches nothing: the file's rows are not indexed against an empty table
        stored = last_student_id(session) > 0
        existing = _load_existing(session, parsed.rows, compared_fields(parsed)) if stored else {}
        _department_names(resolver, existing)
        planner = _Planner(parsed, resolver, existing)
        if stored:
            planner.stored_ids = _stored_ids(session, sorted({str(r.values["national_id"]) for r in parsed.rows
                                                               if r.values.get("national_id")}))
        plans = [p for p in (planner.plan(r) for r in parsed.rows) if p is not None]
        touched = {p.division for p in plans}
        touched |= {resolver.by_id[ex.class_id].division_code for ex in existing.values()}
        touched |= {str(r.values["division"]) for r in parsed.rows if r.values.get("division")}
        actings = guard.require_each(session, actor, Permission.ROSTER_WRITE, touched)
        problems = sorted([*parsed.problems, *planner.problems], key=lambda p: p.row)
        report.problems = problems
        report.notes = [*parsed.notes, *planner.mixed_notes()]
        report.skipped_rows = sorted(set(parsed.bad_rows) | planner.bad_rows)
        if problems and not skip_invalid:
            raise ImportRefused(problems)
        _apply(session, actings, plans, resolver, planner.main_departments(plans), file_name, report)
        finish_import(session, file=file_name, dry_run=dry_run, cancelled=cancelled,
                      acting=guard.combine(actings.values()), action="roster.import", entity="roster",
                      summary=_summary(report, resolver))
    return report
