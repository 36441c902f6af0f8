"""Proxy resolution (seed 001 §九): order, leave periods, departure, grace, nobody available."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_desktop.domain.proxies import (
    Leave,
    NobodyAvailable,
    Person,
    check_order,
    is_available,
    resolve,
    unavailable_reason,
)
from portfolio_desktop.errors import RuleError

D = dt.date
DAY = D(2024, 10, 1)


def test_holder_available_acts_themselves() -> None:
    res = resolve(Person("wang"), [Person("lin"), Person("chen")], DAY, function="註冊組")
    assert (res.acting, res.rank, res.on_behalf_of, res.is_proxy) == ("wang", 0, None, False)


def test_first_available_proxy_in_order_acts() -> None:
    holder = Person("wang", departed_on=D(2024, 9, 1))
    res = resolve(holder, [Person("lin"), Person("chen")], DAY)
    assert (res.acting, res.rank, res.on_behalf_of) == ("lin", 1, "wang")
    assert [s.name for s in res.skipped] == ["wang"]


def test_order_not_alphabet_decides() -> None:
    holder = Person("wang", departed_on=D(2024, 9, 1))
    res = resolve(holder, [Person("zhou"), Person("an")], DAY)
    assert res.acting == "zhou"


def test_leave_covering_the_day_skips_to_next_proxy() -> None:
    holder = Person("wang", leaves=(Leave(D(2024, 9, 30), D(2024, 10, 2)),))
    first = Person("lin", leaves=(Leave(D(2024, 10, 1), D(2024, 10, 1)),))
    res = resolve(holder, [first, Person("chen")], DAY)
    assert (res.acting, res.rank) == ("chen", 2)
    assert [s.rank for s in res.skipped] == [0, 1]


def test_leave_ends_are_included_and_outside_is_available() -> None:
    p = Person("wang", leaves=(Leave(D(2024, 10, 1), D(2024, 10, 3)),))
    assert not is_available(p, D(2024, 10, 1))
    assert not is_available(p, D(2024, 10, 3))
    assert is_available(p, D(2024, 9, 30))
    assert is_available(p, D(2024, 10, 4))


def test_departed_from_the_departure_day_on() -> None:
    p = Person("wang", departed_on=DAY)
    assert is_available(p, DAY - dt.timedelta(days=1))
    assert not is_available(p, DAY)
    assert "離職" in unavailable_reason(p, DAY)[0]  # type: ignore[index]


def test_grace_period_lets_the_departed_teacher_certify_then_proxies_take_over() -> None:
    teacher = Person("wang", departed_on=D(2024, 8, 1), grace_until=D(2024, 10, 31))
    proxies = [Person("lin")]
    during = resolve(teacher, proxies, D(2024, 10, 31), grace_applies=True)
    assert (during.acting, during.rank) == ("wang", 0)
    after = resolve(teacher, proxies, D(2024, 11, 1), grace_applies=True)
    assert (after.acting, after.on_behalf_of) == ("lin", "wang")
    assert "保留期" in after.skipped[0].zh


def test_grace_does_not_apply_to_other_actions() -> None:
    teacher = Person("wang", departed_on=D(2024, 8, 1), grace_until=D(2024, 10, 31))
    res = resolve(teacher, [Person("lin")], D(2024, 9, 1), grace_applies=False)
    assert res.acting == "lin"


def test_a_departed_proxy_in_grace_does_not_act_for_others() -> None:
    holder = Person("wang", departed_on=D(2024, 8, 1))
    proxy = Person("lin", departed_on=D(2024, 8, 1), grace_until=D(2024, 12, 31))
    res = resolve(holder, [proxy, Person("chen")], DAY, grace_applies=True)
    assert res.acting == "chen"


def test_nobody_available_names_whom_to_ask() -> None:
    holder = Person("wang", departed_on=D(2024, 9, 1))
    proxies = [Person("lin", leaves=(Leave(DAY, DAY),)), Person("chen", departed_on=D(2024, 1, 1))]
    with pytest.raises(NobodyAvailable) as info:
        resolve(holder, proxies, DAY, function="進修部教務組", ask="王主任")
    exc = info.value
    assert "執行秘書" in exc.zh and "教務主任" in exc.zh and "王主任" in exc.zh
    assert "secretary" in exc.en and "進修部教務組" in exc.zh
    assert [s.name for s in exc.skipped] == ["wang", "lin", "chen"]
    assert isinstance(exc, RuleError)


def test_empty_list_and_vacant_function() -> None:
    with pytest.raises(NobodyAvailable) as info:
        resolve(Person("wang", departed_on=D(2024, 9, 1)), [], DAY, function="教學組")
    assert "代理人名單是空的" not in info.value.zh  # the holder was skipped, so the reason names them
    res = resolve(None, [Person("lin")], DAY, function="註冊組")
    assert (res.acting, res.on_behalf_of, res.rank) == ("lin", "註冊組", 1)
    with pytest.raises(NobodyAvailable) as info2:
        resolve(None, [], DAY, function="註冊組")
    assert "代理人名單是空的" in info2.value.zh


def test_holder_listed_as_own_proxy_is_not_a_second_chance() -> None:
    holder = Person("wang", departed_on=D(2024, 9, 1))
    res = resolve(holder, [Person("wang", departed_on=D(2024, 9, 1)), Person("lin")], DAY)
    assert res.acting == "lin" and res.rank == 2


def test_leave_with_end_before_start_is_refused() -> None:
    with pytest.raises(RuleError):
        Leave(D(2024, 10, 2), D(2024, 10, 1))


def test_check_order() -> None:
    assert check_order([" lin ", "chen"]) == ["lin", "chen"]
    with pytest.raises(RuleError, match="重複"):
        check_order(["lin", "chen", "lin"])
    with pytest.raises(RuleError, match="自己"):
        check_order(["wang"], holder="wang")
    with pytest.raises(RuleError, match="空白"):
        check_order(["lin", " "])


names = st.sampled_from(["a", "b", "c", "d", "e", "f"])
days = st.dates(min_value=D(2024, 8, 1), max_value=D(2025, 7, 31))


@st.composite
def people(draw: st.DrawFn) -> Person:
    name = draw(names)
    departed = draw(st.none() | days)
    leaves = tuple(Leave(a, a + dt.timedelta(days=draw(st.integers(0, 20)))) for a in draw(st.lists(days, max_size=2)))
    return Person(name, departed_on=departed, leaves=leaves)


@given(holder=people(), proxies=st.lists(people(), max_size=5), day=days)
def test_property_the_one_who_acts_is_the_first_available(holder: Person, proxies: list[Person], day: dt.date) -> None:
    order = [holder, *proxies]
    available = [i for i, p in enumerate(order) if is_available(p, day) and (i == 0 or p.name != holder.name)]
    seen: set[str] = set()
    firsts = []
    for i, p in enumerate(order):
        if p.name not in seen:
            firsts.append(i)
            seen.add(p.name)
    candidates = [i for i in firsts if i in available]
    if not candidates:
        with pytest.raises(NobodyAvailable):
            resolve(holder, proxies, day)
        return
    res = resolve(holder, proxies, day)
    assert res.rank == candidates[0]
    assert res.acting == order[candidates[0]].name
    assert all(not is_available(order[s.rank], day) for s in res.skipped)
