"""Demo data (issue 3 §7): a believable school in an EMPTY database, deterministic by seed.

日間部 with 8 departments × grades 1–3 and 進修部 with 2 departments × grades 1–3 (30 classes for
the default 1,200 students; more classes per department for more students, so that no class has more
than 50), a mentor per class, about 1,200 students with real check digits (national IDs and some old and 2021
resident certificates), common surnames, a few names with CJK Ext-B characters (𡘙 𠮷 𨭌), birth
dates that fit the grade, real 郵遞區號 + district addresses, and some departed students (休學, 轉出,
退學, 畢業) or returned ones (復學, 轉入, 轉科) with their 學籍異動 history. The current term is
created from today's date. Written through the roster import's bulk path in one transaction and
audited as one ``demo.generate`` row.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from sqlalchemy import func, select

from portfolio_desktop.domain.ids import is_valid_id
from portfolio_desktop.domain.roc import format_term, term_dates, term_of
from portfolio_desktop.domain.status import Status
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services.admin import demo_data as data
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.admin.demo_items import fill_demo_items
from portfolio_desktop.services.admin.demo_receipts import fill_demo_receipts
from portfolio_desktop.services.rosters.roster_store import ClassResolver, insert_changes, insert_students
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import SchoolClass, Student, Term

NIGHT_WEIGHT = 0.6  # 進修部 classes are smaller


@dataclass(frozen=True)
class DemoSummary:
    term: str
    classes: int
    students: int
    departed: int
    status_changes: int
    rare_names: int
    resident_ids: int


def is_empty(db: Database) -> bool:
    """True when the database has no class and no student (the demo never mixes with real data)."""
    with db.read() as session:
        return not session.scalar(select(func.count(Student.id))) and not session.scalar(
            select(func.count(SchoolClass.id))
        )


class _People:
    """Random but plausible personal data from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: set[str] = set()
        self.surnames = [s for s, _ in data.SURNAMES]
        self.surname_weights = [w for _, w in data.SURNAMES]

    def given(self, male: bool) -> str:
        pool = data.MALE_CHARS if male else data.FEMALE_CHARS
        size = 1 if self.rng.random() < 0.04 else 2
        return "".join(self.rng.choice(pool) for _ in range(size))

    def name(self, male: bool, rare: bool = False) -> str:
        surname = self.rng.choices(self.surnames, self.surname_weights)[0]
        given = self.given(male)
        if rare:
            given = given[:-1] + self.rng.choice(data.RARE_CHARS)
        return surname + given

    def _with_check(self, first9: str) -> str:
        for digit in "0123456789":
            if is_valid_id(first9 + digit):
                return first9 + digit
        raise AssertionError(f"no check digit for {first9}")  # cannot happen: one digit always fits

    def person_id(self, male: bool, resident: bool) -> str:
        while True:
            if not resident:
                letter = self.rng.choices([c for c, _ in data.ID_LETTERS], [w for _, w in data.ID_LETTERS])[0]
                head = letter + ("1" if male else "2")
            elif self.rng.random() < 0.5:  # 2021 resident certificate: 8 male, 9 female
                head = self.rng.choice("ABEFSD") + ("8" if male else "9")
            else:  # old resident certificate: A/C male, B/D female
                head = self.rng.choice("ABEFSD") + self.rng.choice("AC" if male else "BD")
            value = self._with_check(head + "".join(self.rng.choice("0123456789") for _ in range(7)))
            if value not in self.ids:
                self.ids.add(value)
                return value

    def birth(self, entry_roc_year: int, night: bool) -> dt.date:
        """Born 9/2 … 9/1 fifteen to sixteen years before entering grade 1; 進修部 has adults too."""
        year = entry_roc_year + 1911
        start = dt.date(year - 16, 9, 2)
        if night and self.rng.random() < 0.25:
            start = start.replace(year=start.year - self.rng.randint(1, 25))
        return start + dt.timedelta(days=self.rng.randint(0, 364))

    def address(self) -> tuple[str, str]:
        postal, city, district = self.rng.choice(data.PLACES)
        street = self.rng.choice(data.STREETS)
        lane = f"{self.rng.randint(1, 300)}巷" if self.rng.random() < 0.35 else ""
        number = f"{self.rng.randint(1, 450)}號"
        floor = f"{self.rng.randint(2, 12)}樓" if self.rng.random() < 0.3 else ""
        return postal, f"{city}{district}{street}{lane}{number}{floor}"

    def phone(self) -> str:
        return "09" + "".join(self.rng.choice("0123456789") for _ in range(8))

    def between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))


