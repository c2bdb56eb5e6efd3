"""The Python peer of `make bench-peer` (peer.py): one flex_sdk client signed in
as one worker, handling every reservation it is offered: accept, then complete.

    python peer_client.py <base_url> <token>

Same stdout protocol as flex-bench-peer: `ready <connect_us>`, then per task
`done <task_sid> <reaction_us>` (ReservationCreated reaching the listener →
`accept_task` returning, time.perf_counter_ns). Exits when stdin closes.

Written against the current API only (create_client, ClientOptions,
add_listener with a FlexEventListener, accept_task, complete_task) and kept
alone in this file so that it can follow the API as it changes.
"""

import asyncio
import os
import sys
import threading
import time

import flex_sdk


class Offers(flex_sdk.FlexEventListener):
    """Hands each offer (receive time, task SID) from the SDK's event thread to asyncio."""

    def __init__(self, loop, queue):
        self.loop, self.queue = loop, queue

    def on_event(self, event):
        if event.is_reservation_created():
            offer = (time.perf_counter_ns(), event.reservation.task.sid)
            self.loop.call_soon_threadsafe(self.queue.put_nowait, offer)


async def main(base_url, token):
    start = time.perf_counter_ns()
    client = await flex_sdk.create_client(token, flex_sdk.ClientOptions(endpoint_override=base_url))
    connect_us = (time.perf_counter_ns() - start) // 1000
    offers = asyncio.Queue()
    handle = client.add_listener(Offers(asyncio.get_running_loop(), offers))  # noqa: F841 (kept: dropping it unregisters)
    print(f"ready {connect_us}", flush=True)
    while True:
        received, task_sid = await offers.get()
        await client.accept_task(task_sid)
        reaction_us = (time.perf_counter_ns() - received) // 1000
        await client.complete_task(task_sid, None)
        print(f"done {task_sid} {reaction_us}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_client.py <base_url> <token>")
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    asyncio.run(main(sys.argv[1], sys.argv[2]))
