"""Students written straight into a test database: one 日間部 class 301 (created when missing), ``n``
students numbered from ``first`` (學號 six digits with leading zeros) and one audit row saying who
added them, the way the backup and restore tests fill a database before copying it."""

from __future__ import annotations

from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Division, SchoolClass, Student


def add_students(db: Database, who: str, n: int, *, first: int = 1, name: str = "學生") -> None:
    with db.write() as s:
        division = s.query(Division).filter_by(code="day").one_or_none()
        if division is None:
            division = Division(code="day", name="日間部")
            s.add(division)
            s.flush()
        klass = s.query(SchoolClass).filter_by(code="301").one_or_none()
        if klass is None:
            klass = SchoolClass(division_id=division.id, code="301", grade=3)
            s.add(klass)
            s.flush()
        for i in range(first, first + n):
            s.add(Student(student_no=f"{i:06d}", name=f"{name}{i}", class_id=klass.id, national_id="A123456789"))
        audit.record(s, actor=who, action="test.add", entity="student", key=None, after=n)
