"""Start the GUI: one QApplication in the user's language (Traditional Chinese by default), the database opened, then on a fresh
database the first-run wizard, otherwise the sign-in dialog, then the main window.

``PORTFOLIO_SMOKE=1`` shows no dialog at all: it signs in as ``PORTFOLIO_USER`` with
``PORTFOLIO_PASSWORD`` (defaults :data:`SMOKE_USER` / :data:`SMOKE_PASSWORD`), on a fresh database
first setting the school up with that user as administrator (註冊組 of both divisions) and filling the
demo school; it opens the window, waits until its data is loaded, and quits with 0. The set-up script
uses it in CI to prove the app starts headless.

Start and stop are logged, and while the GUI runs an error nobody caught (a slot, a thread) goes to
the log and the one error dialog (logs.py, gui/error_dialog.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
from typing import TYPE_CHECKING, TypeVar

# The database layer first, before Qt: once PySide6 is loaded it reads the whole source of every module
# imported after it (to find the ones that use ``from __feature__``), and SQLAlchemy, the models and
# the read scope are large and use no Qt.
from portfolio_desktop.services import read_scope  # noqa: F401
from portfolio_desktop.store.engine import Database

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from portfolio_desktop import __version__, collector, logs
from portfolio_desktop.config import APP_AUTHOR, APP_NAME, USER_ENV
from portfolio_desktop.domain.items import CAPS_SEED_000
from portfolio_desktop.domain.roc import term_of
from portfolio_desktop.domain.roles import Grant, Role
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import i18n, notifier
from portfolio_desktop.gui.error_dialog import install_handlers
from portfolio_desktop.gui.icon import DESKTOP_ENTRY, app_icon
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.ops import install_thread_guard, off_gui_thread
from portfolio_desktop.services.context import Actor
from portfolio_desktop.store.snapshot import DEFAULT_KEEP

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow

_log = logging.getLogger(__name__)
T = TypeVar("T")

SMOKE_ENV = "PORTFOLIO_SMOKE"
SMOKE_TIMEOUT_MS = 300_000  # a hung start fails CI instead of hanging it
PASSWORD_ENV = "PORTFOLIO_PASSWORD"  # the CLI's variable too (commands/accounts.py)
# The documented smoke account (README "CI"): used only under PORTFOLIO_SMOKE=1 when PORTFOLIO_USER /
# PORTFOLIO_PASSWORD are not set; a real school signs in with its own accounts.
SMOKE_USER = "smoke-admin"
SMOKE_PASSWORD = "smoke-admin-pass"

# UI fonts in order of preference: Windows, macOS, Linux (Noto/Source Han), then 全字庫 (TW-Sung).
UI_FONTS = (
    "Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK TC", "Noto Sans TC",
    "Source Han Sans TC", "Source Han Sans TW", "WenQuanYi Micro Hei", "AR PL UMing TW", "TW-Sung", "TW-Kai",
)
# Fallbacks for characters outside the BMP (CJK Ext-B, e.g. 𡘙) that the UI font lacks.
EXT_B_FONTS = ("MingLiU-ExtB", "PMingLiU-ExtB", "TW-Sung-Ext-B", "TW-Kai-Ext-B", "TW-Sung-Plus", "HanaMinB")


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


def make_application(argv: list[str] | None = None, *, settings: QSettings | None = None) -> QApplication:
    """The QApplication (or the one that already exists, as under pytest-qt), in the language and date
    format the user chose (QSettings ``ui/language``, ``ui/date_format``; default zh_TW and ROC dates,
    gui/i18n.py). ``settings`` replaces the user's settings (tests)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    i18n.apply_preferences(i18n.read_preferences(settings))
    app.setApplicationDisplayName(QCoreApplication.translate("app", "學生學習歷程檔案"))
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_ENTRY)  # Wayland takes the icon from the menu entry of this name
    if sys.platform not in ("win32", "darwin"):
        app.setStyle("Fusion")  # the native styles there; Fusion where none is guaranteed
    _choose_font(app)
    return app


