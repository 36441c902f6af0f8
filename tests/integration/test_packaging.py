"""Build the Linux one-folder bundle with packaging/build.sh (into a temporary folder, never the
checkout) and check it: the smoke test runs the built executable headless (init, roster import and
list, the GUI in PORTFOLIO_SMOKE mode, the bundle self-check), every module and data file of the
checkout is inside, and the Qt modules the app never uses are not.

One test function builds once and runs every check: under pytest-xdist a module-scoped fixture would
be built again by each worker that runs one of several tests.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
APP = "portfolio-desktop"
DATA_FOLDERS = ("ui", "resources", "db")
BUILD_TIMEOUT_S = 1500


def _source_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


def build(out: Path) -> Path:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--dist", str(out / "dist"), "--work", str(out / "work")],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, f"build failed\n{result.stdout}\n{result.stderr}"
    print(result.stdout.strip().splitlines()[-1])  # "built … in N s, M MB" (shown with -s)
    app = out / "dist" / APP
    assert (app / APP).is_file()
    return app


def test_linux_bundle_builds_and_works(tmp_path: Path) -> None:
    bundle = build(tmp_path)
    check_smoke_test(bundle)
    check_every_module_is_bundled(bundle)
    for folder in DATA_FOLDERS:
        check_data_folder_is_bundled_whole(bundle, folder)
    check_unused_parts_are_left_out(bundle)
    check_licences_beside_the_executable(bundle)


def check_smoke_test(bundle: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(bundle / APP)],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "smoke test passed" in result.stdout
    for step in ("bundle check", "init", "accounts add", "accounts passwd", "roster import", "roster list",
                 "GUI (PORTFOLIO_SMOKE)"):
        assert f"  {step}: exit 0" in result.stdout, result.stdout


def check_every_module_is_bundled(bundle: Path) -> None:
    """Picked up generically: also modules in folders without __init__.py (namespace packages)."""
    from PyInstaller.archive.readers import CArchiveReader

    pyz = CArchiveReader(str(bundle / APP)).open_embedded_archive("PYZ.pyz")
    bundled = {name for name in pyz.toc if name.startswith("portfolio_desktop")}
    # …and only what runs: no test tools, build tools or syntax highlighters
    unwanted = ("pytest", "_pytest", "hypothesis", "setuptools", "pkg_resources", "pygments", "PySide6.QtWebEngine")
    assert [name for name in pyz.toc if name.split(".")[0] in unwanted or name.startswith(unwanted[-1])] == []
    expected = set()
    for path in _source_files(ROOT / "portfolio_desktop"):
        if path.suffix == ".py":
            parts = path.relative_to(ROOT).with_suffix("").parts
            expected.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert expected - bundled == set()


def check_data_folder_is_bundled_whole(bundle: Path, folder: str) -> None:
    """ui/, resources/ and db/ (Alembic reads env.py and versions/ from disk) byte for byte, where
    config.py looks in a bundle, empty sub-folders included (a school may add fonts there)."""
    internal = bundle / "_internal"
    source = ROOT / folder
    for path in _source_files(source):
        copy = internal / path.relative_to(ROOT)
        assert copy.is_file(), f"{copy} missing"
        assert copy.read_bytes() == path.read_bytes(), f"{copy} differs"
    for sub in (p for p in source.rglob("*") if p.is_dir() and "__pycache__" not in p.parts):
        assert (internal / sub.relative_to(ROOT)).is_dir()


def check_unused_parts_are_left_out(bundle: Path) -> None:
    names = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    unwanted = ("QtWebEngine", "Qt6WebEngine", "Qt3D", "Qt63D", "QtQuick3D", "Qt6Quick", "Qt6Qml", "QtMultimedia",
                "Qt6Multimedia", "qtvirtualkeyboard", "alembic/templates", "pytest", "hypothesis")
    assert [n for n in names if any(u in n for u in unwanted)] == []
    lib_names = {Path(n).name for n in names}
    for kept in ("Pdf", "PdfWidgets", "Charts", "PrintSupport", "UiTools", "Svg"):
        assert f"libQt6{kept}.so.6" in lib_names, kept
    assert any(n.endswith("plugins/platforms/libqoffscreen.so") for n in names)
    assert any(n.endswith("plugins/platforms/libqxcb.so") for n in names)
    assert any(n.endswith("_internal/reportlab/fonts/Vera.ttf") for n in names)



def check_licences_beside_the_executable(bundle: Path) -> None:
    """The app's MIT licence and the third-party notices (Qt's LGPL and how to replace the
    libraries, the fonts) travel with the folder, where whoever receives it sees them."""
    for name in ("LICENSE", "THIRD-PARTY-NOTICES.md"):
        assert (bundle / name).read_bytes() == (ROOT / name).read_bytes(), name
    notices = (bundle / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    assert "LGPL-3.0" in notices and "_internal/PySide6/Qt/lib/libQt6" in notices
    # the paths the notices give for replacing Qt are the bundle's real ones
    assert list((bundle / "_internal" / "PySide6" / "Qt" / "lib").glob("libQt6Core.so.6"))
    assert (bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms").is_dir()
