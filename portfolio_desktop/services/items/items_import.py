"""Import portfolio items from the school platform's export (學號, 學年度, 學期, 類別, 名稱,
課程代碼, 狀態, 時間 …) with the one io machinery (io/item_spec.py).

Rules:
* An item is matched by 編號 when the file has one, else by student + term + kind + course (CLO) or
  category (MP) + 名稱. A matched item takes the file's state (the platform is the record of what
  happened there); an unmatched one is added. Each change is one ItemStateChange (action "import",
  time = the file's 時間 or now) and one audit row.
* Windows are NOT checked: the rows record what already happened on the platform within its own
  schedule. Caps ARE checked (an import that would break a cap reports those rows): rows
  are counted in file order on top of what the database holds, and a row that would exceed a cap is
  a problem naming the cap, the count and the items that count against it.
* A 課程學習成果 must belong to a course the student takes that term (import the courses first);
  a 多元表現 needs its category (類別 = the category name, or 細項); a state must exist for the kind.
* All-or-nothing unless ``skip_invalid``; ``dry_run`` reports and writes nothing.
* Roles: each (kind, division) needs the entry permission of that kind (services/guard.py ENTRY:
  課程學習成果 the registry, 多元表現 / 幹部經歷 the activities office …) of the student's division.
  One platform export holds every kind of both divisions, so the user imports the rows they may
  import; the other rows are left for the office named beside each (report.elsewhere, by row) and
  never checked or revealed further. Each (kind, division) left is audited as a refusal. A file
  with nothing the user may import is refused as a whole (audited). Roles are decided before any
  problem is reported (a dry run too: its report reveals data). Each row's history and audit row
  name the acting for its kind and division.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Unpack, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portfolio_desktop.domain.items import (
    CAP_RULES,
    Action,
    CapExceeded,
    CapRule,
    Caps,
    CountedItem,
    ItemKind,
    ItemState,
    MPCategory,
    SELECTED_OR_LATER,
    check_cap,
    rules_for,
    valid_states,
)
from portfolio_desktop.domain.roc import format_term
from portfolio_desktop.domain import roles as R
from portfolio_desktop.domain.roles import DIVISIONS, Permission
from portfolio_desktop.errors import ImportRefused, PermissionDenied, Problem, RuleError
from portfolio_desktop.io.course_spec import code_warnings
from portfolio_desktop.io.item_spec import ITEMS
from portfolio_desktop.io.rows import ParsedRow
from portfolio_desktop.io.tabular import ParsedTable
from portfolio_desktop.io.term_columns import term_of_row
from portfolio_desktop.services import authz, guard
from portfolio_desktop.services.authz import ActingAs
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import BaseImportReport, finish_import, skipped, summary_line, tally
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.terms import ensure_term, resolve_term
from portfolio_desktop.services.items.item_settings import get_caps
from portfolio_desktop.services.items.items import utcnow_local
from portfolio_desktop.store import audit
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.items_models import Course, Enrolment, ItemStateChange, PortfolioItem
from portfolio_desktop.store.models import AuditLog, Student, Term, utcnow


@dataclass
class ItemImportReport(BaseImportReport):
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    # rows of a kind / division another office imports: one Problem per row naming that office
    elsewhere: list[Problem] = field(default_factory=list)

    def summary(self) -> tuple[str, str]:
        counts = tally(self.added, self.changed, self.unchanged, unit="件", changed_as=("狀態變更", "state changed"))
        parts = [counts, skipped(len(self.skipped_rows))]
        if self.elsewhere:
            n = len(self.elsewhere)
            parts.append((f"其他處室的 {n} 列未匯入", f"{n} row(s) left for other offices"))
        return summary_line(*parts, dry_run=self.dry_run)


@dataclass
class _Item:
    """An item of the database or of the file (id None until inserted)."""

    id: int | None
    student_id: int
    term_id: int
    kind: ItemKind
    category: str | None
    title: str
    enrolment_id: int | None
    state: ItemState
    external_id: str | None
    row: int = 0

    def key(self) -> tuple[Any, ...]:
        return (self.student_id, self.term_id, self.kind, self.enrolment_id or self.category, self.title)


class _Ledger:
    """What counts against each cap, per student and term / school year, as rows are accepted."""

    def __init__(self, caps: Caps, terms: dict[int, tuple[int, int]]) -> None:
        self.caps = caps
        self.terms = terms
        self.counted: dict[tuple[str, int, Any], list[CountedItem]] = {}

    def _scope(self, rule: CapRule, term_id: int) -> Any:
        return term_id if rule.scope == "semester" else self.terms[term_id][0]

    def _ref(self, item: _Item) -> CountedItem:
        label = format_term(*self.terms[item.term_id])
        return CountedItem(item.id, item.title if item.id else f"{item.title}（第 {item.row} 列）", label)

    def bucket(self, rule: CapRule, item: _Item) -> list[CountedItem]:
        return self.counted.setdefault((rule.key, item.student_id, self._scope(rule, item.term_id)), [])

    def enter(self, item: _Item) -> None:
        for rule in CAP_RULES:
            if rule.kind is item.kind and item.state in rule.counted_states():
                self.bucket(rule, item).append(self._ref(item))

    def leave(self, item: _Item) -> None:
        for rule in CAP_RULES:
            if rule.kind is item.kind and item.state in rule.counted_states():
                ref = self._ref(item)
                bucket = self.bucket(rule, item)
                if ref in bucket:
                    bucket.remove(ref)

    def check(self, item: _Item, new_state: ItemState, is_new: bool, student_no: str) -> None:
        """Raise CapExceeded if moving ``item`` (new or existing) to ``new_state`` breaks a cap."""
        rules: list[CapRule] = list(rules_for(item.kind, Action.UPLOAD)) if is_new else []
        if new_state in SELECTED_OR_LATER and (is_new or item.state not in SELECTED_OR_LATER):
            rules += rules_for(item.kind, Action.SELECT)
        for rule in rules:
            year, sem = self.terms[item.term_id]
            scope = f"學號 {student_no} 在 {format_term(year, sem)}" if rule.scope == "semester" else \
                f"學號 {student_no} 在 {year} 學年度"
            check_cap(rule, self.caps, self.bucket(rule, item), scope_label=scope)


class _Planner:
    def __init__(self, session: Session, parsed: ParsedTable, default: tuple[int, int] | None) -> None:
        self.session = session
        self.parsed = parsed
        self.default = default
        self.problems: list[Problem] = []
        self.bad: set[int] = set()
        self.students: dict[str, tuple[int, str]] = {}
        self.terms: dict[tuple[int, int], Term] = {}
        self.enrolments: dict[tuple[int, int, str], int] = {}
        self.by_external: dict[str, _Item] = {}
        self.by_key: dict[tuple[Any, ...], _Item] = {}
        self.new: list[tuple[_Item, ParsedRow]] = []
        self.changes: list[tuple[_Item, ItemState, ParsedRow]] = []
        self.unchanged = 0
        self.term_pairs: dict[int, tuple[int, int]] = {}
        self.elsewhere: set[int] = set()  # rows another office imports: neither planned nor checked

    def header(self, key: str) -> str:
        i = self.parsed.mapping.get(key)
        return self.parsed.headers[i] if i is not None else ITEMS.column(key).header

    def problem(self, prow: ParsedRow, key: str, value: object, zh: str, en: str) -> None:
        shown = value.zh if hasattr(value, "zh") else ("" if value is None else str(value))
        self.problems.append(Problem(self.parsed.file, self.parsed.sheet, prow.row, self.header(key), shown, zh, en))
        self.bad.add(prow.row)

    def load_students(self) -> None:
        """The file's students (read only: roles are decided on them before anything is written)."""
        numbers = sorted({str(r.values["student_no"]) for r in self.parsed.rows})
        for i in range(0, len(numbers), 900):
            for sid, no, name in self.session.execute(select(Student.id, Student.student_no, Student.name)
                                                      .where(Student.student_no.in_(numbers[i:i + 900]))):
                self.students[no] = (sid, name)

    def load(self) -> None:
        """Terms (created when new), enrolments and the items already held for the file's students."""
        s = self.session
        pairs: set[tuple[int, int]] = set()
        for prow in self.parsed.rows:
            try:
                t = term_of_row(prow.values, self.default)
            except RuleError:
                continue
            if t is not None:
                pairs.add(t)
        for pair in sorted(pairs):
            self.terms[pair] = ensure_term(s, *pair)
        years = sorted({p[0] for p in pairs})
        ids = sorted({sid for sid, _ in self.students.values()})
        if not years or not ids:
            return
        all_terms = {t.id: (t.school_year, t.semester) for t in s.scalars(select(Term).where(Term.school_year.in_(years)))}
        self.term_pairs = all_terms
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            for eid, sid, tid, code in s.execute(
                select(Enrolment.id, Enrolment.student_id, Course.term_id, Course.code).join(Course)
                .where(Enrolment.student_id.in_(part), Course.term_id.in_(list(all_terms)))
            ):
                self.enrolments[(sid, tid, code)] = eid
            for it in s.execute(
                select(PortfolioItem.id, PortfolioItem.student_id, PortfolioItem.term_id, PortfolioItem.kind,
                       PortfolioItem.category, PortfolioItem.title, PortfolioItem.enrolment_id, PortfolioItem.state,
                       PortfolioItem.external_id)
                .where(PortfolioItem.student_id.in_(part), PortfolioItem.term_id.in_(list(all_terms)))
            ):
                item = _Item(it[0], it[1], it[2], ItemKind(it[3]), it[4], it[5], it[6], ItemState(it[7]), it[8])
                self._index(item)

    def _index(self, item: _Item) -> None:
        if item.external_id:
            self.by_external[item.external_id] = item
        self.by_key.setdefault(item.key(), item)

    def plan(self, ledger: _Ledger) -> None:
        for item in list(self.by_key.values()):
            ledger.enter(item)
        for prow in self.parsed.rows:
            if prow.row not in self.elsewhere:
                self._plan_row(prow, ledger)

    def _plan_row(self, prow: ParsedRow, ledger: _Ledger) -> None:
        v = prow.values
        no = str(v["student_no"])
        student = self.students.get(no)
        if student is None:
            return self.problem(prow, "student_no", no, f"資料庫沒有學號 {no} 的學生；請先匯入名冊",
                                f"there is no student {no}; import the roster first")
        if v.get("name") and v["name"] != student[1]:
            return self.problem(prow, "name", v["name"], f"學號 {no} 的姓名在名冊為「{student[1]}」，與檔案不同",
                                f"student {no} is named '{student[1]}' in the roster; check the student number")
        try:
            pair = term_of_row(v, self.default)
        except RuleError as exc:
            return self.problem(prow, "semester", v.get("semester"), exc.zh, exc.en)
        if pair is None:
            return self.problem(prow, "term", "", "缺少學年度與學期；請加上這兩欄，或匯入時指定學期（--term 113-1）",
                                "the term is missing: add 學年度 and 學期, or give the term (--term 113-1)")
        term = self.terms[pair]
        kind, category = cast("tuple[ItemKind, MPCategory | None]", v["kind"])
        category = cast("MPCategory | None", v.get("category")) or category
        state: ItemState = v.get("state") or ItemState.UPLOADED  # type: ignore[assignment]
        if state not in valid_states(kind):
            return self.problem(prow, "state", state, f"{kind.zh}沒有「{state.zh}」這個狀態",
                                f"a {kind.en} cannot be '{state.en}'")
        enrolment_id = None
        if kind is ItemKind.CLO:
            code = v.get("course_code")
            if not code:
                return self.problem(prow, "course_code", "", "課程學習成果必須填課程代碼",
                                    "a course learning outcome needs its course code")
            enrolment_id = self.enrolments.get((student[0], term.id, str(code)))
            if enrolment_id is None:
                return self.problem(prow, "course_code", code,
                                    f"學號 {no} 在 {format_term(*pair)} 沒有修課程代碼 {code} 的課；請先匯入修課名單",
                                    f"student {no} does not take course {code} in {format_term(*pair)}; "
                                    f"import the enrolments first")
        if kind is ItemKind.MP and category is None:
            return self.problem(prow, "category", "", "多元表現必須有細項（競賽參與、志工服務…）",
                                "a multiple performance needs its category")
        cat = category.value if (category is not None and kind is ItemKind.MP) else None
        item = _Item(None, student[0], term.id, kind, cat, str(v["title"]), enrolment_id, state,
                     v.get("external_id"), prow.row)  # type: ignore[arg-type]
        existing = self.by_external.get(item.external_id) if item.external_id else None
        existing = existing or self.by_key.get(item.key())
        if existing is not None and existing.row:
            return self.problem(prow, "title", item.title, f"與第 {existing.row} 列是同一件項目（重複）",
                                f"the same item as row {existing.row} (duplicate)")
        try:
            if existing is None:
                ledger.check(item, state, True, no)
            elif existing.state is not state:
                ledger.check(existing, state, False, no)
        except CapExceeded as exc:  # an upload cap counts the row's 類別; a selection cap its 狀態
            selection = exc.rule.counts == "selected" and "state" in self.parsed.mapping
            return self.problem(prow, "state" if selection else "kind", state if selection else kind, exc.zh, exc.en)
        if existing is None:
            ledger.enter(item)
            self._index(item)
            self.new.append((item, prow))
        elif existing.state is state:
            existing.row = prow.row
            self.unchanged += 1
        else:
            ledger.leave(existing)
            self.changes.append((existing, state, prow))
            existing.state, existing.row = state, prow.row
            ledger.enter(existing)
        return None


