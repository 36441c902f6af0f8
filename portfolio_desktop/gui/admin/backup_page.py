"""The 備份 page: settings, the list of backups, back up now, verify, restore (with confirmation).

All work goes through :mod:`portfolio_desktop.services.admin.backup` as ops of the session (gui/ops.py): reads
on a worker, writes on the one write worker, so a restore never runs while an import is writing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
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
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.domain.roles import Permission
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui import i18n, permissions
from portfolio_desktop.gui.changes import ALL, Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.dates import show_datetime
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.secret_prompt import ensure_secret_store
from portfolio_desktop.services.admin import backup


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

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        self.encrypt_check = QCheckBox(self.tr("加密備份（金鑰存於系統的密碼保存處，即 Windows 的認證管理員；其他電腦無法開啟）"), self)
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
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # the time whole

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
        denied = ctx.why_not(Permission.BACKUP_RUN)
        permissions.read_only([self.folder_edit, self.keep_spin, self.encrypt_check, self.daily_check,
                               self.exit_check, browse], denied)
        for button in (save, self.create_button, self.verify_button, self.restore_button):
            permissions.apply(button, denied)
        self.denied = denied
        ctx.changes.watch(self, (Cap.ADMIN, Cap.SETTINGS), self.refresh, stale=True)

    # --- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.denied is not None:  # asked first (not audited): the list is not this role's to read
            self.backups = []
            self._say(message(self.denied))
            return
        db, actor = self.ctx.db, self.ctx.actor

        def refused(exc: PortfolioError) -> None:
            self._say(message(exc))
            self.setEnabled(False)

        self.ctx.ops.query(lambda: (backup.backup_settings(db), backup.list_backups(db, actor)), success=self._show,
                           failure=refused, key="backups", title=self.tr("備份"), parent=self)

    def _show(self, read: tuple[backup.BackupSettings, list[backup.BackupInfo]]) -> None:
        settings, self.backups = read
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

    def _failed(self, exc: PortfolioError) -> None:
        self.refresh()
        self._say(message(exc))

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
        db, actor = self.ctx.db, self.ctx.actor
        values = dict(folder=self.folder_edit.text(), keep=self.keep_spin.value(),
                      encrypt=self.encrypt_check.isChecked(), daily=self.daily_check.isChecked(),
                      on_exit=self.exit_check.isChecked())
        self.ctx.ops.write(lambda: backup.update_backup_settings(db, actor, **values),  # type: ignore[arg-type]
                           changes={Cap.SETTINGS}, title=self.tr("備份設定"), failure=self._failed,
                           success=lambda _r: self._say(self.tr("備份設定已儲存")), parent=self)

    def create_now(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def done(info: backup.BackupInfo) -> None:
            self.ctx.changes.since_backup.clear()
            self._say(self.tr("已備份：") + str(info.path))

        def make(encrypt: bool) -> None:
            if self._secrets_ready(encrypt):
                self.ctx.ops.write(lambda: backup.create_backup(db, actor), changes={Cap.ADMIN},
                                   title=self.tr("備份"), success=done, failure=self._failed, parent=self)

        self.ctx.ops.query(lambda: backup.backup_settings(db).encrypt, success=make, failure=self._failed,
                           title=self.tr("備份"), parent=self)

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

        self.ctx.ops.query(lambda: backup.verify_backup(info.path), success=done, failure=self._failed,
                           title=self.tr("驗證備份"), parent=self)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not self.ctx.notify.confirm(
            self.tr("確認還原"),
            self.tr("要用這份備份取代目前的資料庫嗎？\n\n{0}\n\n目前的資料庫會先另存一份備份；"
                    "請先關閉其他工作站上開啟此資料庫的程式。").format(info.path.name), self):
            self._say(self.tr("已取消還原"))
            return
        if not self._secrets_ready(info.encrypted):
            return
        db, actor = self.ctx.db, self.ctx.actor

        def done(report: backup.RestoreReport) -> None:
            self._say(self.tr("已還原 {0}；還原前的資料庫另存為 {1}").format(
                report.restored_from.name, report.safety_backup.name))

        self.ctx.ops.write(lambda: backup.restore_backup(db, actor, info.path), changes=ALL,  # everything changed
                           title=self.tr("還原"), success=done, failure=self._failed, parent=self,
                           progress=self.tr("正在還原資料庫…"))


def make_backup_page(ctx: PageContext, parent: QWidget) -> tuple[str, QWidget]:
    """Factory for ``gui/pages.py``; the page is hidden (disabled) for a PostgreSQL database."""
    return QCoreApplication.translate("MainWindow", "備份"), BackupPage(ctx, parent)
