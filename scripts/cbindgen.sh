#!/usr/bin/env bash
# Runs cbindgen (pinned below), installing it first if it is missing or another version.
#
#   scripts/cbindgen.sh <cbindgen args…>     e.g. scripts/cbindgen.sh --config cbindgen.toml -o x.h
#   scripts/cbindgen.sh --install-only       just make sure it is installed
#
# Installed with `cargo install --locked` OUTSIDE the repo, so it survives fresh clones (CI):
#   $FLEX_CARGO_TOOLS, default /var/cache/flex-sdk/cargo-tools (binary in bin/).
set -euo pipefail

VERSION=0.29.4
ROOT="${FLEX_CARGO_TOOLS:-/var/cache/flex-sdk/cargo-tools}"
BIN="$ROOT/bin/cbindgen"

have() { [ -x "$BIN" ] && [ "$("$BIN" --version 2>/dev/null)" = "cbindgen $VERSION" ]; }
if ! have; then
  mkdir -p "$ROOT"
  exec 9>"$ROOT/.cbindgen.lock"; flock 9
  if ! have; then
    echo "cbindgen.sh: installing cbindgen $VERSION into $ROOT" >&2
    cargo install --quiet --locked --force --version "=$VERSION" --root "$ROOT" cbindgen >&2
  fi
  exec 9>&-
fi

[ "${1:-}" = --install-only ] && exit 0
exec "$BIN" "$@"
