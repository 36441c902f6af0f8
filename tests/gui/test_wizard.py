"""The first-run wizard walked like a school's IT person would, from a fresh database to a working
main window: the demo branch and the import branch; Cancel writes nothing; the Settings dialog
changes what the wizard asked, with the same forms."""

from __future__ import annotations



import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard

from portfolio_desktop.domain.items import CAPS_SEED_001
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.gui.app import open_main_window
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.main_window import MainWindow
from portfolio_desktop.gui.admin.settings_dialog import SettingsDialog
from portfolio_desktop.gui.admin.wizard import (
    CHOICE_DEMO,
    CHOICE_IMPORT,
    PAGE_ADMIN,
    PAGE_BACKUP,
    PAGE_CAPS,
    PAGE_FINISH,
    PAGE_LETTERHEAD,
    PAGE_SCHOOL,
    FirstRunWizard,
)
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import backup
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.store.engine import Database
from tests.gui.conftest import outcome, previewed, settle
from tests.gui.roster_files import student, write_xlsx

PASSWORD = "校務-管理-2024"


def table_rows(db_path: Path) -> dict[str, int]:
    """Every table's row count, read straight from the file."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def walk(qtbot, db: Database, tmp_path: Path, *, choice: str = CHOICE_DEMO) -> FirstRunWizard:  # noqa: ANN001
    """Fill every page and stop on the last one (nothing written yet)."""
    wizard = FirstRunWizard(db, today=dt.date(2024, 9, 2))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentId() == PAGE_SCHOOL
    assert wizard.term.values() == (113, 1)  # default from today (term_of)

    wizard.next()  # no school name: refused, stays here and says why
    assert wizard.currentId() == PAGE_SCHOOL and "校名" in wizard.pages[PAGE_SCHOOL].error.text()
    wizard.school.name.setText("國立岡山高級農工職業學校")
    wizard.school.code.setText("213303")
    wizard.school.night.setChecked(True)
    for name in ("農場經營科", "資訊科"):
        wizard.school.new_department.setText(name)
        wizard.school.add_department()
    wizard.next()

    assert wizard.currentId() == PAGE_CAPS
    wizard.caps.choose_preset("seed001")
    assert wizard.caps.values() == CAPS_SEED_001  # 岡山農工: no per-semester cap on 多元表現
    wizard.caps.spins["clo_uploads_per_semester"].setValue(5)
    wizard.next()

    assert wizard.currentId() == PAGE_LETTERHEAD
    wizard.letterhead.edits["postal_code"].setText("820")
    wizard.letterhead.edits["address"].setText("高雄市岡山區岡山路533號")
    wizard.letterhead.edits["phone"].setText("07-6217129")
    wizard.next()

    assert wizard.currentId() == PAGE_ADMIN
    offered = {wizard.admin.roles.item(i).text() for i in range(wizard.admin.roles.count())}
    assert {"註冊組", "進修部教務組", "訓育組", "進修部學務組", "教學組"} <= offered
    assert set(wizard.admin.grants()) == {Grant(Role.REGISTRY, "day"), Grant(Role.REGISTRY, "night")}
    wizard.admin.username.setText("it-admin")
    wizard.admin.display_name.setText("資訊組 林老師")
    wizard.admin.password.setText(PASSWORD)
    wizard.admin.confirm.setText(PASSWORD + "x")
    wizard.next()  # the two passwords differ
    assert wizard.currentId() == PAGE_ADMIN and "兩次" in wizard.pages[PAGE_ADMIN].error.text()
    wizard.admin.password.setText("short")
    wizard.admin.confirm.setText("short")
    wizard.next()  # too short
    assert wizard.currentId() == PAGE_ADMIN and wizard.pages[PAGE_ADMIN].error.text()
    wizard.admin.password.setText(PASSWORD)
    wizard.admin.confirm.setText(PASSWORD)
    wizard.next()

    assert wizard.currentId() == PAGE_BACKUP
    wizard.backup.folder.setText(str(tmp_path / "備份"))
    wizard.backup.keep.setValue(7)
    wizard.next()

    assert wizard.currentId() == PAGE_FINISH
    (wizard.demo_choice if choice == CHOICE_DEMO else wizard.import_choice).setChecked(True)
    return wizard


def finish(wizard: FirstRunWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.ops.wait_idle()  # the setup is written and the administrator signed in on a worker
    assert wizard.pages[PAGE_FINISH].error.text() == ""
    assert wizard.result() == QWizard.DialogCode.Accepted and wizard.actor is not None


def save(dialog: SettingsDialog) -> bool:
    """確定 pressed and the write done: True when the settings were saved and the dialog closed."""
    accepted: list[bool] = []
    dialog.accepted.connect(lambda: accepted.append(True))  # the main window's dialog deletes itself on close
    ops = dialog.ctx.ops
    job = dialog.save()
    if job is not None:
        assert ops.wait(job, 60_000)
    return bool(accepted)


def opened(dialog: SettingsDialog) -> SettingsDialog:
    """The dialog once it shows the stored settings (read on a worker)."""
    assert dialog.ctx.ops.wait_idle() and dialog.ok.isEnabled()
    return dialog


def window_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def test_demo_branch_writes_everything_and_opens_a_working_window(qtbot, db: Database, db_path: Path,
                                                                   tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path, choice=CHOICE_DEMO)
    assert sum(table_rows(db_path).values()) == table_rows(db_path).get("alembic_version", 0)  # nothing yet
    finish(wizard)
    assert wizard.choice == CHOICE_DEMO and wizard.actor.username == "it-admin"
    assert wizard.admin.password.text() == ""  # the password does not linger in the widget

    saved = school_setup.school_settings(db)
    assert saved.school.name == "國立岡山高級農工職業學校" and saved.school.code == "213303"
    assert saved.school.divisions == ("day", "night")
    assert saved.school.departments == ("農場經營科", "資訊科")
    assert saved.caps.clo_uploads_per_semester == 5 and saved.caps.mp_uploads_per_semester is None
    assert saved.letterhead["school_name"] == "國立岡山高級農工職業學校"
    assert saved.letterhead["address"] == "高雄市岡山區岡山路533號" and saved.letterhead["office"] == "教務處註冊組"
    assert saved.backup == school_setup.BackupChoice(str(tmp_path / "備份"), 7, False)
    staff = accounts.get_staff(db, "it-admin")
    assert set(staff.grants) == {Grant(Role.ADMIN), Grant(Role.REGISTRY, "day"), Grant(Role.REGISTRY, "night")}
    assert table_rows(db_path)["term"] == 1

    window = open_main_window(db, wizard.actor, choice=CHOICE_DEMO,
                              settings=window_settings(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=180_000):
        pass
    assert window.roster.model.shown_count() >= 1000  # the demo school (its rows are read a page at a time)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert {"名冊", "人員帳號", "代理人名單", "稽核紀錄", "備份"} <= set(titles)
    assert window.settings_action.isEnabled()
    qtbot.waitUntil(window.ctx.ops.idle, timeout=60_000)
    # the day's automatic backup went to the folder chosen in the wizard
    assert [b.label for b in backup.list_backups(db, wizard.actor)] == ["daily"]
    assert backup.list_backups(db, wizard.actor)[0].path.parent == tmp_path / "備份"
    # something written after the day's backup (through the op runner, as every page writes) …
    window.ctx.ops.write(lambda: backup.update_backup_settings(db, wizard.actor, keep=8), changes={Cap.SETTINGS},
                         title="設定")
    settle(window)
    window.close()
    assert window.backup_error is None
    assert "exit" in [b.label for b in backup.list_backups(db, wizard.actor)]  # … so closing backed it up


def test_import_branch_opens_the_roster_import(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path, choice=CHOICE_IMPORT)
    finish(wizard)
    assert wizard.choice == CHOICE_IMPORT
    window = open_main_window(db, wizard.actor, choice=CHOICE_IMPORT, daily_backup=False,
                              settings=window_settings(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=60_000):
        pass
    assert window.roster.model.rowCount() == 0  # no demo data on this branch
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    path = write_xlsx(tmp_path / "名冊.xlsx", [student("1120001", "王小明", "101", 1, serial=21),
                                                student("1120002", "林𡘙安", "101", 2, serial=22)])
    dialog.set_file(path)
    previewed(dialog)
    outcome(dialog)  # listens from now on
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert outcome(dialog).error is None, outcome(dialog).error
    settle(window)  # the roster reloads: the import announced its change
    assert window.roster.model.rowCount() == 2


def test_the_setup_being_written_cannot_be_cancelled_half_way(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()  # while it is written …
    wizard.reject()  # … Esc does nothing: all of it is written, or (refused) none
    assert wizard.ops.wait_idle() and wizard.result() == QWizard.DialogCode.Accepted and wizard.actor is not None
    assert not school_setup.is_fresh(db)


def test_cancel_writes_nothing(qtbot, db: Database, db_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    before = table_rows(db_path)
    wizard = walk(qtbot, db, tmp_path)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert wizard.result() == QWizard.DialogCode.Rejected and wizard.actor is None
    assert table_rows(db_path) == before
    assert school_setup.is_fresh(db) and not (tmp_path / "備份").exists()


def test_a_database_set_up_meanwhile_is_refused_and_left_alone(qtbot, db: Database, db_path: Path,
                                                                tmp_path: Path) -> None:  # noqa: ANN001
    first = walk(qtbot, db, tmp_path)
    second = walk(qtbot, db, tmp_path)
    finish(first)
    after_first = table_rows(db_path)
    second.button(QWizard.WizardButton.FinishButton).click()
    assert second.ops.wait_idle()
    assert "已經設定過" in second.pages[PAGE_FINISH].error.text()
    assert second.isVisible() and second.actor is None
    assert table_rows(db_path) == after_first


def test_settings_dialog_changes_what_the_wizard_asked(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path)
    finish(wizard)
    window = MainWindow(db, wizard.actor, settings=window_settings(tmp_path))
    qtbot.addWidget(window)
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    opened(dialog)
    assert dialog.school.name.text() == "國立岡山高級農工職業學校"
    assert dialog.caps.values() == school_setup.school_settings(db).caps  # the wizard's edited seed-001 caps
    assert dialog.caps.values().clo_uploads_per_semester == 5 and dialog.caps.values().mp_uploads_per_semester is None
    assert dialog.backup.keep.value() == 7
    dialog.school.name.setText("國立岡山農工")
    dialog.school.departments.setCurrentRow(1)
    dialog.school.remove_department()  # 資訊科: no class uses it
    dialog.caps.choose_preset("seed000")
    dialog.letterhead.edits["phone"].setText("07-6217129 轉 201")
    dialog.backup.keep.setValue(20)
    assert save(dialog)
    saved = school_setup.school_settings(db)
    assert saved.school.name == "國立岡山農工" and saved.school.departments == ("農場經營科",)
    assert saved.caps.mp_uploads_per_semester == 10 and saved.backup.keep == 20
    assert saved.letterhead["school_name"] == "國立岡山農工" and saved.letterhead["phone"] == "07-6217129 轉 201"


def test_settings_refused_for_someone_who_owns_no_setting(qtbot, db: Database, db_path: Path,
                                                           tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path)
    finish(wizard)
    # 教學組 owns no school setting (domain/setting_owners.py; 註冊組 owns the school's profile)
    accounts.create_staff(db, wizard.actor, "clerk", "教學組 陳小姐", grants=[Grant(Role.ACADEMIC)],
                          password="clerk-pass-123", must_change=False)
    clerk = accounts.sign_in(db, "clerk", "clerk-pass-123")
    window = MainWindow(db, clerk, settings=window_settings(tmp_path))
    qtbot.addWidget(window)
    assert not window.settings_action.isEnabled()
    before = school_setup.school_settings(db)
    dialog = opened(SettingsDialog(window.ctx, window))
    qtbot.addWidget(dialog)
    dialog.school.name.setText("別的學校")
    rows_before = table_rows(db_path)
    assert not save(dialog)
    assert "系統管理者" in dialog.error.text() or "變更學校設定" in dialog.error.text()
    assert school_setup.school_settings(db) == before
    rows_after = table_rows(db_path)
    assert rows_after["audit_log"] == rows_before["audit_log"] + 1  # only the refusal, audited
    assert {k: v for k, v in rows_after.items() if k != "audit_log"} == \
        {k: v for k, v in rows_before.items() if k != "audit_log"}


@pytest.mark.parametrize("preset", ["seed000", "seed001"])
def test_caps_presets_round_trip(qtbot, preset: str) -> None:  # noqa: ANN001
    from portfolio_desktop.gui.admin.setup_forms import CapsForm

    form = CapsForm()
    qtbot.addWidget(form)
    form.choose_preset(preset)
    expected = school_setup.CAP_PRESETS[preset][1]
    assert form.values() == expected
    other = CapsForm()
    qtbot.addWidget(other)
    other.set_values(expected)
    assert other.preset.currentData() == preset and other.values() == expected


def test_the_wizard_refuses_no_department_and_an_empty_letterhead_and_speaks_plain_chinese(  # noqa: ANN001
        qtbot, db: Database) -> None:
    wizard = FirstRunWizard(db, today=dt.date(2024, 9, 2))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "下一步(&N) >"
    assert wizard.button(QWizard.WizardButton.BackButton).text() == "< 上一步(&B)"
    wizard.school.name.setText("國立岡山高級農工職業學校")
    wizard.next()  # no 科別
    assert wizard.currentId() == PAGE_SCHOOL and "科別" in wizard.pages[PAGE_SCHOOL].error.text()
    wizard.school.new_department.setText("普通科")
    wizard.school.add_department()
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PAGE_LETTERHEAD
    wizard.letterhead.edits["office"].clear()
    wizard.next()  # no office, no address
    error = wizard.pages[PAGE_LETTERHEAD].error.text()
    assert wizard.currentId() == PAGE_LETTERHEAD and "處室" in error and "地址" in error
    wizard.letterhead.edits["office"].setText("教務處註冊組")
    wizard.letterhead.edits["address"].setText("高雄市岡山區岡山路533號")
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    presets = [wizard.caps.preset.itemText(i) for i in range(wizard.caps.preset.count())]
    assert presets and not any("seed" in p for p in presets)
    assert "認證管理員" in wizard.backup.encrypt.text() and "金鑰圈" not in wizard.backup.encrypt.text()
