#!/usr/bin/env bash
# Build the one-folder app with PyInstaller on Linux: DIST/portfolio-desktop/portfolio-desktop.
#
#   bash packaging/build.sh [--dist DIR] [--work DIR] [--smoke]
#
# DIST defaults to dist/ and the PyInstaller work folder to build/ in the checkout (both ignored by
# git). PyInstaller (the `package` extra of pyproject.toml) is installed into .venv when missing.
# --smoke runs packaging/smoke_test.py against the result. Prints the build time and bundle size.
#
# The bundle runs only where glibc is at least the build machine's. The oldest target it claims is
# PORTFOLIO_MAX_GLIBC (default 2.36, Debian 12; README "Which Linux systems"): on a newer glibc the
# script refuses to build, before doing anything.
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
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# PyInstaller copies the interpreter and libraries as built against this system's glibc, and glibc is
# only backwards compatible: a bundle built here does not start on a system with an older glibc.
MAX_GLIBC=${PORTFOLIO_MAX_GLIBC:-2.36}
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}') || glibc=""
if [ -z "$glibc" ]; then
  echo "build.sh: cannot tell this system's glibc version (getconf GNU_LIBC_VERSION); the Linux bundle is" \
       "built on a glibc system such as Debian 12." >&2
  exit 3
fi
if [ "$(printf '%s\n%s\n' "$glibc" "$MAX_GLIBC" | sort -V | tail -n 1)" != "$MAX_GLIBC" ]; then
  cat >&2 <<MSG
build.sh: refusing to build on glibc $glibc. The bundle would need glibc $glibc or newer, so it would
not start on the oldest systems it is meant for, those with glibc $MAX_GLIBC (PORTFOLIO_MAX_GLIBC; the
default 2.36 is Debian 12's, see README "Which Linux systems"). Build on Debian 12 (a debian:12
machine or container), or, to target only systems with glibc $glibc or newer, run again with
PORTFOLIO_MAX_GLIBC=$glibc and change the README's list of systems.
MSG
  exit 3
fi

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
echo "built $APP in ${seconds} s, ${size} MB, for Linux with glibc $glibc or newer"

if [ "$SMOKE" = 1 ]; then
  "$PY" "$ROOT/packaging/smoke_test.py" "$APP/portfolio-desktop"
fi
