"""作業期程: list, set, import and export each term's windows; check an action against them and record
late work. Rules in :mod:`portfolio_desktop.domain.windows` (seed 001 §四).

Setting or importing the schedule needs 訂定作業期程 (教務主任, seed 001 §四). Acting outside a window
needs only the permission of the action itself and a reason; the late act is then countersigned as
the school decides (services/items/late_work.py)."""

from __future__ import annotations

import datetime as dt
from typing import Unpack, cast
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import Action, ItemKind
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain.windows import (
    YEAR_WIDE,
    Window,
    WindowKind,
    check_window,
    format_when,
    validate_span,
    window_for,
)
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import ImportRefused, Problem, RuleError
from portfolio_desktop.io.term_columns import term_of_row
from portfolio_desktop.io.window_spec import WINDOW_HEADERS, WINDOWS
from portfolio_desktop.io.xlsx_out import write_table
from portfolio_desktop.services import authz, guard
from portfolio_desktop.services.read_scope import Reader, require_reader
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import BaseImportReport, finish_import, skipped, summary_line, tally
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.items import late_work
from portfolio_desktop.services.terms import ensure_term, find_term, resolve_term
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import PortfolioItem, WindowOverride
from portfolio_desktop.store.window_models import TermWindow
from portfolio_desktop.store.accounts_models import Staff
from portfolio_desktop.store.models import Term


@dataclass(frozen=True)
class WindowRow:
    term: str
    kind: WindowKind
    starts_at: dt.datetime
    ends_at: dt.datetime
    note: str | None

    @property
    def kind_zh(self) -> str:
        return self.kind.zh

    def as_window(self) -> Window:
        return Window(self.kind, self.term, self.starts_at, self.ends_at)


@dataclass(frozen=True)
class OverrideRow:
    id: int
    term: str
    kind: WindowKind
    action: str
    item_id: int | None
    reason: str
    at: dt.datetime
    actor: str
    on_behalf_of: str | None
    countersign: str | None = None  # who must countersign: "registry" / "dean"; None: nobody
    countersigned_by: str | None = None
    countersigned_at: dt.datetime | None = None
    division: str | None = None  # the student's division (which registry countersigns)
    item_title: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # account → the person's name

    def person(self, username: str | None) -> str:
        return self.names.get(username or "", username or "")

    @property
    def awaiting(self) -> bool:
        return self.countersign is not None and self.countersigned_at is None


@dataclass
class WindowImportReport(BaseImportReport):
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> tuple[str, str]:
        counts = tally(len(self.added), len(self.changed), len(self.unchanged), unit="項")
        return summary_line(counts, skipped(len(self.skipped_rows)), dry_run=self.dry_run)


def _label(term: Term) -> str:
    return format_term(term.school_year, term.semester)


def _row(w: TermWindow, term: Term) -> WindowRow:
    return WindowRow(_label(term), WindowKind(w.kind), w.starts_at, w.ends_at, w.note)


def load_windows(session: Session, term: Term, *, year_wide: bool = False) -> list[Window]:
    """The windows of ``term`` (or, ``year_wide``, of every term of its school year)."""
    stmt = select(TermWindow, Term).join(Term, TermWindow.term_id == Term.id)
    if year_wide:
        stmt = stmt.where(Term.school_year == term.school_year)
    else:
        stmt = stmt.where(Term.id == term.id)
    return [_row(w, t).as_window() for w, t in session.execute(stmt)]


def list_windows(db: Database, actor: Reader, term: str | tuple[int, int] | None = None) -> list[WindowRow]:
    """The windows of one term (default: the current one, terms.current_term), in the order of the
    steps. Every member of staff reads them (they are published, seed 001 §四)."""
    require_reader(db, actor)
    year, sem = resolve_term(term, source=db)
    with db.read() as session:
        found = find_term(session, year, sem)
        if found is None:
            return []
        rows = [_row(w, found) for w in session.scalars(select(TermWindow).where(TermWindow.term_id == found.id))]
    order = list(WindowKind)
    return sorted(rows, key=lambda r: order.index(r.kind))


