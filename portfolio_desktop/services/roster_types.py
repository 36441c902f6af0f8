"""Plain dataclasses the roster services return, and the canonical labels they use.

Kept apart from the service code so that the import, query, export and demo modules (and the GUI's
table models) can share them without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import Problem

# 部別 (DOMAIN.md "Offices are per division"; seed 001 has both 日間部 and 進修部).
DIVISION_NAMES: dict[str, str] = {"day": "日間部", "night": "進修部"}
DIVISION_ORDER: dict[str, int] = {"day": 0, "night": 1}
DEFAULT_DIVISION = "day"  # a file without 部別 is a 日間部 roster (issue 3 §3)

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
    department: str | None
    mentor: str | None
    students: int
    departed: int


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


@dataclass(frozen=True)
class StudentDetail:
    student: StudentRow
    national_id: str | None  # full, for the detail form only
    changes: list[ChangeRow]


@dataclass
class ImportReport:
    file: str
    sheet: str
    dry_run: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    status_changes: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> tuple[str, str]:
        """One line in each language: what was (or, in a dry run, would be) added/changed/…"""
        zh = (
            f"新增 {len(self.added)} 位、變更 {len(self.changed)} 位（學籍異動 {self.status_changes} 筆）、"
            f"未變更 {len(self.unchanged)} 位、略過 {len(self.skipped_rows)} 列"
        )
        en = (
            f"added {len(self.added)}, changed {len(self.changed)} ({self.status_changes} status change(s)), "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped_rows)} row(s)"
        )
        if self.dry_run:
            zh += "（試算，未寫入任何資料）"
            en += " (dry run: nothing written)"
        return zh, en