MAX_SEATS = 50  # students in the largest demo class (a seat number is 1–99)
MAX_SECTIONS = 6  # classes per department and grade: day codes 101–148, night codes 151–162 at most


def _weights(sections: int) -> list[tuple[str, int, str, str, float]]:
    """(division, grade, code, department, relative size) with ``sections`` classes per department
    and grade, numbered per grade as schools do: 日間部 from 01 up (its departments in turn), 進修部
    from 51 up."""
    classes: list[tuple[str, int, str, str, float]] = []
    for grade in (1, 2, 3):
        for d, dept in enumerate(data.DAY_DEPARTMENTS):
            for k in range(1, sections + 1):
                classes.append(("day", grade, f"{grade}{d * sections + k:02d}", dept, 1.0))
        for d, dept in enumerate(data.NIGHT_DEPARTMENTS):
            for k in range(1, sections + 1):
                classes.append(("night", grade, f"{grade}{50 + d * sections + k}", dept, NIGHT_WEIGHT))
    return classes


def _sizes(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, by largest remainder (sums to ``total``)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    sizes = [int(x) for x in shares]
    for i in sorted(range(len(weights)), key=lambda i: sizes[i] - shares[i])[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


@cache
def max_students() -> int:
    """The most students the demo school holds with no class above MAX_SEATS."""
    weights = [w for *_, w in _weights(MAX_SECTIONS)]
    total = int(MAX_SEATS * sum(weights)) + 1
    while max(_sizes(total, weights)) > MAX_SEATS:
        total -= 1
    return total


def sections_for(total: int) -> int:
    """Classes per department and grade for ``total`` students: the fewest that keep every class at
    MAX_SEATS or fewer (1 for the default 1,200: 30 classes of about 40). Refuses above max_students()."""
    if not 1 <= total <= max_students():
        raise RuleError(
            f"示範學校的學生人數應為 1–{max_students()}（每班最多 {MAX_SEATS} 人、每科每年級最多 {MAX_SECTIONS} 班）",
            f"the demo school's number of students must be 1–{max_students()} (at most {MAX_SEATS} per class, "
            f"{MAX_SECTIONS} classes per department and grade)",
        )
    for sections in range(1, MAX_SECTIONS + 1):
        if max(_sizes(total, [w for *_, w in _weights(sections)])) <= MAX_SEATS:
            return sections
    raise AssertionError("unreachable: max_students() fits MAX_SECTIONS")  # pragma: no cover


def class_layout(total: int) -> list[tuple[str, int, str, str, int]]:
    """(division, grade, code, department, students) for every class, sizes summing to ``total``."""
    classes = _weights(sections_for(total))
    sizes = _sizes(total, [w for *_, w in classes])
    return [(d, g, code, dept, n) for (d, g, code, dept, _), n in zip(classes, sizes, strict=True)]


def generate_demo(
    db: Database, actor: Actor, *, students: int = 1200, seed: int = 113, today: dt.date | None = None
) -> DemoSummary:
    """Fill an EMPTY database with the demo school; refuses (RuleError) a database that has classes or
    students, so demo data never mixes with, or duplicates, a real roster."""
    sections_for(students)  # refuses a number the school cannot seat, before anything is generated
    rng = random.Random(seed)
    people = _People(rng)
    today = today or dt.date.today()
    year, semester = term_of(today)
    year_start = term_dates(year, 1)[0]
    prev_end = term_dates(year, 1)[1] if semester == 2 else term_dates(year - 1, 2)[1]
    mentors: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []  # student_no instead of id, class codes instead of ids
    seq: dict[tuple[int, str], int] = {}
    counter = 0
    layout = class_layout(students)
    for division, grade, code, dept, size in layout:
        mentors[code] = people.name(rng.random() < 0.5)
        entry = year - grade + 1
        night = division == "night"
        boys = sum(rng.random() < data.MALE_SHARE[dept] for _ in range(size))
        for seat, male in enumerate([True] * boys + [False] * (size - boys), start=1):
            counter += 1
            n = seq[(entry, division)] = seq.get((entry, division), 0) + 1
            no = f"{entry}9{n:03d}" if night else f"{entry}{n:04d}"
            postal, address = people.address()
            status, left_on = Status.ENROLLED, None
            roll = rng.random()
            event: tuple[Status | None, Status, dt.date, str | None] | None = None
            if roll < 0.015:
                status = Status.SUSPENDED
            elif roll < 0.025:
                status = Status.TRANSFERRED_OUT
            elif roll < 0.033:
                status = Status.WITHDRAWN
            elif roll < 0.04 and grade == 3:
                status = Status.GRADUATED
            elif roll < 0.05 and grade >= 2:
                status = Status.REINSTATED
            elif roll < 0.058:
                status = Status.TRANSFERRED_IN
            elif roll < 0.066 and grade >= 2:
                event = (Status.ENROLLED, Status.ENROLLED, people.between(year_start, today), "class_move")
            if status.departed:
                left_on = prev_end if status is Status.GRADUATED else people.between(year_start, today)
                event = (Status.ENROLLED, status, left_on, None)
            elif status is Status.REINSTATED:
                suspended_on = people.between(term_dates(year - 1, 1)[0], term_dates(year - 1, 2)[1])
                history.append(_change(no, Status.ENROLLED, Status.SUSPENDED, suspended_on, rng, "suspended"))
                event = (Status.SUSPENDED, status, year_start, None)
            elif status is Status.TRANSFERRED_IN:
                event = (None, status, people.between(year_start, today), None)
            if event is not None:
                old, new, on, kind = event
                change = _change(no, old, new, on, rng, kind or new.value)
                if kind == "class_move":
                    others = [c for d, g, c, _, _ in layout if d == division and g == grade and c != code]
                    change.update(from_class=rng.choice(others) if others else None, to_class=code)
                history.append(change)
            rows.append(
                {
                    "student_no": no,
                    "name": people.name(male, rare=counter % 250 == 17),
                    "national_id": people.person_id(male, resident=rng.random() < 0.03),
                    "gender": "M" if male else "F",
                    "birth_date": people.birth(entry, night),
                    "seat_no": seat,
                    "status": status,
                    "left_on": left_on,
                    "postal_code": postal,
                    "address": address,
                    "guardian": people.name(True) if rng.random() < 0.6 else people.name(False),
                    "phone": people.phone() if rng.random() < 0.9 else None,
                    "email": f"s{no}@stu.school.example" if rng.random() < 0.6 else None,
                    "_class": (division, code, dept),
                }
            )

    with db.write() as session:
        if session.scalar(select(func.count(Student.id))) or session.scalar(select(func.count(SchoolClass.id))):
            raise RuleError(
                "資料庫已有班級或學生；示範資料只能建立在空白資料庫（請以 --db 指定新檔案）",
                "the database already has classes or students; demo data only goes into an empty database "
                "(use --db with a new file)",
            )
        resolver = ClassResolver(session)
        class_ids: dict[str, int] = {}
        for division, _grade, code, dept, _size in layout:
            class_ids[code] = resolver.ensure_class(division, code, dept, mentor=mentors[code]).id
        for row in rows:
            row["class_id"] = class_ids[row.pop("_class")[1]]
        ids = insert_students(session, rows)
        for change in history:
            change["student_id"] = ids[change.pop("student_no")]
            change["from_class_id"] = class_ids.get(change.pop("from_class", None) or "")
            change["to_class_id"] = class_ids.get(change.pop("to_class", None) or "")
        insert_changes(session, actor, history)
        if session.scalar(select(Term.id).where(Term.school_year == year, Term.semester == semester)) is None:
            session.add(Term(school_year=year, semester=semester))
        summary = DemoSummary(
            term=format_term(year, semester),
            classes=len(layout),
            students=len(rows),
            departed=sum(1 for r in rows if r["status"].departed),
            status_changes=len(history),
            rare_names=sum(1 for r in rows if any(ord(ch) > 0xFFFF for ch in r["name"])),
            resident_ids=sum(1 for r in rows if r["national_id"][1] not in "12"),
        )
        audit.record(
            session,
            actor=actor.username,
            on_behalf_of=actor.on_behalf_of,
            action="demo.generate",
            entity="school",
            key=None,
            after={**asdict(summary), "seed": seed},
        )
        # Issue 4: courses, enrolments, items and windows of the current term, same transaction.
        fill_demo_items(session, actor, seed=seed, today=today)
        # Receipt details of the departed students and the letterheads: notices print on first try.
        fill_demo_receipts(session, actor, seed=seed, today=today)
    return summary


def _change(no: str, old: Status | None, new: Status, on: dt.date, rng: random.Random, kind: str) -> dict[str, Any]:
    return {
        "student_no": no,
        "from_status": old,
        "to_status": new,
        "changed_on": on,
        "reason": rng.choice(data.REASONS[kind]),
    }
