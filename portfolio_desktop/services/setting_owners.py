"""The check of a change to one school setting or one account, by the owner domain/setting_owners.py
names (the administrator as a fallback): used by every service that writes a school setting and by the
Settings dialog to enable only the parts the signed-in person owns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from portfolio_desktop.domain.roles import Permission, Role, role_label
from portfolio_desktop.domain.setting_owners import ACCOUNTS_OWNER, owner_of
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.services import authz
from portfolio_desktop.services.accounts.staff_store import grants_of, maybe_staff
from portfolio_desktop.services.authz import ActingAs
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database


def _division(key: str, division: str | None) -> str | None:
    """A per-division setting is checked for that division ("day" when none is given: the school's)."""
    return (division or "day") if owner_of(key).per_division else None


def require_setting(session: Session, actor: Actor, key: str, *, division: str | None = None,
                    on: dt.date | None = None) -> ActingAs:
    """:func:`authz.require` of 變更學校設定 for this key, with the roles the table names plus the
    administrator (refused and audited naming them)."""
    return authz.require(session, actor, Permission.SETTINGS_WRITE, division=_division(key, division), on=on,
                         roles=owner_of(key).all_roles)


def why_not_setting(db: Database | None, actor: Actor, key: str, *, division: str | None = None,
                    directory: authz.StaffDirectory | None = None) -> PermissionDenied | None:
    """The refusal :func:`require_setting` would raise (not audited), or None: for the GUI (with
    ``directory``, read once: no database read)."""
    return authz.why_not(db, actor, Permission.SETTINGS_WRITE, division=_division(key, division),
                         roles=owner_of(key).all_roles, directory=directory)


def why_not_any(db: Database | None, actor: Actor, keys: list[str], *,
                directory: authz.StaffDirectory | None = None) -> PermissionDenied | None:
    """None when the actor owns at least one of these settings (for some division): the Settings
    dialog opens for them; else the refusal of the first key."""
    first: PermissionDenied | None = None
    for key in keys:
        for division in (("day", "night") if owner_of(key).per_division else (None,)):
            denied = why_not_setting(db, actor, key, division=division, directory=directory)
            if denied is None:
                return None
            first = first or denied
    return first


def require_accounts(session: Session, actor: Actor) -> ActingAs:
    """Opening and keeping accounts: 註冊組 / 進修部教務組 (帳號開設, seed 000 附表一 註冊組 1; seed 001
    §五) and the administrator."""
    return authz.require(session, actor, Permission.ACCOUNTS_MANAGE, roles=ACCOUNTS_OWNER.all_roles)


def check_account_change(session: Session, acting: ActingAs, username: str, touched: set[Role]) -> None:
    """What only an administrator does to accounts: give, take away or touch the administrator role
    (a registry clerk opens staff accounts, not administrators'), and change their own roles (nobody
    else raises their own rights). Refused and audited."""
    me = maybe_staff(session, acting.username)
    if me is not None and any(g.role is Role.ADMIN for g in grants_of(me)):
        return
    admin = role_label(Role.ADMIN)
    if Role.ADMIN in touched:
        exc = PermissionDenied(f"只有{admin}可以設定或變更{admin}帳號",
                               "only an administrator may give, remove or change an administrator account")
    elif username == acting.username:
        exc = PermissionDenied(f"不能變更自己的職務；請洽{admin}", "you cannot change your own roles; ask an administrator")
    else:
        return
    authz.audit_refusal(session, acting.as_actor(), Permission.ACCOUNTS_MANAGE, exc,
                        {"user": username, "roles": sorted(r.value for r in touched)})
    raise exc
