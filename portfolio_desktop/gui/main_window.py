"""The main window: pages in tabs (the roster first), menus 檔案 / 名冊 / 說明 (快捷鍵, 開啟記錄檔資料夾,
關於), a status bar with counts.

Pages are registered as factories in ``gui/pages.py`` and get the session's
:class:`~portfolio_desktop.gui.context.PageContext` (database, actor, permissions, op runner, change
bus, notifier), never this window. Work runs through the context's op runner (gui/ops.py); a write
announces the capabilities it changed and the pages that show them refresh (gui/changes.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from portfolio_desktop import __version__
from portfolio_desktop.config import APP_AUTHOR, APP_NAME
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import account_menu, layout_state, permissions
from portfolio_desktop.gui.admin import auto_backup
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import Authority, SessionContext, read_authority
from portfolio_desktop.gui.error_dialog import open_log_folder
from portfolio_desktop.gui.imports.import_dialog import ImportDialog
from portfolio_desktop.gui.imports import imports
from portfolio_desktop.gui.imports.import_kinds import ROSTER_IMPORT
from portfolio_desktop.gui.imports.imports import add_import_actions
from portfolio_desktop.gui.jobs import JobManager
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.ops import off_gui_thread
from portfolio_desktop.gui.rosters.roster_page import RosterPage
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.read_scope import Viewer
from portfolio_desktop.store.engine import Database

if TYPE_CHECKING:  # the student's window loads when a student is first opened
    from portfolio_desktop.gui.detail_dialog import StudentDetailDialog


def _session_facts(db: Database, actor: Actor) -> tuple[bool, Viewer | None, Authority]:
    """A staff account or not, their dashboard viewer, what they may do (service calls: on a worker)."""
    signed_in = account_menu.is_staff(db, actor)
    viewer = account_menu.viewer_or_none(db, actor) if signed_in else None
    return signed_in, viewer, read_authority(db)


class MainWindow(QMainWindow):
    ready = Signal()  # the first data load is done (PORTFOLIO_SMOKE waits for it)
    sign_out_action: QAction  # gui/account_menu.py add_account_menu
    change_password_action: QAction

    def __init__(
        self, db: Database, actor: Actor, *, jobs: JobManager | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.db, self.actor = db, actor
        self.settings = settings or QSettings(APP_AUTHOR, APP_NAME)
        # who is signed in decides which pages and menus appear (the services still check): read on a
        # worker while the window is made, with what they may do (gui/context.py Authority)
        signed_in, viewer, authority = off_gui_thread(lambda: _session_facts(db, actor))
        self.ctx = SessionContext(db, actor, settings=self.settings, signed_in=signed_in, viewer=viewer,
                                  writes=jobs, parent=self, authority=authority)
        self.jobs = self.ctx.ops.writes  # the write worker (imports, exports, backups queue on it)
        self.setObjectName("mainWindow")
        from portfolio_desktop.gui.screen_fit import fit_to_screen
        from portfolio_desktop.gui.window_title import read_title_facts, window_title

        self.setWindowTitle(window_title())  # then: school — person (roles) — application, once read
        self.ctx.ops.query(lambda: read_title_facts(db, actor), success=lambda f: self.setWindowTitle(window_title(f)),
                           title=self.tr("學生學習歷程檔案"))
        fit_to_screen(self, 1440, 900)  # a 1366×768 laptop with its taskbar gets the whole window
        self.import_dialog: ImportDialog | None = None
        self.detail_dialog: StudentDetailDialog | None = None
        self.signed_in, self.viewer = signed_in, viewer
        self.signed_out = False  # 登出: run_gui shows the sign-in dialog again
        self.backup_error: str | None = None
        self.last_daily_backup: object | None = None
        self.registered_pages: list[object] = []  # the gui/pages.py factories this user got

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)  # many pages for an administrator: never widen the window
        self.setCentralWidget(self.tabs)
        self.roster = RosterPage(self.ctx, self)
        self.add_page(self.tr("名冊"), self.roster)
        self.roster.student_activated.connect(self.open_student)
        self.tabs.currentChanged.connect(lambda i: self.ctx.changes.page_shown(self.tabs.widget(i)))

        self.counts_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.roster.counts_changed.connect(self.counts_label.setText)
        self.ctx.ops.writes.busy_changed.connect(self._busy_changed)
        self._build_menus()
        self._add_registered_pages()
        layout_state.tune_tables(self._pages())
        self._restore()
        self._open_home()

    # --- pages ------------------------------------------------------------------------------
    def add_page(self, title: str, widget: QWidget) -> int:
        """Add a page (tab) after the existing ones; returns its index. Alt+number switches pages."""
        index = self.tabs.addTab(widget, title)
        if index < 9:
            action = QAction(self.tr("切換到「{title}」頁").format(title=title), self)
            action.setShortcut(QKeySequence(f"Alt+{index + 1}"))
            action.triggered.connect(lambda _c=False, w=widget: self.tabs.setCurrentWidget(w))
            self.addAction(action)
        return index

    def _add_registered_pages(self) -> None:
        from portfolio_desktop.gui.pages import PAGES, shown

        for factory in PAGES:
            if not shown(self.ctx, factory):
                continue
            title, widget = factory(self.ctx, self)
            self.add_page(title, widget)
            self.registered_pages.append(factory)

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in user may do this (the session context's cached answer)."""
        return self.ctx.may(permission)

    # --- menus ------------------------------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setObjectName(name)
        return action

    def _build_menus(self) -> None:
        self.import_action = self._action(self.tr("匯入名冊(&I)…"), self.open_import, "Ctrl+I", "importAction")
        self.export_action = self._action(self.tr("匯出名冊(&E)…"), lambda: self.export(all_classes=False),
                                          "Ctrl+E", "exportAction")
        self.export_all_action = self._action(
            self.tr("匯出全校名冊(&A)…"), lambda: self.export(all_classes=True), "Ctrl+Shift+E", "exportAllAction")
        quit_action = self._action(self.tr("結束(&X)"), self.close, QKeySequence.StandardKey.Quit, "quitAction")
        self.settings_action = self._action(self.tr("設定(&S)…"), self.open_settings, "Ctrl+,", "settingsAction")
        from portfolio_desktop.gui.admin.settings_dialog import settings_denial  # each setting's owner opens it

        permissions.apply(self.settings_action, settings_denial(self))
        self.preferences_action = self._action(self.tr("介面偏好(&P)…"), self.open_preferences, None,
                                               "preferencesAction")
        file_menu = self.menuBar().addMenu(self.tr("檔案(&F)"))
        for a in (self.import_action, self.export_action, self.export_all_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        self.filter_action = self._action(self.tr("篩選學生(&F)"), self._focus_filter, "Ctrl+F", "filterAction")
        self.detail_action = self._action(
            self.tr("學生資料(&S)…"), self.roster.open_current, None, "detailAction")
        self.detail_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        # Enter belongs to whatever has focus (the table's own activation, dialogs' default buttons);
        # the menu shows it but the shortcut only fires from the table.
        self.detail_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.roster.table.addAction(self.detail_action)
        self.refresh_action = self._action(self.tr("重新整理(&R)"), self.ctx.changes.reload_all, "F5",
                                           "refreshAction")
        roster_menu = self.menuBar().addMenu(self.tr("名冊(&R)"))
        for a in (self.filter_action, self.detail_action, self.refresh_action):
            roster_menu.addAction(a)
        departed = roster_menu.addAction(self.tr("顯示離校學生(&D)"))
        departed.setCheckable(True)
        departed.setChecked(True)
        departed.toggled.connect(self.roster.show_departed.setChecked)
        self.roster.show_departed.toggled.connect(departed.setChecked)
        add_import_actions(self, roster_menu)  # courses, items, windows (gui/imports/imports.py)
        self._guard_roster_actions()

        self.next_page_action = self._action(self.tr("下一頁"), lambda: self._step_page(1), "Ctrl+PgDown", "nextPage")
        self.prev_page_action = self._action(self.tr("上一頁"), lambda: self._step_page(-1), "Ctrl+PgUp", "prevPage")
        for a in (self.next_page_action, self.prev_page_action):
            self.addAction(a)
        account_menu.add_account_menu(self)

        help_menu = self.menuBar().addMenu(self.tr("說明(&H)"))
        self.shortcuts_action = self._action(self.tr("快捷鍵(&K)"), self.show_shortcuts,
                                             QKeySequence.StandardKey.HelpContents, "shortcutsAction")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self._action(self.tr("開啟記錄檔資料夾(&L)"), open_log_folder, None, "logFolderAction"))
        help_menu.addAction(self._action(self.tr("關於(&A)"), self._about, None, "aboutAction"))

    def _guard_roster_actions(self) -> None:
        """Offer the roster's actions only to who may use them; the tooltip says why not (the services'
        refusal). Reading is for an office of either division or a mentor's own class (anywhere)."""
        permissions.guard_action(self.import_action, self, Permission.ROSTER_WRITE, anywhere=True)
        for action in (self.export_action, self.detail_action):
            permissions.guard_action(action, self, Permission.ROSTER_READ, anywhere=True)
        permissions.guard_action(self.export_all_action, self, Permission.ROSTER_READ)  # the whole school

    def _focus_filter(self) -> None:
        """Ctrl+F: the current page's filter box when it has one, else the roster's."""
        page = self.tabs.currentWidget()
        focus_filter = getattr(page, "focus_filter", None)
        if page is not self.roster and callable(focus_filter):
            focus_filter()
            return
        self.tabs.setCurrentWidget(self.roster)
        self.roster.focus_filter()

    def _step_page(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def show_shortcuts(self) -> QDialog:
        from portfolio_desktop.gui.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_settings(self) -> QDialog:
        from portfolio_desktop.gui.admin.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self, settings=self.settings)  # its write announces what changed
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_preferences(self) -> QDialog:
        """語言 and 日期格式 for everyone (the 設定 dialog has them too, for the administrator)."""
        from portfolio_desktop.gui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.ctx.changes.announce(frozenset(Cap)))  # dates in the chosen format
        dialog.open()
        return dialog

    def sign_out(self) -> None:
        """登出: close this window (saving layout, exit backup); run_gui then asks who signs in next."""
        self.signed_out = True
        if not self.close():
            self.signed_out = False

    def _about(self) -> None:
        QMessageBox.about(
            self, self.tr("關於"),
            self.tr("學生學習歷程檔案 辦公室端\n版本 {version}\n資料庫：{db}").format(
                version=__version__, db=self.db.url),
        )

    def _busy_changed(self, busy: bool) -> None:
        permissions.set_busy((self.import_action, self.export_action, self.export_all_action), busy)

    # --- data -------------------------------------------------------------------------------
    def load(self, *, demo_data: bool = False) -> None:
        """First load. With ``demo_data`` (the wizard's 使用示範資料探索, PORTFOLIO_SMOKE) on a database
        without students, fill the demo school in a job first, then show it."""
        from portfolio_desktop.services.admin import demo

        if not demo_data:
            self._loaded()
            return
        db, actor = self.db, self.actor

        def fill() -> bool:
            if not demo.is_empty(db):
                return False
            demo.generate_demo(db, actor)
            return True

        self.ctx.ops.write(fill, changes=frozenset(Cap), title=self.tr("無法建立示範資料"), parent=self,
                           progress=self.tr("第一次啟動：正在建立示範學校資料…"),
                           done=self._loaded)

    def _loaded(self) -> None:
        """The roster reads (a query op); ``ready`` once its data is shown."""
        self.roster.loaded.connect(self.ready.emit, Qt.ConnectionType.SingleShotConnection)
        self.roster.refresh()

    def show_error(self, title: str, exc: BaseException) -> None:
        """Through the one notifier: a refusal in the UI language; anything else to the log and the
        one error dialog (gui/error_dialog.py; shown once even when its job already reported it)."""
        if isinstance(exc, PortfolioError):
            self.statusBar().showMessage(message(exc), 15000)
        self.ctx.notify.error(title, exc, self)

    # --- actions ----------------------------------------------------------------------------
    def open_import(self) -> ImportDialog:
        """匯入名冊… (Ctrl+I): the one import dialog for the roster."""
        return imports.open_import(self, ROSTER_IMPORT)

    def open_student(self, student_no: str) -> StudentDetailDialog | None:
        from portfolio_desktop.gui.detail_dialog import StudentDetailDialog

        dialog = StudentDetailDialog(self.ctx, student_no, self)  # it reads on a worker; a refusal is said
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.detail_dialog = dialog
        dialog.open()
        return dialog

    def export(self, *, all_classes: bool) -> None:
        code = None if all_classes else self.roster.selected_class_code()
        name = self.tr("名冊_{what}.xlsx").format(what=code or self.tr("全校"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("匯出名冊"), str(Path.home() / name), self.tr("Excel 活頁簿 (*.xlsx)"))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.start_export(Path(path), code)

    def start_export(self, path: Path, class_code: str | None) -> None:
        """The export runs as a write (it records who exported which personal data)."""
        from portfolio_desktop.services.rosters import rosters

        db, actor = self.db, self.actor

        def done(count: int) -> None:
            self.statusBar().showMessage(self.tr("已匯出 {n} 位學生至 {path}").format(n=count, path=path), 15000)

        def refused(exc: PortfolioError) -> None:
            self.statusBar().showMessage(message(exc), 15000)
            self.ctx.notify.error(self.tr("匯出名冊"), exc, self)

        self.ctx.ops.write(lambda: rosters.export_roster(db, actor, path, class_code=class_code),
                           changes={Cap.ADMIN}, title=self.tr("匯出名冊"), success=done, failure=refused,
                           parent=self, progress=self.tr("正在匯出名冊…"))

    # --- window state -----------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        self.roster.restore_state(self.settings)
        layout_state.restore_layout(self.settings, self._pages()[1:])
        page = self.settings.value("main/page")
        for index, widget in enumerate(self._pages()):
            if page is not None and layout_state.page_key(widget, index) == page:
                self.tabs.setCurrentIndex(index)

    def _open_home(self) -> None:
        """A mentor (or a proxy for one) starts on their class at a glance, not on the roster; someone
        who reads no roster (a teacher, 資訊媒體組) on what waits for them (我的待辦), when they have it."""
        viewer = self.viewer
        if viewer is None and self.signed_in:
            for widget in self._pages():
                if widget.objectName() == "myWorkPage":
                    self.tabs.setCurrentWidget(widget)
            return
        if viewer is None or viewer.whole or viewer.divisions or not viewer.class_ids:
            return  # an office reads a division or the school: it starts where it left off
        for widget in self._pages():
            home = getattr(widget, "home", None)
            if home is not None and widget.objectName() == "dashboardPage":
                self.tabs.setCurrentWidget(widget)
                widget.tabs.setCurrentWidget(home)  # type: ignore[attr-defined]

    def _pages(self) -> list[QWidget]:
        return [w for w in (self.tabs.widget(i) for i in range(self.tabs.count())) if w is not None]

    def save_window_state(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.roster.save_state(self.settings)
        layout_state.save_layout(self.settings, self._pages()[1:])
        current = self.tabs.currentIndex()
        shown = self.tabs.widget(current) if current >= 0 else None
        if shown is not None:
            self.settings.setValue("main/page", layout_state.page_key(shown, current))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.ops.writes.busy and not self.ctx.notify.confirm(
                self.tr("工作進行中"), self.tr("還有工作在進行；要取消它並結束嗎？（取消的匯入不會寫入任何資料）"), self):
            event.ignore()
            return
        self.save_window_state()
        self.ctx.ops.shutdown(cancel=True)
        auto_backup.backup_on_exit(self.ctx, self)  # after the jobs, so the backup sees their result
        event.accept()

    def start_daily_backup(self) -> None:
        """Today's automatic backup, as a write op (called once the database is open)."""
        auto_backup.start_daily_backup(self.ctx, self)
