"""Staff records, sign-in accounts and role grants.

Passwords exist only as Argon2id hashes (domain/passwords.py); no message, log line or audit row ever
contains one. Sign-in failures are counted per account: after 3 the next attempt must wait 2, 4, 8 …
seconds, the 10th locks the account for 15 minutes; an administrator can unlock and reset.
A failed sign-in never says whether the user name exists.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from portfolio_desktop.domain import passwords as pw
from portfolio_desktop.domain.proxies import Leave
from portfolio_desktop.domain.roles import DIVISION_ROLES, DIVISIONS, Grant, Permission, Role, parse_role
from portfolio_desktop.errors import PermissionDenied, RuleError
from portfolio_desktop.services import authz
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.setting_owners import check_account_change, require_accounts
from portfolio_desktop.services.accounts.staff_store import (
    all_staff,
    class_id_of,
    division_id,
    find_staff,
    grant_label,
    grants_of,
    maybe_staff,
)
from portfolio_desktop.store import audit
from portfolio_desktop.store.accounts_models import Account, Staff, StaffLeave, StaffRole
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import local_date, utcnow

_log = logging.getLogger(__name__)

BAD_SIGN_IN = ("帳號或密碼不正確", "wrong user name or password")


@dataclass(frozen=True)
class StaffRow:
    id: int
    username: str
    display_name: str
    grants: tuple[Grant, ...]
    role_labels: tuple[str, ...]
    has_account: bool
    disabled: bool
    locked_until: dt.datetime | None
    must_change: bool
    departed_on: dt.date | None
    grace_until: dt.date | None
    leaves: tuple[Leave, ...]


def _row(session, staff: Staff) -> StaffRow:  # type: ignore[no-untyped-def]
    grants = grants_of(staff)
    acc = staff.account
    return StaffRow(
        id=staff.id,
        username=staff.username,
        display_name=staff.display_name,
        grants=grants,
        role_labels=tuple(grant_label(session, g) for g in grants),
        has_account=acc is not None,
        disabled=bool(acc and acc.disabled),
        locked_until=acc.locked_until if acc else None,
        must_change=bool(acc and acc.must_change),
        departed_on=staff.departed_on,
        grace_until=staff.grace_until,
        leaves=tuple(Leave(lv.starts_on, lv.ends_on) for lv in staff.leaves),
    )


def _grant_json(g: Grant) -> dict[str, object]:
    return {"role": g.role.value, "division": g.division, "class_id": g.class_id, "course_code": g.course_code}


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 60 or any(ch.isspace() for ch in name):
        raise RuleError("帳號不可空白、不可含空白字元，且最多 60 字", "a user name must be 1–60 characters without spaces")
    return name


def _add_grants(session, staff: Staff, grants: Sequence[Grant]) -> None:  # type: ignore[no-untyped-def]
    seen: set[Grant] = set()
    for g in grants:
        if g in seen:
            continue
        seen.add(g)
        if g.role is Role.MENTOR and g.class_id is None:
            raise RuleError("導師職務需指定班級", "a mentor grant needs a class")
        if g.role is Role.TEACHER and not g.course_code:
            raise RuleError("任課教師職務需指定課程代碼", "a teacher grant needs a course code")
        staff.grants.append(
            StaffRole(role=g.role.value, division_id=division_id(session, g.division), class_id=g.class_id,
                      course_code=g.course_code)
        )


def parse_grant(db: Database, text: str) -> Grant:
    """ROLE[:ARG]: registry:night, 進修部教務組, mentor:301 (or mentor:night:301), teacher:C1234, dean."""
    head, _, arg = text.partition(":")
    role, division = parse_role(head)
    if role in DIVISION_ROLES:
        if arg:
            division = next((code for code, zh in DIVISIONS.items() if arg in (code, zh)), None)
            if division is None:
                raise RuleError(f"部別應為 day/日間部 或 night/進修部，不是「{arg}」", f"division must be day or night, not '{arg}'")
        return Grant(role, division)
    if role is Role.MENTOR:
        div, _, code = arg.rpartition(":")
        if not code:
            raise RuleError("導師需指定班級，例如 mentor:301", "a mentor needs a class, e.g. mentor:301")
        with db.read() as s:
            return Grant(role, class_id=class_id_of(s, code, div or None))
    if role is Role.TEACHER:
        if not arg:
            raise RuleError("任課教師需指定課程代碼，例如 teacher:C1234", "a teacher needs a course code, e.g. teacher:C1234")
        return Grant(role, course_code=arg.strip())
    return Grant(role)


def format_grant(db: Database, grant: Grant) -> str:
    """The ROLE[:ARG] text :func:`parse_grant` reads back."""
    if grant.role is Role.MENTOR:
        from portfolio_desktop.services.accounts.staff_store import class_code_of

        with db.read() as s:
            return f"mentor:{class_code_of(s, grant.class_id)}"
    arg = grant.division or grant.course_code
    return f"{grant.role.value}:{arg}" if arg else grant.role.value


# ---- first run ---------------------------------------------------------------------------------

def has_accounts(db: Database) -> bool:
    with db.read() as s:
        return bool(s.scalar(select(func.count()).select_from(Account)))


def bootstrap_admin(db: Database, username: str, password: str, display_name: str | None = None) -> StaffRow:
    """The first administrator of a fresh database (``init --admin NAME`` / the GUI's first start).

    Refused once any account exists: after that only an administrator creates accounts.
    """
    name = _check_username(username)
    pw.check_strength(password, username=name)
    hashed = pw.hash_password(password)
    with db.write() as s:
        if s.scalar(select(func.count()).select_from(Account)):
            raise PermissionDenied("資料庫已有帳號；新增帳號請由系統管理者操作",
                                   "accounts already exist; ask an administrator to add one")
        staff = maybe_staff(s, name)
        if staff is None:
            staff = Staff(username=name, display_name=display_name or name)
            s.add(staff)
        if not any(g.role == Role.ADMIN.value for g in staff.grants):
            _add_grants(s, staff, [Grant(Role.ADMIN)])
        staff.account = Account(password_hash=hashed, must_change=False, disabled=False, failed_count=0)
        s.flush()
        audit.record(s, actor=name, action="account.bootstrap", entity="staff", key=name,
                     after={"display_name": staff.display_name, "roles": ["admin"]})
        return _row(s, staff)


# ---- staff and accounts (註冊組 帳號開設 and the administrator: services/setting_owners.py) -------------------------------------------------------

def create_staff(db: Database, actor: Actor, username: str, display_name: str, *, grants: Sequence[Grant] = (),
                 password: str | None = None, must_change: bool = True) -> StaffRow:
    """A staff record, with an account when a password is given (to be changed at first sign-in)."""
    name = _check_username(username)
    if password is not None:
        pw.check_strength(password, username=name)
    hashed = pw.hash_password(password) if password is not None else None
    with db.write() as s:
        acting = require_accounts(s, actor)
        check_account_change(s, acting, name, {g.role for g in grants})
        if maybe_staff(s, name) is not None:
            raise RuleError(f"帳號「{name}」已存在", f"user '{name}' already exists")
        staff = Staff(username=name, display_name=display_name.strip() or name)
        s.add(staff)
        _add_grants(s, staff, grants)
        if hashed is not None:
            staff.account = Account(password_hash=hashed, must_change=must_change, disabled=False, failed_count=0)
        s.flush()
        acting.audit(s, action="staff.create", entity="staff", key=name,
                     after={"display_name": staff.display_name, "account": hashed is not None,
                            "roles": [_grant_json(g) for g in grants_of(staff)]})
        return _row(s, staff)


def _set_grants(session, acting: authz.ActingAs, staff: Staff, grants: Sequence[Grant]) -> None:  # type: ignore[no-untyped-def]
    before = [_grant_json(g) for g in grants_of(staff)]
    staff.grants.clear()
    session.flush()
    _add_grants(session, staff, grants)
    session.flush()
    after = [_grant_json(g) for g in grants_of(staff)]
    if before != after:
        acting.audit(session, action="staff.roles", entity="staff", key=staff.username, before=before, after=after)


def _check_departure(departed_on: dt.date | None, grace_until: dt.date | None) -> None:
    if grace_until is not None and departed_on is None:
        raise RuleError("帳號保留期需先有離職日", "a grace period needs a departure date")
    if grace_until is not None and departed_on is not None and grace_until < departed_on:
        raise RuleError(f"帳號保留期 {grace_until} 早於離職日 {departed_on}",
                        f"the grace period ({grace_until}) ends before the departure ({departed_on})")


def _set_departure(session, acting: authz.ActingAs, staff: Staff, departed_on: dt.date | None,  # type: ignore[no-untyped-def]
                   grace_until: dt.date | None) -> None:
    before = {"departed_on": staff.departed_on, "grace_until": staff.grace_until}
    after = {"departed_on": departed_on, "grace_until": grace_until}
    if before != after:
        staff.departed_on, staff.grace_until = departed_on, grace_until
        acting.audit(session, action="staff.departure", entity="staff", key=staff.username, before=before, after=after)


def set_grants(db: Database, actor: Actor, username: str, grants: Sequence[Grant]) -> StaffRow:
    """Replace the roles a person holds."""
    with db.write() as s:
        acting = require_accounts(s, actor)
        staff = find_staff(s, username)
        check_account_change(s, acting, staff.username, {g.role for g in (*grants, *grants_of(staff))})
        _set_grants(s, acting, staff, grants)
        return _row(s, staff)


def update_staff(db: Database, actor: Actor, username: str, *, grants: Sequence[Grant],
                 departed_on: dt.date | None, grace_until: dt.date | None) -> StaffRow:
    """Roles and departure together, in one transaction (the GUI's 職務與離職 dialog)."""
    _check_departure(departed_on, grace_until)
    with db.write() as s:
        acting = require_accounts(s, actor)
        staff = find_staff(s, username)
        touched = {g.role for g in (*grants, *grants_of(staff))}
        if set(grants) != set(grants_of(staff)):  # roles changed: not one's own (departure alone may be)
            check_account_change(s, acting, staff.username, touched)
        else:
            check_account_change(s, acting, "", touched & {Role.ADMIN})
        _set_grants(s, acting, staff, grants)
        _set_departure(s, acting, staff, departed_on, grace_until)
        return _row(s, staff)


def add_leave(db: Database, actor: Actor, username: str, starts_on: dt.date, ends_on: dt.date,
              reason: str | None = None) -> StaffRow:
    """A leave period (both ends included): the person's proxies act for them meanwhile (seed 001 §九(三))."""
    Leave(starts_on, ends_on)  # validates the order
    with db.write() as s:
        acting = authz.require(s, actor, Permission.PROXIES_WRITE)
        staff = find_staff(s, username)
        staff.leaves.append(StaffLeave(starts_on=starts_on, ends_on=ends_on, reason=reason))
        s.flush()
        acting.audit(s, action="staff.leave", entity="staff", key=staff.username,
                     after={"starts_on": starts_on, "ends_on": ends_on, "reason": reason})
        return _row(s, staff)


def set_departure(db: Database, actor: Actor, username: str, departed_on: dt.date | None,
                  grace_until: dt.date | None = None) -> StaffRow:
    """Record that a person left (or clear it). ``grace_until`` keeps a departed teacher's own account
    able to certify until that day (seed 001 §九(三)2(2): 減緩原帳號消滅時間)."""
    _check_departure(departed_on, grace_until)
    with db.write() as s:
        acting = require_accounts(s, actor)
        staff = find_staff(s, username)
        check_account_change(s, acting, "", {g.role for g in grants_of(staff)} & {Role.ADMIN})
        _set_departure(s, acting, staff, departed_on, grace_until)
        return _row(s, staff)


def list_staff(db: Database, actor: Actor) -> list[StaffRow]:
    """Every member of staff with their roles (every current member of staff may read the list:
    services/read_scope.py kind SCHOOL; the proxy lists and the working group name them)."""
    from portfolio_desktop.services.read_scope import require_reader

    require_reader(db, actor)
    with db.read() as s:
        return [_row(s, st) for st in all_staff(s)]


def get_staff(db: Database, username: str) -> StaffRow:
    with db.read() as s:
        return _row(s, find_staff(s, username))


def reset_password(db: Database, actor: Actor, username: str, new_password: str) -> StaffRow:
    """The registry office or an administrator sets a new password (to be changed at the next sign-in)
    and clears any lock; an administrator's password only an administrator."""
    pw.check_strength(new_password, username=username)
    hashed = pw.hash_password(new_password)
    with db.write() as s:
        acting = require_accounts(s, actor)
        staff = find_staff(s, username)
        check_account_change(s, acting, "", {g.role for g in grants_of(staff)} & {Role.ADMIN})
        if staff.account is None:
            staff.account = Account(password_hash=hashed, must_change=True, disabled=False, failed_count=0)
        else:
            acc = staff.account
            acc.password_hash, acc.must_change, acc.password_changed_at = hashed, True, utcnow()
            acc.failed_count, acc.last_failed_at, acc.locked_until = 0, None, None
        s.flush()
        acting.audit(s, action="account.reset", entity="account", key=staff.username,
                     after={"must_change": True})  # never the password nor its hash
        return _row(s, staff)


def unlock(db: Database, actor: Actor, username: str) -> StaffRow:
    with db.write() as s:
        acting = require_accounts(s, actor)
        staff = find_staff(s, username)
        check_account_change(s, acting, "", {g.role for g in grants_of(staff)} & {Role.ADMIN})
        if staff.account is not None:
            before = {"failed_count": staff.account.failed_count, "locked_until": staff.account.locked_until}
            staff.account.failed_count, staff.account.last_failed_at, staff.account.locked_until = 0, None, None
            acting.audit(s, action="account.unlock", entity="account", key=staff.username, before=before,
                         after={"failed_count": 0, "locked_until": None})
        return _row(s, staff)


def change_password(db: Database, username: str, old_password: str, new_password: str, *,
                    now: dt.datetime | None = None) -> None:
    """The user changes their own password: the old one is checked like a sign-in (and throttled)."""
    sign_in(db, username, old_password, now=now)
    pw.check_strength(new_password, username=username)
    if new_password == old_password:
        raise RuleError("新密碼不能與舊密碼相同", "the new password must differ from the old one")
    hashed = pw.hash_password(new_password)
    with db.write() as s:
        staff = find_staff(s, username)
        assert staff.account is not None
        staff.account.password_hash, staff.account.must_change = hashed, False
        staff.account.password_changed_at = utcnow()
        audit.record(s, actor=staff.username, action="account.passwd", entity="account", key=staff.username)


def change_own_password(db: Database, actor: Actor, new_password: str) -> None:
    """A signed-in user sets a new password for their own account (the CLI's ``accounts passwd``,
    after :func:`sign_in` has checked the current one); it must differ from the current password."""
    pw.check_strength(new_password, username=actor.username)
    hashed = pw.hash_password(new_password)
    with db.write() as s:
        staff = find_staff(s, actor.username)
        if staff.account is None:
            raise PermissionDenied(*BAD_SIGN_IN)
        if pw.verify_password(staff.account.password_hash, new_password):
            raise RuleError("新密碼不能與舊密碼相同", "the new password must differ from the old one")
        staff.account.password_hash, staff.account.must_change = hashed, False
        staff.account.password_changed_at = utcnow()
        audit.record(s, actor=staff.username, action="account.passwd", entity="account", key=staff.username)


def password_must_change(db: Database, username: str) -> bool:
    with db.read() as s:
        staff = maybe_staff(s, username)
        return bool(staff and staff.account and staff.account.must_change)


def password_was_reset(db: Database, username: str) -> bool:
    """Whether the administrator reset this account's password (an ``account.reset`` in the audit log);
    False for a brand-new account, whose first password is to be replaced by the person's own."""
    from portfolio_desktop.store.models import AuditLog

    with db.read() as s:
        return (s.scalar(select(func.count(AuditLog.id)).where(
            AuditLog.action == "account.reset", AuditLog.entity_key == username)) or 0) > 0


# ---- sign-in ------------------------------------------------------------------------------------

class FirstPasswordNotChanged(PermissionDenied):
    """The password was right, but it is the first one an administrator gave and must be changed
    before the account does anything else (see :func:`sign_in` ``first_password_ok``)."""


def sign_in(db: Database, username: str, password: str, *, now: dt.datetime | None = None,
            first_password_ok: bool = True) -> Actor:
    """Check a user name and password; return the signed-in :class:`Actor` with their roles.

    Every attempt is audited exactly once (``account.sign_in`` / ``account.sign_in_failed``) with the
    user name only when it is a real account — a password typed into the name box is never recorded.
    With ``first_password_ok=False`` an account that must change its password at first sign-in is
    refused (:class:`FirstPasswordNotChanged`, audited as a failed sign-in; its failure count is
    left as it was, the password being right): the caller offers the change instead.
    """
    at = now or utcnow()
    name = username.strip()
    refusal: tuple[str, str] | None = None
    refused_as: type[PermissionDenied] = PermissionDenied
    result: Actor | None = None
    with db.write() as s:
        staff = maybe_staff(s, name) if name else None
        acc = staff.account if staff is not None else None
        if staff is None or acc is None:
            audit.record(s, actor="(unknown)", action="account.sign_in_failed", entity="account", key=None,
                         after={"reason": "unknown user"})
            refusal = BAD_SIGN_IN
        elif acc.disabled:
            refusal = ("此帳號已停用，請洽系統管理者", "this account is disabled; ask the administrator")
            audit.record(s, actor=name, action="account.sign_in_failed", entity="account", key=name,
                         after={"reason": "disabled"})
        else:
            state = pw.ThrottleState(acc.failed_count, acc.last_failed_at, acc.locked_until)
            refusal = pw.refusal(state, at)
            if refusal is not None:
                audit.record(s, actor=name, action="account.sign_in_failed", entity="account", key=name,
                             after={"reason": "throttled", "failures": acc.failed_count})
            elif not pw.verify_password(acc.password_hash, password):
                new = pw.after_failure(state, at)
                acc.failed_count, acc.last_failed_at, acc.locked_until = new.failures, new.last_failure, new.locked_until
                audit.record(s, actor=name, action="account.sign_in_failed", entity="account", key=name,
                             after={"reason": "wrong password", "failures": new.failures,
                                    "locked_until": new.locked_until})
                refusal = BAD_SIGN_IN if new.locked_until is None else pw.refusal(new, at)
            elif staff.departed_on is not None and local_date(at) >= staff.departed_on and (
                staff.grace_until is None or local_date(at) > staff.grace_until
            ):
                refusal = (f"{staff.display_name} 已於 {staff.departed_on} 離職，帳號已停止使用",
                           f"{name} left on {staff.departed_on}; the account is closed")
                audit.record(s, actor=name, action="account.sign_in_failed", entity="account", key=name,
                             after={"reason": "departed"})
            elif acc.must_change and not first_password_ok:
                refusal = ("首次登入須先變更密碼", "the first password must be changed before signing in")
                refused_as = FirstPasswordNotChanged
                audit.record(s, actor=name, action="account.sign_in_failed", entity="account", key=name,
                             after={"reason": "first password not changed"})
            else:
                if pw.needs_rehash(acc.password_hash):
                    acc.password_hash = pw.hash_password(password)
                acc.failed_count, acc.last_failed_at, acc.locked_until = 0, None, None
                acc.last_login_at = at
                audit.record(s, actor=name, action="account.sign_in", entity="account", key=name)
                result = Actor(name, roles=grants_of(staff), display_name=staff.display_name)
    if refusal is not None:
        # the name only when it is an account: a password typed into the name box never reaches the log
        _log.warning("sign-in refused: %s", name if acc is not None else "(unknown user)")
        raise refused_as(*refusal)
    assert result is not None
    _log.info("signed in: %s", name)
    return result
