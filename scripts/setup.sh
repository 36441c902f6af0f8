#!/usr/bin/env bash
# Set up portfolio-desktop on this machine: system libraries Qt needs, the CNS11643 (全字庫) fonts the
# notices embed, poppler-utils (PDF checks in tests), a Python venv in .venv with the app and its test
# tools, and on a Linux desktop a menu entry (scripts/install_desktop_entry.sh). Safe to run again: it
# only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
DEB_PACKAGES=(
  # Qt 6 xcb/offscreen platform plugins and what PySide6 wheels link against
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1 libxrender1 libxi6 libsm6 libice6 libnss3 libasound2
  # fonts: UI (Noto CJK) and the notices (全字庫 TW-Sung/TW-Kai incl. CJK Ext-B, embedded in PDFs)
  fonts-noto-cjk fonts-cns11643-sung fonts-cns11643-kai
  # pdftotext / pdffonts / pdftoppm used by the tests that read our PDFs back; desktop-file-validate
  # for the test of the menu entry
  poppler-utils desktop-file-utils
  # a real PostgreSQL server that the tests start themselves on a temp dir and a local port
  # (integration tests run on SQLite and on PostgreSQL); setpriv/runuser run it as a non-root user
  postgresql util-linux
)

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "Not a Debian/Ubuntu system: install Qt's runtime libraries and a CJK Ext-B font (README, 'Other systems')." >&2
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,package]"

# A venv made before the app depended on the Qt parts it uses (PySide6-Essentials, -Addons, -Pdf)
# still holds the `PySide6` meta-package and QtWebEngine (about 265 MB); pip leaves them when the
# dependency changes. They share files with PySide6-Essentials (PySide6/__init__.py, the .pyi stubs),
# so after removing them the parts the app uses are installed again over what the removal took.
if .venv/bin/python - <<'PY'
import importlib.metadata as m, sys
names = {(d.metadata["Name"] or "").lower().replace("_", "-") for d in m.distributions()}
sys.exit(0 if names & {"pyside6", "pyside6-webengine"} else 1)
PY
then
  echo "Removing the PySide6 meta-package and QtWebEngine from .venv (the app uses PySide6-Essentials, -Addons and -Pdf)"
  .venv/bin/python -m pip uninstall -q -y PySide6 PySide6_WebEngine
  mapfile -t qt_reqs < <(.venv/bin/python -c 'import tomllib; print("\n".join(r for r in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"] if r.lower().startswith("pyside6")))')
  .venv/bin/python -m pip install -q --force-reinstall --no-deps "${qt_reqs[@]}"
fi
.venv/bin/python -c "import PySide6.QtWidgets, PySide6.QtCharts, PySide6.QtPdfWidgets, PySide6.QtUiTools, PySide6.QtSvg"

bash scripts/install_desktop_entry.sh
echo "Set-up done: .venv ready."
