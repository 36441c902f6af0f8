"""Windows and dialogs sized to the screen they open on: never larger than its available geometry
(the screen less the taskbar), so a 1366×768 laptop shows every window whole, and a wide screen gets
the size asked for."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 24  # room for the window frame and title bar


def available(widget: QWidget | None = None) -> QRect | None:
    """The available geometry of the widget's screen (or the primary one)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fitted(width: int, height: int, area: QRect | None) -> tuple[int, int]:
    """The size asked for, shrunk to fit ``area`` with a margin for the frame."""
    if area is None or area.width() <= 0 or area.height() <= 0:
        return width, height
    return min(width, area.width() - MARGIN), min(height, area.height() - MARGIN * 2)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to (width, height), or less when its screen is smaller."""
    widget.resize(*fitted(width, height, available(widget)))
