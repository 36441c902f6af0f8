"""設定 dialog: what the first-run wizard asked (school, caps, letterhead, backups), changed later with
the same form widgets, plus 介面 (language and date format, this workstation's QSettings, gui/preferences.py).
OK saves the four school tabs in one transaction (administrator only) and then the display preferences;
a refusal is shown in the dialog and nothing is written."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.preferences import PreferencesForm
from portfolio_desktop.gui.setup_forms import BackupForm, CapsForm, LetterheadForm, SchoolForm
from portfolio_desktop.services import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.engine import Database


class SettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("設定"))
        self.school = SchoolForm(self)
        self.caps = CapsForm(self)
        self.letterhead = LetterheadForm(self)
        self.backup = BackupForm(self)
        self.preferences = PreferencesForm(settings, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        for form, title in ((self.school, self.tr("學校")), (self.caps, self.tr("件數上限")),
                            (self.letterhead, self.tr("信頭與回郵地址")), (self.backup, self.tr("備份")),
                            (self.preferences, self.tr("介面"))):
            self.tabs.addTab(form, title)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        current = school_setup.school_settings(self.db)
        self.school.set_values(current.school)
        self.caps.set_values(current.caps)
        self.letterhead.set_values(current.letterhead)
        self.backup.set_values(current.backup)

    def save(self) -> bool:
        self.error.clear()
        try:
            school_setup.save_school_settings(
                self.db, self.actor, school=self.school.values(), caps=self.caps.values(),
                letterhead={**self.letterhead.values(), "school_name": self.school.values().name},
                backup=self.backup.values(),
            )
        except PortfolioError as exc:
            self.error.setText(message(exc))
            return False
        self.preferences.save()
        self.saved.emit()
        self.accept()
        return True
