#!/usr/bin/env bash
# Build a wheel, install it (not editable) into a fresh venv, and run the demo from an empty folder.
set -euo pipefail
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" .
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/newsingest-*.whl
cd "$work"
"$work/venv/bin/newsingest" demo > demo.log 2>&1 || { cat demo.log; exit 1; }
"$work/venv/bin/newsingest" articles --limit 50 > articles.log
count=$("$work/venv/bin/python" -c "
import sqlite3; print(sqlite3.connect('data/newsingest.db').execute('select count(*) from articles').fetchone()[0])")
echo "installed package: demo loaded $count articles"
test "$count" -ge 9
cd "$root"
