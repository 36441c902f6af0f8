"""Small dialogs of the receipts page: record a decision or a reply slip, and the notice settings
(letterhead, window envelope, reply time). They collect input; the page calls the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.receipts import OFFICE_ZH, ReceiptState
from portfolio_desktop.errors import PermissionDenied
from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.date_edit import DateEdit
from portfolio_desktop.gui.labels import grant_text
from portfolio_desktop.gui.messages import pick
from portfolio_desktop.reports.data import ENVELOPE_PRESETS
from portfolio_desktop.services.notices.notice_settings import LETTERHEAD_FIELDS, NoticeSettings

LETTERHEAD_LABELS = {
    "school_name": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "校名"),
    "office": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "處室"),
    "postal_code": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "郵遞區號"),
    "address": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "地址"),
    "phone": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "電話"),
    "fax": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "傳真"),
    "email": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "電子郵件"),
    "contact": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "承辦窗口"),
    "logo_path": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "校徽圖檔"),
    "doc_prefix": QT_TRANSLATE_NOOP("NoticeSettingsDialog", "發文字號（字）"),
}


@dataclass(frozen=True)
class Decision:
    state: ReceiptState
    on: dt.date
    reason: str | None
    office: str | None  # office code, None = by the categories


class DecisionDialog(QDialog):
    """確認無誤 / 有疑義 with the date, the question and the answering office (seed 001 §六(三))."""

    def __init__(self, title: str, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.confirmed = QRadioButton(self.tr("確認無誤"))
        self.disputed = QRadioButton(self.tr("有疑義"))
        self.confirmed.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.confirmed)
        group.addButton(self.disputed)
        self.date = DateEdit(QDate.currentDate())  # typed and shown in ROC (or as chosen)
        self.date.setMaximumDate(QDate.currentDate())
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("有疑義的項目及內容"))
        self.office = QComboBox()
        self.office.addItem(self.tr("依類別自動判斷"), None)
        for code, (day, night) in OFFICE_ZH.items():
            self.office.addItem(grant_text(day if day == night else f"{day}／{night}"), code)  # not UI: the office name
        form.addRow(self.tr("學生"), QLineEdit(who, readOnly=True))
        form.addRow(self.tr("結果"), self.confirmed)
        form.addRow("", self.disputed)
        form.addRow(self.tr("日期"), self.date)
        form.addRow(self.tr("疑義內容"), self.reason)
        form.addRow(self.tr("答覆處室"), self.office)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.confirmed.toggled.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        on = self.disputed.isChecked()
        self.reason.setEnabled(on)
        self.office.setEnabled(on)

    def decision(self) -> Decision:
        state = ReceiptState.DISPUTED if self.disputed.isChecked() else ReceiptState.CONFIRMED
        reason = self.reason.toPlainText().strip() or None
        return Decision(state, self.date.required(), reason if state is ReceiptState.DISPUTED else None,
                        self.office.currentData() if state is ReceiptState.DISPUTED else None)  # fmt: skip


class NoticeSettingsDialog(QDialog):
    """Letterhead fields, the window-envelope preset with dx/dy in mm, and the reply time in days."""

    def __init__(self, current: NoticeSettings, parent: QWidget | None = None, *,
                 denied: PermissionDenied | None = None, division: str | None = None) -> None:
        """``denied``: the refusal a save would get; the form is then read-only with that reason.
        ``division``: whose letterhead the form shows and saves (進修部's own, when it has one)."""
        self.division = division
        super().__init__(parent)
        self.setObjectName("noticeSettingsDialog")
        self.setWindowTitle(self.tr("郵寄通知設定"))
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key in LETTERHEAD_FIELDS:
            shown_letterhead = current.letterhead_for(division) if division else current.letterhead
            edit = QLineEdit(getattr(shown_letterhead, key))
            edit.setObjectName(f"letterhead_{key}")
            self.fields[key] = edit
            shown: QWidget = self._logo_row(edit) if key == "logo_path" else edit
            form.addRow(self.tr(LETTERHEAD_LABELS[key]) if key in LETTERHEAD_LABELS else key, shown)
        self.envelope = QComboBox()
        for key, preset in ENVELOPE_PRESETS.items():
            self.envelope.addItem(pick(preset.zh, preset.en), key)
        self.envelope.setCurrentIndex(max(0, self.envelope.findData(current.envelope_preset)))
        self.dx, self.dy = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, value in ((self.dx, current.dx_mm), (self.dy, current.dy_mm)):
            spin.setRange(-30, 30)
            spin.setSingleStep(0.5)
            spin.setSuffix(" mm")
            spin.setValue(value)
        self.reply_days = QSpinBox()
        self.reply_days.setRange(7, 90)
        self.reply_days.setValue(current.reply_days)
        form.addRow(self.tr("開窗信封"), self.envelope)
        form.addRow(self.tr("地址欄左右位移"), self.dx)
        form.addRow(self.tr("地址欄上下位移"), self.dy)
        form.addRow(self.tr("未設期程時回覆天數"), self.reply_days)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if denied is not None:  # seen, not changed: never filled in and then refused
            note = permissions.refusal_label(self, denied, what=self.tr("僅供查看，不能變更："), compact=True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveNoticeSettings")
        fields = [*self.fields.values(), self.envelope, self.dx, self.dy, self.reply_days, self.logo_button]
        self.editable = permissions.read_only(fields, denied)
        permissions.apply(self.save_button, denied)

    def _logo_row(self, edit: QLineEdit) -> QWidget:
        """校徽圖檔: the path, a 選擇… button (PNG / JPEG) and a small preview of the picture."""
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        self.logo_button = QPushButton(self.tr("選擇…"), row)
        self.logo_button.setObjectName("chooseLogo")
        self.logo_button.clicked.connect(self._choose_logo)
        self.logo_preview = QLabel(row)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(48, 48)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(edit, 1)
        box.addWidget(self.logo_button)
        box.addWidget(self.logo_preview)
        edit.textChanged.connect(self._show_logo)
        self._show_logo(edit.text())
        return row

    def _choose_logo(self) -> None:
        current = self.fields["logo_path"].text().strip()
        path, _ = QFileDialog.getOpenFileName(self, self.tr("選擇校徽圖檔"), current or str(Path.home()),
                                              self.tr("圖檔 (*.png *.jpg *.jpeg)"))
        if path:
            self.fields["logo_path"].setText(path)

    def _show_logo(self, text: str) -> None:
        """The picture as it will be printed, or why it cannot be."""
        path = Path(text.strip()) if text.strip() else None
        picture = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if not picture.isNull():
            self.logo_preview.setPixmap(picture.scaled(48, 48, Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
            self.logo_preview.setToolTip(str(path))
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(self.tr("無圖") if path is None else self.tr("找不到"))
            self.logo_preview.setToolTip("" if path is None else self.tr("找不到圖檔或無法讀取：{path}").format(path=text))

    def values(self) -> dict[str, object]:
        return {
            "letterhead": {k: e.text() for k, e in self.fields.items()},
            "envelope_preset": self.envelope.currentData(),
            "dx_mm": self.dx.value(),
            "dy_mm": self.dy.value(),
            "reply_days": self.reply_days.value(),
            **({"division": self.division} if self.division else {}),
        }
