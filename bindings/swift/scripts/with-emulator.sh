#!/usr/bin/env bash
# with-emulator.sh [--fast] <command…>: starts target/debug/flex-emulator on the host (a free
# port), runs <command…> with FLEX_EMULATOR_URL set to its base URL, then stops the emulator.
# With --fast it also starts a second emulator with short clocks (reservation timeout, SSO
# token TTL, maximum session lifetime, authorization code TTL) for the tests that wait on
# them: FLEX_FAST_EMULATOR_URL is its base URL and FLEX_FAST_EMULATOR_ARGS its flags.
# The emulators' logs go to build/swift/emulator.log and build/swift/emulator-fast.log.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
FAST_ARGS="--reservation-timeout-secs 3 --sso-token-ttl-secs 8 --max-session-lifetime-secs 16 --auth-code-ttl-secs 2"
fast=false
if [ "${1:-}" = "--fast" ]; then fast=true; shift; fi
mkdir -p "$REPO/build/swift"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start <variable> <log file> <flags…>: starts an emulator and exports its base URL as <variable>.
start() {
  local var="$1" log="$2" fd world url; shift 2
  exec {fd}< <(exec "$REPO/target/debug/flex-emulator" --port 0 "$@" 2>"$REPO/build/swift/$log")
  pids+=("$!")
  IFS= read -r -t 30 world <&"$fd" || { echo "with-emulator: the emulator printed no world line" >&2; exit 1; }
  url="$(sed -n 's/.*"base_url":"\([^"]*\)".*/\1/p' <<<"$world")"
  export "$var=$url"
  echo "with-emulator: $var=$url (pid ${pids[-1]}${*:+, $*})" >&2
}

start FLEX_EMULATOR_URL emulator.log
if $fast; then
  # shellcheck disable=SC2086 # FAST_ARGS is a list of flags
  start FLEX_FAST_EMULATOR_URL emulator-fast.log $FAST_ARGS
  export FLEX_FAST_EMULATOR_ARGS="$FAST_ARGS"
fi
"$@"
