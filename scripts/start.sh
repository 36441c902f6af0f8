#!/usr/bin/env bash
# README's first command: set everything up, then start the app. A fresh database (per-user data dir,
# or --db / PORTFOLIO_DB) is created by the migrations; the first start shows the set-up wizard.
# Under CI (CI=true) or with PORTFOLIO_SMOKE=1 the app starts headless, loads its window and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${CI:-}" ] || [ -n "${PORTFOLIO_SMOKE:-}" ]; then
  export PORTFOLIO_SMOKE=1 QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
  # The documented smoke account (gui/app.py SMOKE_USER / SMOKE_PASSWORD): administrator + 註冊組,
  # created with the demo school on a fresh database; an existing database signs in with it.
  export PORTFOLIO_USER=${PORTFOLIO_USER:-smoke-admin} PORTFOLIO_PASSWORD=${PORTFOLIO_PASSWORD:-smoke-admin-pass}
fi
exec .venv/bin/portfolio-desktop "$@"
