"""語言 / Language and 日期格式 (ROC or Gregorian): the user's own display preferences (gui/i18n.py),
kept in QSettings on this workstation, not in the database. A tab of the 設定 dialog for the
administrator, and its own small dialog (檔案 → 介面偏好) for everyone else.

The date format applies at once (the views reload); a new language applies when the app starts
again, since the windows already open keep the texts they were built with.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from portfolio_desktop.gui import i18n


class PreferencesForm(QWidget):
    """Two choices; :meth:`save` writes them and applies the date format."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesForm")
        self.settings = settings if settings is not None else i18n.user_settings()
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        # Each language is named in itself, so a user who cannot read the current one still finds theirs.
        self.language.addItem("繁體中文", i18n.ZH_TW)  # not UI: the language's own name
        self.language.addItem("English", i18n.EN)
        self.date_format = QComboBox(self)
        self.date_format.setObjectName("dateFormat")
        self.date_format.addItem(self.tr("民國年（113/08/29）"), i18n.DATE_ROC)
        self.date_format.addItem(self.tr("西元年（2024/08/29）"), i18n.DATE_GREGORIAN)
        self.note = QLabel(self.tr("變更語言後，請重新啟動程式。"), self)
        self.note.setObjectName("languageNote")
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("語言 / Language"), self.language)
        form.addRow(self.tr("日期格式"), self.date_format)
        form.addRow(self.note)
        saved = i18n.read_preferences(self.settings)
        self.language.setCurrentIndex(max(0, self.language.findData(saved.language)))
        self.date_format.setCurrentIndex(max(0, self.date_format.findData(saved.date_format)))
        self._loaded = saved

    def values(self) -> i18n.Preferences:
        return i18n.Preferences(str(self.language.currentData()), str(self.date_format.currentData()))

    def save(self) -> i18n.Preferences:
        """Keep the choice; the date format applies now, the language at the next start."""
        chosen = self.values()
        i18n.save_preferences(chosen, self.settings)
        i18n.set_date_format(chosen.date_format)
        return chosen


class PreferencesDialog(QDialog):
    """The form alone, for users who may not change the school's settings."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("介面偏好"))
        self.form = PreferencesForm(settings, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.form.save()
        self.accept()
