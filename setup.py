"""Build step that ships the app's data folders inside the wheel.

The Alembic environment (``db/``), the Qt Designer forms (``ui/``) and the translations and icons
(``resources/``) stay top-level folders of the checkout, where the editable install and the
PyInstaller bundle (packaging/portfolio-desktop.spec) read them. A wheel holds only packages, so
``build_py`` copies the three folders into ``portfolio_desktop/_data/`` of the build; there
``portfolio_desktop.config`` finds them in an installed copy. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("db", "ui", "resources")
PACKAGE_DATA = Path("portfolio_desktop") / "_data"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")


class BuildWithData(build_py):
    """build_py, then the data folders copied whole into the built package (not for an editable
    install: that one runs from the checkout, where the folders already are)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / PACKAGE_DATA
        shutil.rmtree(target, ignore_errors=True)
        for folder in DATA_FOLDERS:
            source = ROOT / folder
            if not source.is_dir():
                raise SystemExit(f"cannot build portfolio-desktop: the folder {source} is missing")
            shutil.copytree(source, target / folder, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithData})