@bulk_work
def import_items(
    db: Database, actor: Actor, path: str | os.PathLike[str], **options: Unpack[ImportKeywords]
) -> ItemImportReport:
    """Import the platform's item export; see the module docstring. Raises ImportRefused (nothing
    written) on any problem unless ``skip_invalid``."""
    o = ImportOptions(**options)
    term, dry_run, skip_invalid, cancelled = o.term, o.dry_run, o.skip_invalid, o.cancelled
    parsed = o.read(path, ITEMS, db)
    report = ItemImportReport(parsed.file, parsed.sheet, dry_run)
    report.notes = list(parsed.notes)
    report.warnings = code_warnings(parsed)
    default = resolve_term(term) if term else None
    now = utcnow_local()
    with db.write() as session:
        planner = _Planner(session, parsed, default)
        planner.load_students()
        divisions = guard.division_codes(session, [sid for sid, _ in planner.students.values()])
        actings, elsewhere = _decide_rows(session, actor, planner, divisions)
        planner.load()
        report.elsewhere = elsewhere
        actors = {(perm, div): a.as_actor() for (perm, div), a in actings.items()}

        def actor_for(item: _Item) -> Actor:
            return actors[(guard.ENTRY[item.kind], divisions.get(item.student_id))]

        planner.plan(_Ledger(get_caps(session), planner.term_pairs))
        report.problems = sorted([*(p for p in parsed.problems if p.row not in planner.elsewhere),
                                  *planner.problems], key=lambda p: p.row)
        report.skipped_rows = sorted(set(parsed.bad_rows) | planner.bad)
        if report.problems and not skip_invalid:
            raise ImportRefused(report.problems)
        _apply(session, actor_for, planner, now)
        report.added, report.changed, report.unchanged = len(planner.new), len(planner.changes), planner.unchanged
        finish_import(session, file=report.file, dry_run=dry_run, cancelled=cancelled,
                      acting=guard.combine(actings.values()), action="items.import", entity="portfolio_item",
                      summary={"file": report.file, "sheet": report.sheet, "added": report.added,
                               "changed": report.changed, "unchanged": report.unchanged,
                               "skipped_rows": report.skipped_rows,
                               **({"left_for_others": len(elsewhere)} if elsewhere else {})})
    return report


