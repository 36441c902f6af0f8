"""Start the GUI: one QApplication in Traditional Chinese, the database opened (and on first start
filled with a demo school), the main window.

``PORTFOLIO_SMOKE=1`` opens the window, waits until its data is loaded, and quits with 0: the set-up
script uses it in CI to prove the app starts headless.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from portfolio_desktop.config import APP_AUTHOR, APP_NAME, resources_dir
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.services.context import default_actor

SMOKE_ENV = "PORTFOLIO_SMOKE"
SMOKE_TIMEOUT_MS = 300_000  # a hung start fails CI instead of hanging it

# UI fonts in order of preference: Windows, macOS, Linux (Noto/Source Han), then 全字庫 (TW-Sung).
UI_FONTS = (
    "Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK TC", "Noto Sans TC",
    "Source Han Sans TC", "Source Han Sans TW", "WenQuanYi Micro Hei", "AR PL UMing TW", "TW-Sung", "TW-Kai",
)
# Fallbacks for characters outside the BMP (CJK Ext-B, e.g. 𡘙) that the UI font lacks.
EXT_B_FONTS = ("MingLiU-ExtB", "PMingLiU-ExtB", "TW-Sung-Ext-B", "TW-Kai-Ext-B", "TW-Sung-Plus", "HanaMinB")


def _install_translators(app: QApplication) -> None:
    """Qt's own strings (OK, Cancel, the file dialog) in zh_TW, then ours if a .qm exists."""
    QLocale.setDefault(QLocale("zh_TW"))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_zh_TW", qt_dir), ("portfolio_zh_TW", str(resources_dir() / "translations"))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def _choose_font(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    ui = next((f for f in UI_FONTS if f in families), None)
    fallbacks = [f for f in EXT_B_FONTS if f in families]
    if ui is not None:
        font = QFont(ui, app.font().pointSize())
        if fallbacks:
            font.setFamilies([ui, *fallbacks])
        app.setFont(font)
    elif fallbacks:
        font = app.font()
        font.setFamilies([*font.families(), *fallbacks])
        app.setFont(font)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (or the one that already exists, as under pytest-qt), set up for zh_TW."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(QCoreApplication.translate("app", "學生學習歷程檔案"))
    if sys.platform not in ("win32", "darwin"):
        app.setStyle("Fusion")  # the native styles there; Fusion where none is guaranteed
    _install_translators(app)
    _choose_font(app)
    return app


def run_gui(db: str | None) -> int:
    """The GUI entry point (``portfolio-desktop`` without a sub-command)."""
    from portfolio_desktop.gui.main_window import MainWindow
    from portfolio_desktop.store.open import open_database

    smoke = os.environ.get(SMOKE_ENV) == "1"
    app = make_application()
    try:
        database = open_database(db)
    except PortfolioError as exc:
        print(exc.bilingual(), file=sys.stderr)
        if not smoke:
            QMessageBox.critical(None, QCoreApplication.translate("app", "無法開啟資料庫"), exc.zh)
        return 1

    window = MainWindow(database, default_actor())
    outcome = {"code": 0}
    if smoke:
        def smoke_done() -> None:
            shown = window.isVisible() and window.roster.table_model.rowCount() > 0
            if not shown:
                print("PORTFOLIO_SMOKE: window not shown or no students loaded", file=sys.stderr)
                outcome["code"] = 1
            else:
                print(f"PORTFOLIO_SMOKE ok: {window.roster.counts_text()}", file=sys.stderr)
            window.close()
            app.quit()

        def smoke_timeout() -> None:
            print(f"PORTFOLIO_SMOKE: no data loaded within {SMOKE_TIMEOUT_MS // 1000} s", file=sys.stderr)
            outcome["code"] = 1
            window.jobs.cancel_all()
            app.quit()

        window.interactive = False
        window.ready.connect(lambda: QTimer.singleShot(0, smoke_done))
        QTimer.singleShot(SMOKE_TIMEOUT_MS, smoke_timeout)
    window.show()
    QTimer.singleShot(0, window.load)
    code = app.exec()
    window.jobs.shutdown(cancel=True)
    database.dispose()
    return outcome["code"] or code
