"""The 備份 page: settings, the list of backups, back up now, verify, restore (with confirmation).

All work goes through :mod:`portfolio_desktop.services.admin.backup` on the window's job manager (one worker
thread), so a restore never runs while an import is writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import i18n, permissions
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.secret_prompt import ensure_secret_store
from portfolio_desktop.services.admin import backup

if TYPE_CHECKING:
    from portfolio_desktop.gui.main_window import MainWindow


# The kind of each backup as the file name records it (services/admin/backup.py labels).
_KINDS = {
    "manual": QT_TRANSLATE_NOOP("BackupPage", "手動"), "daily": QT_TRANSLATE_NOOP("BackupPage", "每日自動"),
    "exit": QT_TRANSLATE_NOOP("BackupPage", "結束時自動"), "before-restore": QT_TRANSLATE_NOOP("BackupPage", "還原前"),
}


def _kind(label: str) -> str:
    return QCoreApplication.translate("BackupPage", _KINDS[label]) if label in _KINDS else label


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(n, 1) / 1024:.0f} KB"


class BackupPage(QWidget):
    """Everything about backups on one page."""

    operation_done = Signal(str)  # the message shown in the status line (tests wait on it)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("backupPage")
        self.backups: list[backup.BackupInfo] = []

        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("backupFolder")
        self.folder_edit.setPlaceholderText(self.tr("預設：資料庫旁的 backups 資料夾"))
        browse = QPushButton(self.tr("選擇…"), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.keep_spin = QSpinBox(self)
        self.keep_spin.setObjectName("backupKeep")
        self.keep_spin.setRange(1, 1000)
        self.encrypt_check = QCheckBox(self.tr("加密備份（金鑰存於系統金鑰圈；其他電腦無法開啟）"), self)
        self.encrypt_check.setObjectName("backupEncrypt")
        self.daily_check = QCheckBox(self.tr("每天第一次開啟時自動備份"), self)
        self.exit_check = QCheckBox(self.tr("結束程式時自動備份（有變更時）"), self)
        save = QPushButton(self.tr("儲存設定"), self)
        save.setObjectName("backupSaveSettings")
        save.clicked.connect(self.save_settings)
        form = QFormLayout()
        form.addRow(self.tr("備份資料夾"), folder_row)
        form.addRow(self.tr("保留份數"), self.keep_spin)
        form.addRow("", self.encrypt_check)
        form.addRow("", self.daily_check)
        form.addRow("", self.exit_check)
        form.addRow("", save)
        settings_box = QGroupBox(self.tr("備份設定"), self)
        settings_box.setLayout(form)

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("時間"), self.tr("類別"), self.tr("大小"), self.tr("加密"), self.tr("學生數"), self.tr("檔案")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        self.create_button = QPushButton(self.tr("立即備份"), self)
        self.create_button.setObjectName("backupCreate")
        self.create_button.clicked.connect(self.create_now)
        self.verify_button = QPushButton(self.tr("驗證所選備份"), self)
        self.verify_button.setObjectName("backupVerify")
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton(self.tr("從所選備份還原…"), self)
        self.restore_button.setObjectName("backupRestore")
        self.restore_button.clicked.connect(self.restore_selected)
        refresh = QPushButton(self.tr("重新整理"), self)
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.create_button, self.verify_button, self.restore_button, refresh):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.status = QLabel(self)
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(settings_box)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # 備份資料 is 資訊媒體組's or the administrator's: the page's gate shows it to them; should anyone
        # else get it, the form is read-only and the buttons say why.
        denied = permissions.why_not(self.window_, Permission.BACKUP_RUN)
        permissions.read_only([self.folder_edit, self.keep_spin, self.encrypt_check, self.daily_check,
                               self.exit_check, browse], denied)
        for button in (save, self.create_button, self.verify_button, self.restore_button):
            permissions.apply(button, denied)
        self.denied = denied
        self.refresh()

    # --- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.denied is not None:  # asked first (not audited): the list is not this role's to read
            self.backups = []
            self._say(message(self.denied))
            return
        try:
            settings = backup.backup_settings(self.window_.db)
            self.backups = backup.list_backups(self.window_.db, self.window_.actor)
        except PortfolioError as exc:
            self._say(message(exc))
            self.setEnabled(False)
            return
        self.folder_edit.setText(settings.folder_setting)
        self.keep_spin.setValue(settings.keep)
        self.encrypt_check.setChecked(settings.encrypt)
        self.daily_check.setChecked(settings.daily)
        self.exit_check.setChecked(settings.on_exit)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = [
                show_datetime(info.created, seconds=True), _kind(info.label), _size(info.size),
                self.tr("是") if info.encrypted else "", str(info.rows.get("student", "")) if info.has_manifest
                else self.tr("（無說明檔）"), info.path.name,
            ]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._selection_changed()

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        has = self.selected() is not None
        for button in (self.verify_button, self.restore_button):
            button.setEnabled(has and not permissions.denied_text(button))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("選擇備份資料夾"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.operation_done.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self.refresh()
        if isinstance(exc, PortfolioError):
            self._say(message(exc))
        else:
            self._say(self.tr("發生未預期的錯誤：") + str(exc))

    # --- actions ------------------------------------------------------------------------------
    def _secrets_ready(self, needed: bool) -> bool:
        """The backup key's store is usable (asked for on this thread), or the action is cancelled."""
        if not needed or ensure_secret_store(self):
            return True
        self._say(self.tr("未取得保存備份金鑰的方式，已取消"))
        return False

    def save_settings(self) -> None:
        if not self._secrets_ready(self.encrypt_check.isChecked()):
            return
        try:
            backup.update_backup_settings(
                self.window_.db, self.window_.actor, folder=self.folder_edit.text(), keep=self.keep_spin.value(),
                encrypt=self.encrypt_check.isChecked(), daily=self.daily_check.isChecked(),
                on_exit=self.exit_check.isChecked(),
            )
        except PortfolioError as exc:
            self._failed(exc)
            return
        self.refresh()
        self._say(self.tr("備份設定已儲存"))

    def create_now(self) -> None:
        db, actor = self.window_.db, self.window_.actor
        if not self._secrets_ready(backup.backup_settings(db).encrypt):
            return

        def done(info: object) -> None:
            self.refresh()
            assert isinstance(info, backup.BackupInfo)
            self._say(self.tr("已備份：") + str(info.path))

        self.window_.jobs.run(lambda _p, _c: backup.create_backup(db, actor), name="backup",
                              on_finished=done, on_failed=self._failed)

    def verify_selected(self) -> None:
        info = self.selected()
        if info is None or not self._secrets_ready(info.encrypted):
            return

        def done(report: object) -> None:
            assert isinstance(report, backup.VerifyReport)
            if report.ok:
                self._say(self.tr("驗證通過：完整性檢查正常，各資料表筆數與檢查碼皆相符。（{file}）").format(
                    file=report.path.name))
            else:
                problems = report.problems_en if i18n.is_english() else report.problems_zh
                self._say(self.tr("驗證失敗：{problems}（{file}）").format(
                    problems=self.tr("；").join(problems), file=report.path.name))

        self.window_.jobs.run(lambda _p, _c: backup.verify_backup(info.path), name="verify",
                              on_finished=done, on_failed=self._failed)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        answer = QMessageBox.question(
            self, self.tr("確認還原"),
            self.tr("要用這份備份取代目前的資料庫嗎？\n\n{0}\n\n目前的資料庫會先另存一份備份；"
                    "請先關閉其他工作站上開啟此資料庫的程式。").format(info.path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._say(self.tr("已取消還原"))
            return
        if not self._secrets_ready(info.encrypted):
            return
        db, actor = self.window_.db, self.window_.actor

        def done(report: object) -> None:
            assert isinstance(report, backup.RestoreReport)
            self.refresh()
            self.window_.data_changed.emit()
            self._say(self.tr("已還原 {0}；還原前的資料庫另存為 {1}").format(
                report.restored_from.name, report.safety_backup.name))

        self.window_.jobs.run(lambda _p, _c: backup.restore_backup(db, actor, info.path), name="restore",
                              on_finished=done, on_failed=self._failed)


def make_backup_page(window: MainWindow) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py``; the page is hidden (disabled) for a PostgreSQL database."""
    return QCoreApplication.translate("MainWindow", "備份"), BackupPage(window)
