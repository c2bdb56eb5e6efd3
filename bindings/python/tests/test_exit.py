"""Interpreter exit: processes that create a client (with a listener, a stream and
events in flight) and exit without `destroy()` end cleanly, because `shutdown()`
runs at exit (atexit) and nothing calls into Python after it — even on a busy machine."""

import concurrent.futures
import os
import subprocess
import sys
import textwrap

# FLEX_EXIT_PROCESSES=1000 for the full count (docs/BENCHMARKS.md); 200 in `make test`.
PROCESSES, PARALLEL = int(os.environ.get("FLEX_EXIT_PROCESSES", "200")), 8

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    import flex_sdk

    class Listener(flex_sdk.FlexEventListener):
        def on_event(self, event):
            sum(range(1000))

    async def main():
        client = await flex_sdk.create_client(sys.argv[2], flex_sdk.ClientOptions(endpoint_override=sys.argv[1]))
        handle = client.add_listener(Listener())
        stream = client.events()
        await client.set_attributes({"pid": sys.argv[3]}, True)  # its events arrive while exiting
        return client, handle, stream

    KEEP = asyncio.run(main())
    """
)

BURN = "import time\nend = time.monotonic() + 120\nwhile time.monotonic() < end: pass"


def run_child(emulator, token, n):
    return subprocess.run(
        [sys.executable, "-c", CHILD, emulator.base_url, token, str(n)], capture_output=True, text=True, timeout=60
    )


def test_processes_exit_cleanly_without_destroy_on_a_busy_machine(emulator):
    token = emulator.user("agent")["token"]
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(2)]
    try:
        with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
            results = list(pool.map(lambda n: run_child(emulator, token, n), range(PROCESSES)))
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    failed = [
        (r.returncode, r.stderr[-400:])
        for r in results
        if r.returncode != 0 or "FATAL" in r.stderr or "exception not rethrown" in r.stderr
    ]
    assert not failed, f"{len(failed)} of {PROCESSES} processes failed: {failed[:3]}"
