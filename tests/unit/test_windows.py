"""作業期程 windows, overrides, date-time parsing and the "behind" rule (seed 001 §四)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.items import Action, ItemKind
from portfolio_desktop.domain.windows import (
    Behind,
    Progress,
    Window,
    WindowKind,
    behind_reasons,
    check_window,
    parse_datetime,
    parse_window_kind,
    validate_span,
    window_for,
)
from portfolio_desktop.errors import RuleError

W = WindowKind
START = dt.datetime(2024, 12, 1, 8, 0)
END = dt.datetime(2024, 12, 31, 17, 0)
SEL = Window(W.SELECTION, "113-1", START, END)


def test_window_for_each_action() -> None:
    assert window_for(ItemKind.CLO, Action.UPLOAD) is W.UPLOAD
    assert window_for(ItemKind.MP, Action.UPLOAD) is W.UPLOAD
    assert window_for(ItemKind.CADRE, Action.UPLOAD) is None  # entered by 訓育組, no student window
    assert window_for(ItemKind.CLO, Action.CERTIFY) is W.CERTIFICATION
    assert window_for(ItemKind.CLO, Action.REJECT) is W.CERTIFICATION
    assert window_for(ItemKind.MP, Action.SELECT) is W.SELECTION
    assert window_for(ItemKind.MP, Action.DESELECT) is W.SELECTION
    assert window_for(ItemKind.CADRE, Action.SUBMIT) is W.SUBMISSION
    assert window_for(ItemKind.CLO, Action.CONFIRM) is W.RECEIPT


def test_inside_the_window_including_both_ends() -> None:
    for at in (START, END, dt.datetime(2024, 12, 15, 12, 0)):
        assert check_window(W.SELECTION, [SEL], at) == "open"


def test_outside_is_refused_naming_the_window() -> None:
    with pytest.raises(RuleError) as info:
        check_window(W.SELECTION, [SEL], END + dt.timedelta(minutes=1))
    assert "113/12/01 08:00" in info.value.zh and "113/12/31 17:00" in info.value.zh
    assert "outside the selection window" in info.value.en


def test_override_needs_a_reason() -> None:
    late = END + dt.timedelta(days=1)
    assert check_window(W.SELECTION, [SEL], late, override_reason="學生住院，經教務處核准") == "override"
    with pytest.raises(RuleError, match="必須填寫理由"):
        check_window(W.SELECTION, [SEL], late, override_reason="   ")


def test_no_window_set_is_refused() -> None:
    with pytest.raises(RuleError, match="尚未設定「提交」期程"):
        check_window(W.SUBMISSION, [SEL], START)


def test_window_of_another_kind_does_not_open() -> None:
    upload = Window(W.UPLOAD, "113-1", START, END)
    with pytest.raises(RuleError):
        check_window(W.SELECTION, [upload], START)


@given(st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)))
def test_check_window_agrees_with_contains(at: dt.datetime) -> None:
    if START <= at <= END:
        assert check_window(W.SELECTION, [SEL], at) == "open"
    else:
        with pytest.raises(RuleError):
            check_window(W.SELECTION, [SEL], at)


def test_parse_window_kind() -> None:
    assert parse_window_kind("收訖明細確認") is W.RECEIPT
    assert parse_window_kind("學生 勾選") is W.SELECTION
    assert parse_window_kind("Self-Check") is W.SELF_CHECK
    with pytest.raises(RuleError, match="不認得的期程項目"):
        parse_window_kind("午餐")


def test_parse_datetime_forms() -> None:
    assert parse_datetime("113/06/01 08:00") == dt.datetime(2024, 6, 1, 8, 0)
    assert parse_datetime("2024-06-01T08:30:15") == dt.datetime(2024, 6, 1, 8, 30, 15)
    assert parse_datetime("民國113年6月1日") == dt.datetime(2024, 6, 1)
    assert parse_datetime("113/06/30", end_of_day=True) == dt.datetime(2024, 6, 30, 23, 59, 59)
    assert parse_datetime(dt.date(2024, 6, 30), end_of_day=True) == dt.datetime(2024, 6, 30, 23, 59, 59)
    assert parse_datetime(dt.datetime(2024, 6, 1, 8, 0, 5, 123)) == dt.datetime(2024, 6, 1, 8, 0, 5)
    assert parse_datetime("１１３/０６/０１　０８：００") == dt.datetime(2024, 6, 1, 8, 0)
    for bad in ("113/06/01 25:00", "113/02/30 08:00", "明天早上"):
        with pytest.raises(RuleError):
            parse_datetime(bad)


@given(st.datetimes(min_value=dt.datetime(1912, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_parse_datetime_round_trips_roc_text(value: dt.datetime) -> None:
    value = value.replace(second=0, microsecond=0)
    roc = value.year - 1911
    assert parse_datetime(f"{roc:03d}/{value.month:02d}/{value.day:02d} {value:%H:%M}") == value


def test_validate_span() -> None:
    validate_span(START, START)
    with pytest.raises(RuleError, match="早於開始時間"):
        validate_span(END, START)


TODAY = dt.date(2024, 12, 28)  # SEL ends in 3 days


def test_behind_reasons_each_rule() -> None:
    ws = [Window(k, "113-1", START, END) for k in (W.UPLOAD, W.CERTIFICATION, W.SELECTION, W.RECEIPT)]
    nothing = Progress()
    assert behind_reasons(nothing, ws, TODAY, within_days=7) == (Behind.NO_UPLOAD, Behind.NOT_SELECTED)
    pending = Progress(clo_uploaded=2, clo_pending=1, selected=1, submitted=2, confirmed=1)
    assert behind_reasons(pending, ws, TODAY, within_days=7) == (Behind.AWAITING_CERTIFICATION, Behind.NOT_CONFIRMED)
    done = Progress(clo_uploaded=2, clo_pending=0, selected=1, submitted=1, confirmed=1)
    assert behind_reasons(done, ws, TODAY, within_days=7) == ()


def test_not_behind_while_the_window_ends_later_or_is_closed() -> None:
    assert behind_reasons(Progress(), [SEL], TODAY, within_days=2) == ()
    assert behind_reasons(Progress(), [SEL], END.date() + dt.timedelta(days=1), within_days=7) == ()
    assert behind_reasons(Progress(), [SEL], START.date() - dt.timedelta(days=1), within_days=60) == ()


@given(st.builds(Progress, st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.integers(0, 6),
                 st.integers(0, 6), st.just(True)), st.integers(0, 60))
def test_departed_students_are_never_behind(progress: Progress, days: int) -> None:
    """They can no longer use the platform (seed 001 §九(三)3)."""
    ws = [Window(k, "113-1", START, END) for k in W]
    assert behind_reasons(progress, ws, TODAY, within_days=days) == ()
