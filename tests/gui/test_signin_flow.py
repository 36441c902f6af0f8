"""Sign-in to the main window: a wrong password is refused, a locked account says so, each
user gets the pages their roles allow, a mentor's dashboard holds only their class, 登出 goes back to
the sign-in dialog and cancelling it exits cleanly; keyboard shortcuts and the remembered layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QTableView, QWidget

from portfolio_desktop.domain.items import CAPS_SEED_000
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.gui.account_menu import ChangePasswordDialog
from portfolio_desktop.gui.app import run_interactive
from portfolio_desktop.gui.items.dashboard_page import DashboardPage
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.signin_dialog import SignInDialog
from portfolio_desktop.gui.admin.wizard import FirstRunWizard
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import demo
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database
from portfolio_desktop.store.models import utcnow
from tests.gui.conftest import settle
from tests.gui.test_wizard import table_rows

ADMIN_PW = "admin-pass-2024"
MENTOR_PW = "mentor-pass-2024"


@pytest.fixture
def school(db: Database) -> Database:
    """A school set up as the wizard does (admin = 註冊組 of both divisions), a small demo roster and
    a mentor of class 101."""
    admin = school_setup.apply_first_run(db, school_setup.FirstRunSetup(
        school=school_setup.SchoolProfile("示範高中", "123456", ("day", "night"), ("普通科",)),
        term=(113, 1), caps=CAPS_SEED_000, letterhead={"office": "教務處註冊組"},
        admin=school_setup.AdminAccount("admin", "管理者", ADMIN_PW,
                                        (Grant(Role.REGISTRY, "day"), Grant(Role.REGISTRY, "night"))),
        backup=school_setup.BackupChoice("", 5, False),
    ))
    demo.generate_demo(db, admin, students=120)
    accounts.create_staff(db, admin, "mentor101", "王導師", grants=[accounts.parse_grant(db, "mentor:101")],
                          password=MENTOR_PW, must_change=False)
    return db


def make_window(qtbot, db: Database, actor: Actor, tmp_path: Path) -> MainWindow:  # noqa: ANN001
    window = MainWindow(db, actor, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    return window


def submitted(qtbot, dialog: SignInDialog | ChangePasswordDialog) -> None:  # noqa: ANN001
    """Submit and wait until the dialog's op (the password hash) has reported."""
    qtbot.waitUntil(dialog.ops.idle, timeout=60_000)
    dialog.submit()
    qtbot.waitUntil(dialog.ops.idle, timeout=60_000)


def titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_wrong_password_is_refused_then_the_right_one_signs_in(qtbot, school: Database) -> None:  # noqa: ANN001
    dialog = SignInDialog(school)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.password.setText("not-the-password")
    submitted(qtbot, dialog)
    assert dialog.actor is None and dialog.result() != QDialog.DialogCode.Accepted
    assert "帳號或密碼不正確" in dialog.error.text() and dialog.password.text() == ""
    dialog.password.setText(ADMIN_PW)
    submitted(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor is not None
    assert dialog.actor.username == "admin"


def test_a_locked_account_says_so_even_with_the_right_password(qtbot, school: Database) -> None:  # noqa: ANN001
    start = utcnow() - dt.timedelta(minutes=10)
    for i in range(10):  # ten failures, a minute apart so the throttle never refuses them unread
        with pytest.raises(Exception, match="帳號或密碼不正確|鎖定"):
            accounts.sign_in(school, "mentor101", "wrong-guess", now=start + dt.timedelta(seconds=61 * i))
    dialog = SignInDialog(school)
    qtbot.addWidget(dialog)
    dialog.username.setText("mentor101")
    dialog.password.setText(MENTOR_PW)
    submitted(qtbot, dialog)
    assert dialog.actor is None
    assert "鎖定" in dialog.error.text() and "系統管理者" in dialog.error.text()


def test_admin_and_mentor_get_their_own_pages(qtbot, school: Database, tmp_path: Path) -> None:  # noqa: ANN001
    admin = accounts.sign_in(school, "admin", ADMIN_PW)
    admin_window = make_window(qtbot, school, admin, tmp_path)
    assert {"名冊", "人員帳號", "代理人名單", "稽核紀錄", "備份"} <= set(titles(admin_window))
    assert admin_window.findChild(DashboardPage) is not None and admin_window.viewer.whole_school
    assert admin_window.settings_action.isEnabled() and admin_window.sign_out_action.isEnabled()

    mentor = accounts.sign_in(school, "mentor101", MENTOR_PW)
    mentor_window = make_window(qtbot, school, mentor, tmp_path)
    shown = set(titles(mentor_window))
    assert "名冊" in shown
    assert not shown & {"人員帳號", "代理人名單", "稽核紀錄", "備份", "收訖明細"}
    assert not mentor_window.settings_action.isEnabled()
    # the pages gate what they show; the count follows the registered factories this user got
    assert mentor_window.tabs.count() == 1 + len(mentor_window.registered_pages)
    assert admin_window.tabs.count() == 1 + len(admin_window.registered_pages)
    assert len(admin_window.registered_pages) > len(mentor_window.registered_pages)


def test_a_mentors_dashboard_shows_only_their_class(qtbot, school: Database, tmp_path: Path) -> None:  # noqa: ANN001
    mentor = accounts.sign_in(school, "mentor101", MENTOR_PW)
    window = make_window(qtbot, school, mentor, tmp_path)
    page = window.findChild(DashboardPage)
    assert page is not None and page.viewer is window.viewer and not window.viewer.whole_school
    window.tabs.setCurrentWidget(page)  # the page reads when it is shown
    settle(window)
    classes = [page.class_box.itemText(i) for i in range(page.class_box.count())]
    assert len(classes) == 1 and classes[0].startswith("101")


def _when_modal(action: Callable[[QWidget], None]) -> None:
    """Run ``action`` on the next modal dialog once it is up (the test's stand-in for the user)."""
    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(20, attempt)
        else:
            action(widget)
    QTimer.singleShot(0, attempt)


def test_cancel_at_sign_in_or_in_the_wizard_exits_cleanly(qtbot, school: Database, db_path: Path,
                                                           tmp_path: Path) -> None:  # noqa: ANN001
    app = QApplication.instance()
    _when_modal(lambda w: (isinstance(w, SignInDialog) or pytest.fail(str(w)), w.reject()))
    assert run_interactive(app, school) == 0

    from portfolio_desktop.store.open import open_database

    fresh = open_database(str(tmp_path / "fresh.sqlite3"))
    try:
        before = table_rows(tmp_path / "fresh.sqlite3")
        _when_modal(lambda w: (isinstance(w, FirstRunWizard) or pytest.fail(str(w)), w.reject()))
        assert run_interactive(app, fresh) == 0
        assert table_rows(tmp_path / "fresh.sqlite3") == before
    finally:
        fresh.dispose()


def test_sign_in_sign_out_and_sign_in_again(qtbot, school: Database, tmp_path: Path) -> None:  # noqa: ANN001
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    app = QApplication.instance()
    seen: list[str] = []

    def sign_in_as_mentor(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText("mentor101")
        dialog.password.setText(MENTOR_PW)
        dialog.submit()  # signs in on a worker; the main window opens after it
        QTimer.singleShot(0, sign_out)

    def sign_out() -> None:
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None:
            QTimer.singleShot(20, sign_out)
            return
        seen.append(window.actor.username)
        qtbot.waitUntil(window.ctx.ops.idle, timeout=60_000)
        _when_modal(lambda d: d.reject())  # the sign-in dialog comes back: cancel it
        window.sign_out()

    _when_modal(sign_in_as_mentor)
    assert run_interactive(app, school) == 0
    assert seen == ["mentor101"]


def test_change_password_from_the_account_menu(qtbot, school: Database) -> None:  # noqa: ANN001
    dialog = ChangePasswordDialog(school, "mentor101")
    qtbot.addWidget(dialog)
    dialog.old.setText("wrong-old-pass")
    dialog.new.setText("new-mentor-pass-1")
    dialog.confirm.setText("new-mentor-pass-1")
    submitted(qtbot, dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted and "帳號或密碼不正確" in dialog.error.text()
    dialog.old.setText(MENTOR_PW)
    dialog.new.setText("new-mentor-pass-1")
    dialog.confirm.setText("new-mentor-pass-1")
    submitted(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert accounts.sign_in(school, "mentor101", "new-mentor-pass-1").username == "mentor101"


def test_shortcuts_are_listed_and_the_layout_is_remembered(qtbot, school: Database, tmp_path: Path) -> None:  # noqa: ANN001
    admin = accounts.sign_in(school, "admin", ADMIN_PW)
    first = make_window(qtbot, school, admin, tmp_path)
    first.show()
    dialog = first.show_shortcuts()
    rows = {dialog.table.item(r, 1).text(): dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert rows["匯入名冊"] == "Ctrl+I" and rows["重新整理"] == "F5" and rows["設定"] == "Ctrl+,"
    assert rows["登出"] == "Ctrl+Shift+L" and rows["下一頁"] == "Ctrl+PgDown"
    assert any(text.startswith("切換到「名冊」") for text in rows)
    dialog.close()

    audit_index = titles(first).index("稽核紀錄")
    first.next_page_action.trigger()
    assert first.tabs.currentIndex() == 1
    first.tabs.setCurrentIndex(audit_index)
    audit_table = first.tabs.widget(audit_index).findChild(QTableView)
    audit_table.horizontalHeader().resizeSection(3, 211)  # 動作 (the time column fits its contents)
    first.close()

    second = make_window(qtbot, school, admin, tmp_path)
    assert second.tabs.currentIndex() == audit_index
    assert second.tabs.widget(audit_index).findChild(QTableView).horizontalHeader().sectionSize(3) == 211


def test_a_new_account_is_asked_for_its_first_password_and_a_reset_one_is_told_why(  # noqa: ANN001
        qtbot, school: Database) -> None:
    admin = Actor("admin")
    accounts.create_staff(school, admin, "newbie", "新老師", password="given-pass-1", must_change=True)
    accounts.create_staff(school, admin, "again", "舊老師", password="given-pass-2", must_change=False)
    accounts.reset_password(school, admin, "again", "reset-pass-3")
    for name, password, said, not_said in (("newbie", "given-pass-1", "第一次登入", "重設"),
                                           ("again", "reset-pass-3", "已重設您的密碼", "第一次")):
        dialog = SignInDialog(school)
        qtbot.addWidget(dialog)
        dialog.username.setText(name)
        dialog.password.setText(password)
        dialog.submit()
        qtbot.waitUntil(dialog.ops.idle, timeout=60_000)
        assert dialog.actor is None and said in dialog.intro.text() and not_said not in dialog.intro.text()
        assert dialog.new_password.isVisibleTo(dialog) and not dialog.password.isEnabled()
