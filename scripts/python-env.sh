#!/usr/bin/env bash
# Python venv with the tools the Python bindings need (maturin, pytest, pytest-asyncio),
# pinned in bindings/python/requirements-dev.txt.
#
#   scripts/python-env.sh               create the venv if needed; print its path on stdout
#   scripts/python-env.sh run <cmd…>    run <cmd…> with the venv activated (its bin/ first on PATH)
#
# The venv lives OUTSIDE the repo so it survives fresh clones (CI):
#   $FLEX_PYTHON_VENV, default /var/cache/flex-sdk/python-venv/<hash of requirements + python version>
# A changed requirements file (or interpreter) yields a new venv; a second run is instant.
# Interpreter: $PYTHON (default python3, >= 3.9).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="$REPO/bindings/python/requirements-dev.txt"
PY="${PYTHON:-python3}"
KEY="$( { cat "$REQ"; "$PY" -c 'import sys; print(sys.executable, sys.version)'; } | sha256sum | cut -c1-16)"
VENV="${FLEX_PYTHON_VENV:-/var/cache/flex-sdk/python-venv/$KEY}"
STAMP="$VENV/.flex-requirements-$KEY"

if [ ! -f "$STAMP" ]; then
  mkdir -p "$(dirname "$VENV")"
  exec 9>"$VENV.lock"; flock 9
  if [ ! -f "$STAMP" ]; then
    echo "python-env: creating $VENV" >&2
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" >&2
    touch "$STAMP"
  fi
  exec 9>&-
fi

case "${1:-}" in
  "") echo "$VENV" ;;
  run)
    shift; [ $# -gt 0 ] || { echo "usage: $0 run <command…>" >&2; exit 2; }
    export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH"; unset PYTHONHOME
    exec "$@" ;;
  *) echo "usage: $0 [run <command…>]" >&2; exit 2 ;;
esac
