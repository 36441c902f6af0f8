#!/usr/bin/env bash
# Set up portfolio-desktop on this machine: system libraries Qt needs, the CNS11643 (全字庫) fonts the
# notices embed, poppler-utils (PDF checks in tests), a Python venv in .venv with the app and its test
# tools. Safe to run again: it only installs what is missing.
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
  # pdftotext / pdffonts / pdftoppm used by the tests that read our PDFs back
  poppler-utils
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
echo "Set-up done: .venv ready."