def _row_key(planner: _Planner, divisions: dict[int, str], prow: ParsedRow) -> tuple[Permission, str | None] | None:
    student = planner.students.get(str(prow.values["student_no"]))
    if student is None:
        return None
    kind = cast("tuple[ItemKind, object]", prow.values["kind"])[0]
    return guard.ENTRY[kind], divisions.get(student[0])


_KIND_OF_ENTRY = {perm: kind for kind, perm in guard.ENTRY.items()}


def _left_words(perm: Permission, division: str | None) -> tuple[str, str]:
    """「多元表現（日間部）由訓育組匯入」/ "a multiple performance (day division) is imported by …"."""
    kind = _KIND_OF_ENTRY[perm]
    office_zh, office_en = R.needed(perm, division=division)
    where_zh = f"（{DIVISIONS[division]}）" if division in DIVISIONS else ""
    where_en = f" ({division} division)" if division in DIVISIONS else ""
    return f"{kind.zh}{where_zh}由{office_zh}匯入", f"a {kind.en}{where_en} is imported by {office_en}"


def _decide_rows(session: Session, actor: Actor, planner: _Planner, divisions: dict[int, str]
                 ) -> tuple[dict[tuple[Permission, str | None], ActingAs], list[Problem]]:
    """Who acts for each (entry permission, division) in the file, and the rows left for other
    offices (marked in ``planner.elsewhere``; one Problem per row naming the office that imports it).

    Refuses the whole file (audited) when the user may import none of it; otherwise each (kind,
    division) left is audited as a refusal, committed at once (nothing is written yet: a dry run or
    a refused file keeps these audit rows)."""
    keys = {prow.row: _row_key(planner, divisions, prow) for prow in planner.parsed.rows}
    wanted = sorted({k for k in keys.values() if k is not None}, key=lambda k: (k[0].value, k[1] or ""))
    actings: dict[tuple[Permission, str | None], ActingAs] = {}
    denied: dict[tuple[Permission, str | None], PermissionDenied] = {}
    for perm, div in wanted:
        result = authz.decide(session, actor, perm, division=div)
        if isinstance(result, PermissionDenied):
            denied[(perm, div)] = result
        else:
            actings[(perm, div)] = result
    if not wanted:  # nothing readable in the file: still only for someone who may enter items
        perm = guard.ENTRY[ItemKind.CLO]
        return {(perm, None): guard.require_divisions(session, actor, perm, [None])}, []
    for (perm, div), exc in denied.items():
        authz.audit_refusal(session, actor, perm, exc, {"division": div, "rows_left": sum(
            1 for k in keys.values() if k == (perm, div))})
    if not actings:  # nothing the user may import: the whole file is refused, naming each office
        offices = [_left_words(perm, div) for perm, div in denied]
        raise PermissionDenied(
            f"{actor.display_name or actor.username} 不能匯入這個檔案的任何一列：" + "；".join(z for z, _ in offices),
            f"{actor.username} may import no row of this file: " + "; ".join(e for _, e in offices))
    problems: list[Problem] = []
    for prow in planner.parsed.rows:
        key = keys[prow.row]
        if key is None or key not in denied:
            continue
        planner.elsewhere.add(prow.row)
        kind = cast("tuple[ItemKind, object]", prow.values["kind"])[0]
        zh, en = _left_words(*key)
        problems.append(Problem(planner.parsed.file, planner.parsed.sheet, prow.row, planner.header("kind"), kind.zh,
                                f"{zh}，這一列未匯入", f"{en}; this row was left out"))
    return actings, problems


