"""`pip install` of the wheel gives a working program: the wheel is built from a clean copy of the
checkout, installed into a new venv outside the repository, and run from a folder outside it —
``init --admin``, a registrar account, a roster and a receipts import of real .xlsx files, ``notices
print`` to a PDF that is read back, and the GUI's headless start (PORTFOLIO_SMOKE=1). With the
Alembic versions removed from the installed copy, ``init`` says the installation is broken (not
Alembic's advice to make new migrations) and shows no traceback.

Offline and quick: the new venv gets no packages from an index. Its ``deps.pth`` points at a folder of
links to exactly the installed distributions that the wheel's Requires-Dist reach (transitively) —
not the checkout's editable install, not the test tools — and ``pip install --no-index`` of the wheel
must resolve every requirement from them. So the declared runtime dependencies are also proven
sufficient: an import of an undeclared library (pypdf, pytest, QtWebEngine) fails here.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from pypdf import PdfReader

from portfolio_desktop.reports.fonts import CNS11643_DIR
from tests.data.receipts import RECEIPT_HEADERS, ROSTER_HEADERS, STUDENTS, receipt_rows, write_xlsx

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CNS11643_DIR / "TW-Sung-98_1.ttf").exists(), reason="fonts-cns11643-sung missing"),
]

ROOT = Path(__file__).resolve().parents[2]
DATA_FOLDERS = ("db", "ui", "resources")
ADMIN = ("wheel-admin", "wheel-admin-pass-1")
REGISTRAR = ("wheel-registrar", "wheel-registrar-pass-1")
STEP_TIMEOUT_S = 300


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def clean_copy(dest: Path) -> Path:
    """The files git would hand to a fresh clone (tracked, plus new ones not ignored): no .venv,
    no build/ left-overs, no caches."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return dest


def build_wheel(source: Path, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
                            capture_output=True, text=True, timeout=STEP_TIMEOUT_S)
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = out.glob("portfolio_desktop-*.whl")
    return wheel


def check_wheel_contents(wheel: Path, version: str) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for folder in DATA_FOLDERS:
            for path in sorted((ROOT / folder).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    inside = f"portfolio_desktop/_data/{path.relative_to(ROOT).as_posix()}"
                    assert archive.read(inside) == path.read_bytes(), inside
        for notice in ("LICENSE", "THIRD-PARTY-NOTICES.md"):
            assert archive.read(f"portfolio_desktop-{version}.dist-info/licenses/{notice}") == (ROOT / notice).read_bytes()
        meta = archive.read(f"portfolio_desktop-{version}.dist-info/METADATA").decode()
    assert not any(n.startswith(("tests/", "db/", "ui/", "resources/", "packaging/")) for n in names)
    return [line.split(": ", 1)[1] for line in meta.splitlines() if line.startswith("Requires-Dist: ")]


def runtime_closure(requires: list[str]) -> list[metadata.Distribution]:
    """The installed distributions the wheel's requirements reach (extras followed, markers evaluated)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [(Requirement(r), "") for r in requires]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({"extra": extra}):
            continue
        dist = metadata.distribution(req.name)
        assert dist.version in req.specifier, f"{req}: {dist.version} installed"
        key = normalized(req.name)
        if key in found and not req.extras:
            continue
        found[key] = dist
        for child in dist.requires or ():
            child_req = Requirement(child)
            extras = [""] + sorted(req.extras)
            todo.extend((child_req, e) for e in extras if not child_req.marker or child_req.marker.evaluate({"extra": e}))
    return list(found.values())


def link_dependencies(dists: list[metadata.Distribution], deps: Path) -> None:
    """Links in ``deps`` to every top-level file and folder of ``dists`` in this venv's site-packages."""
    deps.mkdir()
    for dist in dists:
        for top in {Path(str(f)).parts[0] for f in dist.files or () if not str(f).startswith("..")}:
            source = Path(dist.locate_file(top))
            if source.exists() and not (deps / top).exists():
                (deps / top).symlink_to(source, target_is_directory=source.is_dir())


class Installed:
    """The program as a user who ran `pip install portfolio_desktop-….whl` has it, run in a scratch
    folder (outside the checkout) with its own HOME and per-user folders."""

    def __init__(self, venv: Path, scratch: Path) -> None:
        self.venv = venv
        self.scratch = scratch
        home = scratch / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "PORTFOLIO_", "QT_", "VIRTUAL_ENV", "PYTEST_"))}
        env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
                   PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen", PATH=f"{venv / 'bin'}:{os.environ['PATH']}")
        self.env = env

    def run(self, *args: str, user: tuple[str, str] | None = None, extra: dict[str, str] | None = None,
            ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**self.env, **(extra or {})}
        if user:
            env.update(PORTFOLIO_USER=user[0], PORTFOLIO_PASSWORD=user[1])
        result = subprocess.run([str(self.venv / "bin" / "portfolio-desktop"), *args], cwd=self.scratch, env=env,
                                capture_output=True, text=True, encoding="utf-8", timeout=STEP_TIMEOUT_S)
        if ok:
            assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        return result

    def python(self, code: str) -> str:
        result = subprocess.run([str(self.venv / "bin" / "python"), "-c", code], cwd=self.scratch, env=self.env,
                                capture_output=True, text=True, timeout=STEP_TIMEOUT_S)
        assert result.returncode == 0, result.stderr
        return result.stdout


