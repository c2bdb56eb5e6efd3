#!/usr/bin/env bash
# Conformance: the official twilio-taskrouter 2.1.1 and twilio npm clients against flex-emulator.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

# Install only when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

cargo build -q -p flex-emulator --manifest-path "$root/Cargo.toml"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

world_file="$(mktemp)"
log_file="$(mktemp)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -f "$world_file" "$log_file"
}
trap cleanup EXIT INT TERM

"$target_dir/debug/flex-emulator" --port 0 >"$world_file" 2>"$log_file" &
emulator_pid=$!

for _ in $(seq 1 100); do
  [ -s "$world_file" ] && break
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "flex-emulator exited early:" >&2
    cat "$log_file" >&2
    exit 1
  fi
  sleep 0.1
done
world="$(head -n 1 "$world_file")"
if [ -z "$world" ]; then
  echo "flex-emulator printed no world line" >&2
  exit 1
fi

status=0
node conformance.mjs "$world" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- emulator log ---" >&2
  tail -n 50 "$log_file" >&2
fi
exit "$status"
