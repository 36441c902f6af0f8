"""The application icon: the committed PNGs and .ico are the renders of the committed SVG (as
scripts/make_icons.py makes them), the .ico is a well-formed container of PNG images that Qt reads
back at each size, and the QApplication carries the icon as its window icon."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from portfolio_desktop.gui.icon import DESKTOP_ENTRY

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# Qt's rasteriser may round an antialiased edge pixel one level differently on another processor
# (its SIMD paths differ); a stale render after the SVG changed differs by far more.
RENDER_TOLERANCE = 2


def _largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of any channel of any pixel (the images have the same size)."""
    fmt = QImage.Format.Format_ARGB32
    one, other = bytes(a.convertToFormat(fmt).constBits()), bytes(b.convertToFormat(fmt).constBits())
    assert len(one) == len(other)
    return max(map(abs, map(int.__sub__, one, other)), default=0)


def _ico_entries(data: bytes) -> list[tuple[tuple[int, ...], QImage]]:
    """Each entry of an .ico: its directory fields (size, planes, bits) and its image."""
    _reserved, _kind, count = struct.unpack_from("<HHH", data)
    entries: list[tuple[tuple[int, ...], QImage]] = []
    for index in range(count):
        width, height, colours, zero, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        image = QImage.fromData(QByteArray(data[offset:offset + length]), "PNG")
        entries.append(((width, height, colours, zero, planes, bits), image))
    return entries


def test_committed_renders_match_the_svg(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_icons.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for size in PNG_SIZES:
        name = f"portfolio-desktop-{size}.png"
        committed, fresh = QImage(str(ICONS / name)), QImage(str(tmp_path / name))
        assert committed.size() == fresh.size() == QSize(size, size), name
        assert _largest_difference(committed, fresh) <= RENDER_TOLERANCE, \
            f"{name} is not the render of the SVG: run scripts/make_icons.py"
    committed_ico = _ico_entries((ICONS / "portfolio-desktop.ico").read_bytes())
    fresh_ico = _ico_entries((tmp_path / "portfolio-desktop.ico").read_bytes())
    assert [fields for fields, _ in committed_ico] == [fields for fields, _ in fresh_ico]
    for (fields, committed), (_, fresh) in zip(committed_ico, fresh_ico, strict=True):
        assert committed.size() == fresh.size(), fields
        assert _largest_difference(committed, fresh) <= RENDER_TOLERANCE, \
            f"the .ico's {committed.width()} px image is not the render of the SVG: run scripts/make_icons.py"


def test_a_stale_render_is_told_apart_from_a_rounding() -> None:
    # the tolerance is far below what a changed drawing gives: the same icon one pixel to the side
    image = QImage(str(ICONS / "portfolio-desktop-64.png"))
    shifted = image.copy(1, 0, 64, 64)  # (the column past the right edge comes in transparent)
    assert _largest_difference(image, shifted) > 50 * RENDER_TOLERANCE
    assert _largest_difference(image, image.copy()) == 0


def test_ico_holds_every_size_as_a_png() -> None:
    data = (ICONS / "portfolio-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    sizes = []
    for index in range(count):
        width, height, _colours, _zero, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        size = width or 256  # 0 stands for 256
        assert (width, planes, bits) == (height, 1, 32)
        blob = data[offset:offset + length]
        assert blob.startswith(PNG_SIGNATURE) and len(blob) == length
        image = QImage.fromData(QByteArray(blob), "PNG")
        assert image.size() == QSize(size, size)
        sizes.append(size)
    assert sizes == list(ICO_SIZES)
    # Qt's own ICO reader (the imageformats plugin) opens the file too
    assert not QImage(str(ICONS / "portfolio-desktop.ico")).isNull()


def test_icon_shows_the_check_mark_on_a_transparent_background() -> None:
    image = QImage(str(ICONS / "portfolio-desktop-256.png"))
    assert image.hasAlphaChannel() and image.pixelColor(2, 250).alpha() == 0  # corners stay clear
    badge = image.pixelColor(170, 210)  # inside the green badge, off the white check stroke
    assert badge.green() > 140 and badge.red() < 90 and badge.blue() < 130, badge.name()
    stroke = image.pixelColor(183, 200)  # on the check stroke
    assert stroke == QColor("#ffffff"), stroke.name()


def test_application_and_windows_carry_the_icon(qapp: QApplication) -> None:
    icon = qapp.windowIcon()  # set by make_application (tests/gui/conftest.py runs it)
    assert not icon.isNull()
    assert {QSize(s, s) for s in (16, 32, 48, 256)} <= set(icon.availableSizes())
    assert QWidget().windowIcon().cacheKey() == icon.cacheKey()
    # the menu entry's name (tests/integration/test_desktop_entry.py checks the file is called so)
    assert qapp.desktopFileName() == DESKTOP_ENTRY == "portfolio-desktop"
