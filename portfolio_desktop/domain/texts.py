"""A message the services hand to the UI in both languages.

Services do not know the user's language: like :class:`portfolio_desktop.errors.PortfolioError`,
a notice (a warning, a remark) carries the zh_TW and the English text, and the GUI shows the half
of the chosen language (gui/messages.py ``message``); the CLI prints both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    zh: str
    en: str

    def __str__(self) -> str:
        """Both halves, as the CLI prints them ("zh / en")."""
        return f"{self.zh} / {self.en}" if self.en and self.en != self.zh else self.zh
