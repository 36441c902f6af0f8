"""portfolio_desktop.config finds db/, ui/ and resources/ in the three layouts the app runs from: a
checkout (and its editable install), an installed wheel (``portfolio_desktop/_data/``, put there by
setup.py) and a PyInstaller bundle (``sys._MEIPASS``). Each layout is laid out for real in a temporary
folder with a copy of the real config.py, and the working directory is elsewhere."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

import portfolio_desktop.config as real_config

FOLDERS = {"db": "migrations_dir", "ui": "ui_dir", "resources": "resources_dir"}


def load_config(package: Path) -> ModuleType:
    """The real config.py, copied into ``package`` and imported from there under a private name."""
    package.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(real_config.__file__, package / "config.py")
    spec = importlib.util.spec_from_file_location(f"layout_config_{abs(hash(package))}", package / "config.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cwd").mkdir()
    for name in FOLDERS:  # decoys in the working directory: never to be picked
        (tmp_path / "cwd" / name).mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


def test_checkout_layout_uses_the_top_level_folders(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    config = load_config(checkout / "portfolio_desktop")
    for name, function in FOLDERS.items():
        (checkout / name).mkdir()
        assert getattr(config, function)() == checkout / name


def test_installed_wheel_layout_uses_the_package_data(tmp_path: Path) -> None:
    site = tmp_path / "venv" / "lib" / "site-packages"
    config = load_config(site / "portfolio_desktop")
    for name, function in FOLDERS.items():
        (site / "portfolio_desktop" / "_data" / name).mkdir(parents=True)
        (site / name).mkdir()  # an unrelated top-level folder of the same name in site-packages
        assert getattr(config, function)() == site / "portfolio_desktop" / "_data" / name


def test_bundle_layout_uses_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    internal = tmp_path / "portfolio-desktop" / "_internal"
    config = load_config(internal / "portfolio_desktop")
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    for name, function in FOLDERS.items():
        assert getattr(config, function)() == internal / name


def test_this_checkout_resolves_to_its_own_folders() -> None:
    root = Path(real_config.__file__).resolve().parents[1]
    assert real_config.migrations_dir() == root / "db" and (root / "db" / "env.py").is_file()
    assert real_config.ui_dir() == root / "ui"
    assert real_config.resources_dir() == root / "resources"
