"""The 備份 page on a real main window: back up, verify, refuse a damaged backup, restore only after
the user says yes."""

from __future__ import annotations

import sqlite3


from portfolio_desktop.gui.admin.backup_page import BackupPage
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.settings import get_setting, set_setting
from tests.gui.conftest import Notes, settle


def page_of(window: MainWindow) -> BackupPage:
    """The 備份 page, shown (it reads when it is first shown)."""
    page = window.findChild(BackupPage, "backupPage")
    assert isinstance(page, BackupPage)  # gui/pages.py lists it for whoever may back up
    window.tabs.setCurrentWidget(page)
    settle(window)
    return page


def set_name(window: MainWindow, value: str) -> None:
    with window.db.write() as s:
        set_setting(s, window.actor, "school.name", value)


def name(window: MainWindow) -> str:
    with window.db.read() as s:
        return str(get_setting(s, "school.name"))


def select(page: BackupPage, row: int) -> None:
    page.table.selectRow(row)


def test_back_up_verify_and_restore_with_confirmation(
    qtbot, window: MainWindow, notes: Notes  # noqa: ANN001
) -> None:
    page = page_of(window)
    assert page.table.rowCount() == 0 and not page.restore_button.isEnabled()
    set_name(window, "原本的校名")
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.create_button.click()
    assert blocker.args[0].startswith("已備份")
    settle(window)  # the list reloads: a backup was announced
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "手動"  # the kind, translated

    select(page, 0)
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.verify_button.click()
    assert blocker.args[0].startswith("驗證通過")

    set_name(window, "後來改的校名")
    # the user answers No: nothing happens
    notes.answers.append(False)
    select(page, 0)
    page.restore_button.click()
    assert page.status.text() == "已取消還原" and name(window) == "後來改的校名"

    select(page, 0)  # the user answers yes (the notifier's default)
    with qtbot.waitSignal(window.ctx.changes.changed, timeout=20_000):
        page.restore_button.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("已還原"), timeout=20_000)
    settle(window)
    assert name(window) == "原本的校名"
    assert {page.table.item(r, 1).text() for r in range(page.table.rowCount())} == {"手動", "還原前"}


def test_damaged_backup_is_reported_and_not_restored(
    qtbot, window: MainWindow  # noqa: ANN001
) -> None:
    set_name(window, "甲")
    info = backup.create_backup(window.db, window.actor)
    conn = sqlite3.connect(info.path)
    conn.execute("UPDATE setting SET value = '\"乙\"' WHERE key = 'school.name'")
    conn.commit()
    conn.close()
    set_name(window, "丙")
    page = page_of(window)
    page.refresh()
    settle(window)
    select(page, 0)
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.verify_button.click()
    assert blocker.args[0].startswith("驗證失敗") and "setting" in blocker.args[0]
    select(page, 0)  # the user answers yes
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.restore_button.click()
    assert "已損毀" in blocker.args[0] and "未還原" in blocker.args[0]  # its SHA-256 is checked first
    assert name(window) == "丙"


def test_settings_are_saved(window: MainWindow, tmp_path) -> None:  # noqa: ANN001
    page = page_of(window)
    page.folder_edit.setText(str(tmp_path / "usb"))
    page.keep_spin.setValue(5)
    page.daily_check.setChecked(False)
    page.save_settings()
    settle(window)
    settings = backup.backup_settings(window.db)
    assert settings.folder == tmp_path / "usb" and settings.keep == 5 and not settings.daily
    assert page.status.text() == "備份設定已儲存"
