"""The runtime dependencies are what runs: every Qt module the app imports comes from a Qt
distribution that pyproject.toml names, the `PySide6` meta-package (which brings QtWebEngine) is not
named, and test-only libraries (pypdf) are not imported by the app. The environment set up by
scripts/setup.sh holds no QtWebEngine."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "portfolio_desktop"


def project() -> dict:  # type: ignore[type-arg]
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements() -> dict[str, Requirement]:
    return {normalized(r.name): r for r in map(Requirement, project()["dependencies"])}


def imported_modules(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def distribution_of_file(relative: str) -> str:
    """The installed distribution whose RECORD lists ``relative`` (a path inside site-packages)."""
    owners = {normalized(d.metadata["Name"]) for d in metadata.distributions()
              if any(str(f) == relative for f in d.files or ())}
    assert len(owners) == 1, f"{relative} belongs to {owners or 'no distribution'}"
    return owners.pop()


def test_every_qt_module_the_app_imports_comes_from_a_named_distribution() -> None:
    qt_modules = sorted({m.split(".")[1] for m in imported_modules(PACKAGE) if m.startswith("PySide6.Qt")})
    assert {"QtCore", "QtWidgets", "QtCharts", "QtPdf", "QtPdfWidgets", "QtUiTools"} <= set(qt_modules)
    requirements = runtime_requirements()
    for module in qt_modules:
        owner = distribution_of_file(f"PySide6/{module}.abi3.so")
        assert owner in requirements, f"PySide6.{module} comes from {owner}, which pyproject.toml does not name"


def test_the_pyside6_meta_package_and_webengine_are_not_dependencies() -> None:
    requirements = runtime_requirements()
    assert "pyside6" not in requirements
    assert not any("webengine" in name for name in requirements)
    assert set(requirements) >= {"pyside6-essentials", "pyside6-addons", "pyside6-pdf"}


def test_test_only_libraries_are_not_runtime_dependencies_nor_imported_by_the_app() -> None:
    assert "pypdf" not in runtime_requirements()
    assert "pypdf" in {normalized(Requirement(r).name) for r in project()["optional-dependencies"]["test"]}
    for folder in (PACKAGE, ROOT / "packaging"):
        assert not {m for m in imported_modules(folder) if m.split(".")[0] == "pypdf"}, folder


def test_the_environment_holds_no_qtwebengine() -> None:
    installed = {normalized(d.metadata["Name"]) for d in metadata.distributions()}
    assert "pyside6-webengine" not in installed and "pyside6" not in installed
    import PySide6

    qt = Path(PySide6.__file__).parent
    assert not list(qt.glob("QtWebEngine*")) and not list(qt.glob("Qt/lib/libQt6WebEngine*"))
