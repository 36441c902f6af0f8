"""Plain dataclasses the roster services return, and the canonical labels they use.

Kept apart from the service code so that the import, query, export and demo modules (and the GUI's
table models) can share them without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portfolio_desktop.domain.classes import class_label
from portfolio_desktop.domain.status import Status
from portfolio_desktop.services.imports import BaseImportReport, skipped, summary_line, tally

# 部別 (DOMAIN.md "Offices are per division"; seed 001 has both 日間部 and 進修部).
DIVISION_NAMES: dict[str, str] = {"day": "日間部", "night": "進修部"}
DIVISION_ORDER: dict[str, int] = {"day": 0, "night": 1}
DEFAULT_DIVISION = "day"  # a file without 部別 is a 日間部 roster

GENDER_ZH: dict[str, str] = {"M": "男", "F": "女"}

# The canonical fields of a student, in the order of the roster columns (io.roster_spec.ROSTER keys).
STUDENT_FIELDS: tuple[str, ...] = (
    "student_no",
    "name",
    "national_id",
    "gender",
    "birth_date",
    "division",
    "department",
    "class_code",
    "seat_no",
    "status",
    "left_on",
    "postal_code",
    "address",
    "guardian",
    "phone",
    "email",
)

# Fields stored on the student row itself (class, division and department live on the class).
PERSON_FIELDS: tuple[str, ...] = (
    "name",
    "national_id",
    "gender",
    "birth_date",
    "seat_no",
    "left_on",
    "postal_code",
    "address",
    "guardian",
    "phone",
    "email",
)


@dataclass(frozen=True)
class ClassNode:
    id: int
    division: str  # 日間部 / 進修部
    division_code: str  # day / night
    grade: int
    code: str
    department: str | None  # the class's own (main) 科別
    mentor: str | None
    students: int
    departed: int
    # the 科別 of its students (main first, then by size): more than one is a 合班 class
    departments: tuple[tuple[str, int], ...] = ()

    @property
    def combined(self) -> bool:
        """合班: students of more than one department."""
        return len(self.departments) > 1

    @property
    def label(self) -> str:
        """「301　普通科」, or 「309 農場經營科／機械科 合班」 for a class of several departments."""
        return class_label(self.code, self.department, [name for name, _ in self.departments])


@dataclass(frozen=True)
class StudentRow:
    id: int
    student_no: str
    name: str
    national_id_masked: str
    gender: str | None  # "M" / "F"
    birth_date: dt.date | None
    division: str  # 日間部 / 進修部
    department: str | None
    class_id: int
    class_code: str
    seat_no: int | None
    status: Status
    departed: bool
    left_on: dt.date | None
    postal_code: str | None
    address: str | None
    guardian: str | None
    phone: str | None
    email: str | None


# How a page of the student list can be ordered (services/rosters/roster_pages.py).
STUDENT_SORTS: tuple[str, ...] = (
    "student_no", "name", "class", "seat", "gender", "national_id", "birth_date", "status", "left_on",
    "division", "department", "phone",
)


@dataclass(frozen=True)
class StudentFilter:
    """Which students a page of the list shows, and in which order.

    ``text`` finds 學號 or 姓名 containing it (full-width digits as typed with an input method count
    as half-width; case is ignored); ``class_ids`` narrows to those classes (None: every class the
    reader may read); ``departed`` False leaves out students who have left. ``sort`` is one of
    :data:`STUDENT_SORTS`; ``status_order`` lists the status codes in the order the screen sorts their
    labels (the 學籍狀態 column sorts by what it shows). Ties are broken by 學號."""

    text: str = ""
    class_ids: frozenset[int] | None = None
    departed: bool = True
    sort: str = "student_no"
    descending: bool = False
    status_order: tuple[str, ...] = ()


@dataclass(frozen=True)
class StudentPage:
    """``rows`` from ``offset`` on, in the filter's order; ``total``: how many the filter shows (one
    COUNT), or None when the caller did not ask."""

    offset: int
    rows: list[StudentRow]
    total: int | None = None


@dataclass(frozen=True)
class ChangeRow:
    id: int
    changed_on: dt.date
    from_status: Status | None
    to_status: Status
    from_class: str | None
    to_class: str | None
    reason: str | None
    recorded_by: str
    on_behalf_of: str | None
    recorded_at: dt.datetime
    recorded_by_name: str = ""  # the people by name (the account names above stay for the record)
    on_behalf_of_name: str | None = None


@dataclass(frozen=True)
class StudentDetail:
    student: StudentRow
    national_id: str | None  # full, for the detail form only
    changes: list[ChangeRow]


@dataclass
class ImportReport(BaseImportReport):
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    status_changes: int = 0

    def summary(self) -> tuple[str, str]:
        """One line in each language: what was (or, in a dry run, would be) added/changed/…"""
        n = self.status_changes
        counts = tally(len(self.added), len(self.changed), len(self.unchanged), unit="位",
                       note=(f"（學籍異動 {n} 筆）", f" ({n} status change(s))"))
        return summary_line(counts, skipped(len(self.skipped_rows)), dry_run=self.dry_run)
