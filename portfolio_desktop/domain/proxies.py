"""代理人名單及代理順位: who acts when the holder of a function (or a teacher) cannot.

Sources: seed 001 §九(一)2 and §九(三)1 (the working group sets proxy lists and orders of precedence for
administrative staff), §九(三)2(1) (for a course teacher who can no longer certify, the proxies
certify), §九(三)2(2) (a teacher who still can may keep their account alive for a while: the *grace
period*). DOMAIN.md "Proxies": the holder cannot act when departed, or on leave covering the date;
then the first available proxy in order acts, and every action says who acted for whom.

Pure: people are plain dataclasses, dates are given; no clock, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from portfolio_desktop.errors import RuleError


@dataclass(frozen=True)
class Leave:
    """A leave period, both ends included."""

    starts_on: dt.date
    ends_on: dt.date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise RuleError(
                f"請假期間結束日 {self.ends_on} 早於開始日 {self.starts_on}",
                f"leave ends ({self.ends_on}) before it starts ({self.starts_on})",
            )

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Person:
    """A staff member as far as availability goes."""

    name: str
    departed_on: dt.date | None = None  # first day no longer at the school
    grace_until: dt.date | None = None  # last day the departed person's own account may still certify
    leaves: tuple[Leave, ...] = ()
    label: str = ""  # shown name (display name); ``name`` is the username

    @property
    def shown(self) -> str:
        return self.label or self.name


def unavailable_reason(person: Person, day: dt.date, *, grace_applies: bool = False) -> tuple[str, str] | None:
    """Why ``person`` cannot act on ``day`` (zh, en), or None when they can.

    A departed person is unavailable from ``departed_on`` on, except — when ``grace_applies`` (the
    action is one the grace period allows, i.e. certifying their own courses) — up to and including
    ``grace_until`` (seed 001 §九(三)2(2)). A leave covering the day makes anyone unavailable.
    """
    if person.departed_on is not None and day >= person.departed_on:
        in_grace = grace_applies and person.grace_until is not None and day <= person.grace_until
        if not in_grace:
            if person.grace_until is not None and grace_applies:
                return (f"已於 {person.departed_on} 離職，帳號保留期已於 {person.grace_until} 結束",
                        f"left on {person.departed_on}; the grace period ended on {person.grace_until}")
            return f"已於 {person.departed_on} 離職", f"left on {person.departed_on}"
    for leave in person.leaves:
        if leave.covers(day):
            return (f"{leave.starts_on}～{leave.ends_on} 請假中",
                    f"on leave {leave.starts_on} to {leave.ends_on}")
    return None


def is_available(person: Person, day: dt.date, *, grace_applies: bool = False) -> bool:
    return unavailable_reason(person, day, grace_applies=grace_applies) is None


@dataclass(frozen=True)
class Skipped:
    name: str
    rank: int  # 0 = the holder, 1.. = position in the proxy list
    zh: str
    en: str


@dataclass(frozen=True)
class Resolution:
    """Who acts on ``day`` for ``holder``: the holder themselves (rank 0) or the proxy at ``rank``."""

    holder: str
    acting: str
    rank: int
    day: dt.date
    skipped: tuple[Skipped, ...] = field(default=())

    @property
    def is_proxy(self) -> bool:
        return self.rank > 0

    @property
    def on_behalf_of(self) -> str | None:
        return self.holder if self.rank > 0 else None


class NobodyAvailable(RuleError):
    """Neither the holder nor any proxy can act on the day: the message names whom to ask."""

    def __init__(self, function: str, day: dt.date, skipped: Sequence[Skipped], ask: str | None = None) -> None:
        self.function = function
        self.day = day
        self.skipped = tuple(skipped)
        who_zh = f"工作小組執行秘書（教務主任）{ask}" if ask else "工作小組執行秘書（教務主任）"
        who_en = f"the working-group secretary (dean) {ask}" if ask else "the working-group secretary (dean)"
        reasons_zh = "；".join(f"{s.name}：{s.zh}" for s in self.skipped) or "代理人名單是空的"
        reasons_en = "; ".join(f"{s.name}: {s.en}" for s in self.skipped) or "the proxy list is empty"
        super().__init__(
            f"{day} 無人可代理「{function}」（{reasons_zh}）。請洽{who_zh}補訂代理人名單及代理順位。",
            f"nobody can act for '{function}' on {day} ({reasons_en}). Ask {who_en} to extend the proxy list.",
        )


def resolve(holder: Person | None, proxies: Sequence[Person], day: dt.date, *, function: str = "",
            grace_applies: bool = False, ask: str | None = None) -> Resolution:
    """The first available person in the order: holder, then proxies in list order.

    ``holder`` None means the function is vacant (nobody holds it): the proxies act for ``function``.
    The grace period only ever keeps the *holder's own* account acting; a proxy who has departed is
    skipped whatever their grace (their grace covers their own courses, not others').
    Raises :class:`NobodyAvailable` naming whom to ask (seed 001 §九: the working group, whose
    executive secretary is the dean, sets the lists).
    """
    holder_name = holder.name if holder is not None else function
    skipped: list[Skipped] = []
    if holder is not None:
        why = unavailable_reason(holder, day, grace_applies=grace_applies)
        if why is None:
            return Resolution(holder=holder.name, acting=holder.name, rank=0, day=day)
        skipped.append(Skipped(holder.name, 0, *why))
    seen = {holder.name} if holder is not None else set()
    for rank, proxy in enumerate(proxies, start=1):
        if proxy.name in seen:
            continue  # a person listed twice (or the holder listed as their own proxy) is no extra option
        seen.add(proxy.name)
        why = unavailable_reason(proxy, day, grace_applies=False)
        if why is None:
            return Resolution(holder=holder_name, acting=proxy.name, rank=rank, day=day, skipped=tuple(skipped))
        skipped.append(Skipped(proxy.name, rank, *why))
    raise NobodyAvailable(function or holder_name, day, skipped, ask)


def acting_for(holder: Person | None, proxies: Sequence[Person], day: dt.date, *, function: str = "",
               ask: str | None = None) -> Resolution:
    """Who acts FOR a holder on ``day``: the ONE rule that authz, the read scopes, ``proxies who`` and
    the to-do lists share. A departed holder is replaced by their first available proxy from the day
    they leave, grace period or not: the proxies certify when the teacher has left (seed 001
    §九(三)2(1)); the grace period only keeps the holder's OWN account able to certify meanwhile
    (§九(三)2(2): 減緩原帳號消滅時間), it does not keep the proxy waiting."""
    return resolve(holder, proxies, day, function=function, grace_applies=False, ask=ask)


def in_grace(person: Person, day: dt.date) -> bool:
    """Whether a departed person's own account may still certify on ``day`` (seed 001 §九(三)2(2))."""
    return (person.departed_on is not None and day >= person.departed_on and person.grace_until is not None
            and day <= person.grace_until)


def check_order(proxies: Sequence[str], holder: str | None = None) -> list[str]:
    """Validate a proxy list as entered: no blanks, nobody twice, not the holder themselves."""
    out: list[str] = []
    for position, name in enumerate(proxies, start=1):
        n = name.strip()
        if not n:
            raise RuleError(f"第 {position} 順位的代理人是空白", f"proxy at position {position} is blank")
        if n in out:
            raise RuleError(f"代理人「{n}」重複列在第 {out.index(n) + 1} 及第 {position} 順位",
                            f"proxy '{n}' is listed twice (positions {out.index(n) + 1} and {position})")
        if holder is not None and n == holder:
            raise RuleError(f"「{n}」不能當自己的代理人", f"'{n}' cannot be their own proxy")
        out.append(n)
    return out
