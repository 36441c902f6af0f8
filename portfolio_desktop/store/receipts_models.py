"""Typed models of the receipts: receipt details (收訖明細), their confirmation per student and term, and the
mailed notices (batches, one notice per student, the terms each notice covers).

Created by ``db/versions/0003_receipts.py``; these classes must match it. States are stored as the
English codes of :mod:`portfolio_desktop.domain.receipts`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_desktop.domain import limits
from portfolio_desktop.store.models import Base, Student, Term, utcnow
from portfolio_desktop.store.progress_tables import receipt_status


class ReceiptItem(Base):
    """One received item as the central database returned it (seed 001 §六(三))."""

    __tablename__ = "receipt_item"
    __table_args__ = (CheckConstraint("count >= 1", name="count"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"))
    category: Mapped[str] = mapped_column(String(limits.RECEIPT_CATEGORY))
    item_name: Mapped[str] = mapped_column(String(limits.RECEIPT_ITEM))
    count: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str | None] = mapped_column(String(200))  # the file it came from (name only)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    student: Mapped[Student] = relationship()
    term: Mapped[Term] = relationship()


class ReceiptStatus(Base):
    """The confirmation of one student's receipt for one term: pending → confirmed | disputed; its
    table is :data:`portfolio_desktop.store.progress_tables.receipt_status`."""

    __table__ = receipt_status
    id: Mapped[int]
    student_id: Mapped[int]
    term_id: Mapped[int]
    state: Mapped[str]
    via: Mapped[str | None]
    decided_on: Mapped[dt.date | None]
    question: Mapped[str | None]
    office: Mapped[str | None]
    updated_at: Mapped[dt.datetime]

    student: Mapped[Student] = relationship()
    term: Mapped[Term] = relationship()


class NoticeBatch(Base):
    """One print run of notices. Reprinting it does not create another batch."""

    __tablename__ = "notice_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(60))
    on_behalf_of: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[dt.date] = mapped_column(Date)  # the date printed on the letters
    deadline: Mapped[dt.date] = mapped_column(Date)
    selection: Mapped[str] = mapped_column(Text)  # JSON: term / class / students asked for
    pages: Mapped[int] = mapped_column(Integer, default=0)
    mailed_on: Mapped[dt.date | None] = mapped_column(Date)
    reprints: Mapped[int] = mapped_column(Integer, default=0)

    notices: Mapped[list[Notice]] = relationship(back_populates="batch", order_by="Notice.id")


class Notice(Base):
    """One student's letter in a batch: printed → mailed → returned undeliverable | reply received."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("batch_id", "student_id", name="uq_notice_batch_student"),
        CheckConstraint("reply IS NULL OR reply IN ('confirmed', 'disputed')", name="reply"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("notice_batch.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), index=True)
    pages: Mapped[int] = mapped_column(Integer, default=1)
    mailed_on: Mapped[dt.date | None] = mapped_column(Date)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)  # 退件 (undeliverable)
    replied_on: Mapped[dt.date | None] = mapped_column(Date)
    reply: Mapped[str | None] = mapped_column(String(20))

    batch: Mapped[NoticeBatch] = relationship(back_populates="notices")
    student: Mapped[Student] = relationship()
    terms: Mapped[list[Term]] = relationship(secondary="notice_term", order_by="Term.school_year, Term.semester")


class NoticeTerm(Base):
    """Which terms' receipts a notice asks the student to confirm."""

    __tablename__ = "notice_term"
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), primary_key=True)
