"""學籍狀態: reading what files say, who is departed, which changes are allowed (DOMAIN.md, seed 001 §九(三)3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.status import (
    AT_SCHOOL,
    DEPARTED,
    Status,
    allowed_targets,
    check_transition,
    parse_status,
)
from portfolio_desktop.errors import RuleError

S = Status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("在學", S.ENROLLED),
        ("休學", S.SUSPENDED),
        ("復學", S.REINSTATED),
        ("轉入", S.TRANSFERRED_IN),
        ("轉出", S.TRANSFERRED_OUT),
        ("重讀", S.REPEATING),
        ("借讀", S.VISITING),
        ("退學", S.WITHDRAWN),
        ("畢業", S.GRADUATED),
        ("離校", S.LEFT),
        # aliases the school systems write
        ("在校", S.ENROLLED),
        ("在籍", S.ENROLLED),
        ("正常", S.ENROLLED),
        ("轉學", S.TRANSFERRED_OUT),
        ("轉出學校", S.TRANSFERRED_OUT),
        ("開除學籍", S.WITHDRAWN),
        ("已畢業", S.GRADUATED),
        ("結業", S.GRADUATED),
        ("修業期滿", S.GRADUATED),
        ("其他離校", S.LEFT),
        ("死亡", S.LEFT),
        # codes, any case, and the English labels our messages use
        ("enrolled", S.ENROLLED),
        ("ENROLLED", S.ENROLLED),
        ("Transferred_Out", S.TRANSFERRED_OUT),
        ("transferred out", S.TRANSFERRED_OUT),
        ("transferred in", S.TRANSFERRED_IN),
        # blanks around, including the full-width space
        ("\u3000休學 ", S.SUSPENDED),
        (" graduated\t", S.GRADUATED),
    ],
)
def test_parse_status(text: str, status: Status) -> None:
    assert parse_status(text) is status


@pytest.mark.parametrize("text", ["", "在", "enroled", "休 學", "graduate", "畢業了"])
def test_unknown_status_is_refused_with_the_known_values(text: str) -> None:
    with pytest.raises(RuleError) as err:
        parse_status(text)
    assert f"不認得的學籍狀態「{text}」" in err.value.zh
    assert all(s.zh in err.value.zh for s in Status)
    assert f"unknown enrolment status '{text}'" in err.value.en
    assert all(s.value in err.value.en for s in Status)


@given(st.sampled_from(list(Status)))
def test_every_label_and_code_reads_back(status: Status) -> None:
    assert parse_status(status.zh) is status
    assert parse_status(status.value) is status
    assert parse_status(status.en) is status
    assert parse_status(status.value.upper()) is status


def test_str_is_the_stored_code() -> None:
    assert str(S.TRANSFERRED_OUT) == "transferred_out"
    assert f"{S.ENROLLED}" == "enrolled"
    assert S("graduated") is S.GRADUATED


def test_departed_set() -> None:
    # DOMAIN.md: 休學, 轉出, 退學, 畢業, or otherwise no longer at school are departed.
    assert DEPARTED == {S.SUSPENDED, S.TRANSFERRED_OUT, S.WITHDRAWN, S.GRADUATED, S.LEFT}
    assert AT_SCHOOL == {S.ENROLLED, S.REINSTATED, S.TRANSFERRED_IN, S.REPEATING, S.VISITING}
    for s in Status:
        assert s.departed == (s in DEPARTED)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.ENROLLED, S.SUSPENDED),
        (S.ENROLLED, S.TRANSFERRED_OUT),
        (S.ENROLLED, S.WITHDRAWN),
        (S.ENROLLED, S.GRADUATED),
        (S.ENROLLED, S.REPEATING),
        (S.ENROLLED, S.VISITING),
        (S.ENROLLED, S.LEFT),
        (S.SUSPENDED, S.REINSTATED),  # 休學 → 復學
        (S.SUSPENDED, S.ENROLLED),
        (S.SUSPENDED, S.WITHDRAWN),  # 休學期滿未復學 → 退學
        (S.SUSPENDED, S.TRANSFERRED_OUT),
        (S.REINSTATED, S.ENROLLED),
        (S.REINSTATED, S.GRADUATED),
        (S.TRANSFERRED_IN, S.ENROLLED),
        (S.TRANSFERRED_OUT, S.TRANSFERRED_IN),  # came back
        (S.WITHDRAWN, S.REINSTATED),
        (S.LEFT, S.ENROLLED),
        (S.REPEATING, S.ENROLLED),
        (S.VISITING, S.TRANSFERRED_OUT),
    ],
)
def test_allowed_changes(current: Status, new: Status) -> None:
    check_transition(current, new)
    assert new in allowed_targets(current)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.GRADUATED, S.SUSPENDED),
        (S.GRADUATED, S.ENROLLED),
        (S.ENROLLED, S.REINSTATED),  # 復學 only after leaving
        (S.ENROLLED, S.TRANSFERRED_IN),
        (S.REPEATING, S.REINSTATED),
        (S.TRANSFERRED_OUT, S.SUSPENDED),
        (S.TRANSFERRED_OUT, S.GRADUATED),
        (S.WITHDRAWN, S.GRADUATED),
        (S.SUSPENDED, S.GRADUATED),
        (S.LEFT, S.WITHDRAWN),
    ],
)
def test_refused_changes(current: Status, new: Status) -> None:
    with pytest.raises(RuleError) as err:
        check_transition(current, new)
    assert f"學籍狀態不能由「{current.zh}」改為「{new.zh}」" in err.value.zh
    assert f"cannot change status from '{current.en}' to '{new.en}'" in err.value.en
    assert new not in allowed_targets(current)


def test_refusal_says_what_is_allowed() -> None:
    with pytest.raises(RuleError) as err:
        check_transition(S.TRANSFERRED_OUT, S.SUSPENDED)
    assert err.value.zh.endswith("可改為：在學、復學、轉入")
    assert err.value.en.endswith("allowed: enrolled, reinstated, transferred in")
    with pytest.raises(RuleError) as err:
        check_transition(S.GRADUATED, S.ENROLLED)
    assert err.value.zh.endswith("可改為：（無）")
    assert err.value.en.endswith("allowed: (none)")


@given(st.sampled_from(list(Status)))
def test_same_status_is_refused(status: Status) -> None:
    with pytest.raises(RuleError) as err:
        check_transition(status, status)
    assert f"學籍狀態已是「{status.zh}」" in err.value.zh
    assert "nothing to change" in err.value.en


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_transition_rules(current: Status, new: Status) -> None:
    """The rules in status.py's comment, checked pair by pair."""
    try:
        check_transition(current, new)
        allowed = True
    except RuleError:
        allowed = False
    if current == new or current is S.GRADUATED:
        expected = False  # nothing to change; 畢業 is final
    elif current in AT_SCHOOL:
        expected = new not in {S.REINSTATED, S.TRANSFERRED_IN}  # never "come back" while at school
    elif current is S.SUSPENDED:
        expected = new in {S.ENROLLED, S.REINSTATED, S.TRANSFERRED_IN, S.WITHDRAWN, S.TRANSFERRED_OUT, S.LEFT}
    else:  # 轉出, 退學, 離校: the only way is back
        expected = new in {S.ENROLLED, S.REINSTATED, S.TRANSFERRED_IN}
    assert allowed == expected
    assert allowed == (new in allowed_targets(current))
