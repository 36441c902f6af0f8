#!/usr/bin/env bash
# Collect every UI string (self.tr / QCoreApplication.translate / QT_TRANSLATE_NOOP in portfolio_desktop/gui,
# and the ui/*.ui forms) into the Qt Linguist sources, then compile them into the .qm files the app loads
# (gui/i18n.py). zh_TW is the source language: its translations are filled with the source text. English
# is translated by hand (Qt Linguist, or edit portfolio_en.ts); this script fails while any English
# message is unfinished, so a new string cannot ship untranslated (tests/gui/test_translations.py too).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
DIR=resources/translations
SOURCES=(portfolio_desktop/gui/*.py portfolio_desktop/gui/*/*.py ui/*.ui)
mkdir -p "$DIR"
# No line numbers in the .ts: they would change with every edit of the code.
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language zh_TW -target-language zh_TW \
  "${SOURCES[@]}" -ts "$DIR/portfolio_zh_TW.ts"
"$PY" scripts/ts_tool.py fill-source "$DIR/portfolio_zh_TW.ts"
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language zh_TW -target-language en \
  "${SOURCES[@]}" -ts "$DIR/portfolio_en.ts"
status=0
"$PY" scripts/ts_tool.py check "$DIR/portfolio_en.ts" || status=$?
for lang in zh_TW en; do
  "$BIN/pyside6-lrelease" -silent "$DIR/portfolio_$lang.ts" -qm "$DIR/portfolio_$lang.qm"
done
if [ "$status" -ne 0 ]; then
  echo "portfolio_en.ts has untranslated messages (listed above): translate them and run this again." >&2
fi
exit "$status"
