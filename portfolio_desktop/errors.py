"""Errors that carry a message in both Traditional Chinese and English.

Every refusal the user can meet (bad input, a rule broken, a role missing) is one of these, so the
GUI can show ``zh`` and the CLI can print both.
"""

from __future__ import annotations

from dataclasses import dataclass


class PortfolioError(Exception):
    """A refusal with a zh_TW and an English message; nothing was written when it is raised."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def bilingual(self) -> str:
        """Both languages, as the CLI prints them."""
        return f"{self.zh}\n{self.en}"


class NotFoundError(PortfolioError):
    """A record named by the user does not exist."""


class RuleError(PortfolioError):
    """A domain rule (status transition, cap, window) refuses the action."""


class PermissionDenied(PortfolioError):
    """The acting user's role does not allow the action."""


@dataclass(frozen=True)
class Problem:
    """One problem in one cell of an imported file: what, where and how to fix it."""

    file: str
    sheet: str
    row: int  # the row number as the spreadsheet shows it (1-based); 0 for file-level problems
    column: str  # the header as written in the file, or the canonical name
    value: str
    zh: str
    en: str

    def where(self) -> str:
        if self.row <= 0:
            return f"{self.file}"
        return f"{self.file} [{self.sheet}] 第{self.row}列 row {self.row}, 欄 {self.column}"

    def bilingual(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
        return f"{self.where()}: 「{shown}」 {self.zh} / {self.en}"


class ImportRefused(PortfolioError):
    """An import that found problems and, under all-or-nothing, wrote nothing."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(
            f"檔案有 {n} 個問題，未寫入任何資料。請修正後再匯入，或選擇略過錯誤列。",
            f"The file has {n} problem(s); nothing was written. Fix them and import again, "
            f"or choose to skip invalid rows.",
        )
