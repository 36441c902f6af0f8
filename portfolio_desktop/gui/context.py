"""What a page gets to work with: the database, who is signed in, what they may do, the op runner, the
change bus and the notifier — and nothing of the main window.

:class:`PageContext` is the Protocol every page and page factory takes; :class:`SessionContext` is its
one implementation, made by the main window for the signed-in user (a test may make one without a
window). Pages never import gui/main_window.py.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, QSettings

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.gui import notifier as notifier_module
from portfolio_desktop.gui.changes import ChangeBus
from portfolio_desktop.gui.jobs import JobManager
from portfolio_desktop.gui.notifier import Notifier
from portfolio_desktop.gui.ops import OpRunner, permission_probe
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.store.engine import Database


class PageContext(Protocol):
    """The signed-in session as a page sees it."""

    db: Database
    actor: Actor
    viewer: Viewer | None  # a mentor's or an office's view of the dashboard; None: the whole school / none
    signed_in: bool  # a staff account (False: scripts and tests from before sign-in existed)
    ops: OpRunner
    changes: ChangeBus
    settings: QSettings

    @property
    def notify(self) -> Notifier: ...

    def may(self, permission: Permission) -> bool: ...

    def why_not(self, permission: Permission, **scope: Any) -> PermissionDenied | None: ...


class SessionContext(QObject):
    """The one :class:`PageContext`: made once per signed-in window and handed to every page."""

    def __init__(self, db: Database, actor: Actor, *, settings: QSettings, signed_in: bool,
                 viewer: Viewer | None, writes: JobManager | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.settings = db, actor, settings
        self.signed_in, self.viewer = signed_in, viewer
        self.changes = ChangeBus(self)
        self.ops = OpRunner(self.changes, self, writes=writes)
        self._may: dict[Permission, bool] = {}

    @property
    def notify(self) -> Notifier:
        return notifier_module.current()

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in user may do this anywhere (authz.allowed, cached for the session)."""
        if permission not in self._may:
            from portfolio_desktop.services import authz

            with permission_probe():
                self._may[permission] = self.signed_in and authz.allowed(self.db, self.actor, permission)
        return self._may[permission]

    def why_not(self, permission: Permission, **scope: Any) -> PermissionDenied | None:
        """The services' refusal for this action (not audited), or None: gui/permissions.py."""
        from portfolio_desktop.services import authz

        with permission_probe():
            return authz.why_not(self.db, self.actor, permission, **scope)
