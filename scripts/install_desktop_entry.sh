#!/usr/bin/env bash
# Add portfolio-desktop to the Linux desktop's application menu: a .desktop entry in
# $XDG_DATA_HOME/applications (default ~/.local/share/applications) that starts this checkout's
# .venv/bin/portfolio-desktop, and the icon in the hicolor theme of $XDG_DATA_HOME/icons.
#
#   bash scripts/install_desktop_entry.sh          # only when a desktop is present (see below)
#   PORTFOLIO_DESKTOP_ENTRY=1 bash scripts/...     # always;   PORTFOLIO_DESKTOP_ENTRY=0: never
#
# scripts/setup.sh runs it. "A desktop is present" means Linux with DISPLAY, WAYLAND_DISPLAY or
# XDG_CURRENT_DESKTOP set and not under CI; otherwise it says why it did nothing and exits 0, so a
# server, a container or CI is never harmed. Running it again rewrites the same files.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NAME=portfolio-desktop
want=${PORTFOLIO_DESKTOP_ENTRY:-auto}

if [ "$want" = 0 ]; then
  echo "Desktop entry: skipped (PORTFOLIO_DESKTOP_ENTRY=0)."
  exit 0
fi
if [ "$want" != 1 ]; then
  if [ "$(uname -s)" != Linux ]; then
    echo "Desktop entry: skipped (not Linux)."
    exit 0
  fi
  if [ -n "${CI:-}" ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${XDG_CURRENT_DESKTOP:-}" ]; }; then
    echo "Desktop entry: skipped (no desktop session; PORTFOLIO_DESKTOP_ENTRY=1 installs it anyway)."
    exit 0
  fi
fi

EXE="$ROOT/.venv/bin/$NAME"
ICONS="$ROOT/resources/icons"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APPS="$DATA/applications"
mkdir -p "$APPS"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$ICONS/$NAME-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp "$ICONS/$NAME.svg" "$DATA/icons/hicolor/scalable/apps/$NAME.svg"

# Exec: the desktop entry spec wants reserved characters quoted; a checkout path with a space or a
# quote is written inside double quotes with \" \` \$ \\ escaped (each backslash doubled again, as
# in every string value of the file), and % doubled (field codes).
quoted=$(printf '%s' "$EXE" | sed -e 's/\\/\\\\\\\\/g' -e 's/"/\\\\"/g' -e 's/`/\\\\`/g' -e 's/\$/\\\\$/g' -e 's/%/%%/g')
entry="$APPS/$NAME.desktop"
tmp="$entry.tmp.$$"
cat > "$tmp" <<DESKTOP
[Desktop Entry]
Type=Application
Version=1.4
Name=學生學習歷程檔案
Name[en]=Student Learning Portfolio Office
GenericName=學習歷程檔案校務工作站
GenericName[en]=School office workstation
Comment=學生名冊、學習歷程項目、收訖明細與郵寄通知
Comment[en]=Rosters, portfolio items, receipts and mailed notices
Exec="$quoted"
TryExec=$EXE
Icon=$NAME
Terminal=false
Categories=Office;
Keywords=portfolio;學習歷程;roster;名冊;
StartupWMClass=$NAME
StartupNotify=true
DESKTOP
mv "$tmp" "$entry"
chmod 0644 "$entry"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$APPS" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
fi
echo "Desktop entry: $entry (starts $EXE)."
