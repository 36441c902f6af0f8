"""Typed models of what the central 學生學習歷程資料庫's 名冊 carry beyond items: a course's grade, the
course outcomes from another school / term / attempt, and each 提交 名冊 written (a submission round).
Created by ``db/versions/0009_central_files.py`` and ``0010_central_students.py``; these classes must match it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portfolio_desktop.domain import limits
from portfolio_desktop.store.models import Base, utcnow


class CourseGrade(Base):
    """學期成績 of one enrolment (學生成績名冊, seed 001 §五(二)1): kept as the 名冊 writes them."""

    __tablename__ = "course_grade"
    __table_args__ = (UniqueConstraint("enrolment_id", name="uq_course_grade_enrolment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"))
    score: Mapped[str | None] = mapped_column(String(10))  # 學期學業成績, e.g. "87.5"
    passed: Mapped[str | None] = mapped_column(String(1))  # 及格 "1"/"0"
    makeup: Mapped[str | None] = mapped_column(String(limits.MAKEUP))  # 補考
    counted: Mapped[str | None] = mapped_column(String(10))  # 採計學分 "1"/"0" or the credits counted


class PriorOutcome(Base):
    """A 轉學轉科 / 借讀 / 重讀 / 重修 / 補修 course learning outcome (seed 000 §五, seed 001 §七),
    kept with the school, term and course it was taken in."""

    __tablename__ = "prior_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # transfer / borrowed / repeat / retake / makeup
    school_code: Mapped[str | None] = mapped_column(String(limits.SCHOOL_CODE))
    school_year: Mapped[int] = mapped_column(Integer)
    semester: Mapped[int] = mapped_column(Integer)
    course_code: Mapped[str] = mapped_column(String(limits.COURSE_CODE))
    course_name: Mapped[str] = mapped_column(String(limits.COURSE_NAME))
    grade_year: Mapped[int | None] = mapped_column(Integer)
    credits: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(limits.OUTCOME_SUMMARY))


class SubmissionRound(Base):
    """One 提交 名冊 written for the central database: which 名冊別, term, division, how many students
    and rows, when, by whom, the file's name and SHA-256 (what a receipt round later matches)."""

    __tablename__ = "submission_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[int] = mapped_column(Integer)  # 名冊別
    term: Mapped[str] = mapped_column(String(10))  # "113-1"
    division: Mapped[str | None] = mapped_column(String(20))
    students: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    made_by: Mapped[str] = mapped_column(String(60))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))


class SubmissionRoundStudent(Base):
    """A student whose data a submission round's 名冊 carries (whose receipt confirms the round)."""

    __tablename__ = "submission_round_student"

    round_id: Mapped[int] = mapped_column(ForeignKey("submission_round.id"), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), primary_key=True)


class SubmissionReceipt(Base):
    """A 收訖明細 file matched to the submission round it answers (same term, 名冊別 of its categories,
    division): how many of the round's students it lists, when it was matched (seed 001 §六(三))."""

    __tablename__ = "submission_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("submission_round.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    students: Mapped[int] = mapped_column(Integer)
    matched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
