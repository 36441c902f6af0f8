"""校徽圖檔 in the notice settings: a file chooser and a preview of the picture as it will be printed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPixmap

from portfolio_desktop.gui.notices.receipts_dialogs import NoticeSettingsDialog
from portfolio_desktop.services.notices.notice_settings import Letterhead, NoticeSettings


def test_the_logo_is_previewed_and_a_missing_file_is_said(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    logo = tmp_path / "校徽.png"
    picture = QPixmap(120, 80)
    picture.fill(QColor("navy"))
    assert picture.save(str(logo))
    dialog = NoticeSettingsDialog(NoticeSettings(Letterhead("示範高中", "註冊組"), "none", 0.0, 0.0, 14))
    qtbot.addWidget(dialog)
    assert dialog.logo_preview.text() == "無圖" and dialog.logo_button.isEnabled()
    dialog.fields["logo_path"].setText(str(logo))
    shown = dialog.logo_preview.pixmap()
    assert not shown.isNull() and shown.width() == 48 and shown.height() == 32  # aspect kept
    dialog.fields["logo_path"].setText(str(tmp_path / "沒有.png"))
    assert dialog.logo_preview.text() == "找不到" and "沒有.png" in dialog.logo_preview.toolTip()
    assert dialog.values()["letterhead"]["logo_path"].endswith("沒有.png")
