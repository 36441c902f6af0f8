"""Staff, sign-in accounts, role grants, leave periods and proxy lists (seed 001 §九).

Created by ``db/versions/0004_accounts.py``; these classes must match it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio_desktop.domain import limits
from portfolio_desktop.store.models import Base, Division, SchoolClass, utcnow

ROLE_CODES = ("registry", "academic", "activities", "discipline", "mentor", "teacher", "consultant",
              "it", "dean", "admin")


class Staff(Base):
    """A member of staff (or a teacher): who they are, and when they are away.

    ``username`` is what the audit log records; ``departed_on`` is the first day no longer at the
    school; ``grace_until`` is the last day a departed teacher's own account may still certify
    (seed 001 §九(三)2(2)).
    """

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("grace_until IS NULL OR departed_on IS NOT NULL", name="grace_needs_departure"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(limits.USER_NAME), unique=True)
    display_name: Mapped[str] = mapped_column(String(limits.DISPLAY_NAME))
    departed_on: Mapped[dt.date | None] = mapped_column(Date)
    grace_until: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    account: Mapped[Account | None] = relationship(back_populates="staff", cascade="all, delete-orphan")
    grants: Mapped[list[StaffRole]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", order_by="StaffRole.id"
    )
    leaves: Mapped[list[StaffLeave]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", order_by="StaffLeave.starts_on"
    )


class Account(Base):
    """The sign-in of one staff member: an Argon2id hash (never the password) and the throttle."""

    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    staff: Mapped[Staff] = relationship(back_populates="account")


class StaffRole(Base):
    """One role held by one staff member. Office roles name a division (NULL = both divisions); a
    mentor grant names a class; a teacher grant names a course code (text, as the course list has it)."""

    __tablename__ = "staff_role"
    __table_args__ = (
        CheckConstraint(
            "role IN ('registry','academic','activities','discipline','mentor','teacher','consultant',"
            "'it','dean','admin')",
            name="role",
        ),
        CheckConstraint("role <> 'mentor' OR class_id IS NOT NULL", name="mentor_class"),
        CheckConstraint("role <> 'teacher' OR course_code IS NOT NULL", name="teacher_course"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"))
    course_code: Mapped[str | None] = mapped_column(String(40), index=True)

    staff: Mapped[Staff] = relationship(back_populates="grants")
    division: Mapped[Division | None] = relationship()
    school_class: Mapped[SchoolClass | None] = relationship()


class StaffLeave(Base):
    """A leave period (both ends included) during which the person's proxies act for them."""

    __tablename__ = "staff_leave"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))

    staff: Mapped[Staff] = relationship(back_populates="leaves")


class ProxyList(Base):
    """The ordered proxies of one function (role + division) or of one person (teacher / mentor).

    ``key`` is unique and says which: ``function:registry:day``, ``function:dean:``, ``person:wang``.
    """

    __tablename__ = "proxy_list"
    __table_args__ = (
        CheckConstraint(
            "(role IS NOT NULL AND holder_id IS NULL) OR (role IS NULL AND holder_id IS NOT NULL)",
            name="one_target",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str | None] = mapped_column(String(20))
    division_id: Mapped[int | None] = mapped_column(ForeignKey("division.id"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), unique=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    division: Mapped[Division | None] = relationship()
    holder: Mapped[Staff | None] = relationship(foreign_keys=[holder_id])
    entries: Mapped[list[ProxyEntry]] = relationship(
        back_populates="proxy_list", cascade="all, delete-orphan", order_by="ProxyEntry.position"
    )


class ProxyEntry(Base):
    """One proxy at one position (1 = first to act) in one list."""

    __tablename__ = "proxy_entry"
    __table_args__ = (
        UniqueConstraint("list_id", "position", name="uq_proxy_entry_list_position"),
        UniqueConstraint("list_id", "staff_id", name="uq_proxy_entry_list_staff"),
        CheckConstraint("position >= 1", name="position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("proxy_list.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)

    proxy_list: Mapped[ProxyList] = relationship(back_populates="entries")
    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])
