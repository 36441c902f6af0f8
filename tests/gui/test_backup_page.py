"""The 備份 page on a real main window: back up, verify, refuse a damaged backup, restore only after
the user says yes (issue 7)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from portfolio_desktop.gui.admin.backup_page import BackupPage, make_backup_page
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.settings import get_setting, set_setting


def page_of(window: MainWindow) -> BackupPage:
    page = window.findChild(BackupPage, "backupPage")
    if page is None:  # until gui/pages.py lists make_backup_page
        title, page = make_backup_page(window)
        window.add_page(title, page)
    assert isinstance(page, BackupPage)
    window.tabs.setCurrentWidget(page)
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
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    page = page_of(window)
    assert page.table.rowCount() == 0 and not page.restore_button.isEnabled()
    set_name(window, "原本的校名")
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.create_button.click()
    assert blocker.args[0].startswith("已備份")
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "手動"  # the kind, translated

    select(page, 0)
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.verify_button.click()
    assert blocker.args[0].startswith("驗證通過")

    set_name(window, "後來改的校名")
    # the user answers No: nothing happens
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    select(page, 0)
    page.restore_button.click()
    assert page.status.text() == "已取消還原" and name(window) == "後來改的校名"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    select(page, 0)
    with qtbot.waitSignal(window.data_changed, timeout=20_000):
        page.restore_button.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("已還原"), timeout=20_000)
    assert name(window) == "原本的校名"
    assert {page.table.item(r, 1).text() for r in range(page.table.rowCount())} == {"手動", "還原前"}


def test_damaged_backup_is_reported_and_not_restored(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
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
    select(page, 0)
    with qtbot.waitSignal(page.operation_done, timeout=20_000) as blocker:
        page.verify_button.click()
    assert blocker.args[0].startswith("驗證失敗") and "setting" in blocker.args[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    select(page, 0)
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
    settings = backup.backup_settings(window.db)
    assert settings.folder == tmp_path / "usb" and settings.keep == 5 and not settings.daily
    assert page.status.text() == "備份設定已儲存"
