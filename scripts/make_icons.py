"""Render the application icon: resources/icons/portfolio-desktop.svg → PNGs and a Windows .ico.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py [--out DIR]

Writes ``portfolio-desktop-<N>.png`` for every size in PNG_SIZES and ``portfolio-desktop.ico`` (the
sizes in ICO_SIZES, each stored as PNG, which Windows Vista and later and PyInstaller accept) into
resources/icons/ (or ``--out``). Qt's SVG renderer draws them; the .ico container is written here,
because Qt's ICO writer stores one image per file. Run again after editing the SVG and commit the
results: the window icon (gui/icon.py), the bundle (packaging/portfolio-desktop.spec) and the Linux
menu entry (scripts/install_desktop_entry.sh) use the committed files.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
NAME = "portfolio-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"cannot encode the {size} px PNG")
    return bytes(data.data())


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """An ICO container (ICONDIR, one ICONDIRENTRY per image, then the images) with PNG images.
    A width or height of 256 is written as 0, as the format requires."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ICONS, help="folder for the results (default resources/icons)")
    args = parser.parse_args(argv)
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    svg = ICONS / f"{NAME}.svg"
    args.out.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(svg, size) for size in PNG_SIZES}
    for size, blob in pngs.items():
        (args.out / f"{NAME}-{size}.png").write_bytes(blob)
    (args.out / f"{NAME}.ico").write_bytes(ico_file({s: pngs[s] for s in ICO_SIZES}))
    print(f"wrote {len(pngs)} PNGs and {NAME}.ico into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
