"""scripts/install_desktop_entry.sh (run by scripts/setup.sh): on a desktop it writes a valid
freedesktop entry that starts the checkout's .venv/bin/portfolio-desktop, with the icon in the hicolor
theme; without a desktop, or under CI, it writes nothing and still succeeds. Run for real with its own
XDG_DATA_HOME, from a copy of the checkout whose path has a space, quotes, ``$`` and ``%``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from portfolio_desktop.gui.icon import DESKTOP_ENTRY

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path("scripts") / "install_desktop_entry.sh"


def checkout_copy(base: Path) -> Path:
    copy = base / 'school "office" $HOME 100% 校務'
    (copy / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / SCRIPT, copy / SCRIPT)
    shutil.copytree(ROOT / "resources" / "icons", copy / "resources" / "icons")
    return copy


def run(copy: Path, data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("CI", "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP", "PORTFOLIO_DESKTOP_ENTRY")}
    return subprocess.run(["bash", str(copy / SCRIPT)], env={**base, "XDG_DATA_HOME": str(data), **env},
                          capture_output=True, text=True, timeout=60)


def exec_argv(value: str) -> list[str]:
    """The Exec key's arguments, unescaped as the Desktop Entry Specification says (string-level
    backslash escapes first, then the quoting of arguments, then %% → %)."""
    value = value.replace("\\\\", "\\")
    args, current, quoted, i = [], "", False, 0
    while i < len(value):
        ch = value[i]
        if quoted and ch == "\\" and i + 1 < len(value) and value[i + 1] in '"`$\\':
            current += value[i + 1]
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == " " and not quoted:
            args.append(current)
            current = ""
        else:
            current += ch
        i += 1
    args.append(current)
    return [a.replace("%%", "%") for a in args if a]


def test_entry_on_a_desktop_starts_the_checkouts_app(tmp_path: Path) -> None:
    copy = checkout_copy(tmp_path)
    data = tmp_path / "data"
    result = run(copy, data, DISPLAY=":0", XDG_CURRENT_DESKTOP="GNOME")
    assert result.returncode == 0, result.stderr
    entry = data / "applications" / f"{DESKTOP_ENTRY}.desktop"  # the name the app gives Wayland
    lines = dict(line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert exec_argv(lines["Exec"]) == [str(copy / ".venv" / "bin" / "portfolio-desktop")]
    assert lines["Icon"] == "portfolio-desktop" and lines["Type"] == "Application" and lines["Terminal"] == "false"
    assert lines["Name"] == "學生學習歷程檔案"
    for size in (16, 32, 48, 256):
        icon = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "portfolio-desktop.png"
        assert icon.read_bytes() == (ROOT / "resources" / "icons" / f"portfolio-desktop-{size}.png").read_bytes()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "portfolio-desktop.svg").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate (desktop-file-utils, installed by scripts/setup.sh) missing")
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and "error" not in checked.stdout.lower(), checked.stdout + checked.stderr

    again = run(copy, data, PORTFOLIO_DESKTOP_ENTRY="1")  # forced, and idempotent
    assert again.returncode == 0 and list((data / "applications").glob("*.desktop")) == [entry]


@pytest.mark.parametrize("env", [{}, {"CI": "true", "DISPLAY": ":0"}, {"PORTFOLIO_DESKTOP_ENTRY": "0", "DISPLAY": ":0"}],
                         ids=["no-desktop", "ci", "turned-off"])
def test_without_a_desktop_nothing_is_written(tmp_path: Path, env: dict[str, str]) -> None:
    copy = checkout_copy(tmp_path)
    data = tmp_path / "data"
    result = run(copy, data, **env)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout
    assert not data.exists()
