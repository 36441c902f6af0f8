"""The main window's title: 「學校名 — 使用者姓名（角色）— 學生學習歷程檔案」 for who is signed in."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.labels import grant_text, list_separator
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database


def window_title(db: Database, actor: Actor) -> str:
    """The school, the person by name with the roles they hold, and the application."""
    app = QCoreApplication.translate("MainWindow", "學生學習歷程檔案")
    try:
        row = accounts.get_staff(db, actor.username)
    except PortfolioError:
        row = None
    person = (row.display_name if row is not None else None) or actor.display_name or actor.username
    if row is not None and row.role_labels:
        roles = list_separator().join(grant_text(text) for text in row.role_labels)
    else:
        roles = QCoreApplication.translate("MainWindow", "教職員")
    who = QCoreApplication.translate("MainWindow", "{person}（{roles}）").format(person=person, roles=roles)
    school = school_setup.school_settings(db).school.name.strip()
    after = "— " if who.endswith("）") else " — "  # not UI: a full-width bracket carries its own space
    return (f"{school} — " if school else "") + who + after + app
