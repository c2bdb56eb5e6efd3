#!/usr/bin/env bash
# Generates the UniFFI bindings of bindings/uniffi (crate flex_sdk) for one language.
#
#   scripts/generate-bindings.sh <python|kotlin|swift> <out-dir>
#
# Builds the cdylib (profile $FLEX_BINDINGS_PROFILE, default `dev` = target/debug;
# the bindings only need its metadata, so the fast profile is enough) and runs the
# workspace's pinned uniffi-bindgen (same version as the library) with the
# repo's uniffi.toml and --no-format. Prints the cdylib's path on stdout.
# Generated code is never committed: generate into an ignored folder (build/…).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LANGUAGE="${1:-}"; OUT="${2:-}"
case "$LANGUAGE" in python|kotlin|swift) ;; *)
  echo "usage: $0 <python|kotlin|swift> <out-dir>" >&2; exit 2 ;; esac
[ -n "$OUT" ] || { echo "usage: $0 <python|kotlin|swift> <out-dir>" >&2; exit 2; }

PROFILE="${FLEX_BINDINGS_PROFILE:-dev}"
case "$PROFILE" in dev) DIR=debug ;; *) DIR="$PROFILE" ;; esac
case "$(uname -s)" in Darwin) LIB=libflex_sdk.dylib ;; *) LIB=libflex_sdk.so ;; esac
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$REPO/$TARGET_DIR" ;; esac

cd "$REPO"
cargo build -q --locked --profile "$PROFILE" -p flex-sdk-uniffi -p uniffi-bindgen >&2
mkdir -p "$OUT"
"$TARGET_DIR/$DIR/uniffi-bindgen" generate --library "$TARGET_DIR/$DIR/$LIB" \
  --language "$LANGUAGE" --config "$REPO/uniffi.toml" --no-format --out-dir "$OUT" >&2
echo "$TARGET_DIR/$DIR/$LIB"
