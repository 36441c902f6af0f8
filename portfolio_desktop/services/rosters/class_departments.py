"""The 科別 of a class's students: one definition for the roster's class tree and the dashboard.

A class may hold students of several departments (合班, seed 001); each student counts under their
own 科別, or the class's when they have none. Kept apart from roster_queries so that the dashboard
loads only this.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, aliased

from portfolio_desktop.store.models import Department, SchoolClass, Student


def ordered_departments(main: str | None, counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """(科別, students) of a class: its own department first, then the larger, then by name."""
    return tuple(sorted(counts.items(), key=lambda kv: (kv[0] != main, -kv[1], kv[0])))


def department_counts(
    session: Session | Connection, class_ids: list[int] | None = None
) -> dict[int, tuple[tuple[str, int], ...]]:
    """class id → ((科別, students) …) over each student's own 科別 (their class's when they have none),
    the class's own department first, then the larger, then by name. Empty classes are left out."""
    main = aliased(Department, name="class_department")
    dept = func.coalesce(Student.department_id, SchoolClass.department_id)
    stmt = (
        select(Student.class_id, Department.name, main.name, func.count(Student.id))
        .join(SchoolClass, Student.class_id == SchoolClass.id)
        .join(Department, Department.id == dept)
        .outerjoin(main, main.id == SchoolClass.department_id)
        .group_by(Student.class_id, Department.name, main.name)
    )
    counts: dict[int, dict[str, int]] = {}
    mains: dict[int, str | None] = {}
    parts = [None] if class_ids is None else [class_ids[i : i + 900] for i in range(0, len(class_ids), 900)]
    for part in parts:
        query = stmt if part is None else stmt.where(Student.class_id.in_(part))
        for class_id, name, main_name, n in session.execute(query):
            counts.setdefault(class_id, {})[name] = int(n)
            mains[class_id] = main_name
    return {cid: ordered_departments(mains[cid], c) for cid, c in counts.items()}
