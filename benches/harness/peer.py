"""Peer comparison (`make bench-peer`): the official twilio-taskrouter 2.1.1 (Node), the
Rust SDK and the Python binding, each a separate client process signed in as its own
worker, handle the same tasks against one flex-emulator process.

    python3 peer.py --emulator PATH --out FILE.json [--tasks 200] [--rounds 3] \
        --client NAME 'CMD…' [--client NAME 'CMD…' …]     (the first client is the reference)

Each client command gets `<base_url> <token>` appended and speaks lines on stdout:
`ready <connect_us>`, then `done <task_sid> <reaction_us>` per task (reaction =
ReservationCreated received → accept returned, timed inside the client). All clients
are started (one after the other) before the first batch and kept until the end; stdin
closing tells them to exit. This script is the driver: per batch it creates `--tasks`
tasks one at a time through the public REST API (`POST Tasks`, `RoutingTarget` = the
client's worker) and creates the next one only after the client reported the previous
one completed. In every round each client handles one batch; the order rotates between
rounds so that drift cancels. Per client: connect-to-ready, CPU per task (utime+stime
of /proc/<pid>/stat over its batches), wall per task, peak RSS (VmHWM), threads, and
reaction p50/p99. Stdlib only.
"""

import argparse
import json
import shlex
import subprocess
import sys
import time

from benchlib import Admin, cpu_seconds, proc_status, raise_fd_limit, rank, start_emulator


class Client:
    """One client process and what was measured of it."""

    def __init__(self, name, cmd, admin, base_url):
        self.name = name
        self.worker_sid, token = admin.worker_with_token(f"peer-{name}", available=True)
        start = time.perf_counter()
        self.proc = subprocess.Popen(shlex.split(cmd) + [base_url, token], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        word, connect_us = self.line()
        if word != "ready":
            sys.exit(f"{name}: expected 'ready', got {word!r}")
        self.connect_ms = int(connect_us) / 1000
        self.spawn_to_ready_ms = (time.perf_counter() - start) * 1000
        self.cpu_s = self.wall_s = 0.0
        self.tasks = 0
        self.reactions_us = []
        self.threads = 0

    def line(self):
        line = self.proc.stdout.readline()
        if not line:
            sys.exit(f"{self.name}: the client exited (status {self.proc.wait()})")
        return line.split(" ", 1)[0], line.split()[-1]

    def batch(self, admin, workflow_sid, tasks):
        """Handles `tasks` tasks, one at a time; adds CPU, wall and reactions."""
        cpu0, t0 = cpu_seconds(self.proc.pid), time.perf_counter()
        for seq in range(tasks):
            task = admin.taskrouter("Tasks", {
                "WorkflowSid": workflow_sid, "TaskChannel": "voice", "RoutingTarget": self.worker_sid,
                "Attributes": json.dumps({"type": "bench", "client": self.name, "seq": seq}),
            })
            line = self.proc.stdout.readline().split()
            if line[:2] != ["done", task["sid"]]:
                sys.exit(f"{self.name}: expected 'done {task['sid']} …', got {line}")
            self.reactions_us.append(int(line[2]))
        self.wall_s += time.perf_counter() - t0
        self.cpu_s += cpu_seconds(self.proc.pid) - cpu0
        self.tasks += tasks
        self.threads = max(self.threads, proc_status(self.proc.pid, "Threads"))

    def summary(self):
        r = sorted(self.reactions_us)
        return {
            "client": self.name, "tasks": self.tasks, "connect_ms": round(self.connect_ms, 1),
            "spawn_to_ready_ms": round(self.spawn_to_ready_ms, 1),
            "cpu_per_task_us": round(self.cpu_s / self.tasks * 1e6, 1),
            "wall_per_task_us": round(self.wall_s / self.tasks * 1e6, 1),
            "peak_rss_kb": proc_status(self.proc.pid, "VmHWM"), "threads": self.threads,
            "reaction_p50_us": rank(r, 0.5), "reaction_p99_us": rank(r, 0.99),
        }


COLUMNS = [  # (key, heading, format)
    ("connect_ms", "connect→ready (ms)", "{:.1f}"),
    ("cpu_per_task_us", "CPU / task (µs)", "{:.0f}"),
    ("wall_per_task_us", "wall / task (µs)", "{:.0f}"),
    ("peak_rss_kb", "peak RSS (KiB)", "{:d}"),
    ("threads", "threads", "{:d}"),
    ("reaction_p50_us", "reaction p50 (µs)", "{:d}"),
    ("reaction_p99_us", "reaction p99 (µs)", "{:d}"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--client", nargs=2, action="append", metavar=("NAME", "CMD"), required=True)
    args = ap.parse_args()

    raise_fd_limit()
    emulator, world = start_emulator(args.emulator)
    clients = []
    try:
        admin = Admin(world)
        clients = [Client(name, cmd, admin, world["base_url"]) for name, cmd in args.client]
        for r in range(args.rounds):
            order = clients[r % len(clients):] + clients[: r % len(clients)]
            for c in order:
                c.batch(admin, world["workflow_sid"], args.tasks)
            print(f"round {r + 1}: {' → '.join(c.name for c in order)}", file=sys.stderr)
        rows = [c.summary() for c in clients]
    finally:
        for c in clients:
            c.proc.stdin.close()
            c.proc.wait(10)
        emulator.kill()
        emulator.wait()

    ref = rows[0]
    for row in rows:
        row["ratio_to_" + ref["client"]] = {k: round(row[k] / ref[k], 2) if ref[k] else None for k, _, _ in COLUMNS}
    print(f"\n{args.tasks} tasks × {args.rounds} rounds per client (accept → complete each), "
          f"ratio to {ref['client']} in brackets:\n")
    print("| client | " + " | ".join(h for _, h, _ in COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for row in rows:
        cells = [fmt.format(row[k]) + ("" if row is ref else f" ({row[k] / ref[k]:.2f}×)" if ref[k] else "")
                 for k, _, fmt in COLUMNS]
        print(f"| {row['client']} | " + " | ".join(cells) + " |")
    print("\nspawn→ready (ms, incl. interpreter start): "
          + ", ".join(f"{row['client']} {row['spawn_to_ready_ms']:.0f}" for row in rows))
    with open(args.out, "w") as f:
        json.dump({"tasks": args.tasks, "rounds": args.rounds, "clients": rows}, f, indent=1)


if __name__ == "__main__":
    main()