def _upsert(session: Session, actor: Actor, term: Term, kind: WindowKind, starts_at: dt.datetime,
            ends_at: dt.datetime, note: str | None) -> str:
    """Insert or update one window; returns "added" / "changed" / "unchanged" (audited when written)."""
    validate_span(starts_at, ends_at)
    current = session.scalar(select(TermWindow).where(TermWindow.term_id == term.id, TermWindow.kind == kind.value))
    after = {"starts_at": starts_at, "ends_at": ends_at, "note": note}
    key = f"{_label(term)}/{kind.value}"
    if current is None:
        session.add(TermWindow(term_id=term.id, kind=kind.value, starts_at=starts_at, ends_at=ends_at, note=note))
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="window.set",
                     entity="term_window", key=key, before=None, after=after)
        return "added"
    before = {"starts_at": current.starts_at, "ends_at": current.ends_at, "note": current.note}
    if before == after:
        return "unchanged"
    current.starts_at, current.ends_at, current.note = starts_at, ends_at, note
    audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="window.set",
                 entity="term_window", key=key, before=before, after=after)
    return "changed"


def set_window(db: Database, actor: Actor, term: str | tuple[int, int] | None, kind: WindowKind,
               starts_at: dt.datetime, ends_at: dt.datetime, note: str | None = None) -> WindowRow:
    """Set (create or move) one window of a term (default: the current one); the change is audited."""
    year, sem = resolve_term(term, source=db)
    with db.write() as session:
        actor = authz.require(session, actor, Permission.WINDOWS_SET).as_actor()
        found = ensure_term(session, year, sem)
        _upsert(session, actor, found, kind, starts_at, ends_at, note or None)
        return WindowRow(_label(found), kind, starts_at, ends_at, note or None)


@bulk_work
def import_windows(
    db: Database, actor: Actor, path: str | os.PathLike[str], **options: Unpack[ImportKeywords]
) -> WindowImportReport:
    """Import a schedule (學年期, 項目, 開始, 結束, 備註); all-or-nothing unless ``skip_invalid``.
    Needs 訂定作業期程 (a dry run too: it is the same decision, only not kept)."""
    o = ImportOptions(**options)
    term, dry_run, skip_invalid, cancelled = o.term, o.dry_run, o.skip_invalid, o.cancelled
    actor = authz.require(db, actor, Permission.WINDOWS_SET).as_actor()
    parsed = o.read(path, WINDOWS)
    report = WindowImportReport(parsed.file, parsed.sheet, dry_run)
    report.notes = list(parsed.notes)
    problems = list(parsed.problems)
    bad = set(parsed.bad_rows)
    default = resolve_term(term) if term else None
    plans: list[tuple[int, tuple[int, int], WindowKind, dt.datetime, dt.datetime, str | None]] = []
    seen: dict[tuple[tuple[int, int], WindowKind], int] = {}

    def header(key: str) -> str:
        i = parsed.mapping.get(key)
        return parsed.headers[i] if i is not None else next(c.header for c in WINDOWS.columns if c.key == key)

    for prow in parsed.rows:
        v = prow.values
        try:
            t = term_of_row(v, default)
        except RuleError as exc:
            problems.append(Problem(parsed.file, parsed.sheet, prow.row, header("semester"),
                                    str(v.get("semester") or ""), exc.zh, exc.en))
            bad.add(prow.row)
            continue
        if t is None:
            problems.append(Problem(parsed.file, parsed.sheet, prow.row, header("term"), "",
                                    "缺少學年期；請填寫 113-1 之類的學年期，或匯入時指定學期",
                                    "the term is missing; write e.g. 113-1, or give the term when importing"))
            bad.add(prow.row)
            continue
        kind = cast(WindowKind, v["kind"])
        starts, ends = cast(dt.datetime, v["starts_at"]), cast(dt.datetime, v["ends_at"])
        try:
            validate_span(starts, ends)
        except RuleError as exc:
            problems.append(Problem(parsed.file, parsed.sheet, prow.row, header("ends_at"),
                                    format_when(ends), exc.zh, exc.en))
            bad.add(prow.row)
            continue
        first = seen.setdefault((t, kind), prow.row)
        if first != prow.row:
            problems.append(Problem(parsed.file, parsed.sheet, prow.row, header("kind"), kind.zh,
                                    f"同一學期的「{kind.zh}」期程在第 {first} 列已出現",
                                    f"the {kind.en} window of this term is already on row {first}"))
            bad.add(prow.row)
            continue
        plans.append((prow.row, t, kind, starts, ends, cast("str | None", v.get("note"))))
    report.problems = sorted(problems, key=lambda p: p.row)
    report.skipped_rows = sorted(bad)
    if problems and not skip_invalid:
        raise ImportRefused(report.problems)
    with db.write() as session:
        for _row_no, (year, sem), kind, starts, ends, note in plans:
            term_row = ensure_term(session, year, sem)
            outcome = _upsert(session, actor, term_row, kind, starts, ends, note)
            getattr(report, outcome).append(f"{format_term(year, sem)} {kind.zh}")
        finish_import(session, file=report.file, dry_run=dry_run, cancelled=cancelled)  # rows audited by _upsert
    return report


