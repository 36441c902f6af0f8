"""Who is acting: every service call takes an :class:`Actor` so that writes are attributed."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field

from portfolio_desktop.config import USER_ENV
from portfolio_desktop.domain.roles import Grant


@dataclass(frozen=True)
class Actor:
    """The person doing the action, and the person they act for when they are a proxy.

    ``roles`` is what sign-in found (for the GUI to show or hide actions); services never trust it:
    ``services.authz.require`` reads the grants from the database on every check.
    """

    username: str
    on_behalf_of: str | None = None
    roles: tuple[Grant, ...] = field(default=(), compare=False)
    display_name: str | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"{self.username} 代 {self.on_behalf_of}" if self.on_behalf_of else self.username


def default_actor() -> Actor:
    """The workstation user (``PORTFOLIO_USER`` or the OS login) until sign-in exists."""
    name = os.environ.get(USER_ENV)
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name on some service accounts
            name = "unknown"
    return Actor(name)
