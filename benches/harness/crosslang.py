"""Cross-language round trip: the same `set_attributes` loop from Rust, C and
Python against one flex-emulator process, to show the FFI overhead.

    python3 crosslang.py --emulator PATH --out FILE.json [--iterations 500] [--warmup 50] [--rounds 3] \
        --harness rust 'CMD…' --harness c 'CMD…' --harness python 'CMD…'

Each harness command gets `<base_url> <token> <iterations> <warmup>` appended and
prints one JSON line. The languages run one at a time (never concurrently), in a
rotating order, `--rounds` times; the table shows the median over rounds of each
statistic. Stdlib only.
"""

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import threading

STATS = ["median_us", "p95_us", "p99_us", "mean_us", "min_us"]


def start_emulator(binary):
    proc = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    if not line or not line[0]:
        proc.kill()
        sys.exit("the emulator printed no world line")
    return proc, json.loads(line[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--iterations", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--harness", nargs=2, action="append", metavar=("LANG", "CMD"), required=True)
    args = ap.parse_args()

    proc, world = start_emulator(args.emulator)
    results = {lang: [] for lang, _ in args.harness}
    try:
        token = world["users"]["agent"]["token"]
        for r in range(args.rounds):
            order = args.harness[r % len(args.harness):] + args.harness[: r % len(args.harness)]
            for lang, cmd in order:
                argv = shlex.split(cmd) + [world["base_url"], token, str(args.iterations), str(args.warmup)]
                out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
                row = json.loads(out.strip().splitlines()[-1])
                results[lang].append(row)
                print(f"round {r + 1}: {json.dumps(row)}", file=sys.stderr)
    finally:
        proc.kill()
        proc.wait()

    base = statistics.median(row["median_us"] for row in results[args.harness[0][0]])
    summary = []
    print(f"\nset_attributes round trip, {args.iterations} calls after {args.warmup} warm-up, "
          f"median over {args.rounds} rounds (µs):\n")
    print("| language | median | p95 | p99 | mean | min | median − " + args.harness[0][0] + " |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for lang, _ in args.harness:
        agg = {s: statistics.median(row[s] for row in results[lang]) for s in STATS}
        agg["lang"] = lang
        summary.append(agg)
        print(f"| {lang} | {agg['median_us']:.1f} | {agg['p95_us']:.1f} | {agg['p99_us']:.1f} | "
              f"{agg['mean_us']:.1f} | {agg['min_us']:.1f} | {agg['median_us'] - base:+.1f} |")
    with open(args.out, "w") as f:
        json.dump({"summary": summary, "rounds": results}, f, indent=1)


if __name__ == "__main__":
    main()
