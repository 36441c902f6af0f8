#!/usr/bin/env bash
# Build the one-folder app with PyInstaller on Linux: DIST/portfolio-desktop/portfolio-desktop.
#
#   bash packaging/build.sh [--dist DIR] [--work DIR] [--smoke]
#
# DIST defaults to dist/ and the PyInstaller work folder to build/ in the checkout (both ignored by
# git). PyInstaller (the `package` extra of pyproject.toml) is installed into .venv when missing.
# --smoke runs packaging/smoke_test.py against the result. Prints the build time and bundle size.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="$ROOT/dist"
WORK="$ROOT/build"
SMOKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || bash "$ROOT/scripts/setup.sh"
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  # The pin comes from the `package` extra of pyproject.toml; only it is installed (not the project
  # again), so tests running beside the build keep their editable install untouched.
  reqs=$("$PY" -c 'import sys, tomllib; print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["optional-dependencies"]["package"]))' "$ROOT/pyproject.toml")
  echo "installing into .venv: $reqs" >&2
  mapfile -t req_list <<< "$reqs"
  "$PY" -m pip install -q "${req_list[@]}"
fi

start=$(date +%s)
# The spec takes every path from its own location, so the working directory does not matter.
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/portfolio-desktop.spec"
seconds=$(( $(date +%s) - start ))

APP="$DIST/portfolio-desktop"
[ -x "$APP/portfolio-desktop" ] || { echo "build failed: $APP/portfolio-desktop missing" >&2; exit 1; }
size=$(du -sm "$APP" | cut -f1)
echo "built $APP in ${seconds} s, ${size} MB"

if [ "$SMOKE" = 1 ]; then
  "$PY" "$ROOT/packaging/smoke_test.py" "$APP/portfolio-desktop"
fi
