"""The main window's title: 「學校名 — 使用者姓名（角色）— 學生學習歷程檔案」 for who is signed in."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.labels import grant_text, list_separator
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database


@dataclass(frozen=True)
class TitleFacts:
    """What the title names, read on a worker (gui/ops.py): the person, their roles, the school."""

    person: str
    role_labels: tuple[str, ...]
    school: str


def read_title_facts(db: Database, actor: Actor) -> TitleFacts:
    """Read what the title names (a service call: run it through the op runner)."""
    try:
        row = accounts.get_staff(db, actor.username)
    except PortfolioError:
        row = None
    person = (row.display_name if row is not None else None) or actor.display_name or actor.username
    roles = tuple(row.role_labels) if row is not None and row.role_labels else ()
    return TitleFacts(person, roles, school_setup.school_settings(db).school.name.strip())


def window_title(facts: TitleFacts | None = None) -> str:
    """The school, the person by name with the roles they hold, and the application (the application
    alone until the facts are read)."""
    app = QCoreApplication.translate("MainWindow", "學生學習歷程檔案")
    if facts is None:
        return app
    if facts.role_labels:
        roles = list_separator().join(grant_text(text) for text in facts.role_labels)
    else:
        roles = QCoreApplication.translate("MainWindow", "教職員")
    who = QCoreApplication.translate("MainWindow", "{person}（{roles}）").format(person=facts.person, roles=roles)
    after = "— " if who.endswith("）") else " — "  # not UI: a full-width bracket carries its own space
    return (f"{facts.school} — " if facts.school else "") + who + after + app
