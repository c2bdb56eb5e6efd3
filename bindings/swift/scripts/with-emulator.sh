#!/usr/bin/env bash
# with-emulator.sh <command…>: starts target/debug/flex-emulator on the host (a free port),
# runs <command…> with FLEX_EMULATOR_URL set to its base URL, then stops the emulator.
# The emulator's log goes to build/swift/emulator.log.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
mkdir -p "$REPO/build/swift"
exec 3< <(exec "$REPO/target/debug/flex-emulator" --port 0 2>"$REPO/build/swift/emulator.log")
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
IFS= read -r -t 30 world <&3 || { echo "with-emulator: the emulator printed no world line" >&2; exit 1; }
FLEX_EMULATOR_URL="$(sed -n 's/.*"base_url":"\([^"]*\)".*/\1/p' <<<"$world")"
export FLEX_EMULATOR_URL
echo "with-emulator: emulator at $FLEX_EMULATOR_URL (pid $pid)" >&2
"$@"
