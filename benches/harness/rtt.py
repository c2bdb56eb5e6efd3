"""The Python side of the cross-language round-trip harness: `await
client.set_attributes(...)` (flex_sdk wheel, UniFFI) against a running emulator,
timed per call with time.perf_counter_ns on one asyncio event loop.

    python rtt.py <base_url> <token> [iterations=500] [warmup=50]

Prints one JSON line like flex-bench-rtt: {lang, what, n, min_us, median_us, p95_us, p99_us, mean_us}.
"""

import asyncio
import json
import math
import sys
import time

import flex_sdk


def rank(samples, p):
    """Nearest-rank percentile of sorted samples."""
    i = min(max(math.ceil(p * len(samples)), 1), len(samples))
    return samples[i - 1]


async def main(base_url, token, iterations, warmup):
    client = await flex_sdk.create_client(token, flex_sdk.ClientOptions(endpoint_override=base_url))
    samples = []
    try:
        for i in range(warmup + iterations):
            attrs = json.dumps({"skills": ["support", "sales"], "seq": i})
            start = time.perf_counter_ns()
            await client.set_attributes(attrs, False)
            elapsed = (time.perf_counter_ns() - start) / 1000.0
            if i >= warmup:
                samples.append(elapsed)
    finally:
        client.destroy()
    samples.sort()
    r = lambda x: round(x, 1)  # noqa: E731
    print(json.dumps({
        "lang": "python", "what": "set_attributes", "n": len(samples), "min_us": r(samples[0]),
        "median_us": r(rank(samples, 0.5)), "p95_us": r(rank(samples, 0.95)),
        "p99_us": r(rank(samples, 0.99)), "mean_us": r(sum(samples) / len(samples)),
    }))


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit("usage: rtt.py <base_url> <token> [iterations] [warmup]")
    asyncio.run(main(args[0], args[1], int(args[2]) if len(args) > 2 else 500, int(args[3]) if len(args) > 3 else 50))
