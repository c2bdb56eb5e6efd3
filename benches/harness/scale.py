"""Scale (`make bench-scale`): N clients in one process, in Rust (flex-bench-scale) and in
Python (scale_client.py), against one flex-emulator process with a short heartbeat.

    python3 scale.py --emulator PATH --out FILE.json [--clients 1000] [--heartbeat-secs 2] \
        [--heartbeat-timeout-ms 5000] [--hold-secs 15] --side NAME 'CMD…' [--side NAME 'CMD…' …]

Creates N workers and a token each through the public REST API and the token hook, writes
the tokens to a file, then runs each side's command (one after the other) with
`<base_url> <tokens_file> <hold_secs> <heartbeat_timeout_ms>` appended; each prints one
JSON line (ready time, RSS, threads, connected count, reconnect events); the CPU time of
the side and of the emulator during that run are added. The fd limit is
raised for the emulator and the sides. Stdlib only.
"""

import argparse
import json
import resource
import shlex
import subprocess
import sys
import tempfile

from benchlib import Admin, cpu_seconds, raise_fd_limit, start_emulator


def children_cpu():
    """User + system CPU seconds of the finished children (getrusage)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--heartbeat-secs", type=int, default=2)
    ap.add_argument("--heartbeat-timeout-ms", type=int, default=5000)
    ap.add_argument("--hold-secs", type=int, default=15)
    ap.add_argument("--side", nargs=2, action="append", metavar=("NAME", "CMD"), required=True)
    args = ap.parse_args()

    fd_limit = raise_fd_limit()
    emulator, world = start_emulator(args.emulator, "--heartbeat-secs", str(args.heartbeat_secs))
    rows = []
    try:
        admin = Admin(world)
        with tempfile.NamedTemporaryFile("w", suffix=".tokens") as tokens:
            for k in range(args.clients):
                tokens.write(admin.worker_with_token(f"scale-{k}")[1] + "\n")
            tokens.flush()
            for name, cmd in args.side:
                argv = shlex.split(cmd) + [world["base_url"], tokens.name, str(args.hold_secs),
                                           str(args.heartbeat_timeout_ms)]
                side0, emu0 = children_cpu(), cpu_seconds(emulator.pid)
                out = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True).stdout
                row = {"side": name, **json.loads(out.strip().splitlines()[-1]),
                       "side_cpu_s": round(children_cpu() - side0, 2),
                       "emulator_cpu_s": round(cpu_seconds(emulator.pid) - emu0, 2)}
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
    finally:
        emulator.kill()
        emulator.wait()

    print(f"\n{args.clients} clients in one process; emulator heartbeat {args.heartbeat_secs} s, "
          f"client heartbeat timeout {args.heartbeat_timeout_ms} ms, held {args.hold_secs} s; fd limit {fd_limit}:\n")
    print("| side | all ready (s) | per client (ms) | VmRSS base → ready → end (MiB) | peak RSS (MiB) "
          "| RSS / client (KiB) | threads | connected after hold | reconnecting events | CPU s: side / emulator |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        mib = lambda kb: kb / 1024  # noqa: E731
        print(f"| {r['side']} | {r['ready_s']:.2f} | {r['ready_s'] / r['clients'] * 1000:.2f} | "
              f"{mib(r['base_rss_kb']):.1f} → {mib(r['rss_ready_kb']):.1f} → {mib(r['rss_end_kb']):.1f} | "
              f"{mib(r['hwm_kb']):.1f} | {r['rss_per_client_kb']:.0f} | {r['threads']} | "
              f"{r['connected']} / {r['clients']} | {r['reconnecting_events']} | "
              f"{r['side_cpu_s']:.1f} / {r['emulator_cpu_s']:.1f} |")
    with open(args.out, "w") as f:
        json.dump({"clients": args.clients, "heartbeat_secs": args.heartbeat_secs,
                   "heartbeat_timeout_ms": args.heartbeat_timeout_ms, "hold_secs": args.hold_secs,
                   "sides": rows}, f, indent=1)
    if any(r["connected"] != r["clients"] or r["reconnecting_events"] for r in rows):
        sys.exit("some clients did not stay connected")


if __name__ == "__main__":
    main()
