"""Refusals in the UI language: services raise PortfolioError(zh, en) and the GUI shows the half that
matches the language the user chose (gui/i18n.py)."""

from __future__ import annotations

from portfolio_desktop.errors import PortfolioError, Problem
from portfolio_desktop.gui import i18n


def message(exc: PortfolioError | Problem) -> str:
    """``exc.en`` in the English UI, ``exc.zh`` otherwise."""
    return exc.en if i18n.is_english() else exc.zh


def error_text(exc: BaseException) -> str:
    """A PortfolioError in the UI language; anything else as Python prints it."""
    return message(exc) if isinstance(exc, PortfolioError) else str(exc)
