"""代理人名單及代理順位 (seed 001 §九(一)2, §九(三)1-2): lists per office function and per person,
kept by the working group; resolution of who acts on a date; .xlsx import and export.

A list's *target* is written ``function:ROLE:DIVISION`` (``function:registry:night``,
``function:academic:``) or ``person:USERNAME``; people may also type an office name (進修部教務組)
or a user name — :func:`parse_target` reads both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portfolio_desktop.domain import roles as R
from portfolio_desktop.domain.proxies import (
    NobodyAvailable,
    Resolution,
    acting_for,
    check_order,
    in_grace,
    unavailable_reason,
)
from portfolio_desktop.domain.roles import DIVISION_ROLES, DIVISIONS, PERSONAL_ROLES, Grant, Permission, Role
from portfolio_desktop.errors import ImportRefused, NotFoundError, PortfolioError, Problem, RuleError
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.imports import finish_import
from portfolio_desktop.collector import bulk_work
from portfolio_desktop.services.imports import ImportKeywords, ImportOptions
from portfolio_desktop.services.read_scope import Reader, require_reader
from portfolio_desktop.services.accounts.staff_store import (
    all_staff,
    division_id,
    find_staff,
    grants_of,
    holders_of,
    maybe_staff,
    person_of,
)
from portfolio_desktop.store.accounts_models import ProxyEntry, ProxyList, Staff
from portfolio_desktop.store.engine import Database


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    kind: str  # "function" / "person"
    role: Role | None = None
    division: str | None = None
    holder: str | None = None  # username for person lists


@dataclass(frozen=True)
class ProxyListRow:
    target: Target
    proxies: tuple[tuple[str, str], ...]  # (username, display name) in order of precedence

    @property
    def usernames(self) -> list[str]:
        return [u for u, _ in self.proxies]


@dataclass
class ProxyImportReport:
    file: str
    sheet: str
    dry_run: bool
    lists: dict[str, list[str]] = field(default_factory=dict)  # target key → proxies in order
    changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def function_key(role: Role, division: str | None) -> str:
    return f"function:{role.value}:{division or ''}"


def _function_target(role: Role, division: str | None) -> Target:
    return Target(function_key(role, division), R.role_label(role, division), "function", role, division)


def _person_target(staff: Staff) -> Target:
    return Target(f"person:{staff.username}", f"{staff.display_name}（{staff.username}）", "person",
                  holder=staff.username)


def office_targets() -> list[Target]:
    """Every office function that can have a list: per division where the office is per division."""
    out: list[Target] = []
    for role in Role:
        if role in PERSONAL_ROLES:
            continue
        if role in DIVISION_ROLES:
            out.extend(_function_target(role, d) for d in DIVISIONS)
        else:
            out.append(_function_target(role, None))
    return out


def parse_target(session: Session, text: str) -> Target:
    t = text.strip()
    if t.startswith("function:"):
        _, role_code, div = (t.split(":") + [""])[:3]
        try:
            role = Role(role_code)
        except ValueError:
            raise RuleError(f"不認得的職務代碼「{role_code}」", f"unknown role code '{role_code}'") from None
        return _checked_function(role, div or None)
    if t.startswith("person:"):
        return _person_target(find_staff(session, t[len("person:"):]))
    staff = maybe_staff(session, t)
    if staff is not None:
        return _person_target(staff)
    try:
        role, division = R.parse_role(t)
    except PortfolioError:
        raise NotFoundError(f"「{t}」既不是處室職務，也不是人員帳號", f"'{t}' is neither an office nor a user name") from None
    return _checked_function(role, division)


def _checked_function(role: Role, division: str | None) -> Target:
    if role in PERSONAL_ROLES:
        raise RuleError(f"{R.role_label(role)}的代理人請依每位教師個別設定（填教師帳號）",
                        f"set proxies for each {R.role_label_en(role)} by their user name")
    if role in DIVISION_ROLES and division not in DIVISIONS:
        raise RuleError(f"{R.role_label(role)}需指定部別（日間部或進修部）", f"{role.value} needs a division (day / night)")
    if role not in DIVISION_ROLES:
        division = None
    return _function_target(role, division)


def _load(session: Session, key: str) -> ProxyList | None:
    return session.scalar(
        select(ProxyList).where(ProxyList.key == key)
        .options(selectinload(ProxyList.entries).selectinload(ProxyEntry.staff).selectinload(Staff.leaves))
    )


def _row(target: Target, plist: ProxyList | None) -> ProxyListRow:
    entries = plist.entries if plist is not None else []
    return ProxyListRow(target, tuple((e.staff.username, e.staff.display_name) for e in entries))


def _target_of(plist: ProxyList) -> Target:
    if plist.holder is not None:
        return _person_target(plist.holder)
    return _function_target(Role(plist.role or ""), plist.division.code if plist.division else None)


def list_lists(db: Database, actor: Reader, *, include_empty_offices: bool = False) -> list[ProxyListRow]:
    """Every stored list (offices first, then people); with ``include_empty_offices`` every office too.
    Every member of staff reads them (seed 001 §九: who acts for whom concerns everyone)."""
    require_reader(db, actor)
    with db.read() as s:
        stored = {
            p.key: p for p in s.scalars(select(ProxyList).options(
                selectinload(ProxyList.entries).selectinload(ProxyEntry.staff), selectinload(ProxyList.holder),
                selectinload(ProxyList.division)))
        }
        rows: list[ProxyListRow] = []
        for target in office_targets():
            if target.key in stored or include_empty_offices:
                rows.append(_row(target, stored.pop(target.key, None)))
        for plist in sorted(stored.values(), key=lambda p: p.key):
            rows.append(_row(_target_of(plist), plist))
        return rows


def person_targets(db: Database, actor: Reader) -> list[Target]:
    """People who hold a personal role (teacher, mentor, consultant): each may have a list."""
    require_reader(db, actor)
    with db.read() as s:
        return [_person_target(st) for st in all_staff(s) if any(g.role in PERSONAL_ROLES for g in grants_of(st))]


def get_list(db: Database, actor: Reader, target: str) -> ProxyListRow:
    require_reader(db, actor)
    with db.read() as s:
        t = parse_target(s, target)
        return _row(t, _load(s, t.key))


def _store(session: Session, t: Target, names: list[str]) -> tuple[list[str], list[str]]:
    """Replace the list's entries; returns (before, after) user names."""
    plist = _load(session, t.key)
    before = [e.staff.username for e in plist.entries] if plist is not None else []
    staff = [find_staff(session, n) for n in names]
    if plist is None:
        if not staff:
            return before, []
        holder_id = find_staff(session, t.holder).id if t.holder else None
        div_id = division_id(session, t.division) if t.division else None
        plist = ProxyList(key=t.key, role=t.role.value if t.role else None, division_id=div_id, holder_id=holder_id)
        session.add(plist)
    plist.entries.clear()
    session.flush()  # the old positions are gone before the new ones are inserted
    if not staff:
        session.delete(plist)
        return before, []
    for position, st in enumerate(staff, start=1):
        plist.entries.append(ProxyEntry(position=position, staff_id=st.id))
    plist.updated_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    session.flush()
    return before, [st.username for st in staff]