def install(tmp_path: Path) -> Installed:
    wheel = build_wheel(clean_copy(tmp_path / "src"), tmp_path / "wheels")
    version = metadata.version("portfolio-desktop")
    requires = [r for r in check_wheel_contents(wheel, version)
                if not Requirement(r).marker or Requirement(r).marker.evaluate({"extra": ""})]  # no extras
    assert not any(normalized(Requirement(r).name) in ("pyside6", "pyside6-webengine", "pypdf") for r in requires)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=STEP_TIMEOUT_S)
    deps = tmp_path / "deps"
    link_dependencies(runtime_closure(requires), deps)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                             "--no-index", str(wheel)], capture_output=True, text=True, timeout=STEP_TIMEOUT_S)
    assert result.returncode == 0, result.stdout + result.stderr
    scratch = tmp_path / "elsewhere"
    scratch.mkdir()
    return Installed(venv, scratch)


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    app = install(tmp_path)
    where = json.loads(app.python(
        "import json, portfolio_desktop, portfolio_desktop.config as c, importlib.util as u;"
        "print(json.dumps([portfolio_desktop.__file__, str(c.migrations_dir()), str(c.ui_dir()), str(c.resources_dir()),"
        " [m for m in ('pypdf', 'pytest', 'PySide6.QtWebEngineCore') if u.find_spec(m.split('.')[0]) and"
        "  (m.count('.') == 0 or u.find_spec(m))]]))"))
    package = Path(where[0]).parent
    assert package.is_relative_to(app.venv), where
    assert [Path(p) for p in where[1:4]] == [package / "_data" / f for f in DATA_FOLDERS]
    assert where[4] == []  # test tools and QtWebEngine are not reachable from the installed program
    assert "portfolio-desktop" in app.run("--version").stdout

    db = app.scratch / "school.sqlite3"
    app.run("--db", str(db), "init", "--admin", ADMIN[0], user=ADMIN)
    app.run("--db", str(db), "accounts", "add", REGISTRAR[0], "--name", "註冊組", "--role", "registry:day",
            user=ADMIN, extra={"PORTFOLIO_NEW_PASSWORD": "first-password-1"})
    app.run("--db", str(db), "accounts", "passwd", user=(REGISTRAR[0], "first-password-1"),
            extra={"PORTFOLIO_NEW_PASSWORD": REGISTRAR[1]})  # a first password runs nothing else
    students = [row[:] for row in STUDENTS]
    students[3][10:12] = ["831", "高雄市大寮區鳳林三路1號"]  # every departed student has an address
    roster = write_xlsx(app.scratch / "名冊.xlsx", ROSTER_HEADERS, students)
    imported = app.run("--db", str(db), "roster", "import", str(roster), user=REGISTRAR)
    assert f"added {len(STUDENTS)}" in imported.stderr, imported.stderr
    listed = [json.loads(line) for line in app.run("--db", str(db), "roster", "list", "--json", user=REGISTRAR)
              .stdout.splitlines() if line.strip()]
    assert sorted((r["student_no"], r["name"]) for r in listed) == sorted((s[0], s[1]) for s in STUDENTS)

    receipts = write_xlsx(app.scratch / "收訖明細.xlsx", RECEIPT_HEADERS, receipt_rows(3))
    app.run("--db", str(db), "receipts", "import", str(receipts), user=REGISTRAR)
    app.run("--db", str(db), "notices", "settings", "--set", "school_name=岡山農工", "office=註冊組",
            "postal_code=820", "address=高雄市岡山區岡山路533號", user=ADMIN)  # school settings: administrator
    pdf = app.scratch / "通知.pdf"
    app.run("--db", str(db), "notices", "print", "--out", str(pdf), "--term", "112-1", "--date", "113/08/29",
            user=REGISTRAR)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "陳小華" in text and "岡山農工" in text, text[:500]
    assert "林在校" not in text  # still enrolled: no mailed notice

    gui = app.run("--db", str(app.scratch / "gui.sqlite3"), extra={"PORTFOLIO_SMOKE": "1"})
    assert "PORTFOLIO_SMOKE ok" in gui.stderr, gui.stderr

    # An installation that lost its migrations says so, in both languages, without a traceback.
    shutil.rmtree(Path(where[1]) / "versions")
    broken = app.run("--db", str(app.scratch / "new.sqlite3"), "init", "--admin", "x", user=("x", "x-pass-12345"),
                     ok=False)
    assert broken.returncode == 1
    assert "程式安裝不完整" in broken.stderr and "reinstall portfolio-desktop" in broken.stderr, broken.stderr
    assert "Traceback" not in broken.stderr and "'init' command" not in broken.stderr