_started = False  # the first main window of this process is open


def open_main_window(database: Database, actor: Actor, *, choice: str | None = None,
                     daily_backup: bool = True, settings: QSettings | None = None) -> MainWindow:
    """The main window for a signed-in actor, shown and loading: with ``choice`` "demo" it fills the
    demo school first (the wizard's 使用示範資料探索, PORTFOLIO_SMOKE), with "import" it opens the roster
    import dialog once loaded (立即匯入名冊). Today's automatic backup is queued first."""
    global _started
    # What start-up makes lives as long as the program (modules, classes, the first window): it leaves
    # the garbage collector's walks (collector.py), so a collection while the data arrives does not
    # walk all of it; frozen again once the window is made. Only for the first window: after a
    # sign-out the old window's leftovers must stay collectable.
    first, _started = not _started, True
    if first:
        gc.freeze()
    from portfolio_desktop.gui.main_window import MainWindow

    window = MainWindow(database, actor, settings=settings)
    if first:
        gc.freeze()
    demo = False
    if choice is not None:  # the first-run wizard's choice (its module is not needed otherwise)
        from portfolio_desktop.gui.admin.wizard import CHOICE_DEMO, CHOICE_IMPORT

        demo = choice == CHOICE_DEMO
        if choice == CHOICE_IMPORT:
            window.ready.connect(window.open_import, Qt.ConnectionType.SingleShotConnection)
    window.show()
    if daily_backup:
        window.start_daily_backup()
    QTimer.singleShot(0, lambda: window.load(demo_data=demo))
    return window


def smoke_credentials() -> tuple[str, str]:
    """PORTFOLIO_USER / PORTFOLIO_PASSWORD, or the documented smoke defaults (README, scripts/start.sh)."""
    return os.environ.get(USER_ENV) or SMOKE_USER, os.environ.get(PASSWORD_ENV) or SMOKE_PASSWORD


def smoke_actor(database: Database) -> Actor:
    """PORTFOLIO_SMOKE without any dialog: on a fresh database set the school up with the smoke user as
    administrator holding 註冊組 of both divisions; then sign in with the credentials."""
    from portfolio_desktop.services.accounts import accounts
    from portfolio_desktop.services.admin import school_setup

    user, password = smoke_credentials()
    registry = (Grant(Role.REGISTRY, "day"), Grant(Role.REGISTRY, "night"))
    if school_setup.is_fresh(database):
        school_setup.apply_first_run(database, school_setup.FirstRunSetup(
            school=school_setup.SchoolProfile("示範高級中學", "", ("day", "night"), ()),  # not UI: data
            term=term_of(dt.date.today()), caps=CAPS_SEED_000, letterhead={"office": "教務處註冊組"},  # not UI: data
            admin=school_setup.AdminAccount(user, user, password, registry),
            backup=school_setup.BackupChoice("", DEFAULT_KEEP, False),
        ))
    elif not accounts.has_accounts(database):  # a roster from before sign-in existed
        accounts.bootstrap_admin(database, user, password)
        accounts.set_grants(database, Actor(user), user, (Grant(Role.ADMIN), *registry))
    return accounts.sign_in(database, user, password)


