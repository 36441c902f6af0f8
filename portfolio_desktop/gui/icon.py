"""The application icon (resources/icons/, rendered from portfolio-desktop.svg by scripts/make_icons.py)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from portfolio_desktop.config import resources_dir

ICON_NAME = "portfolio-desktop"
# scripts/install_desktop_entry.sh installs portfolio-desktop.desktop; Wayland matches windows to it
# by this name (X11 by the WM_CLASS, the application name).
DESKTOP_ENTRY = "portfolio-desktop"


def app_icon() -> QIcon:
    """Every rendered size of the icon (16 to 512 px), so that title bars, task bars and the window
    switcher each get a sharp one; Qt scales the nearest one for other sizes. An empty icon if the
    files are missing (Qt then shows its default): a missing picture must not stop the app."""
    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob(f"{ICON_NAME}-*.png")):
        icon.addFile(str(png))
    return icon
