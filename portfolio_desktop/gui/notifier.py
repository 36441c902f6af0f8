"""The one way the GUI tells the user something or asks a yes/no question.

Every page, dialog and op reports through the notifier of its :class:`~portfolio_desktop.gui.context.PageContext`
(or :func:`current` where no context is at hand): ``info`` (done, with what), ``warn`` (a refusal or a
problem in the user's input, already in the UI language), ``error`` (any exception: a PortfolioError
becomes its message in the UI language, anything else is a defect that goes to the log and the one
error dialog, gui/error_dialog.py) and ``confirm`` (a yes/no question).

:class:`DialogNotifier` shows message boxes; :class:`HeadlessNotifier` (PORTFOLIO_SMOKE) prints to
stderr and never blocks. Tests install their own recording notifier with :func:`install`.
"""

from __future__ import annotations

import sys
from typing import Protocol

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from portfolio_desktop import logs
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.error_dialog import report_unexpected
from portfolio_desktop.gui.messages import message


class Notifier(Protocol):
    can_ask: bool  # False when nobody is there to answer a dialog (PORTFOLIO_SMOKE)

    def info(self, title: str, text: str, parent: QWidget | None = None) -> None: ...

    def warn(self, title: str, text: str, parent: QWidget | None = None) -> None: ...

    def error(self, title: str, exc: BaseException, parent: QWidget | None = None) -> None: ...

    def confirm(self, title: str, text: str, parent: QWidget | None = None) -> bool: ...


def _parent(parent: QWidget | None) -> QWidget | None:
    return parent if parent is not None else QApplication.activeWindow()


class DialogNotifier:
    """Message boxes: modal to their window, the way a desktop user expects."""

    can_ask = True

    def info(self, title: str, text: str, parent: QWidget | None = None) -> None:
        QMessageBox.information(_parent(parent), title, text)

    def warn(self, title: str, text: str, parent: QWidget | None = None) -> None:
        QMessageBox.warning(_parent(parent), title, text)

    def error(self, title: str, exc: BaseException, parent: QWidget | None = None) -> None:
        if isinstance(exc, PortfolioError):
            logs.log_refusal(exc, title)
            self.warn(title, message(exc), parent)
        else:  # a defect: the log with its traceback and the one non-modal error dialog
            report_unexpected(exc, where=title, parent=parent)

    def confirm(self, title: str, text: str, parent: QWidget | None = None) -> bool:
        answer = QMessageBox.question(_parent(parent), title, text)
        return answer == QMessageBox.StandardButton.Yes


class HeadlessNotifier(DialogNotifier):
    """PORTFOLIO_SMOKE: every message on stderr, never a modal box; questions answered yes."""

    can_ask = False

    def info(self, title: str, text: str, parent: QWidget | None = None) -> None:
        print(f"{title}: {text}", file=sys.stderr)

    def warn(self, title: str, text: str, parent: QWidget | None = None) -> None:
        print(f"{title}: {text}", file=sys.stderr)

    def confirm(self, title: str, text: str, parent: QWidget | None = None) -> bool:
        print(f"{title}: {text} → yes", file=sys.stderr)
        return True


_current: Notifier = DialogNotifier()


def current() -> Notifier:
    """The notifier in use (what a context hands its pages)."""
    return _current


def install(notifier: Notifier) -> Notifier:
    """Use ``notifier`` from now on (headless start, tests); returns the one it replaces."""
    global _current
    previous, _current = _current, notifier
    return previous
