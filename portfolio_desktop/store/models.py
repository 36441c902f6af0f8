"""Typed SQLAlchemy 2 models of the foundation: school, divisions, departments, terms, classes,
students, 學籍異動 and the audit log.

The schema itself is created and changed only by the Alembic versions in ``db/versions``; these
classes must match them (``tests/integration/test_migrations.py`` checks that they do).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from portfolio_desktop.domain import limits

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def local_date(utc: dt.datetime) -> dt.date:
    """The workstation's local day of a time stored in UTC (as `utcnow` stores it): the day a person
    would name for it, e.g. a batch printed at 07:30 in Taiwan on 12-06 is 12-05 23:30 UTC."""
    return utc.replace(tzinfo=dt.timezone.utc).astimezone().date()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Setting(Base):
    """School settings as key → JSON text (caps, letterhead, column mappings …): data, not code."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class Division(Base):
    """部別: 日間部 (day) or 進修部 (continuing education); each has its own offices (seed 001)."""

    __tablename__ = "division"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # "day" / "night"
    name: Mapped[str] = mapped_column(String(40), unique=True)  # 日間部 / 進修部


class Department(Base):
    """科別 (e.g. 普通科, 農場經營科)."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.DEPARTMENT), unique=True)


class Term(Base):
    """學年度 (ROC year) + 學期 (1 or 2)."""

    __tablename__ = "term"
    __table_args__ = (
        UniqueConstraint("school_year", "semester", name="uq_term_year_semester"),
        CheckConstraint("semester IN (1, 2)", name="semester"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[int] = mapped_column(Integer)
    semester: Mapped[int] = mapped_column(Integer)

    @property
    def label(self) -> str:
        return f"{self.school_year}-{self.semester}"


class SchoolClass(Base):
    """班級: division, grade 1–3, a code such as 301, its department and mentor.

    科別 belongs to the student (:attr:`Student.department_id`): a 合班 class holds students of
    several departments. The class's own department is its main one: the department of its students
    when they all share one, and the one a student of the class takes when a roster names none.
    """

    __tablename__ = "school_class"
    __table_args__ = (
        UniqueConstraint("division_id", "code", name="uq_class_division_code"),
        CheckConstraint("grade BETWEEN 1 AND 3", name="grade"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"))
    code: Mapped[str] = mapped_column(String(limits.CLASS_CODE))
    grade: Mapped[int] = mapped_column(Integer)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    mentor_name: Mapped[str | None] = mapped_column(String(60))

    division: Mapped[Division] = relationship()
    department: Mapped[Department | None] = relationship()


class Student(Base):
    """A student. 學號 is text (leading zeros kept); 姓名 is kept exactly as written."""

    __tablename__ = "student"
    __table_args__ = (CheckConstraint("seat_no IS NULL OR seat_no BETWEEN 1 AND 99", name="seat_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    student_no: Mapped[str] = mapped_column(String(limits.STUDENT_NO), unique=True)
    name: Mapped[str] = mapped_column(String(limits.STUDENT_NAME))
    national_id: Mapped[str | None] = mapped_column(String(10), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))  # "M" / "F"
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # 科別
    seat_no: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="enrolled")
    left_on: Mapped[dt.date | None] = mapped_column(Date)  # 離校日期
    postal_code: Mapped[str | None] = mapped_column(String(limits.POSTAL_CODE))
    address: Mapped[str | None] = mapped_column(String(limits.ADDRESS))
    guardian: Mapped[str | None] = mapped_column(String(limits.GUARDIAN))
    phone: Mapped[str | None] = mapped_column(String(limits.PHONE))
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL))
    class_kind: Mapped[str | None] = mapped_column(String(2))  # 班別 code of the 學生資料名冊: 1 日間部 … 01 進修部
    special_status: Mapped[str | None] = mapped_column(String(100))  # 特殊身分別, a comma list
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    school_class: Mapped[SchoolClass] = relationship()
    department: Mapped[Department | None] = relationship()
    changes: Mapped[list[StatusChange]] = relationship(
        back_populates="student", order_by="StatusChange.id", cascade="all, delete-orphan"
    )


class StatusChange(Base):
    """One 學籍異動: status and/or class moved, on a date, for a reason, recorded by someone."""

    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    from_class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    to_class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(60))
    on_behalf_of: Mapped[str | None] = mapped_column(String(60))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    student: Mapped[Student] = relationship(back_populates="changes")
    from_class: Mapped[SchoolClass | None] = relationship(foreign_keys=[from_class_id])
    to_class: Mapped[SchoolClass | None] = relationship(foreign_keys=[to_class_id])


class AuditLog(Base):
    """Append-only: who did what, when, acting for whom, to which record, before → after.

    Triggers created by the migration refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60), index=True)
    on_behalf_of: Mapped[str | None] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(60))
    entity_key: Mapped[str | None] = mapped_column(String(120), index=True)
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
