"""The working group's records and the consultation records (issue 8).

Members, meetings, training / information sessions and self-check dates of the 學生學習歷程檔案工作小組
(seed 000 §二, §三, §六; seed 001 §二–§四, §八); which students each 課程諮詢教師 is responsible for,
and their consultation records (seed 000 §四(二)3 and 分工明細表 課程諮詢教師; seed 001 §五(二)2).

Attachments (meeting minutes, consultation slides) are kept in the database itself (``attachment`` for
the hash, the original name and the size; ``attachment_content`` for the bytes), so that every workstation
sharing one PostgreSQL server reaches them and ``db copy`` and backups carry them with the rows.

Created by ``db/versions/0005_workgroup.py`` and ``0006_attachment_content.py``; these classes must match.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (CheckConstraint, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, Time,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.models import Base, SchoolClass, Student, utcnow

SESSION_KINDS = ("briefing", "system_training", "professional", "showcase")
CONSULTATION_MODES = ("group", "individual")


class Attachment(Base):
    """An attached file: its SHA-256, original name and size; the bytes are in :class:`AttachmentContent`.

    ``stored_name`` (``<first 2 hex>/<sha256><suffix>``) names the file when it is handed out to be
    opened, and where an attachment recorded before the bytes moved into the database lies beside a
    SQLite file (``attachments/``)."""

    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(120))  # relative to the attachments folder
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(60))


class AttachmentContent(Base):
    """The bytes of one attachment (at most services/workgroup/attachments.py MAX_BYTES), in its own table so that
    listing attachments never loads them."""

    __tablename__ = "attachment_content"
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class WorkgroupMember(Base):
    """One member of the working group in one school year: a title (校長, 註冊組長 …), the person (a
    name, or a staff record when the person has one) and their duty (召集人, 執行秘書 …)."""

    __tablename__ = "wg_member"
    __table_args__ = (UniqueConstraint("school_year", "position", name="uq_wg_member_year_position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer)  # order on the list, 1-based
    title: Mapped[str] = mapped_column(String(60))
    person_name: Mapped[str | None] = mapped_column(String(100))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    duty: Mapped[str | None] = mapped_column(String(500))

    staff: Mapped[Staff | None] = relationship()


class WorkgroupMeeting(Base):
    """A working-group meeting (at least one per semester, seed 000 §三, seed 001 §三)."""

    __tablename__ = "wg_meeting"
    __table_args__ = (CheckConstraint("semester IN (1, 2)", name="semester"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    school_year: Mapped[int] = mapped_column(Integer)
    semester: Mapped[int] = mapped_column(Integer)
    agenda: Mapped[str] = mapped_column(Text)
    minutes_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    minutes: Mapped[Attachment | None] = relationship()


class WorkgroupSession(Base):
    """A training or information session (宣導說明, 系統操作訓練, 專業研習, 成果發表; seed 001 §八,
    seed 000 §六). ``audiences`` is a comma-separated set of students / teachers / parents."""

    __tablename__ = "wg_session"
    __table_args__ = (
        CheckConstraint("kind IN ('briefing', 'system_training', 'professional', 'showcase')", name="kind"),
        CheckConstraint("attendance IS NULL OR attendance >= 0", name="attendance"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    audiences: Mapped[str] = mapped_column(String(40))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    school_year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(200))
    organiser: Mapped[str | None] = mapped_column(String(100))
    attendance: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SelfCheck(Base):
    """The self-check (自我檢核) of one semester: the planned date and the day it was done (seed 001 §四)."""

    __tablename__ = "wg_self_check"
    __table_args__ = (
        UniqueConstraint("school_year", "semester", name="uq_wg_self_check_year_semester"),
        CheckConstraint("semester IN (1, 2)", name="semester"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[int] = mapped_column(Integer)
    semester: Mapped[int] = mapped_column(Integer)
    planned_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))


class ConsultantAssignment(Base):
    """A class, or one student, that a 課程諮詢教師 is responsible for (分工明細表: 檢視其所負責之學生)."""

    __tablename__ = "consultant_assignment"
    __table_args__ = (
        CheckConstraint("(class_id IS NULL) <> (student_id IS NULL)", name="one_target"),
        UniqueConstraint("staff_id", "class_id", name="uq_consultant_assignment_staff_class"),
        UniqueConstraint("staff_id", "student_id", name="uq_consultant_assignment_staff_student"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))

    staff: Mapped[Staff] = relationship()
    school_class: Mapped[SchoolClass | None] = relationship()
    student: Mapped[Student | None] = relationship()


class Consultation(Base):
    """One consultation: group (many students) or individual (one student, one record per consultation).
    Kept in the school only, never submitted (seed 000 附表二 四(二) 不須提交)."""

    __tablename__ = "consultation"
    __table_args__ = (CheckConstraint("mode IN ('group', 'individual')", name="mode"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)  # the consultation teacher
    held_on: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.time | None] = mapped_column(Time)
    ends_at: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)  # 諮詢內容
    opinions: Mapped[str | None] = mapped_column(Text)  # 意見
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    recorded_by: Mapped[str] = mapped_column(String(60))
    on_behalf_of: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    teacher: Mapped[Staff] = relationship()
    attachment: Mapped[Attachment | None] = relationship()
    students: Mapped[list[ConsultationStudent]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="ConsultationStudent.id"
    )


class ConsultationStudent(Base):
    __tablename__ = "consultation_student"
    __table_args__ = (
        UniqueConstraint("consultation_id", "student_id", name="uq_consultation_student_consultation_student"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)

    consultation: Mapped[Consultation] = relationship(back_populates="students")
    student: Mapped[Student] = relationship()
