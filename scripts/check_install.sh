#!/usr/bin/env bash
# A clean install with the pip that a fresh venv brings (not upgraded), then `analyze` on the example.
#
# Catches what the dev venv hides: imports that are not declared (lxml_html_clean, which old pips do
# not resolve through jusText's lxml[html_clean] extra), a runtime that pulls torch, package data
# missing from the wheel.
#
# 1. copy the checkout's files (tracked and untracked, not ignored) to a temporary folder, so the
#    build leaves nothing in the work tree;
# 2. python3 -m venv; `pip install .` with that venv's own pip;
# 3. check that torch was not installed (inference is torch-free);
# 4. `claimscope analyze examples/seed-article.html` from outside the checkout, then check the JSON:
#    the schema, French, claims, sources, techniques, no analyzer errors.
#
# Usage: scripts/check_install.sh [--keep]   (PYTHON=python3.12 to pick the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/claimscope-install.XXXXXX")
keep=${1:-}
cleanup() { if [ "$keep" != "--keep" ]; then rm -rf "$work"; fi; }
trap cleanup EXIT
start=$(date +%s)

mkdir -p "$work/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/src"
"$python" -m venv "$work/v"
pip_version=$("$work/v/bin/pip" --version | cut -d' ' -f2)
echo "check_install: $("$python" --version 2>&1), the venv's own pip $pip_version (not upgraded)"
if ! "$work/v/bin/pip" install --quiet --disable-pip-version-check "$work/src" >"$work/pip.log" 2>&1; then
  tail -30 "$work/pip.log" >&2
  echo "check_install: FAILED: pip install ." >&2
  exit 1
fi
echo "check_install: pip install . took $(($(date +%s) - start)) s"

if "$work/v/bin/pip" show torch >/dev/null 2>&1; then
  echo "check_install: FAILED: the runtime install pulled torch" >&2
  exit 1
fi

cd "$work"  # not the checkout: the installed package must be the one imported
if ! "$work/v/bin/claimscope" analyze "$repo/examples/seed-article.html" -o "$work/seed.json" 2>"$work/analyze.err"; then
  cat "$work/analyze.err" >&2
  echo "check_install: FAILED: claimscope analyze" >&2
  exit 1
fi
"$work/v/bin/python" - "$work/seed.json" <<'EOF'
import json
import sys

import claimscope
from claimscope.report import validate

result = json.load(open(sys.argv[1], encoding="utf-8"))
problems = validate(result)
checks = {
    "valid claimscope/analysis@1": not problems,
    "imported from the venv": "/site-packages/" in claimscope.__file__,
    "language fr": result["metadata"]["language"] == "fr",
    "claims found": len(result["claims"]) >= 10,
    "sources found": any(s["name"] and "Lekolin" in s["name"] for s in result["sources"]),
    "an unconfirmed claim": any(c["status"] == "unconfirmed" for c in result["claims"]),
    "techniques found": len(result["techniques"]) > 0,
    "genre and frames": bool(result["genre"]) and bool(result["frames"]),
    "no analyzer errors": not result["errors"],
}
for name, ok in checks.items():
    print(f"  {'ok ' if ok else 'BAD'} {name}")
if problems:
    print("\n".join(problems[:5]))
sys.exit(0 if all(checks.values()) else 1)
EOF
echo "check_install: passed in $(($(date +%s) - start)) s"
