"""Domain rules of portfolio items: every transition, every refusal, every cap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.items import (
    CAP_RULES,
    CAPS_SEED_000,
    CAPS_SEED_001,
    SELECTED_OR_LATER,
    Action,
    CapExceeded,
    Caps,
    CountedItem,
    ItemKind,
    ItemState,
    MPCategory,
    check_cap,
    next_state,
    parse_category,
    parse_kind,
    parse_state,
    rules_for,
    state_label,
    valid_states,
)
from portfolio_desktop.errors import RuleError

S = ItemState
A = Action
K = ItemKind

ALLOWED = {
    (K.CLO, A.CERTIFY, S.UPLOADED): S.CERTIFIED,
    (K.CLO, A.CERTIFY, S.NOT_CERTIFIED): S.CERTIFIED,
    (K.CLO, A.REJECT, S.UPLOADED): S.NOT_CERTIFIED,
    (K.CLO, A.REJECT, S.CERTIFIED): S.NOT_CERTIFIED,
    (K.CLO, A.SELECT, S.CERTIFIED): S.SELECTED,
    (K.CLO, A.DESELECT, S.SELECTED): S.CERTIFIED,
    (K.CLO, A.SUBMIT, S.SELECTED): S.SUBMITTED,
    (K.CLO, A.CONFIRM, S.SUBMITTED): S.CONFIRMED,
    (K.MP, A.SELECT, S.UPLOADED): S.SELECTED,
    (K.MP, A.DESELECT, S.SELECTED): S.UPLOADED,
    (K.MP, A.SUBMIT, S.SELECTED): S.SUBMITTED,
    (K.MP, A.CONFIRM, S.SUBMITTED): S.CONFIRMED,
    (K.CADRE, A.SUBMIT, S.UPLOADED): S.SUBMITTED,
    (K.CADRE, A.CONFIRM, S.SUBMITTED): S.CONFIRMED,
    (K.COURSE_RECORD, A.SUBMIT, S.UPLOADED): S.SUBMITTED,
    (K.COURSE_RECORD, A.CONFIRM, S.SUBMITTED): S.CONFIRMED,
}
TRANSITION_ACTIONS = [a for a in Action if a is not Action.UPLOAD]


@pytest.mark.parametrize("kind", list(ItemKind))
@pytest.mark.parametrize("action", TRANSITION_ACTIONS)
@pytest.mark.parametrize("state", list(ItemState))
def test_every_transition_is_allowed_exactly_as_the_table_says(kind: ItemKind, action: Action, state: ItemState) -> None:
    expected = ALLOWED.get((kind, action, state))
    if expected is not None:
        assert next_state(kind, state, action) is expected
    else:
        with pytest.raises(RuleError) as info:
            next_state(kind, state, action)
        assert info.value.zh and info.value.en


def test_only_certified_clo_can_be_selected() -> None:
    for state in (S.UPLOADED, S.NOT_CERTIFIED):
        with pytest.raises(RuleError, match="只有認證通過的課程學習成果可以勾選") as info:
            next_state(K.CLO, state, A.SELECT)
        assert "only certified" in info.value.en


def test_nonsense_transitions_say_why() -> None:
    with pytest.raises(RuleError) as info:
        next_state(K.CLO, S.SUBMITTED, A.CERTIFY)  # certify a submitted one
    assert "已提交" in info.value.zh and "submitted" in info.value.en
    with pytest.raises(RuleError) as info:
        next_state(K.MP, S.SUBMITTED, A.SUBMIT)  # submit twice
    assert "已是「已提交」" in info.value.zh and "already submitted" in info.value.en
    with pytest.raises(RuleError, match="課程諮詢紀錄只留存"):
        next_state(K.CONSULTATION, S.UPLOADED, A.SUBMIT)  # never submitted (seed 000 附表二 四(二))
    with pytest.raises(RuleError, match="幹部經歷不需要「勾選」"):
        next_state(K.CADRE, S.UPLOADED, A.SELECT)


def test_valid_states_per_kind() -> None:
    assert valid_states(K.CLO) == frozenset(ItemState)
    assert valid_states(K.MP) == frozenset(ItemState) - {S.CERTIFIED, S.NOT_CERTIFIED}
    assert valid_states(K.CADRE) == {S.UPLOADED, S.SUBMITTED, S.CONFIRMED}
    assert valid_states(K.CONSULTATION) == {S.UPLOADED}


@given(st.sampled_from(list(ItemKind)), st.lists(st.sampled_from(TRANSITION_ACTIONS), max_size=30))
def test_any_action_sequence_stays_in_valid_states(kind: ItemKind, actions: list[Action]) -> None:
    """Whatever is tried, an item only moves along the table; a CLO is only ever selected after certification."""
    state = S.UPLOADED
    seen = [state]
    for action in actions:
        try:
            new = next_state(kind, state, action)
        except RuleError:
            continue
        if kind is K.CLO and new is S.SELECTED:
            assert state is S.CERTIFIED
        if new is S.CONFIRMED:
            assert state is S.SUBMITTED
        state = new
        seen.append(state)
        assert state in valid_states(kind)
    if S.SUBMITTED in seen:  # once submitted, never back to an editable state
        after = seen[seen.index(S.SUBMITTED):]
        assert set(after) <= {S.SUBMITTED, S.CONFIRMED}


def test_parsers_read_platform_words() -> None:
    assert parse_kind("課程學習成果") == (K.CLO, None)
    assert parse_kind("多元 表現") == (K.MP, None)
    assert parse_kind("競賽參與") == (K.MP, MPCategory.COMPETITION)
    assert parse_kind("幹部經歷") == (K.CADRE, None)
    assert parse_kind("學業成績") == (K.COURSE_RECORD, None)
    assert parse_category("自主學習") is MPCategory.FLEXIBLE
    assert parse_state("待認證") is S.UPLOADED
    assert parse_state("認證未通過") is S.NOT_CERTIFIED
    assert parse_state("已確認收訖") is S.CONFIRMED
    assert parse_state("Submitted") is S.SUBMITTED
    for fn, bad in ((parse_kind, "作業"), (parse_category, "打掃"), (parse_state, "刪除")):
        with pytest.raises(RuleError) as info:
            fn(bad)
        assert bad in info.value.zh and bad in info.value.en


def test_state_label_for_office_entered_kinds() -> None:
    assert state_label(K.CADRE, S.UPLOADED) == "已登錄"
    assert state_label(K.CLO, S.UPLOADED) == "已上傳"


# --------------------------------------------------------------------------------------- caps


def test_seed_defaults() -> None:
    """seed 000 附表二 五/六 and seed 001 §五(三)(四), §六(一)."""
    assert CAPS_SEED_000.to_dict() == {"clo_uploads_per_semester": 6, "clo_selected_per_year": 6,
                                       "mp_uploads_per_semester": 10, "mp_uploads_per_year": 20,
                                       "mp_selected_per_year": 10}
    assert CAPS_SEED_001.mp_uploads_per_semester is None and CAPS_SEED_001.mp_uploads_per_year == 20


def test_rules_for_actions() -> None:
    assert {r.key for r in rules_for(K.CLO, A.UPLOAD)} == {"clo_uploads_per_semester"}
    assert {r.key for r in rules_for(K.MP, A.UPLOAD)} == {"mp_uploads_per_semester", "mp_uploads_per_year"}
    assert {r.key for r in rules_for(K.CLO, A.SELECT)} == {"clo_selected_per_year"}
    assert {r.key for r in rules_for(K.MP, A.SELECT)} == {"mp_selected_per_year"}
    assert rules_for(K.CADRE, A.UPLOAD) == () and rules_for(K.CLO, A.CERTIFY) == ()
    assert all(r.counted_states() == SELECTED_OR_LATER for r in CAP_RULES if r.counts == "selected")


@pytest.mark.parametrize("rule", CAP_RULES, ids=lambda r: r.key)
def test_each_cap_refuses_one_over_the_limit_and_names_the_items(rule) -> None:  # type: ignore[no-untyped-def]
    limit = CAPS_SEED_000.limit(rule)
    assert limit is not None
    counted = [CountedItem(i, f"成果{i}", "113-1") for i in range(1, limit + 1)]
    check_cap(rule, CAPS_SEED_000, counted[:-1])  # limit - 1 + 1 = limit: fine
    with pytest.raises(CapExceeded) as info:
        check_cap(rule, CAPS_SEED_000, counted, scope_label="學號 0001 在 113-1")
    exc = info.value
    assert exc.rule is rule and exc.limit == limit and len(exc.counted) == limit
    assert rule.zh in exc.zh and f"至多 {limit} 件" in exc.zh and f"已有 {limit} 件" in exc.zh
    assert "#1 「成果1」" in exc.zh and rule.en in exc.en


def test_a_none_cap_never_refuses() -> None:
    rule = next(r for r in CAP_RULES if r.key == "mp_uploads_per_semester")
    check_cap(rule, CAPS_SEED_001, [CountedItem(i, "x", "113-1") for i in range(50)])


@given(st.integers(0, 30), st.integers(0, 30), st.integers(1, 5))
def test_cap_refuses_exactly_when_over(limit: int, have: int, adding: int) -> None:
    rule = CAP_RULES[0]
    caps = Caps(clo_uploads_per_semester=limit)
    counted = [CountedItem(i, "t", "113-1") for i in range(have)]
    if have + adding > limit:
        with pytest.raises(CapExceeded):
            check_cap(rule, caps, counted, adding=adding)
    else:
        check_cap(rule, caps, counted, adding=adding)


def test_caps_setting_round_trip_and_refusal() -> None:
    caps = Caps(mp_uploads_per_semester=None, clo_selected_per_year=5)
    assert Caps.from_dict(caps.to_dict()) == caps
    assert Caps.from_dict({"unknown": 3}) == Caps()
    for bad in (-1, "6", 2.5, True):
        with pytest.raises(RuleError):
            Caps.from_dict({"clo_uploads_per_semester": bad})
