"""The tables the class dashboard reads, defined as Core tables: portfolio items, the 作業期程 windows
and the receipt confirmations.

The dashboard's queries (services/items/dashboard_sql.py) are Core statements over these three tables
only; defined here, they load without declaring the item and receipt classes or configuring their
mappers (a dashboard is a few milliseconds of SQL). The ORM classes map onto them
(``PortfolioItem.__table__``, ``TermWindow.__table__``, ``ReceiptStatus.__table__``): one definition.
Created by ``db/versions/0002_items.py`` and ``0003_receipts.py``; these tables must match them.
"""

from __future__ import annotations

from enum import Enum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from portfolio_desktop.domain import limits
from portfolio_desktop.domain.items import ItemKind, ItemState
from portfolio_desktop.domain.receipts import ConfirmVia, ReceiptState
from portfolio_desktop.domain.windows import WindowKind
from portfolio_desktop.store.models import Base, utcnow


def one_of(column: str, codes: type[Enum]) -> str:
    """The SQL of a CHECK that ``column`` holds one of the domain's ``codes`` (in their order)."""
    return f"{column} IN ({', '.join(repr(c.value) for c in codes)})"

portfolio_item = Table(
    "portfolio_item",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("student_id", ForeignKey("student.id"), nullable=False),
    Column("term_id", ForeignKey("term.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("category", String(20)),  # MP category code
    Column("title", String(limits.ITEM_TITLE), nullable=False),
    Column("enrolment_id", ForeignKey("enrolment.id"), index=True),
    Column("state", String(20), nullable=False),
    Column("reason", String(limits.ITEM_REASON)),  # why not certified
    Column("external_id", String(limits.EXTERNAL_ID)),  # the platform's own id, if exported
    Column("occurred_at", DateTime),  # 時間 on the platform
    Column("created_at", DateTime, nullable=False, default=utcnow),
    Column("updated_at", DateTime, nullable=False, default=utcnow, onupdate=utcnow),
    CheckConstraint(one_of("kind", ItemKind), name="kind"),
    CheckConstraint(one_of("state", ItemState), name="state"),
    CheckConstraint("kind <> 'clo' OR enrolment_id IS NOT NULL", name="clo_enrolment"),
    UniqueConstraint("external_id", name="uq_portfolio_item_external_id"),
    # The dashboard groups one term's items by student, kind and state: a covering index.
    Index("ix_portfolio_item_term_student", "term_id", "student_id", "kind", "state"),
    # Caps per school year count one student's items of a kind in a state.
    Index("ix_portfolio_item_student_kind", "student_id", "kind", "state"),
)

# One 作業期程 window of a term (seed 001 §四: start and end for each step).
term_window = Table(
    "term_window",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("term_id", ForeignKey("term.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("starts_at", DateTime, nullable=False),
    Column("ends_at", DateTime, nullable=False),
    Column("note", String(limits.WINDOW_NOTE)),
    UniqueConstraint("term_id", "kind", name="uq_term_window_term_kind"),
    CheckConstraint(one_of("kind", WindowKind), name="kind"),
    CheckConstraint("ends_at >= starts_at", name="span"),
)

# The confirmation of one student's receipt for one term: pending → confirmed | disputed.
receipt_status = Table(
    "receipt_status",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("student_id", ForeignKey("student.id"), nullable=False),
    Column("term_id", ForeignKey("term.id"), nullable=False),
    Column("state", String(20), nullable=False, default="pending"),
    Column("via", String(20)),
    Column("decided_on", Date),
    Column("question", Text),  # what is in doubt
    Column("office", String(20)),  # registry / academic / activities
    Column("updated_at", DateTime, nullable=False, default=utcnow, onupdate=utcnow),
    UniqueConstraint("student_id", "term_id", name="uq_receipt_status_student_term"),
    CheckConstraint(one_of("state", ReceiptState), name="state"),
    CheckConstraint(f"via IS NULL OR {one_of('via', ConfirmVia)}", name="via"),
)
