"""Pages that later features add to the main window, after the roster page.

Each entry is a factory ``(ctx, parent) -> (title, widget)``: ``ctx`` is the session's
:class:`~portfolio_desktop.gui.context.PageContext` (database, actor, permissions, op runner, change
bus, notifier); a page declares on ``ctx.changes`` which capabilities it shows and refreshes when they
change. Add a page with a one-line edit to this list (a shared file: keep the edit surgical).

A page that only some roles may use gets a gate in ``GATES`` (``factory -> (ctx) -> bool``); the
window adds it only when the gate says yes (``ctx.may(permission)`` asks ``authz.allowed``). A page
without a gate is shown to everyone. The services still check every action: a gate only keeps a page
that would refuse everything out of sight. Inside a page, each action and form asks the same services
through ``gui/permissions.py`` (disabled or read-only with the refusal as its reason), and every page
builds and loads for every role even when its gate would hide it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.gui.context import PageContext

PageFactory = Callable[[PageContext, QWidget], tuple[str, QWidget]]
PageGate = Callable[[PageContext], bool]

PAGES: list[PageFactory] = []
GATES: dict[PageFactory, PageGate] = {}


def shown(ctx: PageContext, factory: PageFactory) -> bool:
    """Whether this session's user gets the page."""
    gate = GATES.get(factory)
    return gate is None or gate(ctx)


def may(*permissions: Permission) -> PageGate:
    """A gate: the signed-in user holds (or acts as proxy for) any of these permissions. A window
    whose actor is not a staff account (scripts and tests before sign-in existed) shows the page."""
    return lambda ctx: not ctx.signed_in or any(ctx.may(p) for p in permissions)


def _dashboard_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.items.dashboard_page import make_page

    return make_page(ctx, parent)


PAGES.append(_dashboard_page)


def _receipts_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.notices.receipts_page import receipts_page

    return receipts_page(ctx, parent)


PAGES.append(_receipts_page)


def _workgroup_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.workgroup.workgroup_page import make_page

    return make_page(ctx, parent)


def _consultations_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.workgroup.consultations_page import make_page

    return make_page(ctx, parent)


PAGES.extend([_workgroup_page, _consultations_page])


def _accounts_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.accounts.accounts_page import page

    return page(ctx, parent)


def _proxy_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from PySide6.QtWidgets import QScrollArea

    from portfolio_desktop.gui.accounts.proxy_editor import page

    title, editor = page(ctx, parent)
    scroll = QScrollArea(parent)  # the editor is ~720 px wide at least: scroll rather than widen the window
    scroll.setObjectName("proxyPage")
    scroll.setWidgetResizable(True)
    scroll.setWidget(editor)
    return title, scroll


def _audit_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.accounts.audit_page import page

    return page(ctx, parent)


def _backup_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.admin.backup_page import make_backup_page

    return make_backup_page(ctx, parent)


PAGES.extend([_accounts_page, _proxy_page, _audit_page, _backup_page])
# Each page only for who may use it. The dashboard needs a viewer (an office, or a mentor for
# their own class; read_scope.viewer_for); a signed-in user without one does not see it.
GATES.update({
    _dashboard_page: lambda ctx: not ctx.signed_in or ctx.viewer is not None,
    _receipts_page: may(Permission.RECEIPT_CONFIRM, Permission.NOTICE_WRITE),
    _accounts_page: lambda ctx: ctx.signed_in and ctx.may(Permission.ACCOUNTS_MANAGE),
    _proxy_page: lambda ctx: ctx.signed_in and ctx.may(Permission.PROXIES_WRITE),
    _audit_page: lambda ctx: ctx.signed_in and ctx.may(Permission.AUDIT_READ),
    _backup_page: lambda ctx: ctx.signed_in and ctx.may(Permission.BACKUP_RUN),
})


def _my_work_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.items.my_work_page import make_page

    return make_page(ctx, parent)


def _has_work(ctx: PageContext) -> bool:
    """Whoever certifies, submits or confirms some item — themselves or as first available proxy of
    someone who does (seed 001 §五(三), §六, §九) — gets 我的待辦."""
    if not ctx.signed_in:
        return True
    from portfolio_desktop.domain.items import Action

    return any(ctx.why_not_action(a) is None for a in (Action.CERTIFY, Action.SUBMIT, Action.CONFIRM))


PAGES.insert(0, _my_work_page)  # first after the roster: what waits for the person signed in
GATES[_my_work_page] = _has_work
