"""The GUI's mechanism on real widgets and a real database: the thread guard, query and write ops
(result on the GUI thread, one failure path, superseded reads dropped, cancel), the change bus (a
showing page refreshes once, a hidden one when shown), the lazy roster model and the exit backup
taken only after a write."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel, QTabWidget

from portfolio_desktop.errors import PortfolioError, RuleError
from portfolio_desktop.gui import account_menu
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.ops import GuiThreadDatabaseUse
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.rosters import rosters
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import Notes, settle
from tests.gui.roster_files import student, write_xlsx


def test_the_guard_refuses_gui_code_on_the_gui_thread_and_a_query_op_runs_it(make_ctx, db: Database,
                                                                               actor: Actor) -> None:  # noqa: ANN001
    with pytest.raises(GuiThreadDatabaseUse, match="account_menu"):
        account_menu.is_staff(db, actor)  # GUI code reading on the GUI thread
    assert rosters.list_students(db, actor) == []  # a test's own service call is not GUI code
    ctx = make_ctx()
    got: list[tuple[bool, int]] = []
    ctx.ops.query(lambda: account_menu.is_staff(db, actor), title="probe",
                  success=lambda staff: got.append((staff, threading.get_ident())))
    settle(ctx)
    assert got == [(True, threading.get_ident())]  # run on a worker, answered on the GUI thread


def test_a_refusal_goes_to_the_notifier_or_the_callers_failure(make_ctx, notes: Notes) -> None:  # noqa: ANN001
    ctx = make_ctx()

    def refuse() -> None:
        raise RuleError("學號重複", "duplicate student number")

    ctx.ops.write(refuse, changes={Cap.ROSTERS}, title="匯入")
    settle(ctx)
    assert notes.warnings == ["學號重複"]
    assert not ctx.changes.since_backup  # a failed write announces nothing
    shown: list[PortfolioError] = []
    ctx.ops.query(refuse, success=lambda _r: None, failure=shown.append, title="讀取")
    settle(ctx)
    assert [e.zh for e in shown] == ["學號重複"] and notes.warnings == ["學號重複"]


def test_an_op_whose_widget_was_closed_reports_to_no_one(qtbot, make_ctx, notes: Notes) -> None:  # noqa: ANN001
    """A dialog closed (and deleted) while its read or write ran: the write still counts (its change is
    announced), but neither callback touches the deleted widgets, and a refusal is only logged."""
    from PySide6.QtWidgets import QDialog

    ctx = make_ctx()
    gate = threading.Event()
    shown: list[object] = []
    dialog = QDialog()
    label = QLabel(dialog)
    ctx.ops.write(lambda: gate.wait(10), changes={Cap.ROSTERS}, title="儲存", parent=dialog, progress="儲存中…",
                  success=lambda _r: label.setText("saved"), done=lambda: shown.append("done"))

    def refuse() -> None:
        gate.wait(10)
        raise RuleError("學號重複", "duplicate student number")

    ctx.ops.query(refuse, success=shown.append, failure=shown.append, title="讀取", parent=dialog,
                  done=lambda: shown.append("done"))
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    gate.set()
    settle(ctx)
    assert shown == [] and notes.warnings == [] and notes.errors == []
    assert Cap.ROSTERS in ctx.changes.since_backup  # the write itself was done


def test_an_unexpected_error_goes_to_the_error_dialog(qtbot, make_ctx, notes: Notes) -> None:  # noqa: ANN001
    from portfolio_desktop.gui.error_dialog import shown_dialogs

    ctx = make_ctx()
    before = list(shown_dialogs())
    ctx.ops.query(lambda: int("not a number"), success=lambda _r: None, title="讀取")
    settle(ctx)
    assert len(notes.errors) == 1 and isinstance(notes.errors[0], ValueError)
    new = [d for d in shown_dialogs() if d not in before]
    assert len(new) == 1
    for dialog in new:
        dialog.close()


def test_a_newer_read_with_the_same_key_wins(make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx()
    release = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        release.wait(10)
        return "old"

    ctx.ops.query(slow, success=shown.append, key="page", title="讀取")
    ctx.ops.query(lambda: "new", success=shown.append, key="page", title="讀取")
    ctx.ops.wait(ctx.ops.reads.jobs[-1], 10_000)
    release.set()
    settle(ctx)
    assert shown == ["new"]


def test_cancel_stops_a_long_task_and_says_nothing(make_ctx, notes: Notes) -> None:  # noqa: ANN001
    ctx = make_ctx()
    started = threading.Event()
    done: list[object] = []

    def task(progress, cancelled) -> int:  # noqa: ANN001
        started.set()
        for i in range(10_000):
            if cancelled():
                raise RuleError("已取消", "cancelled")
            progress(i, 10_000)
            threading.Event().wait(0.001)
        return 1

    job = ctx.ops.write(task=task, changes={Cap.ROSTERS}, title="匯入", success=done.append, progress="匯入中…",
                        cancellable=True)
    assert started.wait(10)
    job.cancel()
    settle(ctx)
    assert done == [] and notes.warnings == [] and not ctx.changes.since_backup


def test_a_showing_page_refreshes_once_and_a_hidden_one_when_shown(qtbot, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    shown_page, hidden_page, other = QLabel("a"), QLabel("b"), QLabel("c")
    for page in (shown_page, hidden_page, other):
        tabs.addTab(page, page.text())
    tabs.currentChanged.connect(lambda i: ctx.changes.page_shown(tabs.widget(i)))
    tabs.show()
    counts = {"a": 0, "b": 0, "c": 0}
    ctx.changes.watch(shown_page, (Cap.ROSTERS,), lambda: counts.__setitem__("a", counts["a"] + 1))
    ctx.changes.watch(hidden_page, (Cap.ROSTERS,), lambda: counts.__setitem__("b", counts["b"] + 1))
    ctx.changes.watch(other, (Cap.ACCOUNTS,), lambda: counts.__setitem__("c", counts["c"] + 1))
    for _ in range(3):
        ctx.changes.announce({Cap.ROSTERS})
    settle(ctx)
    assert counts == {"a": 1, "b": 0, "c": 0}  # coalesced; the hidden tab only marked stale
    tabs.setCurrentWidget(hidden_page)
    settle(ctx)
    assert counts == {"a": 1, "b": 1, "c": 0}
    tabs.setCurrentWidget(other)
    settle(ctx)
    assert counts == {"a": 1, "b": 1, "c": 0}  # nothing it shows changed


@pytest.fixture
def school_window(qtbot, db: Database, actor: Actor, settings, tmp_path: Path) -> MainWindow:  # noqa: ANN001
    rosters.import_roster(db, actor, write_xlsx(tmp_path / "r.xlsx", [student("0012301", "王小明", "301", 1, serial=1)]))
    backup.update_backup_settings(db, actor, folder=str(tmp_path / "backups"))
    window = MainWindow(db, actor, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.load()
    settle(window)
    return window


def test_closing_after_only_reading_takes_no_backup(school_window: MainWindow, db: Database,
                                                    actor: Actor) -> None:
    school_window.close()
    assert backup.list_backups(db, actor) == [] and school_window.backup_error is None


def test_closing_after_a_write_backs_up_off_the_gui_thread(school_window: MainWindow, db: Database,
                                                           actor: Actor) -> None:
    window = school_window
    window.ctx.ops.write(lambda: backup.update_backup_settings(db, actor, keep=9), changes={Cap.SETTINGS},
                         title="設定")
    settle(window)
    window.close()  # under the thread guard: the backup cannot have run on this thread
    assert [b.label for b in backup.list_backups(db, actor)] == ["exit"] and window.backup_error is None


def test_what_the_session_offers_is_read_again_after_a_change_to_accounts(make_ctx, db: Database) -> None:  # noqa: ANN001
    """The window decides what it offers from an authority read on a worker (gui/context.py); after a
    write that announces 帳號 it is read again, so a role given meanwhile is offered without signing in
    again — and the question itself never reads the database on the GUI thread."""
    from portfolio_desktop.domain.roles import Permission
    from portfolio_desktop.services.accounts import accounts
    from tests.data.staff import REGISTRY_DAY, admin, staff

    boss = admin(db)
    newcomer = staff(db, "newcomer")
    ctx = make_ctx(newcomer)
    refused = ctx.why_not(Permission.ROSTER_WRITE, division="day")
    assert refused is not None and "newcomer" in refused.en and not ctx.may(Permission.ROSTER_WRITE)

    accounts.set_grants(db, boss, "newcomer", [REGISTRY_DAY])
    assert ctx.why_not(Permission.ROSTER_WRITE, division="day") is not None  # nothing announced yet: as read
    ctx.changes.announce({Cap.ACCOUNTS})
    settle(ctx)
    assert ctx.why_not(Permission.ROSTER_WRITE, division="day") is None and ctx.may(Permission.ROSTER_WRITE)
    assert ctx.why_not(Permission.ROSTER_WRITE, division="night") is not None
