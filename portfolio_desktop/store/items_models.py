"""Typed models of the items: courses, course teachers, enrolments, portfolio items, their state
history and the recorded window overrides (the 作業期程 windows themselves: store/window_models.py).

Created by ``db/versions/0002_items.py``; these classes must match it.
Kinds and states are stored as the English codes of :mod:`portfolio_desktop.domain.items`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_desktop.domain import limits
from portfolio_desktop.store.models import Base, Student, Term, utcnow
from portfolio_desktop.store.progress_tables import portfolio_item


class Course(Base):
    """A course of one term: 課程代碼, 科目名稱, 學分 (seed 000 附表二 四(一): 教學組 imports the codes)."""

    __tablename__ = "course"
    __table_args__ = (UniqueConstraint("term_id", "code", name="uq_course_term_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"))
    code: Mapped[str] = mapped_column(String(limits.COURSE_CODE))
    name: Mapped[str] = mapped_column(String(limits.COURSE_NAME))
    credits: Mapped[int | None] = mapped_column(Integer)

    term: Mapped[Term] = relationship()
    teachers: Mapped[list[CourseTeacher]] = relationship(
        back_populates="course", order_by="CourseTeacher.position", cascade="all, delete-orphan"
    )


class CourseTeacher(Base):
    """One of a course's teachers (授課教師), in the order the file lists them."""

    __tablename__ = "course_teacher"
    __table_args__ = (UniqueConstraint("course_id", "teacher_name", name="uq_course_teacher_course_teacher"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    teacher_name: Mapped[str] = mapped_column(String(limits.TEACHER_NAME), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[Course] = relationship(back_populates="teachers")


class Enrolment(Base):
    """A student taking a course (修課)."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("course_id", "student_id", name="uq_enrolment_course_student"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)

    course: Mapped[Course] = relationship()
    student: Mapped[Student] = relationship()


class PortfolioItem(Base):
    """One portfolio item of one student and term, in its current state (history in ItemStateChange);
    its table is :data:`portfolio_desktop.store.progress_tables.portfolio_item`."""

    __table__ = portfolio_item
    id: Mapped[int]
    student_id: Mapped[int]
    term_id: Mapped[int]
    kind: Mapped[str]
    category: Mapped[str | None]
    title: Mapped[str]
    enrolment_id: Mapped[int | None]
    state: Mapped[str]
    reason: Mapped[str | None]
    external_id: Mapped[str | None]
    occurred_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    student: Mapped[Student] = relationship()
    term: Mapped[Term] = relationship()
    enrolment: Mapped[Enrolment | None] = relationship()
    history: Mapped[list[ItemStateChange]] = relationship(
        back_populates="item", order_by="ItemStateChange.id", cascade="all, delete-orphan"
    )


class WindowOverride(Base):
    """An action done after (or before) its window, with the reason, by whoever did the work; then
    countersigned by the office the school's setting names (domain.windows.Countersign)."""

    __tablename__ = "window_override"
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # window kind
    action: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("portfolio_item.id"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"))
    reason: Mapped[str] = mapped_column(String(500))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    on_behalf_of: Mapped[str | None] = mapped_column(String(60))
    countersign: Mapped[str | None] = mapped_column(String(10))  # who must countersign; None: nobody
    countersigned_by: Mapped[str | None] = mapped_column(String(60))
    countersigned_for: Mapped[str | None] = mapped_column(String(60))  # when a proxy countersigns
    countersigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ItemStateChange(Base):
    """One transition of an item: from → to, by which action, when, by whom (and for whom).

    ``at`` is the school's local time of the action (the clock the 作業期程 windows are set in).
    """

    __tablename__ = "item_state_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("portfolio_item.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))  # an Action code, or "import"
    reason: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    on_behalf_of: Mapped[str | None] = mapped_column(String(60))
    override_id: Mapped[int | None] = mapped_column(ForeignKey("window_override.id"))

    item: Mapped[PortfolioItem] = relationship(back_populates="history")
    override: Mapped[WindowOverride | None] = relationship()
