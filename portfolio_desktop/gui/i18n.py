"""The UI language and the date format.

Every UI string is written in Traditional Chinese in the code and the ``ui/*.ui`` forms and goes through
Qt's translation system; ``resources/translations/portfolio_<lang>.qm`` (compiled from the ``.ts``
sources by ``scripts/update_translations.sh``) holds zh_TW and English. The choice lives in the user's
QSettings (``ui/language``, ``ui/date_format``), not in the database: it is a workstation preference,
not a school setting. Defaults: 繁體中文 and ROC dates (民國年), as the office writes them.

The chosen language and date format are process-wide (one QApplication): :func:`apply_preferences`
installs them; windows built afterwards show them (a language change needs a restart for the windows
already open, a date-format change shows on the next refresh).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from portfolio_desktop.config import APP_AUTHOR, APP_NAME, resources_dir

ZH_TW = "zh_TW"
EN = "en"
LANGUAGES: tuple[str, ...] = (ZH_TW, EN)
DATE_ROC = "roc"
DATE_GREGORIAN = "gregorian"
DATE_FORMATS: tuple[str, ...] = (DATE_ROC, DATE_GREGORIAN)
LANGUAGE_KEY = "ui/language"
DATE_FORMAT_KEY = "ui/date_format"
CATALOG = "portfolio"  # resources/translations/portfolio_<lang>.qm


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """Marks ``text`` for translation in ``context`` and returns it unchanged; the translation is looked
    up where it is shown (``QCoreApplication.translate(context, text)``). pyside6-lupdate finds the
    call by this name; PySide6's own function is typed ``object -> object``, which hides every label's
    type from the type checker."""
    return text


@dataclass(frozen=True)
class Preferences:
    language: str = ZH_TW
    date_format: str = DATE_ROC


class _State:
    """What is installed now; the translators are kept so a second install replaces them."""

    preferences = Preferences()
    translators: list[QTranslator] = []


def user_settings() -> QSettings:
    """The signed-in Windows/Linux user's settings (the same store the main window's layout uses)."""
    return QSettings(APP_AUTHOR, APP_NAME)


def read_preferences(settings: QSettings | None = None) -> Preferences:
    """The saved choice; anything unknown falls back to the default (zh_TW, ROC)."""
    s = settings if settings is not None else user_settings()
    language = str(s.value(LANGUAGE_KEY, ZH_TW) or ZH_TW)
    date_format = str(s.value(DATE_FORMAT_KEY, DATE_ROC) or DATE_ROC)
    return Preferences(language if language in LANGUAGES else ZH_TW,
                       date_format if date_format in DATE_FORMATS else DATE_ROC)


def save_preferences(preferences: Preferences, settings: QSettings | None = None) -> None:
    s = settings if settings is not None else user_settings()
    s.setValue(LANGUAGE_KEY, preferences.language)
    s.setValue(DATE_FORMAT_KEY, preferences.date_format)
    s.sync()


def translations_dir() -> str:
    return str(resources_dir() / "translations")


def install_language(language: str) -> bool:
    """Install Qt's own strings (OK, Cancel, the file dialog) and ours for ``language``, replacing
    whatever was installed before. Returns whether our catalogue was found."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for old in _State.translators:
        QCoreApplication.removeTranslator(old)
    _State.translators = []
    QLocale.setDefault(QLocale(language if language != EN else "en_US"))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = False
    catalogues = [(f"{CATALOG}_{language}", translations_dir())]
    if language != EN:  # Qt's own strings are English already
        catalogues.insert(0, (f"qtbase_{language}", qt_dir))
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder):
            QCoreApplication.installTranslator(translator)
            _State.translators.append(translator)
            found = found or name.startswith(CATALOG)
    _State.preferences = Preferences(language, _State.preferences.date_format)
    return found


def set_date_format(date_format: str) -> None:
    if date_format not in DATE_FORMATS:
        raise ValueError(f"unknown date format {date_format!r}")
    _State.preferences = Preferences(_State.preferences.language, date_format)


def apply_preferences(preferences: Preferences) -> None:
    """Make ``preferences`` the running app's language and date format."""
    install_language(preferences.language)
    set_date_format(preferences.date_format)


def current() -> Preferences:
    return _State.preferences


def is_english() -> bool:
    return _State.preferences.language == EN


def gregorian_dates() -> bool:
    return _State.preferences.date_format == DATE_GREGORIAN
