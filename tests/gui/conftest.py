"""GUI fixtures: pytest-qt's one session-wide ``qapp`` (set up as the app sets it up), a main window
on a fresh migrated database, and window settings kept in a temporary .ini (never the user's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import func, select

from portfolio_desktop.gui.app import make_application
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import AuditLog, Student


@pytest.fixture(scope="session", autouse=True)
def _zh_application(qapp, tmp_path_factory):  # noqa: ANN001, ANN202
    """The session's QApplication gets the app's locale, translators, style and font: the defaults
    (zh_TW, ROC dates), never the language this machine's user chose (gui/i18n.py)."""
    prefs = QSettings(str(tmp_path_factory.mktemp("prefs") / "prefs.ini"), QSettings.Format.IniFormat)
    make_application(settings=prefs)
    return qapp


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, db: Database, actor: Actor, settings: QSettings) -> Iterator[MainWindow]:  # noqa: ANN001
    win = MainWindow(db, actor, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.roster.refresh()
    yield win
    win.jobs.shutdown(cancel=True)


def counts(db: Database) -> tuple[int, int]:
    """(students, audit rows): both unchanged means nothing was written."""
    with db.read() as s:
        return s.scalar(select(func.count(Student.id))) or 0, s.scalar(select(func.count(AuditLog.id))) or 0
