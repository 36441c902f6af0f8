"""The 作業期程 windows of a term as a typed class, on their own: the receipt deadline of a notice reads
them without loading the item tables. The table is :data:`portfolio_desktop.store.progress_tables.term_window`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped, relationship

from portfolio_desktop.store.models import Base, Term
from portfolio_desktop.store.progress_tables import term_window


class TermWindow(Base):
    """One 作業期程 window of a term (seed 001 §四: start and end for each step)."""

    __table__ = term_window
    id: Mapped[int]
    term_id: Mapped[int]
    kind: Mapped[str]
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    note: Mapped[str | None]

    term: Mapped[Term] = relationship()