def _apply(session: Session, actor_for: Callable[[_Item], Actor], planner: _Planner, now: dt.datetime) -> None:
    stamp = utcnow()
    objs = []
    for item, prow in planner.new:
        at = prow.values.get("at") or now
        obj = PortfolioItem(student_id=item.student_id, term_id=item.term_id, kind=item.kind.value,
                            category=item.category, title=item.title, enrolment_id=item.enrolment_id,
                            state=item.state.value, reason=prow.values.get("reason"), external_id=item.external_id,
                            occurred_at=at)
        objs.append((obj, at))
    session.add_all(o for o, _ in objs)
    session.flush()
    history: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    for (item, _prow), (obj, at) in zip(planner.new, objs, strict=True):
        actor = actor_for(item)
        history.append(dict(item_id=obj.id, from_state=None, to_state=obj.state, action="import", reason=obj.reason,
                            at=at, actor=actor.username, on_behalf_of=actor.on_behalf_of, override_id=None))
        audits.append(dict(at=stamp, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="item.import",
                           entity="portfolio_item", entity_key=str(obj.id), before=None,
                           after=audit.dumps({"student_id": obj.student_id, "term_id": obj.term_id, "kind": obj.kind,
                                              "category": obj.category, "title": obj.title, "state": obj.state})))
    for item, state, prow in planner.changes:
        actor = actor_for(item)
        stored = session.get(PortfolioItem, item.id)
        assert stored is not None
        before = stored.state
        stored.state = state.value
        if prow.values.get("reason"):
            stored.reason = prow.values["reason"]  # type: ignore[assignment]
        at = prow.values.get("at") or now
        history.append(dict(item_id=stored.id, from_state=before, to_state=state.value, action="import",
                            reason=prow.values.get("reason"), at=at, actor=actor.username,
                            on_behalf_of=actor.on_behalf_of, override_id=None))
        audits.append(dict(at=stamp, actor=actor.username, on_behalf_of=actor.on_behalf_of, action="item.import",
                           entity="portfolio_item", entity_key=str(stored.id), before=audit.dumps({"state": before}),
                           after=audit.dumps({"state": state.value})))
    session.flush()
    if history:
        session.execute(insert(ItemStateChange), history)
    if audits:
        session.execute(insert(AuditLog), audits)
