"""GUI fixtures: pytest-qt's one session-wide ``qapp`` (set up as the app sets it up), a main window
on a fresh migrated database, and window settings kept in a temporary .ini (never the user's).

Every GUI test runs with the thread guard on (gui/ops.py): GUI code that uses the database on the GUI
thread fails the test; there is no way out of it. Every test gets the recording notifier ``notes`` in place of message
boxes: what the user would have been told, and the answers to yes/no questions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import notifier
from portfolio_desktop.gui.app import make_application
from portfolio_desktop.gui.context import SessionContext
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.ops import install_thread_guard
from portfolio_desktop.services.read_scope import Viewer
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


@pytest.fixture(autouse=True)
def _thread_guard() -> Iterator[None]:
    remove = install_thread_guard(force=True)
    try:
        yield
    finally:
        remove()


@dataclass
class Notes:
    """The notifier the tests put in place of message boxes: everything said, in order."""

    infos: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)  # the next yes/no answers (default yes)
    can_ask: bool = True

    def info(self, title: str, text: str, parent: QWidget | None = None) -> None:
        self.infos.append(text)

    def warn(self, title: str, text: str, parent: QWidget | None = None) -> None:
        self.warnings.append(text)

    def error(self, title: str, exc: BaseException, parent: QWidget | None = None) -> None:
        self.errors.append(exc)
        if isinstance(exc, PortfolioError):
            self.warnings.append(message(exc))
        else:  # a defect still goes to the log and the one error dialog (test_error_dialog.py)
            notifier.DialogNotifier().error(title, exc, parent)

    def confirm(self, title: str, text: str, parent: QWidget | None = None) -> bool:
        self.questions.append(text)
        return self.answers.pop(0) if self.answers else True

    @property
    def last_warning(self) -> str | None:
        return self.warnings[-1] if self.warnings else None


@pytest.fixture(autouse=True)
def notes() -> Iterator[Notes]:
    recording = Notes()
    previous = notifier.install(recording)
    yield recording
    notifier.install(previous)


@pytest.fixture
def make_ctx(qtbot, db: Database, actor: Actor, tmp_path: Path) -> Iterator[Callable[..., SessionContext]]:  # noqa: ANN001
    """A session context without a main window (a page tested on its own)."""
    made: list[SessionContext] = []

    def make(who: Actor | None = None, *, viewer: Viewer | None = None, signed_in: bool = True) -> SessionContext:
        ctx = SessionContext(db, who or actor, settings=QSettings(str(tmp_path / "ctx.ini"), QSettings.Format.IniFormat),
                             signed_in=signed_in, viewer=viewer)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.ops.shutdown(cancel=True)


@dataclass
class Outcome:
    """How an import dialog's last run ended, as its ``outcome`` signal said: a report, or a refusal
    (ImportRefused, Cancelled, …)."""

    report: Any = None
    error: BaseException | None = None

    def seen(self, result: object) -> None:
        failed = isinstance(result, BaseException)
        self.report, self.error = (None, result) if failed else (result, None)


def outcome(dialog: QWidget) -> Outcome:
    """The recorder of ``dialog``'s runs; call it before the run it should see (the first call attaches)."""
    recorder = getattr(dialog, "_seen_outcome", None)
    if recorder is None:
        recorder = Outcome()
        dialog._seen_outcome = recorder  # type: ignore[attr-defined]
        dialog.outcome.connect(recorder.seen)  # type: ignore[attr-defined]
    return recorder


def previewed(dialog: QWidget) -> None:
    """Wait until an import dialog shows the preview it reads on a worker (after a file, a sheet or a
    column was chosen)."""
    assert dialog.ctx.ops.wait_idle(), "preview still being read"  # type: ignore[attr-defined]


def settle(ctx: SessionContext | MainWindow) -> None:
    """Wait until every op has reported and every refresh it caused has run."""
    ops = ctx.ctx.ops if isinstance(ctx, MainWindow) else ctx.ops
    assert ops.wait_idle(), "ops still running"


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
    settle(win)
    yield win
    win.ctx.ops.shutdown(cancel=True)


def counts(db: Database) -> tuple[int, int]:
    """(students, audit rows): both unchanged means nothing was written."""
    with db.read() as s:
        return s.scalar(select(func.count(Student.id))) or 0, s.scalar(select(func.count(AuditLog.id))) or 0
