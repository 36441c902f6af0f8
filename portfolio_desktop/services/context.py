"""Who is acting: every service call takes an :class:`Actor` so that writes are attributed."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from portfolio_desktop.config import USER_ENV


@dataclass(frozen=True)
class Actor:
    """The person doing the action, and the person they act for when they are a proxy."""

    username: str
    on_behalf_of: str | None = None

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
