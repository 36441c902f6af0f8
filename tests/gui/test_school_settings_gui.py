"""The school tab of the Settings dialog: 目前學期 (the default of every term choice) and 提交分工 (who
submits which kind), and the first-run wizard's per-school preset setting who submits along with
the caps (seed 000 附表二 五: 教學組 submits the 課程學習成果; seed 001 §六(二): 註冊組)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QGroupBox

from portfolio_desktop.domain.items import ItemKind
from portfolio_desktop.domain.roc import term_of
from portfolio_desktop.domain.roles import Role
from portfolio_desktop.gui.admin.settings_dialog import SettingsDialog
from portfolio_desktop.gui.admin.setup_forms import SubmitRolesForm
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.terms import CURRENT_TERM_KEY, current_term
from portfolio_desktop.services.items.item_settings import (
    SUBMIT_ROLE_PRESETS,
    SUBMIT_ROLES_KEY,
    set_submit_roles,
    submit_role,
)
from portfolio_desktop.services.settings import get_setting
from portfolio_desktop.store.engine import Database
from portfolio_desktop.gui.context import SessionContext
from tests.gui.test_wizard import finish, opened, save, walk


def stored(db: Database, key: str) -> object:
    with db.read() as s:
        return get_setting(s, key)


def roles_of(db: Database) -> dict[ItemKind, Role | None]:
    with db.read() as s:
        return {kind: submit_role(s, kind) for kind in (ItemKind.CLO, ItemKind.MP, ItemKind.CADRE)}


def open_dialog(qtbot, db: Database, actor: Actor, tmp_path: Path) -> SettingsDialog:  # noqa: ANN001
    """A Settings dialog, kept alive until the test ends (qtbot holds only a weak reference: a dialog
    dropped mid-test would be deleted whenever the garbage collector runs, inside another test)."""
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    ctx = SessionContext(db, actor, settings=prefs, signed_in=True, viewer=None)
    dialog = opened(SettingsDialog(ctx, settings=prefs))
    qtbot.addWidget(dialog)
    dialog.school.name.setText(dialog.school.name.text() or "國立臺南第二高級中學")
    _OPEN.append(dialog)
    return dialog


_OPEN: list[SettingsDialog] = []


@pytest.fixture(autouse=True)
def _release_dialogs(qtbot) -> Iterator[None]:  # noqa: ANN001
    yield
    for dialog in _OPEN:  # pytest-qt closes them and deletes them with deleteLater() first
        dialog.ctx.ops.shutdown(cancel=True)
        dialog.close()
    _OPEN.clear()


def neighbour(term: tuple[int, int]) -> tuple[int, int]:
    """The term after: one terms.current_term accepts as the school's."""
    year, semester = term
    return (year, 2) if semester == 1 else (year + 1, 1)


def test_current_term_is_shown_and_changed_in_the_school_tab(qtbot, db: Database, actor: Actor,
                                                              tmp_path: Path) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, db, actor, tmp_path)
    box = dialog.findChild(QGroupBox, "currentTermBox")
    assert box is not None and box.title() == "目前學期"
    assert dialog.tabs.indexOf(box.parentWidget()) == 0  # on the 學校 tab
    assert dialog.term.values() == current_term(db) == term_of(dt.date.today())
    school_term = neighbour(current_term(db))  # opening the next term early
    dialog.term.set_values(school_term)
    assert save(dialog)
    assert current_term(db) == school_term == school_setup.school_settings(db).term
    assert stored(db, CURRENT_TERM_KEY) == f"{school_term[0]}-{school_term[1]}"
    assert open_dialog(qtbot, db, actor, tmp_path).term.values() == school_term


def test_submit_roles_are_shown_and_changed_in_the_school_tab(qtbot, db: Database, actor: Actor,
                                                               tmp_path: Path) -> None:  # noqa: ANN001
    dialog = open_dialog(qtbot, db, actor, tmp_path)
    assert dialog.submit.preset.currentData() == "seed001"  # nothing stored: the seed-001 default
    assert dialog.submit.preset.currentText() == "依岡山農工補充規定"
    assert "課程學習成果：註冊組" in dialog.submit.summary.text()
    dialog.submit.choose_preset("seed000")
    assert "課程學習成果：教學組" in dialog.submit.summary.text()
    assert save(dialog)
    assert roles_of(db) == {ItemKind.CLO: Role.ACADEMIC, ItemKind.MP: Role.ACTIVITIES, ItemKind.CADRE: Role.ACTIVITIES}
    assert open_dialog(qtbot, db, actor, tmp_path).submit.preset.currentData() == "seed000"

    # set some other way (not a preset): shown as 自訂 and kept when the dialog saves something else
    set_submit_roles(db, actor, {ItemKind.CLO: Role.IT})
    before = stored(db, SUBMIT_ROLES_KEY)
    dialog = open_dialog(qtbot, db, actor, tmp_path)
    assert dialog.submit.preset.currentData() == SubmitRolesForm.CUSTOM and dialog.submit.values() is None
    assert "課程學習成果：資訊媒體組" in dialog.submit.summary.text()
    dialog.letterhead.edits["phone"].setText("06-2514526")
    assert save(dialog)
    assert stored(db, SUBMIT_ROLES_KEY) == before and roles_of(db)[ItemKind.CLO] is Role.IT


def test_wizard_preset_sets_who_submits(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path)  # chose 岡山農工 (seed 001) on the caps page
    assert wizard.submit.preset.currentData() == "seed001"
    wizard.caps.choose_preset("seed000")  # 臺南二中 after all
    assert wizard.submit.preset.currentData() == "seed000"
    assert "課程學習成果：教學組" in wizard.submit.summary.text()
    finish(wizard)
    assert stored(db, SUBMIT_ROLES_KEY) == {k.value: r.value for k, r in SUBMIT_ROLE_PRESETS["seed000"].items()}
    assert roles_of(db)[ItemKind.CLO] is Role.ACADEMIC
    assert school_setup.school_settings(db).submit_roles == SUBMIT_ROLE_PRESETS["seed000"]


def test_wizard_seed001_stores_its_division_of_work(qtbot, db: Database, tmp_path: Path) -> None:  # noqa: ANN001
    wizard = walk(qtbot, db, tmp_path)
    finish(wizard)
    assert stored(db, SUBMIT_ROLES_KEY) == {k.value: r.value for k, r in SUBMIT_ROLE_PRESETS["seed001"].items()}
    assert roles_of(db)[ItemKind.CLO] is Role.REGISTRY


def test_saving_unchanged_settings_writes_no_audit_row(qtbot, db: Database, actor: Actor,  # noqa: ANN001
                                                       tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from portfolio_desktop.store.models import AuditLog

    def rows() -> int:
        with db.read() as s:
            return s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "setting.set")) or 0

    first = open_dialog(qtbot, db, actor, tmp_path)
    assert save(first)
    after_first = rows()
    assert save(open_dialog(qtbot, db, actor, tmp_path))  # 確定 again with nothing changed
    assert rows() == after_first
