"""Pages that later features add to the main window, after the roster page.

Each entry is a factory ``(window) -> (title, widget)``; the window gives access to ``window.db``,
``window.actor``, ``window.jobs`` and the ``window.data_changed`` signal. Add a page with a one-line
edit to this list (a shared file: keep the edit surgical), or call ``window.add_page`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow

PageFactory = Callable[["MainWindow"], tuple[str, QWidget]]

PAGES: list[PageFactory] = []


def _dashboard_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.dashboard_page import make_page  # issue 4

    return make_page(window)


PAGES.append(_dashboard_page)


def _receipts_page(window: MainWindow) -> tuple[str, QWidget]:
    from portfolio_desktop.gui.receipts_page import receipts_page  # issue 6

    return receipts_page(window)


PAGES.append(_receipts_page)
