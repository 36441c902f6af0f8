"""The application icon (resources/icons/, rendered from portfolio-desktop.svg by scripts/make_icons.py)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from portfolio_desktop.config import resources_dir

ICON_NAME = "portfolio-desktop"


def app_icon() -> QIcon:
    """Every rendered size of the icon, so that title bars, task bars and the Alt-Tab switcher each
    get a sharp one; the SVG as well for sizes in between. An empty icon if the files are missing
    (Qt then shows its default): a missing picture must not stop the app."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for png in sorted(folder.glob(f"{ICON_NAME}-*.png")):
        icon.addFile(str(png))
    svg = folder / f"{ICON_NAME}.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon
