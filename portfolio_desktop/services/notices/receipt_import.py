"""Import the receipt details (收訖明細) the central database returned (seed 001 §六(三)).

Decisions (the contract the GUI, CLI and tests rely on):

* The file is the truth for every (student, term) it mentions: their items are replaced by the
  file's rows; (student, term) pairs the file does not mention are left alone.
* Two identical rows (same student, term, category and item name) are one item with the counts added:
  the central database lists an item once per received copy.
* Row problems, numbered as the spreadsheet shows them: unknown 學號; a 姓名 that differs from the roster
  (compared exactly after trimming: names round-trip byte for byte); no term, or a term that does not
  exist — semester other than 1/2, before 108學年度 (the first year of 學習歷程檔案) or after the current
  term. All-or-nothing unless ``skip_invalid``; then a (student, term) with a bad row is skipped
  whole (writing its other rows would drop an item). A row the reader could not parse at all (e.g. a
  bad 件數) cannot be tied to a term and is skipped alone.
* Each (student, term) gets a confirmation row; if its items changed, a confirmed or disputed receipt
  goes back to *pending* (the student confirmed other items), recorded in the audit row.
* Importing the same file twice changes nothing and writes no audit row.
* Roles: 確認收訖明細 (the registry) of every division whose students the file names.
* The file's rows are matched to the submission rounds they answer (services/central/submission_rounds.py);
  ``rounds`` of the report lists them.
"""

from __future__ import annotations

from typing import Unpack

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from portfolio_desktop.domain.roc import format_term, term_of
from portfolio_desktop.domain.receipts import ReceiptState
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import ImportRefused, Problem, RuleError
from portfolio_desktop.io.receipt_spec import RECEIPTS
from portfolio_desktop.io.term_columns import term_of_row
from portfolio_desktop.services import guard
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import BaseImportReport, finish_import, skipped, summary_line
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.rosters.roster_store import rows_matching
from portfolio_desktop.services.terms import ensure_term
from portfolio_desktop.services.central.submission_rounds import RoundMatch, match_receipts
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import Student
from portfolio_desktop.store.receipts_models import ReceiptItem, ReceiptStatus

FIRST_PORTFOLIO_YEAR = 108  # 108課綱: 學習歷程檔案 start with 108學年度

Key = tuple[str, tuple[int, int]]  # (學號, (學年度, 學期))


@dataclass
class ReceiptImportReport(BaseImportReport):
    students: int = 0
    replaced: list[str] = field(default_factory=list)  # "0001234 113-1" whose items were (re)written
    unchanged: list[str] = field(default_factory=list)
    reset_to_pending: list[str] = field(default_factory=list)
    items: int = 0  # item rows in the file that were accepted
    rounds: list[RoundMatch] = field(default_factory=list)  # the submission rounds the file answers

    def summary(self) -> tuple[str, str]:
        n, wrote, same = self.students, len(self.replaced), len(self.unchanged)
        reset, bad = len(self.reset_to_pending), len(self.skipped_rows)
        return summary_line((f"{n} 位學生：寫入 {wrote} 個學期的收訖明細", f"{n} student(s): wrote {wrote} term receipt(s)"),
                            (f"未變更 {same} 個", f"{same} unchanged"), (f"改回待確認 {reset} 個", f"{reset} back to pending"),
                            (skipped(bad)[0], f"{bad} row(s) skipped"), dry_run=self.dry_run)


def _term_problem(year: int, sem: int, today: dt.date) -> tuple[str, str] | None:
    label = f"{year}-{sem}"
    if sem not in (1, 2):
        return f"學期 {label} 不存在：學期只有 1 或 2", f"term {label} does not exist: the semester is 1 or 2"
    if year < FIRST_PORTFOLIO_YEAR:
        return (f"學期 {label} 不存在：學習歷程檔案自 {FIRST_PORTFOLIO_YEAR} 學年度起",
                f"term {label} does not exist: portfolios start with school year {FIRST_PORTFOLIO_YEAR}")
    if (year, sem) > term_of(today):
        now = format_term(*term_of(today))
        return f"學期 {label} 尚未開始（目前為 {now}）", f"term {label} has not begun yet (the current term is {now})"
    return None


