"""The signed-in person a benchmark acts as: created through the same services as in the app
(first administrator, then a staff member with the roles the measured job needs)."""

from __future__ import annotations

from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database

ADMIN = "bench-admin"
ADMIN_PASSWORD = "bench-admin-password-113"


def staff_with(db: Database, username: str, *grants: str) -> Actor:
    """A staff member holding ``grants`` (e.g. "registry:day"); the administrator is made on first use."""
    try:
        accounts.bootstrap_admin(db, ADMIN, ADMIN_PASSWORD)
    except accounts.PermissionDenied:
        pass  # already there (a second clerk on the same database)
    admin = Actor(ADMIN)
    accounts.create_staff(db, admin, username, username, grants=[accounts.parse_grant(db, g) for g in grants])
    return Actor(username)


def registry_clerk(db: Database) -> Actor:
    """註冊組 of both divisions: may import and change rosters."""
    return staff_with(db, "benchmark", "registry:day", "registry:night")
