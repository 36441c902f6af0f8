"""domain.evaluation: completion rates, thresholds (a per-school setting) and 敘獎 candidates
(seed 000 §七, seed 001 §十)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.evaluation import Duty, DutyCount, Thresholds, candidates, evaluate, judge
from portfolio_desktop.errors import RuleError


def test_rate_counts_only_on_time_work() -> None:
    c = judge(DutyCount("黃老師", Duty.CERTIFICATION, total=20, done=20, late=1), Thresholds())
    assert c.rate == 0.95 and c.meets and c.percent == "95.0%"  # 19/20 meets 0.95 exactly
    c = judge(DutyCount("黃老師", Duty.CERTIFICATION, total=20, done=19, late=1), Thresholds())
    assert c.on_time == 18 and not c.meets


def test_nothing_to_judge_is_never_a_reward() -> None:
    c = judge(DutyCount("新老師", Duty.CERTIFICATION, 0, 0), Thresholds())
    assert c.rate is None and not c.meets and c.percent == "—"
    c = judge(DutyCount("少", Duty.CERTIFICATION, 2, 2), Thresholds(min_items=5))
    assert c.rate is None
    assert candidates([c]) == []


def test_a_candidate_meets_every_judged_duty() -> None:
    rows = evaluate([
        DutyCount("王", Duty.CERTIFICATION, 10, 10),
        DutyCount("王", Duty.SUBMISSION, 10, 10, late=5),
        DutyCount("李", Duty.CERTIFICATION, 10, 10),
        DutyCount("李", Duty.SUBMISSION, 0, 0),  # not judged, does not block
        DutyCount("張", Duty.SUBMISSION, 4, 4),
    ], Thresholds())
    assert [c.person for c in candidates(rows)] == ["張", "李"]  # equal rates: by name
    assert "王" not in {c.person for c in candidates(rows)}


def test_bad_counts_and_thresholds_are_refused() -> None:
    with pytest.raises(RuleError, match="統計不一致"):
        DutyCount("x", Duty.CERTIFICATION, total=1, done=2)
    with pytest.raises(RuleError, match="0 與 1"):
        Thresholds(certification=1.5)
    with pytest.raises(RuleError):
        Thresholds(min_items=0)
    t = Thresholds(0.8, 0.9, 3)
    assert Thresholds.from_dict(t.to_dict()) == t


counts = st.builds(lambda total, done_frac, late_frac, person, duty: DutyCount(
    person, duty, total, int(total * done_frac), int(int(total * done_frac) * late_frac)),
    st.integers(0, 200), st.floats(0, 1), st.floats(0, 1), st.sampled_from(["甲", "乙", "丙", "𡘙"]),
    st.sampled_from(list(Duty)))


@given(st.lists(counts, max_size=12), st.floats(0, 1), st.floats(0, 1))
def test_candidates_are_exactly_those_meeting_all_judged_duties(rows, cert: float, sub: float) -> None:  # noqa: ANN001
    t = Thresholds(cert, sub)
    judged = evaluate(rows, t)
    chosen = {c.person for c in candidates(judged)}
    for person in {r.person for r in rows}:
        mine = [c for c in judged if c.person == person and c.rate is not None]
        expected = bool(mine) and all(c.rate + 1e-9 >= t.rate_for(c.duty) for c in mine)
        assert (person in chosen) == expected
    for c in judged:
        assert c.rate is None or 0.0 <= c.rate <= 1.0


@given(st.integers(1, 500), st.data())
def test_raising_the_threshold_never_adds_candidates(total: int, data: st.DataObject) -> None:
    done = data.draw(st.integers(0, total))
    late = data.draw(st.integers(0, done))
    low, high = sorted(data.draw(st.tuples(st.floats(0, 1), st.floats(0, 1))))
    row = [DutyCount("甲", Duty.SUBMISSION, total, done, late)]
    assert len(candidates(evaluate(row, Thresholds(submission=high)))) <= len(
        candidates(evaluate(row, Thresholds(submission=low))))