def set_list(db: Database, actor: Actor, target: str, proxies: Sequence[str]) -> ProxyListRow:
    """Set (or reorder, or clear with an empty list) the proxies of one target, in order of precedence."""
    with db.write() as s:
        acting = authz.require(s, actor, Permission.PROXIES_WRITE)
        t = parse_target(s, target)
        names = check_order(list(proxies), holder=t.holder)
        before, after = _store(s, t, names)
        if before != after:
            acting.audit(s, action="proxies.set", entity="proxy_list", key=t.key, before=before, after=after)
        return _row(t, _load(s, t.key))


def _resolve_target(session: Session, t: Target, day: dt.date) -> Resolution:
    plist = _load(session, t.key)
    proxies = [person_of(e.staff) for e in plist.entries] if plist is not None else []
    deans = holders_of(session, Role.DEAN, None)
    ask = deans[0].display_name if deans else None
    if t.kind == "person":
        return acting_for(person_of(find_staff(session, t.holder or "")), proxies, day, function=t.label, ask=ask)
    holders = holders_of(session, t.role, t.division) if t.role else []
    for h in holders:
        if unavailable_reason(person_of(h), day) is None:
            return Resolution(holder=h.username, acting=h.username, rank=0, day=day)
    first = person_of(holders[0]) if holders else None
    return acting_for(first, proxies, day, function=t.label, ask=ask)


def resolve_for(db: Database, actor: Reader, target: str, on: dt.date | None = None) -> Resolution:
    """Who acts for the target on ``on`` (default today), by the rule authz uses (domain.proxies
    acting_for: a departed holder's first available proxy, grace period or not). Raises
    NobodyAvailable naming whom to ask."""
    require_reader(db, actor)
    with db.read() as s:
        return _resolve_target(s, parse_target(s, target), on or dt.date.today())


def holder_in_grace(db: Database, actor: Reader, target: str, on: dt.date | None = None) -> dt.date | None:
    """The last day of the grace period when the target is a departed person whose own account may
    still certify on ``on`` (besides their proxy: seed 001 §九(三)2(2)), else None."""
    require_reader(db, actor)
    with db.read() as s:
        t = parse_target(s, target)
        if t.kind != "person":
            return None
        holder = person_of(find_staff(s, t.holder or ""))
        return holder.grace_until if in_grace(holder, on or dt.date.today()) else None


