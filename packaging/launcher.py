"""Entry script of the PyInstaller bundle: the same as the ``portfolio-desktop`` console script.

PyInstaller needs a script, not a ``module:function`` entry point, so this file calls
:func:`portfolio_desktop.__main__.run`. One extra first argument, ``--bundle-check``, is handled here and
never reaches the CLI: it proves inside the *built* bundle that the parts PyInstaller cannot see by
following imports are there (keyring backends found through entry points, reportlab's font data, the
Qt modules and plugins the app loads at run time, the Alembic versions and the ui/ forms on disk).
It prints one JSON object and exits 0 when every check passed, 1 otherwise. packaging/smoke_test.py
runs it; it imports nothing that the app does not already ship.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

BUNDLE_CHECK = "--bundle-check"
# The Qt modules the app uses or may use (PDF preview, dashboard chart, printing, .ui forms, SVG icons):
# packaging/portfolio-desktop.spec keeps exactly these and excludes the heavy ones.
QT_MODULES = ("QtPdf", "QtPdfWidgets", "QtCharts", "QtPrintSupport", "QtUiTools", "QtSvg", "QtSvgWidgets")
# keyring's own OS backends (Windows Credential Manager, macOS Keychain, Secret Service, KWallet),
# each registered as an entry point of keyring's distribution.
KEYRING_ENTRY_POINTS = frozenset({"Windows", "macOS", "SecretService", "libsecret", "KWallet", "chainer"})


def _check_keyring() -> str:
    """keyring finds its backends through entry points: the distribution's metadata and the backend
    modules must both be in the bundle. The encrypted-file fallback of services/accounts/secrets.py (scrypt +
    AES-GCM from ``cryptography``) is exercised once in a scratch folder: create, store, reopen, read."""
    import tempfile
    from importlib import metadata
    from pathlib import Path

    import keyring
    from keyring.backend import get_all_keyring

    from portfolio_desktop.store.secret_file import SecretFile

    found = {ep.name: ep for ep in metadata.entry_points(group="keyring.backends")}
    missing = KEYRING_ENTRY_POINTS - found.keys()
    if missing:
        raise RuntimeError(f"keyring entry points missing: {sorted(missing)}; found {sorted(found)}")
    for name in sorted(KEYRING_ENTRY_POINTS):
        found[name].load()
    viable = sorted({f"{type(b).__module__}.{type(b).__name__}" for b in get_all_keyring()})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "secrets.enc"
        SecretFile.create(path, "bundle-check-pass").set("probe", "值")
        if SecretFile.open(path, "bundle-check-pass").get("probe") != "值":
            raise RuntimeError("the encrypted secrets file did not read back what was stored")
    return f"{type(keyring.get_keyring()).__name__}; viable: {', '.join(viable)}; encrypted file ok"


def _check_reportlab() -> str:
    """A PDF with a TrueType font from reportlab's own data folder and a PNG image (the letterhead
    logo goes through Pillow), read back with QtPdf, the library of the app's notice preview: its
    text, and the image's red found where it was drawn on the rendered page."""
    import io

    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    png = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, format="PNG")
    png.seek(0)

    pdfmetrics.registerFont(TTFont("BundleCheckVera", "Vera.ttf"))  # found on rl_config.TTFSearchPath
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("BundleCheckVera", 12)
    page.drawString(72, 720, "bundle check")
    page.setFont("Helvetica", 12)  # a standard font: reportlab's _fontdata modules
    page.drawString(72, 700, "standard font")
    page.drawImage(ImageReader(png), 72, 600, 20, 20)
    page.save()

    data = QByteArray(out.getvalue())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(None)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() != 1:
        raise RuntimeError(f"QtPdf cannot open the PDF: {document.status()}, {document.error()}")
    text = document.getAllText(0).text()
    if "bundle check" not in text or "standard font" not in text:
        raise RuntimeError(f"the PDF does not read back: {text!r}")
    size = document.pagePointSize(0)
    image = document.render(0, QSize(round(size.width()), round(size.height())))  # 1 px per point
    red = image.pixelColor(82, round(size.height()) - 610)  # the middle of the 20 pt image (PDF y is up)
    if not (red.red() > 150 and red.green() < 90 and red.blue() < 90):
        raise RuntimeError(f"the drawn image is not on the rendered page: {red.name()} where red was drawn")
    return f"{len(out.getvalue())} bytes, read back with QtPdf"


def _check_qt() -> str:
    import importlib

    for name in QT_MODULES:
        importlib.import_module(f"PySide6.{name}")
    from PySide6.QtGui import QImageReader

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise RuntimeError(f"no SVG image plugin: {sorted(formats)}")
    return ", ".join(QT_MODULES)


def _check_files() -> str:
    from portfolio_desktop.config import migrations_dir, resources_dir, ui_dir
    from portfolio_desktop.store.migrate import head_revision

    forms = sorted(p.name for p in ui_dir().glob("*.ui"))
    if not forms:
        raise RuntimeError(f"no .ui forms in {ui_dir()}")
    if not resources_dir().is_dir():
        raise RuntimeError(f"no resources folder at {resources_dir()}")
    from PySide6.QtGui import QImage

    from portfolio_desktop.gui.icon import ICON_NAME

    icon = QImage(str(resources_dir() / "icons" / f"{ICON_NAME}-256.png"))  # the window icon's files
    if icon.width() != 256:
        raise RuntimeError(f"the application icon is missing from {resources_dir() / 'icons'}")
    return f"head {head_revision()} from {migrations_dir()}; {len(forms)} forms; icon"


CHECKS: dict[str, Callable[[], str]] = {
    "keyring": _check_keyring,
    "reportlab": _check_reportlab,
    "qt": _check_qt,
    "files": _check_files,
}


def bundle_check() -> int:
    import json

    results: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as exc:  # noqa: BLE001 - every failure is reported, then the exit code says it
            results[name] = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}
    results["frozen"] = {"ok": bool(getattr(sys, "frozen", False)), "detail": getattr(sys, "_MEIPASS", "")}
    print(json.dumps(results, ensure_ascii=False))
    return 0 if all(r["ok"] for r in results.values()) else 1


def run() -> int:
    if sys.argv[1:2] == [BUNDLE_CHECK]:
        return bundle_check()
    from portfolio_desktop.__main__ import run as run_program

    return run_program()


if __name__ == "__main__":
    sys.exit(run())
