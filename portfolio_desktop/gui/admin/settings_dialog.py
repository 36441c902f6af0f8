"""設定 dialog: what the first-run wizard asked (school with the current term and 提交分工, caps,
letterhead, backups), changed later with the same form widgets, plus 介面 (language and date format,
this workstation's QSettings, gui/preferences.py).
The settings are read and OK saves the school tabs in one transaction through the op runner
(gui/ops.py) — each part only for the office that owns its setting (domain/setting_owners.py; the
others are disabled with the reason) — and then the display preferences; a refusal is shown in the
dialog and nothing is written."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGroupBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.jobs import Job
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.secret_prompt import ensure_secret_store
from portfolio_desktop.gui.preferences import PreferencesForm
from portfolio_desktop.gui.admin.setup_forms import (
    BackupForm,
    CapsForm,
    LetterheadForm,
    SchoolForm,
    SubmitRolesForm,
    TermForm,
)
from portfolio_desktop.services.admin import school_setup


# The dialog's parts and the setting each writes (their owners: domain/setting_owners.py).
PART_KEYS: dict[str, str] = {"school": "school.name", "term": "school.current_term", "submit": "items.submit_roles",
                             "caps": "items.caps", "letterhead": "notices.letterhead", "backup": "backup"}


def settings_denial(who: object) -> PortfolioError | None:
    """None when ``who`` (a window, a page context) owns some part of the dialog: it opens; else why not."""
    return permissions.why_not_any_setting(who, PART_KEYS.values())


class SettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("設定"))
        self.school = SchoolForm(self)
        self.term = TermForm(self)  # 目前學期: the default of every term choice (terms.current_term)
        self.submit = SubmitRolesForm(self)
        self.caps = CapsForm(self)
        self.letterhead = LetterheadForm(self)
        self.backup = BackupForm(self)
        self.preferences = PreferencesForm(settings if settings is not None else ctx.settings, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        for form, title in ((self._school_tab(), self.tr("學校")), (self.caps, self.tr("件數上限")),
                            (self.letterhead, self.tr("信頭與回郵地址")), (self.backup, self.tr("備份")),
                            (self.preferences, self.tr("介面"))):
            self.tabs.addTab(form, title)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)  # until the settings are shown
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._saving: Job | None = None
        self.owned: dict[str, bool] = {}  # each part enabled only for the office that owns it
        for part, key in PART_KEYS.items():
            self.owned[part] = permissions.apply(getattr(self, part), permissions.why_not_setting(ctx, key))
        self.load()

    def _school_tab(self) -> QWidget:
        tab = QWidget(self)
        term_box = QGroupBox(self.tr("目前學期"), tab)
        term_box.setObjectName("currentTermBox")
        QVBoxLayout(term_box).addWidget(self.term)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.school)
        layout.addWidget(term_box)
        layout.addWidget(self.submit)
        return tab

    def load(self) -> None:
        """Read the school's settings on a worker and show them; OK is enabled once they are shown."""
        db = self.ctx.db
        self.ctx.ops.query(lambda: school_setup.school_settings(db), success=self._show,
                           key=f"settings-{id(self)}", title=self.tr("讀取學校設定"), parent=self)

    def _show(self, current: school_setup.SchoolSettings) -> None:
        self.school.set_values(current.school)
        if current.term is not None:
            self.term.set_values(current.term)
        self.submit.set_values(current.submit_roles)
        self.caps.set_values(current.caps)
        self.letterhead.set_values(current.letterhead)
        self.backup.set_values(current.backup)
        self.ok.setEnabled(True)

    def save(self) -> Job | None:
        """Start saving the owned parts (None: the user declined the secret store for encrypted
        backups, nothing started). On success the preferences are saved and the dialog closes; a
        refusal stays in the dialog."""
        self.error.clear()
        if self.owned["backup"] and self.backup.values().encrypt and not ensure_secret_store(self):
            return None  # encrypted backups need a place for their key; the user declined
        # owning nothing: send every part, so that the service refuses (audited) naming the owners
        own = self.owned if any(self.owned.values()) else dict.fromkeys(self.owned, True)
        school = self.school.values() if own["school"] else None
        caps = self.caps.values() if own["caps"] else None
        letterhead = ({**self.letterhead.values(), "school_name": self.school.values().name}
                      if own["letterhead"] else None)
        backup = self.backup.values() if own["backup"] else None
        term = self.term.values() if own["term"] else None
        submit_roles = self.submit.values() if own["submit"] else None
        db, actor = self.ctx.db, self.ctx.actor
        self.ok.setEnabled(False)
        self._saving = self.ctx.ops.write(
            lambda: school_setup.save_school_settings(db, actor, school=school, caps=caps, letterhead=letterhead,
                                                      backup=backup, term=term, submit_roles=submit_roles),
            changes={Cap.SETTINGS, Cap.ITEMS, Cap.NOTICES}, title=self.tr("儲存學校設定"), parent=self,
            success=self._saved, failure=self._refused, done=lambda: self.ok.setEnabled(True))
        return self._saving

    def reject(self) -> None:
        """取消 while the settings are being saved waits for the save (one transaction: all or nothing)."""
        if self._saving is not None and not self._saving.done:
            return
        super().reject()

    def _saved(self, _result: object) -> None:
        self.preferences.save()
        self.saved.emit()
        self.accept()

    def _refused(self, exc: PortfolioError) -> None:
        self.error.setText(message(exc))
