"""domain.compliance: meetings per semester (seed 000 §三, seed 001 §三), sessions per school year
(seed 000 §六, seed 001 §八), self-checks per semester (seed 001 §四); done / due / late as of a day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.compliance import (
    PRESETS,
    SEED_000,
    SEED_001,
    Audience,
    CheckStatus,
    ComplianceRules,
    SelfCheckFact,
    SessionFact,
    SessionKind,
    YearFacts,
    assess,
    parse_audiences,
    parse_session_kind,
)
from portfolio_desktop.errors import RuleError

Y = 113  # 2024-08-01 .. 2025-07-31


def _by(checks):  # noqa: ANN001, ANN202
    return {c.key: c for c in checks}


def test_seed_presets_follow_the_regulations() -> None:
    assert [(r.kind, r.audience) for r in SEED_000.sessions] == [
        (SessionKind.SYSTEM_TRAINING, Audience.STUDENTS), (SessionKind.PROFESSIONAL, Audience.TEACHERS),
        (SessionKind.BRIEFING, Audience.PARENTS)]
    assert not SEED_000.self_check_each_semester
    assert {r.kind for r in SEED_001.sessions} == set(SessionKind)  # 成果發表 only in seed 001
    assert SEED_001.self_check_each_semester and SEED_001.meetings_per_semester == 1


def test_meeting_each_semester_done_due_late() -> None:
    facts = YearFacts(meetings=[dt.date(2024, 9, 1)])
    on_feb = _by(assess(Y, dt.date(2025, 2, 10), SEED_000, facts))
    assert on_feb["meeting:113-1"].status is CheckStatus.DONE
    assert on_feb["meeting:113-2"].status is CheckStatus.DUE and on_feb["meeting:113-2"].deadline == dt.date(2025, 7, 31)
    after = _by(assess(Y, dt.date(2025, 8, 1), SEED_000, facts))
    assert after["meeting:113-2"].status is CheckStatus.LATE and after["meeting:113-2"].days_left == -1


def test_a_meeting_of_another_year_or_in_the_future_does_not_count() -> None:
    facts = YearFacts(meetings=[dt.date(2024, 7, 31), dt.date(2024, 12, 20)])
    c = _by(assess(Y, dt.date(2024, 12, 1), SEED_000, facts))["meeting:113-1"]
    assert c.status is CheckStatus.DUE and c.done == 0 and c.scheduled == (dt.date(2024, 12, 20),)


def test_session_audience_must_match_when_the_rule_names_one() -> None:
    teachers_only = SessionFact(SessionKind.BRIEFING, frozenset({Audience.TEACHERS}), dt.date(2024, 9, 9))
    both = SessionFact(SessionKind.BRIEFING, frozenset({Audience.TEACHERS, Audience.PARENTS}), dt.date(2024, 9, 9))
    key = "session:briefing:parents:113"
    assert _by(assess(Y, dt.date(2024, 10, 1), SEED_000, YearFacts(sessions=[teachers_only])))[key].done == 0
    assert _by(assess(Y, dt.date(2024, 10, 1), SEED_000, YearFacts(sessions=[both])))[key].status is CheckStatus.DONE
    # seed 001 asks for any audience
    any_key = "session:briefing:any:113"
    assert _by(assess(Y, dt.date(2024, 10, 1), SEED_001, YearFacts(sessions=[teachers_only])))[any_key].done == 1


def test_self_check_deadline_planned_then_window_then_semester_end() -> None:
    facts = YearFacts(self_checks=[SelfCheckFact(2, dt.date(2025, 5, 1), None)], self_check_windows={1: dt.date(2024, 12, 20)})
    c = _by(assess(Y, dt.date(2025, 1, 10), SEED_001, facts))
    assert c["self_check:113-1"].deadline == dt.date(2024, 12, 20) and c["self_check:113-1"].status is CheckStatus.LATE
    assert c["self_check:113-2"].deadline == dt.date(2025, 5, 1) and c["self_check:113-2"].status is CheckStatus.DUE
    none = _by(assess(Y, dt.date(2025, 1, 10), SEED_001, YearFacts()))
    assert none["self_check:113-2"].deadline == dt.date(2025, 7, 31) and "未訂" in none["self_check:113-2"].note.zh
    # codes and dates, worded in both languages only on demand (the GUI words them itself)
    assert none["self_check:113-2"].planned_on is None and none["self_check:113-2"].note.en == "no self-check date set"
    assert c["self_check:113-2"].planned_on == dt.date(2025, 5, 1) and c["self_check:113-2"].source.en == "Kangshan rules §4"


def test_rules_round_trip_and_refuse_bad_values() -> None:
    for rules in PRESETS.values():
        assert ComplianceRules.from_dict(rules.to_dict()) == rules
    assert ComplianceRules.from_dict({"preset": "000"}) is SEED_000
    with pytest.raises(RuleError):
        ComplianceRules.from_dict({"sessions": [{"kind": "showcase", "minimum": 0}]})
    with pytest.raises(RuleError, match="不認得的場次類別"):
        parse_session_kind("聚餐")
    assert parse_session_kind("教師研習") is SessionKind.PROFESSIONAL
    assert parse_audiences("學生、家長") == {Audience.STUDENTS, Audience.PARENTS}
    with pytest.raises(RuleError, match="對象"):
        parse_audiences(" , ")


dates = st.dates(min_value=dt.date(2023, 6, 1), max_value=dt.date(2026, 9, 30))


@given(meetings=st.lists(dates, max_size=6), today=dates)
def test_status_is_exactly_determined_by_counts_and_deadline(meetings: list[dt.date], today: dt.date) -> None:
    for c in assess(Y, today, SEED_000, YearFacts(meetings=meetings)):
        if c.key.startswith("meeting"):
            if c.done >= c.required:
                assert c.status is CheckStatus.DONE
            else:
                assert c.status is (CheckStatus.LATE if today > c.deadline else CheckStatus.DUE)
            assert all(d > today for d in c.scheduled)
            assert c.done + len(c.scheduled) == sum(
                1 for d in meetings if (d.month >= 8 or d.month == 1) == c.period.endswith("-1")
                and dt.date(2024, 8, 1) <= d <= dt.date(2025, 7, 31))


@given(sessions=st.lists(st.tuples(st.sampled_from(list(SessionKind)), st.frozensets(st.sampled_from(list(Audience)),
                                                                                      min_size=1), dates), max_size=8),
       today=dates, extra=dates)
def test_recording_more_never_makes_anything_worse(sessions, today: dt.date, extra: dt.date) -> None:  # noqa: ANN001
    rank = {CheckStatus.LATE: 0, CheckStatus.DUE: 1, CheckStatus.DONE: 2}
    facts = [SessionFact(k, a, d) for k, a, d in sessions]
    before = _by(assess(Y, today, SEED_001, YearFacts(sessions=facts, meetings=[])))
    more = facts + [SessionFact(SessionKind.BRIEFING, frozenset({Audience.PARENTS}), extra)]
    after = _by(assess(Y, today, SEED_001, YearFacts(sessions=more, meetings=[extra])))
    for key, c in before.items():
        assert rank[after[key].status] >= rank[c.status]
