"""The compliance view: for a school year, which of the regulation's meetings, sessions, self-checks
and the offices' submissions (per division: the submission rounds, services/central/) are done, due
or late (rules in :mod:`portfolio_desktop.domain.compliance`).

Which sessions are required is the per-school setting ``workgroup.compliance`` (a preset "000" /
"001", or the full rules); the self-check deadline is the semester's planned self-check date, or else
the end of the 作業期程 self-check window of that term (services/items/windows.py), or else the semester's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, select

from portfolio_desktop.domain.compliance import (
    DEFAULT_RULES,
    PRESETS,
    Audience,
    Check,
    CheckStatus,
    ComplianceRules,
    SelfCheckFact,
    SessionFact,
    SessionKind,
    SubmissionFact,
    YearFacts,
    assess,
    summary,
)
from portfolio_desktop.domain.roc import format_term, term_dates
from portfolio_desktop.errors import RuleError
from portfolio_desktop.services.read_scope import Reader, require_reader
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import current_term
from portfolio_desktop.services.setting_owners import require_setting
from portfolio_desktop.services.settings import get_setting, set_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.window_models import TermWindow
from portfolio_desktop.store.central_models import SubmissionRound
from portfolio_desktop.store.models import Division, SchoolClass, Student, Term, local_date
from portfolio_desktop.store.workgroup_models import SelfCheck, WorkgroupMeeting, WorkgroupSession

RULES_KEY = "workgroup.compliance"


@dataclass(frozen=True)
class ComplianceReport:
    school_year: int
    today: dt.date
    rules: ComplianceRules
    checks: list[Check]

    @property
    def counts(self) -> dict[CheckStatus, int]:
        return summary(self.checks)


def get_rules(db: Database) -> ComplianceRules:
    with db.read() as s:
        stored = get_setting(s, RULES_KEY)
    return DEFAULT_RULES if stored is None else ComplianceRules.from_dict(stored)


def set_rules(db: Database, actor: Actor, rules: ComplianceRules | str) -> ComplianceRules:
    """Set the school's rules: a preset name ("000" / "001") or full rules. The dean (working group)
    or the administrator (school settings, e.g. the first-run wizard) may do it."""
    if isinstance(rules, str):
        key = rules.strip().removeprefix("seed").strip()
        if key not in PRESETS:
            raise RuleError(f"沒有規定範本「{rules}」；可用：{'、'.join(PRESETS)}",
                            f"no rules preset '{rules}'; use one of: {', '.join(PRESETS)}")
        rules = PRESETS[key]
    with db.write() as s:
        acting = require_setting(s, actor, RULES_KEY)  # the dean or the administrator (domain/setting_owners.py)
        value = {"preset": rules.preset} if rules.preset in PRESETS and rules == PRESETS[rules.preset] else rules.to_dict()
        set_setting(s, acting.as_actor(), RULES_KEY, value)
    return rules


def _facts(db: Database, year: int) -> YearFacts:
    first, last = term_dates(year, 1)[0], term_dates(year, 2)[1]
    with db.read() as s:
        meetings = list(s.scalars(select(WorkgroupMeeting.held_on).where(WorkgroupMeeting.held_on.between(first, last))))
        sessions = [SessionFact(SessionKind(k), frozenset(Audience(a) for a in auds.split(",") if a), d)
                    for k, auds, d in s.execute(select(WorkgroupSession.kind, WorkgroupSession.audiences,
                                                       WorkgroupSession.held_on)
                                                .where(WorkgroupSession.held_on.between(first, last)))]
        checks = [SelfCheckFact(c.semester, c.planned_on, c.done_on)
                  for c in s.scalars(select(SelfCheck).where(SelfCheck.school_year == year))]
        windows = {sem: ends.date() for sem, ends in s.execute(
            select(Term.semester, TermWindow.ends_at).join(Term, TermWindow.term_id == Term.id)
            .where(Term.school_year == year, TermWindow.kind == "self_check"))}
        submit_by = {sem: ends.date() for sem, ends in s.execute(
            select(Term.semester, TermWindow.ends_at).join(Term, TermWindow.term_id == Term.id)
            .where(Term.school_year == year, TermWindow.kind == "submission"))}
        terms = [format_term(year, 1), format_term(year, 2)]
        # a round of the whole school names its divisions joined (day、night): a fact for each
        rounds = [SubmissionFact(k, t, part or None, local_date(at)) for k, t, d, at in s.execute(
            select(SubmissionRound.kind, SubmissionRound.term, SubmissionRound.division, SubmissionRound.made_at)
            .where(SubmissionRound.term.in_(terms))) for part in (d or "").split("、")]
        # the divisions that have students: each owes its own submissions
        divisions = {code: name for code, name in s.execute(
            select(Division.code, Division.name).where(
                exists().where(SchoolClass.division_id == Division.id, Student.class_id == SchoolClass.id))
            .order_by(Division.id))}
    return YearFacts(meetings, sessions, checks, windows, rounds, divisions, submit_by)


def compliance(db: Database, actor: Reader, school_year: int | None = None, *,
               today: dt.date | None = None) -> ComplianceReport:
    """Every requirement of the school year (default: the current one) as of ``today`` (every member
    of staff reads it: services/read_scope.py kind SCHOOL)."""
    require_reader(db, actor)
    day = today or dt.date.today()
    year = school_year if school_year is not None else current_term(db, day)[0]
    rules = get_rules(db)
    return ComplianceReport(year, day, rules, assess(year, day, rules, _facts(db, year)))