@bulk_work
def import_receipts(
    db: Database, actor: Actor, path: str | os.PathLike[str], *, today: dt.date | None = None, **options: Unpack[ImportKeywords]
) -> ReceiptImportReport:
    """Read, check every row against the roster, then write in one transaction (see module doc)."""
    o = ImportOptions(**options)
    dry_run, skip_invalid, cancelled = o.dry_run, o.skip_invalid, o.cancelled
    today = today or dt.date.today()
    table = o.read(path, RECEIPTS, db)
    report = ReceiptImportReport(table.file, table.sheet, dry_run, problems=list(table.problems), notes=list(table.notes))
    bad = set(table.bad_rows)
    headers = {key: table.headers[i] for key, i in table.mapping.items()}

    def problem(row: int, key: str, value: object, zh: str, en: str) -> None:
        report.problems.append(Problem(table.file, table.sheet, row, headers.get(key, key), str(value or ""), zh, en))
        bad.add(row)

    with db.write() as session:
        numbers = {str(r.values["student_no"]) for r in table.rows}
        stmt = select(Student.student_no, Student)
        found = rows_matching(session, stmt, Student.student_no, numbers, objects=True)
        students: dict[str, Student] = {no: st for no, st in found}
        # 確認收訖明細 of every division the file names students of — before any problem is
        # reported (a dry run too: its report reveals the roster).
        divisions = guard.division_codes(session, [st.id for st in students.values()])
        actings = guard.require_each(session, actor, Permission.RECEIPT_CONFIRM, set(divisions.values()))
        wanted: dict[Key, dict[tuple[str, str], int]] = defaultdict(dict)
        rows_of: dict[Key, list[int]] = defaultdict(list)
        for parsed in table.rows:
            v, row = parsed.values, parsed.row
            no, name = str(v["student_no"]), str(v["name"])
            try:
                term = term_of_row(v, None)
            except RuleError as exc:
                problem(row, "school_year", v.get("school_year"), exc.zh, exc.en)
                continue
            if term is not None:
                rows_of[(no, term)].append(row)
            student = students.get(no)
            if student is None:
                problem(row, "student_no", no, f"名冊中沒有學號 {no}", f"there is no student {no} in the roster")
                continue
            if student.name != name:
                problem(row, "name", name, f"姓名與名冊不符：學號 {no} 在名冊中是「{student.name}」",
                        f"the name does not match the roster: student {no} is '{student.name}'")
                continue
            if term is None:
                problem(row, "school_year", "", "沒有學年度與學期", "the school year and semester are missing")
                continue
            if (msg := _term_problem(term[0], term[1], today)) is not None:
                problem(row, "semester", f"{term[0]}-{term[1]}", *msg)
                continue
            key = (no, term)
            item = (str(v["category"]), str(v["item"]))
            wanted[key][item] = wanted[key].get(item, 0) + int(v.get("count") or 1)  # type: ignore[call-overload]
        report.problems.sort(key=lambda p: p.row)
        if report.problems and not skip_invalid:
            raise ImportRefused(report.problems)
        # A (student, term) with one bad row is not replaced by its remaining rows (that would drop
        # items): all its rows are skipped.
        for key in [k for k, rows in rows_of.items() if bad.intersection(rows)]:
            del wanted[key]
            bad.update(rows_of[key])
        report.skipped_rows = sorted(bad)
        report.students = len({no for no, _ in wanted})
        source = Path(table.file).name[:200]
        for (no, (year, sem)), items in sorted(wanted.items()):
            student = students[no]
            term_row = ensure_term(session, year, sem)
            label = f"{no} {year}-{sem}"
            report.items += sum(items.values())
            current = session.scalars(
                select(ReceiptItem).where(ReceiptItem.student_id == student.id, ReceiptItem.term_id == term_row.id)
            ).all()
            before = {(i.category, i.item_name): i.count for i in current}
            status = session.scalar(
                select(ReceiptStatus).where(ReceiptStatus.student_id == student.id, ReceiptStatus.term_id == term_row.id)
            )
            if before == items and status is not None:
                report.unchanged.append(label)
                continue
            report.replaced.append(label)
            reset = status is not None and status.state != ReceiptState.PENDING.value
            if reset:
                report.reset_to_pending.append(label)
            if dry_run:
                continue
            session.execute(
                delete(ReceiptItem).where(ReceiptItem.student_id == student.id, ReceiptItem.term_id == term_row.id)
            )
            session.add_all(
                ReceiptItem(student_id=student.id, term_id=term_row.id, category=cat, item_name=name, count=n, source=source)
                for (cat, name), n in items.items()
            )
            old_state = None if status is None else status.state
            if status is None:
                session.add(ReceiptStatus(student_id=student.id, term_id=term_row.id, state=ReceiptState.PENDING.value))
            elif reset:
                status.state, status.via, status.decided_on = ReceiptState.PENDING.value, None, None
                status.question, status.office = None, None
            acting = actings.get(divisions.get(student.id)) or guard.combine(actings.values())
            audit.record(
                session, actor=acting.username, on_behalf_of=acting.on_behalf_of, action="receipt.import",
                entity="receipt", key=label,
                before={"items": _listed(before), "state": old_state},
                after={"items": _listed(items), "state": ReceiptState.PENDING.value if reset or status is None
                       else old_state, "file": source},
            )
        report.rounds = match_receipts(session, source, [(students[no].id, term, cat) for (no, term), items
                                                         in wanted.items() for cat, _ in items])
        finish_import(session, file=report.file, dry_run=dry_run, cancelled=cancelled)  # audited per receipt
    return report


def _listed(items: dict[tuple[str, str], int]) -> list[str]:
    return [f"{cat}／{name}×{n}" for (cat, name), n in sorted(items.items())]
