"""The Settings dialog enables each part for the office that owns its setting (domain/setting_owners.py):
the dean the caps and 提交分工, the registry the school, the term and the letterhead, 資訊媒體組 the
backups, the administrator all; a disabled part says who owns it; saving writes only the owned parts;
the menu action opens the dialog for every owner and for no one else."""

from __future__ import annotations

from portfolio_desktop.domain.items import Caps
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.gui.admin.settings_dialog import SettingsDialog, settings_denial
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.items.item_settings import read_caps
from portfolio_desktop.store.engine import Database
from tests.gui.test_wizard import opened, save
from tests.data.staff import DEAN, IT, REGISTRY_DAY, REGISTRY_NIGHT, admin, seed_staff


def _enabled(dialog: SettingsDialog) -> dict[str, bool]:
    return {part: getattr(dialog, part).isEnabled() for part in dialog.owned}


def test_each_part_for_its_owner(qtbot, db: Database, make_ctx) -> None:  # noqa: ANN001
    dean = seed_staff(db, "dean", DEAN)
    dialog = opened(SettingsDialog(make_ctx(dean)))
    qtbot.addWidget(dialog)
    assert _enabled(dialog) == {"school": False, "term": False, "submit": True, "caps": True, "letterhead": False,
                                "backup": False}
    assert "註冊組" in dialog.letterhead.toolTip() and "資訊媒體組" in dialog.backup.toolTip()
    before = school_setup.school_settings(db)
    dialog.caps.set_values(Caps(clo_selected_per_year=4))
    dialog.school.name.setText("不會寫入")  # disabled: not the dean's
    assert save(dialog), dialog.error.text()
    assert read_caps(db).clo_selected_per_year == 4
    assert school_setup.school_settings(db).school == before.school

    reg = seed_staff(db, "reg", REGISTRY_DAY)
    reg_dialog = opened(SettingsDialog(make_ctx(reg)))
    qtbot.addWidget(reg_dialog)
    assert reg_dialog.owned == {"school": True, "term": True, "submit": False, "caps": False, "letterhead": True,
                                "backup": False}
    reg_dialog.school.name.setText("國立測試高中")
    assert save(reg_dialog), reg_dialog.error.text()
    assert school_setup.school_settings(db).school.name == "國立測試高中"
    assert read_caps(db).clo_selected_per_year == 4  # the caps part was not sent

    night = opened(SettingsDialog(make_ctx(seed_staff(db, "night", REGISTRY_NIGHT))))
    qtbot.addWidget(night)
    assert not night.owned["letterhead"] and night.owned["school"]  # the dialog's letterhead is the school's
    it = opened(SettingsDialog(make_ctx(seed_staff(db, "it", IT))))
    qtbot.addWidget(it)
    assert [p for p, own in it.owned.items() if own] == ["backup"]
    boss = opened(SettingsDialog(make_ctx(admin(db))))
    qtbot.addWidget(boss)
    assert all(boss.owned.values())


def test_the_menu_action_for_owners_only(qtbot, db: Database, make_ctx) -> None:  # noqa: ANN001
    assert settings_denial(make_ctx(seed_staff(db, "dean", DEAN))) is None
    assert settings_denial(make_ctx(seed_staff(db, "it", IT))) is None
    denied = settings_denial(make_ctx(seed_staff(db, "acad", Grant(Role.ACADEMIC))))
    assert denied is not None and "變更學校設定" in denied.zh
