"""Pages that later features add to the main window, after the roster page.

Each entry is a factory ``(window) -> (title, widget)``; the window gives access to ``window.db``,
``window.actor``, ``window.jobs`` and the ``window.data_changed`` signal. Add a page with a one-line
edit to this list (a shared file: keep the edit surgical), or call ``window.add_page`` directly.

A page that only some roles may use gets a gate in ``GATES`` (``factory -> (window) -> bool``); the
window adds it only when the gate says yes (``window.may(permission)`` asks ``authz.allowed``). A page
without a gate is shown to everyone. The services still check every action: a gate only keeps a page
that would refuse everything out of sight. Inside a page, each action and form asks the same services
through ``gui/permissions.py`` (disabled or read-only with the refusal as its reason), and every page
builds and loads for every role even when its gate would hide it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from portfolio_desktop.domain.roles import Permission

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow

PageFactory = Callable[["MainWindow"], tuple[str, QWidget]]
PageGate = Callable[["MainWindow"], bool]

PAGES: list[PageFactory] = []
GATES: dict[PageFactory, PageGate] = {}


def shown(window: MainWindow, factory: PageFactory) -> bool:
    """Whether this window's user gets the page."""
    gate = GATES.get(factory)
    return gate is None or gate(window)


def may(*permissions: Permission) -> PageGate:
    """A gate: the signed-in user holds (or acts as proxy for) any of these permissions. A window
    whose actor is not a staff account (scripts and tests before sign-in existed) shows the page."""
    return lambda window: not window.signed_in or any(window.may(p) for p in permissions)


def _dashboard_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.items.dashboard_page import make_page  # issue 4

    return make_page(window)


PAGES.append(_dashboard_page)


def _receipts_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.notices.receipts_page import receipts_page  # issue 6

    return receipts_page(window)


PAGES.append(_receipts_page)


def _workgroup_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.workgroup.workgroup_page import make_page  # issue 8

    return make_page(window)


def _consultations_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.workgroup.consultations_page import make_page  # issue 8

    return make_page(window)


PAGES.extend([_workgroup_page, _consultations_page])


def _accounts_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.accounts.accounts_page import page  # issue 5

    return page(window)


def _proxy_page(window: MainWindow) -> tuple[str, QWidget]:
    from PySide6.QtWidgets import QScrollArea

    from portfolio_desktop.gui.accounts.proxy_editor import page  # issue 5

    title, editor = page(window)
    scroll = QScrollArea(window)  # the editor is ~720 px wide at least: scroll rather than widen the window
    scroll.setObjectName("proxyPage")
    scroll.setWidgetResizable(True)
    scroll.setWidget(editor)
    return title, scroll


def _audit_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.accounts.audit_page import page  # issue 5

    return page(window)


def _backup_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.admin.backup_page import make_backup_page  # issue 7

    return make_backup_page(window)


PAGES.extend([_accounts_page, _proxy_page, _audit_page, _backup_page])
# Issue 5: each page only for who may use it. The dashboard needs a viewer (an office, or a mentor for
# their own class; authz.viewer_for); a signed-in user without one does not see it.
GATES.update({
    _dashboard_page: lambda window: not window.signed_in or window.viewer is not None,
    _receipts_page: may(Permission.RECEIPT_CONFIRM, Permission.NOTICE_WRITE),
    _accounts_page: lambda window: window.signed_in and window.may(Permission.ACCOUNTS_MANAGE),
    _proxy_page: lambda window: window.signed_in and window.may(Permission.PROXIES_WRITE),
    _audit_page: lambda window: window.signed_in and window.may(Permission.AUDIT_READ),
    _backup_page: lambda window: window.signed_in and window.may(Permission.BACKUP_RUN),
})
