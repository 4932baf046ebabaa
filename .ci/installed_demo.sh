#!/usr/bin/env bash
# Build a wheel, install it (not editable) into a fresh venv, and run the demo from an empty folder.
# The installed package holds no development code (sitegen, bench, tests) and its commands say what
# they need instead of looking for this checkout.
set -euo pipefail
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Build from a copy of the files git knows: setuptools adds whatever an earlier build left in build/lib.
mkdir "$work/tree"
git ls-files -z --cached --others --exclude-standard \
    | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$work/tree"
.venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/tree"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/newsingest-*.whl
cd "$work"
"$work/venv/bin/python" - "$work"/dist/newsingest-*.whl <<'EOF'
import importlib.util
import sys
import zipfile

# Only the package and its metadata ship; the synthetic site and the test helpers stay in the checkout.
tops = {name.split("/")[0] for name in zipfile.ZipFile(sys.argv[1]).namelist()}
packages = {top for top in tops if not top.endswith(".dist-info")}
assert packages == {"newsingest"}, f"the wheel holds {sorted(packages)}"
for module in ("sitegen", "newsingest.sitegen"):
    assert importlib.util.find_spec(module) is None, f"{module} is importable from the installed package"
EOF
"$work/venv/bin/newsingest" --help > help.log || { cat help.log; exit 1; }
grep -q "demo" help.log
# Without evaluation data around it, `newsingest eval` says how to give it (exit 2, one line).
status=0
env -u NEWSINGEST_EVAL_DIR "$work/venv/bin/newsingest" eval > eval.log 2>&1 || status=$?
test "$status" -eq 2 || { cat eval.log; exit 1; }
grep -q -- "--data DIR" eval.log && grep -q NEWSINGEST_EVAL_DIR eval.log || { cat eval.log; exit 1; }
"$work/venv/bin/newsingest" demo > demo.log 2>&1 || { cat demo.log; exit 1; }
"$work/venv/bin/newsingest" articles --limit 50 > articles.log
count=$("$work/venv/bin/python" -c "
import sqlite3; print(sqlite3.connect('data/newsingest.db').execute('select count(*) from articles').fetchone()[0])")
echo "installed package: no development code, --help and the eval error work, demo loaded $count articles"
test "$count" -ge 9
cd "$root"
