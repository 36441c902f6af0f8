"""Refusals and notes in the UI language: services raise PortfolioError(zh, en) or hand over a
Bilingual(zh, en) (domain/texts.py), and the GUI shows the half that matches the language the user
chose (gui/i18n.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from portfolio_desktop.domain.texts import Bilingual
from portfolio_desktop.errors import PortfolioError, Problem
from portfolio_desktop.gui import i18n


def message(exc: PortfolioError | Problem | Bilingual) -> str:
    """``exc.en`` in the English UI, ``exc.zh`` otherwise (an empty English half falls back to zh)."""
    return (exc.en or exc.zh) if i18n.is_english() else exc.zh


def error_text(exc: BaseException) -> str:
    """A PortfolioError in the UI language; anything else as Python prints it."""
    return message(exc) if isinstance(exc, PortfolioError) else str(exc)


def problem_text(p: Problem) -> str:
    """One problem of an imported file, where and what, in the UI language."""
    shown = p.value if len(p.value) <= 40 else p.value[:40] + "…"
    what = message(p)
    if p.row <= 0:
        return QCoreApplication.translate("messages", "{file}：{what}").format(file=p.file, what=what)
    return QCoreApplication.translate("messages", "{file} [{sheet}] 第 {row} 列，欄「{column}」：「{value}」{what}").format(
        file=p.file, sheet=p.sheet, row=p.row, column=p.column, value=shown, what=what)


def pick(zh: str, en: str) -> str:
    """The half of a bilingual pair (a service report's summary, a preset's name) for the UI language."""
    return en if i18n.is_english() else zh