def _run_smoke(app: QApplication, database: Database) -> int:
    try:
        actor = off_gui_thread(lambda: smoke_actor(database))
    except PortfolioError as exc:
        print(f"PORTFOLIO_SMOKE: cannot sign in: {exc.bilingual()}", file=sys.stderr)
        return 1
    notifier.install(notifier.HeadlessNotifier())  # errors go to stderr, never a modal box
    window = open_main_window(database, actor, choice="demo")
    outcome = {"code": 0}

    def smoke_done() -> None:
        refused = window.roster.refusal is not None and not window.roster.refusal.isHidden()
        shown = window.isVisible() and (window.roster.model.rowCount() > 0 or refused)
        if not shown:
            print("PORTFOLIO_SMOKE: window not shown or no students loaded", file=sys.stderr)
            outcome["code"] = 1
        elif refused:  # e.g. an administrator-only account: the roster page explains, nothing is read
            print(f"PORTFOLIO_SMOKE ok: {window.tabs.count()} pages; the roster is not for this account",
                  file=sys.stderr)
        else:
            print(f"PORTFOLIO_SMOKE ok: {window.roster.counts_text()}", file=sys.stderr)
        window.close()
        app.quit()

    def smoke_timeout() -> None:
        print(f"PORTFOLIO_SMOKE: no data loaded within {SMOKE_TIMEOUT_MS // 1000} s", file=sys.stderr)
        outcome["code"] = 1
        window.ctx.ops.cancel_all()
        app.quit()

    window.ready.connect(lambda: QTimer.singleShot(0, smoke_done))
    QTimer.singleShot(SMOKE_TIMEOUT_MS, smoke_timeout)
    code = app.exec()
    window.ctx.ops.shutdown(cancel=True)
    if window.backup_error:
        print(f"PORTFOLIO_SMOKE: {window.backup_error}", file=sys.stderr)
    return outcome["code"] or code


def run_interactive(app: QApplication, database: Database) -> int:
    """Fresh database: the first-run wizard. Otherwise sign-in. 登出 comes back here to sign in again."""
    from portfolio_desktop.gui.signin_dialog import sign_in
    from portfolio_desktop.gui.admin.wizard import run_first_run
    from portfolio_desktop.services.admin import school_setup

    choice: str | None = None
    if off_gui_thread(lambda: school_setup.is_fresh(database)):
        result = run_first_run(database)
        if result is None:
            return 0  # cancelled: nothing was written
        actor, choice = result
    else:
        signed = sign_in(database)
        if signed is None:
            return 0
        actor = signed
    first = True
    while True:
        window = open_main_window(database, actor, choice=choice, daily_backup=first)
        code = app.exec()
        window.ctx.ops.shutdown(cancel=True)
        if not window.signed_out:
            return code
        window.deleteLater()
        first, choice = False, None
        signed = sign_in(database)
        if signed is None:
            return 0
        actor = signed


# The secret store (keyring, cryptography) loads only when a server password or the backup key is
# really needed: a SQLite database at the head needs neither.
def _stored_password(name: str) -> str | None:
    from portfolio_desktop.services.accounts import secrets

    return secrets.stored_password(name)


def _stored_backup_key() -> bytes:
    from portfolio_desktop.services.accounts import secrets

    return secrets.stored_backup_key()


def run_gui(db: str | None) -> int:
    """The GUI entry point (``portfolio-desktop`` without a sub-command)."""
    from portfolio_desktop.store.open import open_database

    smoke = os.environ.get(SMOKE_ENV) == "1"
    logs.setup()
    app = make_application()
    restore_handlers = install_handlers(app)  # slots, threads and Qt's messages into the log (the error dialog)
    remove_guard = install_thread_guard()  # PORTFOLIO_GUI_THREAD_GUARD=1: no database work on this thread
    _log.info("GUI start: version %s%s", __version__, " (smoke)" if smoke else "")
    code = 1
    try:
        try:
            database = off_gui_thread(lambda: open_database(  # the first start creates it
                db, create=True, password_for=_stored_password, backup_key=_stored_backup_key))
        except PortfolioError as exc:
            print(exc.bilingual(), file=sys.stderr)
            logs.log_refusal(exc, "GUI start")
            if not smoke:
                QMessageBox.critical(None, QCoreApplication.translate("app", "無法開啟資料庫"), message(exc))
            return code
        _log.info("database %s", database.url)
        collector.start_up_done()  # what comes next waits for the user (sign-in, the first-run wizard)
        try:
            code = _run_smoke(app, database) if smoke else run_interactive(app, database)
            return code
        finally:
            database.dispose()
    finally:
        _log.info("GUI stop: exit %d", code)
        remove_guard()
        restore_handlers()
