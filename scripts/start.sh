#!/usr/bin/env bash
# README's first command: set everything up, then start the app. A fresh database (per-user data dir,
# or --db / PORTFOLIO_DB) is created by the migrations and filled with demo data on first start.
# Under CI (CI=true) or with PORTFOLIO_SMOKE=1 the app starts headless, loads its window and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${CI:-}" ] || [ -n "${PORTFOLIO_SMOKE:-}" ]; then
  export PORTFOLIO_SMOKE=1 QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
fi
exec .venv/bin/portfolio-desktop "$@"
