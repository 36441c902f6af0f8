"""Offer only what the signed-in user may do: one place where a page asks the services
(:func:`authz.why_not`, the same decision as the services' ``require``, not audited) before it shows
a button, a tool-bar action or a form.

- :func:`guard_action` disables (or hides) a button / action the role cannot use and puts the
  service's own refusal text on its tooltip;
- :func:`read_only` turns a form the user may see but not change read-only, with the reason on each
  field's tooltip (never filled and then refused);
- :func:`refusal_label` is the short explanation a page shows in place of data it may not read;
- :func:`set_busy` re-enables actions after a job without re-enabling what the role may not use.

The services still check every action; this only keeps the GUI from offering what they will refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PermissionDenied, PortfolioError
from portfolio_desktop.gui.messages import message

if TYPE_CHECKING:
    from portfolio_desktop.gui.context import PageContext

DENIED = "deniedReason"  # dynamic property on a guarded widget / action: the refusal text, "" = allowed
Target = QWidget | QAction


def why_not(who: Any, permission: Permission, **scope: Any) -> PermissionDenied | None:
    """The service's refusal for ``who`` (a PageContext, or a widget that has one as ``ctx`` or in its
    window), or None. ``scope``: ``division``, ``class_id``, ``course_code``, ``roles``, ``anywhere``.
    Decided from the session's authority (gui/context.py, read on a worker): no database read here."""
    return context_of(who).why_not(permission, **scope)


def why_not_setting(who: Any, key: str, *, division: str | None = None) -> PermissionDenied | None:
    """The refusal a change to the school setting ``key`` would get (its owner: domain/setting_owners.py),
    or None; ``who`` as for :func:`why_not`."""
    return context_of(who).why_not_setting(key, division=division)


def why_not_any_setting(who: Any, keys: Iterable[str]) -> PermissionDenied | None:
    """None when ``who`` owns at least one of these settings (the Settings dialog opens for them)."""
    return context_of(who).why_not_any_setting(list(keys))


def context_of(who: Any) -> PageContext:
    """The session ``who`` works in: itself (a PageContext), its ``ctx``, or its window's ``ctx``."""
    if hasattr(who, "authority") and hasattr(who, "why_not_setting"):
        return cast("PageContext", who)
    ctx = getattr(who, "ctx", None)
    if ctx is None and isinstance(who, QWidget):
        ctx = getattr(who.window(), "ctx", None)
    if ctx is None:
        raise TypeError(f"{who!r} has no session context to ask")
    return cast("PageContext", ctx)


def apply(target: Target, denied: PortfolioError | None, *, hide: bool = False) -> bool:
    """Disable (or hide) ``target`` with the refusal as its tooltip; enable it when ``denied`` is None.
    Returns whether the action is allowed."""
    text = message(denied) if denied is not None else ""
    target.setProperty(DENIED, text)
    if hide:
        target.setVisible(denied is None)
    target.setEnabled(denied is None)
    if denied is not None:
        target.setToolTip(text)
        if isinstance(target, QAction):
            target.setStatusTip(text)
    elif target.toolTip() == target.property("guardTip"):
        target.setToolTip("")
    target.setProperty("guardTip", text)
    return denied is None


def guard_action(target: Target, who: Any, permission: Permission, *, hide: bool = False, **scope: Any) -> bool:
    """Ask the services whether ``who``'s user may do ``permission`` (with ``scope``) and disable or
    hide ``target`` with the refusal text as tooltip if not. Returns whether it is allowed."""
    return apply(target, why_not(who, permission, **scope), hide=hide)


def denied_text(target: QObject) -> str:
    """The refusal a guarded widget / action carries ("" = allowed or not guarded)."""
    value = target.property(DENIED)
    return str(value) if value else ""


def set_busy(targets: Iterable[Target], busy: bool) -> None:
    """While a job runs, disable ``targets``; afterwards enable those the role may use."""
    for t in targets:
        t.setEnabled(not busy and not denied_text(t))


def read_only(widgets: Iterable[QWidget], denied: PortfolioError | None) -> bool:
    """Make a form's fields read-only (text stays selectable) with the reason on each tooltip, or
    editable again when ``denied`` is None. Returns whether the form may be changed."""
    text = message(denied) if denied is not None else ""
    for w in widgets:
        locked = denied is not None
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            w.setReadOnly(locked)
        elif isinstance(w, QDateTimeEdit) and w.calendarPopup():  # the popup would still change it
            w.setEnabled(not locked)
        elif isinstance(w, QAbstractSpinBox):  # spin boxes, date / time edits
            w.setReadOnly(locked)
            w.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if locked
                               else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        else:  # combo boxes, check boxes, buttons, lists: no read-only mode in Qt
            w.setEnabled(not locked)
        w.setProperty(DENIED, text)
        w.setToolTip(text)
    return denied is None


def is_read_only(w: QWidget) -> bool:
    """Whether a field cannot be changed (read-only or disabled) — what the tests assert."""
    if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
        return w.isReadOnly() or not w.isEnabled()
    return not w.isEnabled()


def refusal_label(parent: QWidget, denied: PortfolioError, *, what: str, compact: bool = False) -> QLabel:
    """The short explanation a page shows instead of data the user may not read (``compact``: one
    line above a read-only form)."""
    label = QLabel(parent)
    label.setObjectName("refusalLabel")
    label.setWordWrap(True)
    label.setText(f"{what}{'' if compact else chr(10) * 2}{message(denied)}")
    label.setStyleSheet("color: #555;" if compact else "color: #555; padding: 24px;")
    return label
