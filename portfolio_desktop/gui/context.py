"""What a page gets to work with: the database, who is signed in, what they may do, the op runner, the
change bus and the notifier — and nothing of the main window.

:class:`PageContext` is the Protocol every page and page factory takes; :class:`SessionContext` is its
one implementation, made by the main window for the signed-in user (a test may make one without a
window). Pages never import gui/main_window.py.

What the user may do is decided from an :class:`Authority` read on a worker (every member of staff
with their grants, leaves and proxy lists; who submits which kind of item): the same decision and
words as the services' ``require`` (services/authz.py), asked while a page is built without reading
the database on the GUI thread. It is read again after a change to accounts or settings. The
services still decide every action from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QSettings

from portfolio_desktop.domain.items import Action, ItemKind
from portfolio_desktop.domain.roles import Grant, Permission, Role
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.gui import notifier as notifier_module
from portfolio_desktop.gui.changes import Cap, ChangeBus
from portfolio_desktop.gui.jobs import JobManager
from portfolio_desktop.gui.notifier import Notifier
from portfolio_desktop.gui.ops import OpRunner, off_gui_thread
from portfolio_desktop.services.authz import StaffDirectory
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

    def why_not_action(self, action: Action) -> PermissionDenied | None: ...

    def why_not_import(self, kind: str) -> PermissionDenied | None: ...

    def why_not_setting(self, key: str, *, division: str | None = None) -> PermissionDenied | None: ...

    def why_not_any_setting(self, keys: list[str]) -> PermissionDenied | None: ...

    def grants(self) -> tuple[Grant, ...]: ...


@dataclass(frozen=True)
class Authority:
    """What decides which actions the GUI offers, read once on a worker: every member of staff with
    their grants, leaves and proxy lists, and who submits each kind of item at this school."""

    directory: StaffDirectory
    submitters: dict[ItemKind, frozenset[Role] | None]


def read_authority(db: Database) -> Authority:
    """The :class:`Authority` (service calls: run it on a worker)."""
    from portfolio_desktop.services import guard

    return Authority(StaffDirectory.load(db), guard.submit_roles(db))


_AUTHORITY_CAPS = frozenset({Cap.ACCOUNTS, Cap.SETTINGS})  # staff, roles, leaves, proxy lists; who submits


class SessionContext(QObject):
    """The one :class:`PageContext`: made once per signed-in window and handed to every page."""

    def __init__(self, db: Database, actor: Actor, *, settings: QSettings, signed_in: bool,
                 viewer: Viewer | None, writes: JobManager | None = None, parent: QObject | None = None,
                 authority: Authority | None = None) -> None:
        """``authority``: read on a worker beforehand (the main window does); when not given it is read
        here, on a worker while this waits (a dialog or a test made without a window)."""
        super().__init__(parent)
        self.db, self.actor, self.settings = db, actor, settings
        self.signed_in, self.viewer = signed_in, viewer
        self.changes = ChangeBus(self)
        self.ops = OpRunner(self.changes, self, writes=writes)
        self._may: dict[Permission, bool] = {}
        self.authority = authority or off_gui_thread(lambda: read_authority(db))
        self.changes.changed.connect(lambda caps: self._reread_authority() if caps & _AUTHORITY_CAPS else None)

    @property
    def notify(self) -> Notifier:
        return notifier_module.current()

    def _reread_authority(self) -> None:
        db = self.db

        def done(authority: Authority) -> None:
            self.authority = authority
            self._may.clear()

        self.ops.query(lambda: read_authority(db), success=done, key=f"authority-{id(self)}",
                       title=QCoreApplication.translate("MainWindow", "學生學習歷程檔案"))

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in user may do this anywhere (authz.allowed, cached until the authority is
        read again)."""
        if permission not in self._may:
            from portfolio_desktop.services import authz

            self._may[permission] = self.signed_in and authz.allowed(
                None, self.actor, permission, directory=self.authority.directory)
        return self._may[permission]

    def why_not(self, permission: Permission, **scope: Any) -> PermissionDenied | None:
        """The services' refusal for this action (not audited), or None: gui/permissions.py."""
        from portfolio_desktop.services import authz

        return authz.why_not(None, self.actor, permission, directory=self.authority.directory, **scope)

    def why_not_action(self, action: Action) -> PermissionDenied | None:
        """Whether the user may do ``action`` to some item (services/guard.py why_not_action)."""
        from portfolio_desktop.services import guard

        return guard.why_not_action(None, self.actor, action, directory=self.authority.directory,
                                    submitters=self.authority.submitters)

    def why_not_import(self, kind: str) -> PermissionDenied | None:
        """Whether the user may run the import ``kind`` (services/import_mappings.py why_not)."""
        from portfolio_desktop.services import import_mappings

        return import_mappings.why_not(None, self.actor, kind, directory=self.authority.directory)

    def why_not_setting(self, key: str, *, division: str | None = None) -> PermissionDenied | None:
        """Whether the user may change the school setting ``key`` (services/setting_owners.py)."""
        from portfolio_desktop.services import setting_owners

        return setting_owners.why_not_setting(None, self.actor, key, division=division,
                                              directory=self.authority.directory)

    def why_not_any_setting(self, keys: list[str]) -> PermissionDenied | None:
        from portfolio_desktop.services import setting_owners

        return setting_owners.why_not_any(None, self.actor, keys, directory=self.authority.directory)

    def grants(self) -> tuple[Grant, ...]:
        """The signed-in person's own grants (none for someone who is not staff)."""
        me = self.authority.directory.staff(self.actor.username)
        return me.grants if me is not None else ()