def responsible_for_course(db: Database, course_code: str, on: dt.date | None = None) -> Resolution:
    """Who certifies a course's outcomes on ``on``: its teacher, or — when the teacher has left or is
    on leave — their first available proxy (seed 001 §九(三)2(1); domain.proxies.acting_for). A
    departed teacher without an available proxy still certifies during the grace period
    (§九(三)2(2)). For the dashboard's follow-up lists."""
    with db.read() as s:
        teachers = [st for st in all_staff(s) if Grant(Role.TEACHER, course_code=course_code) in grants_of(st)]
        if not teachers:
            raise NotFoundError(f"課程 {course_code} 沒有登錄任課教師", f"course {course_code} has no teacher on record")
        day = on or dt.date.today()
        last: NobodyAvailable | None = None
        for teacher in teachers:
            try:
                return _resolve_target(s, _person_target(teacher), day)
            except NobodyAvailable as exc:
                if in_grace(person_of(teacher), day):
                    return Resolution(holder=teacher.username, acting=teacher.username, rank=0, day=day)
                last = exc
        assert last is not None
        raise last


# ---- .xlsx ---------------------------------------------------------------------------------------

def export_xlsx(db: Database, actor: Reader, path: Path) -> int:
    from portfolio_desktop.io.proxy_spec import PROXY_HEADERS
    from portfolio_desktop.io.xlsx_out import write_table

    rows = [(lst.target.label if lst.target.kind == "function" else lst.target.holder, rank, user, name)
            for lst in list_lists(db, actor) for rank, (user, name) in enumerate(lst.proxies, start=1)]
    return write_table(Path(path), PROXY_HEADERS, rows, sheet="代理人名單", text_columns={0, 2, 3})


@bulk_work
def import_xlsx(db: Database, actor: Actor, path: Path, **options: Unpack[ImportKeywords]) -> ProxyImportReport:
    """All or nothing: every problem is listed (file, sheet, row, column) and nothing is written if any.

    Lists named in the file are replaced whole; lists not named are left as they are. ``mapping``:
    key → header chosen by hand (the import dialog), as for every import.
    """
    o = ImportOptions(**options)
    dry_run, cancelled = o.dry_run, o.cancelled
    if o.skip_invalid:  # seed 001 §九: a proxy list is replaced whole or not at all
        raise RuleError("代理人名單匯入不略過有問題的列：請修正檔案後再匯入",
                        "a proxy-list import never skips rows: fix the file and import again")
    from portfolio_desktop.io.proxy_spec import PROXIES

    table = o.read(path, PROXIES)
    report = ProxyImportReport(file=table.file, sheet=table.sheet, dry_run=dry_run, problems=list(table.problems))
    hdr = {k: table.headers[i] for k, i in table.mapping.items()}

    def problem(row: int, key: str, value: object, exc: PortfolioError) -> None:
        report.problems.append(Problem(table.file, table.sheet, row, hdr.get(key, key), str(value), exc.zh, exc.en))

    with db.write() as s:
        acting = authz.require(s, actor, Permission.PROXIES_WRITE)
        ranked: dict[str, dict[int, tuple[int, str]]] = {}
        targets: dict[str, Target] = {}
        for prow in table.rows:
            v = prow.values
            try:
                t = parse_target(s, str(v["target"]))
            except PortfolioError as exc:
                problem(prow.row, "target", v["target"], exc)
                continue
            targets[t.key] = t
            if maybe_staff(s, str(v["proxy"])) is None:
                problem(prow.row, "proxy", v["proxy"], NotFoundError("找不到此代理人帳號", "no such user"))
                continue
            slots = ranked.setdefault(t.key, {})
            rank = int(v["rank"])  # type: ignore[call-overload]
            if rank in slots:
                problem(prow.row, "rank", rank, RuleError(f"與第 {slots[rank][0]} 列的順位重複",
                                                          f"same rank as row {slots[rank][0]}"))
                continue
            slots[rank] = (prow.row, str(v["proxy"]))
        for key, slots in ranked.items():
            names = [name for _, (_, name) in sorted(slots.items())]
            try:
                report.lists[key] = check_order(names, holder=targets[key].holder)
            except RuleError as exc:
                problem(min(r for r, _ in slots.values()), "proxy", "、".join(names), exc)
        report.problems.sort(key=lambda p: p.row)
        if report.problems:
            raise ImportRefused(report.problems)
        for key, names in report.lists.items():
            before, after = _store(s, targets[key], names)
            if before != after:
                report.changed.append(key)
                acting.audit(s, action="proxies.import", entity="proxy_list", key=key, before=before, after=after)
        finish_import(s, file=report.file, dry_run=dry_run, cancelled=cancelled)  # audited per list
    return report
