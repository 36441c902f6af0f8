#!/usr/bin/env bash
# README's second command: run every test headless (unit, integration, GUI, slow ones included).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pytest ] || bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/pytest -q -n 2 "$@"
