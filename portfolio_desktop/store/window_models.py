"""The 作業期程 windows of a term (seed 001 §四: a start and an end for each step), on their own: the
receipt deadline of a notice and the dashboard read them without loading the item tables.

Created by ``db/versions/0002_items.py``; the class must match it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_desktop.domain import limits
from portfolio_desktop.store.models import Base, Term, one_of

WINDOW_CODES = ("upload", "certification", "selection", "submission", "receipt", "self_check")


class TermWindow(Base):
    """One 作業期程 window of a term (seed 001 §四: start and end for each step)."""

    __tablename__ = "term_window"
    __table_args__ = (
        UniqueConstraint("term_id", "kind", name="uq_term_window_term_kind"),
        CheckConstraint(one_of("kind", WINDOW_CODES), name="kind"),
        CheckConstraint("ends_at >= starts_at", name="span"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"))
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(String(limits.WINDOW_NOTE))

    term: Mapped[Term] = relationship()