def export_windows(db: Database, actor: Actor, path: str | os.PathLike[str],
                   term: str | tuple[int, int] | None = None) -> int:
    """Write the windows of a term to .xlsx in the layout :func:`import_windows` reads back."""
    rows = list_windows(db, actor, term)
    out = [[r.term, r.kind.zh, r.starts_at, r.ends_at, r.note or ""] for r in rows]
    written = write_table(Path(path), WINDOW_HEADERS, out, sheet="作業期程", text_columns={0})
    with db.write() as session:
        audit.record(session, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="window.export",
                     entity="term_window", key=str(path), after={"rows": written})
    return written


def enforce_window(session: Session, actor: Actor, *, term: Term, kind: ItemKind, action: Action,
                   now: dt.datetime, override_reason: str | None, item_id: int | None,
                   student_id: int | None) -> WindowOverride | None:
    """Refuse an action outside its window, or record it as late work (with its reason) and return the row.

    Upload and certification use the item's own term; selection, submission and receipt any window of
    the item's school year (see domain.windows). ``actor`` is whoever does the action (as the caller's
    permission check resolved it, "X 代 Y" for a proxy): the late row names them and waits for the
    countersignature the school's setting asks for.
    """
    wkind = window_for(kind, action)
    if wkind is None:
        return None
    windows = load_windows(session, term, year_wide=wkind in YEAR_WIDE)
    if check_window(wkind, windows, now, override_reason=override_reason,
                    countersign=late_work.late_countersign(session)) == "open":
        return None
    assert override_reason is not None
    return late_work.record_late(session, actor, term=term, kind=wkind, action=action, reason=override_reason,
                                 at=now, item_id=item_id, student_id=student_id)


def list_overrides(db: Database, actor: Reader, term: str | tuple[int, int] | None = None) -> list[OverrideRow]:
    """The recorded window overrides of a term (every member of staff; they name no student)."""
    require_reader(db, actor)
    year, sem = resolve_term(term, source=db)
    with db.read() as session:
        found = find_term(session, year, sem)
        if found is None:
            return []
        stmt = select(WindowOverride).where(WindowOverride.term_id == found.id).order_by(WindowOverride.id)
        rows = list(session.scalars(stmt))
        divisions = guard.division_codes(session, {o.student_id for o in rows if o.student_id is not None})
        item_ids = sorted({o.item_id for o in rows if o.item_id is not None})
        titles = {i: t for i, t in session.execute(
            select(PortfolioItem.id, PortfolioItem.title).where(PortfolioItem.id.in_(item_ids)))}
        people = {u for o in rows for u in (o.actor, o.on_behalf_of, o.countersigned_by) if u}
        names = {u: n for u, n in session.execute(
            select(Staff.username, Staff.display_name).where(Staff.username.in_(sorted(people))))}
        return [OverrideRow(o.id, _label(found), WindowKind(o.kind), o.action, o.item_id, o.reason, o.at,
                            o.actor, o.on_behalf_of, o.countersign, o.countersigned_by, o.countersigned_at,
                            divisions.get(o.student_id) if o.student_id is not None else None,
                            titles.get(o.item_id) if o.item_id is not None else None, names)
                for o in rows]
