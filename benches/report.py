"""Prints the criterion results of target/criterion as a Markdown table
(mean and median per iteration with their 95 % intervals, throughput where set).
Stdlib only. Usage: python3 benches/report.py [target/criterion]"""

import json
import pathlib
import sys


def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}" if ns / scale < 100 else f"{ns / scale:.0f} {unit}"
    return f"{ns:.0f} ns"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    rows = []
    for bench in sorted(root.glob("**/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        rows.append((meta["full_id"], meta.get("throughput"), est))
    print("| benchmark | mean [95 % CI] | median | throughput (mean) |")
    print("|---|---|---|---|")
    for full_id, throughput, est in rows:
        mean, median = est["mean"], est["median"]["point_estimate"]
        ci = mean["confidence_interval"]
        thrpt = ""
        if throughput and "Elements" in throughput:
            per_s = throughput["Elements"] / (mean["point_estimate"] / 1e9)
            thrpt = f"{per_s:,.0f} events/s"
        print(f"| `{full_id}` | {fmt(mean['point_estimate'])} [{fmt(ci['lower_bound'])} – "
              f"{fmt(ci['upper_bound'])}] | {fmt(median)} | {thrpt} |")


if __name__ == "__main__":
    main()
