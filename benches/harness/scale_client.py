"""The Python side of `make bench-scale` (scale.py): N flex_sdk clients in one
process and one asyncio loop, one per worker; the same steps and JSON line as
flex-bench-scale.

    python scale_client.py <base_url> <tokens_file> <hold_secs> <heartbeat_timeout_ms>

Clients are created one after the other, held `hold_secs` (longer than the
heartbeat timeout), then each must still be CONNECTED with no
CONNECTION_STATE_CHANGED to RECONNECTING read from its event stream.
"""

import asyncio
import json
import sys
import time

import flex_sdk


def status(field):
    """A number field of /proc/self/status (kB for Vm*, a count for Threads)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


async def reconnects(events: flex_sdk.EventStream) -> int:
    """How many ConnectionStateChanged(RECONNECTING) events one client's stream has, until it is closed."""
    count = 0
    async for event in events:
        if event.is_connection_state_changed() and event.state == flex_sdk.ConnectionState.RECONNECTING:
            count += 1
    return count


async def main(base_url, tokens_file, hold_s, heartbeat_timeout_ms):
    with open(tokens_file) as f:
        tokens = [line.strip() for line in f if line.strip()]
    options = flex_sdk.ClientOptions(endpoint_override=base_url, heartbeat_timeout_ms=heartbeat_timeout_ms)
    base_rss, base_threads = status("VmRSS"), status("Threads")
    start = time.perf_counter()
    clients, streams = [], []
    for token in tokens:
        client = await flex_sdk.create_client(token, options)
        clients.append(client)
        streams.append(client.events())
    readers = [asyncio.create_task(reconnects(s)) for s in streams]
    ready_s = time.perf_counter() - start
    rss_ready, threads = status("VmRSS"), status("Threads")
    await asyncio.sleep(hold_s)
    connected = sum(c.connection_state() == flex_sdk.ConnectionState.CONNECTED for c in clients)
    rss_end = status("VmRSS")
    for s in streams:
        s.close()
    reconnecting = sum(await asyncio.gather(*readers))
    print(json.dumps({
        "lang": "python", "clients": len(tokens), "ready_s": ready_s,
        "base_rss_kb": base_rss, "base_threads": base_threads,
        "rss_ready_kb": rss_ready, "rss_end_kb": rss_end, "hwm_kb": status("VmHWM"),
        "threads": threads, "threads_end": status("Threads"),
        "rss_per_client_kb": (rss_end - base_rss) / len(tokens),
        "hold_s": hold_s, "connected": connected, "reconnecting_events": reconnecting,
    }), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: scale_client.py <base_url> <tokens_file> <hold_secs> <heartbeat_timeout_ms>")
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
