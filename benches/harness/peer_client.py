"""The Python peer of `make bench-peer` (peer.py): one flex_sdk client signed in
as one worker, handling every reservation it is offered: accept, then complete.

    python peer_client.py <base_url> <token>

Same stdout protocol as flex-bench-peer: `ready <connect_us>`, then per task
`done <task_sid> <reaction_us>` (ReservationCreated read from an event stream of that
kind only →
`accept_task` returning, time.perf_counter_ns). Exits when stdin closes.

Written against the idiomatic API only (create_client, ClientOptions,
`async for` over client.events([kinds]), accept_task, complete_task) and kept alone
in this file so that it can follow the API as it changes.
"""

import asyncio
import os
import sys
import threading
import time

import flex_sdk


async def main(base_url, token):
    start = time.perf_counter_ns()
    client = await flex_sdk.create_client(token, flex_sdk.ClientOptions(endpoint_override=base_url))
    connect_us = (time.perf_counter_ns() - start) // 1000
    events = client.events([flex_sdk.FlexEventKind.RESERVATION_CREATED])
    print(f"ready {connect_us}", flush=True)
    async for event in events:
        if not event.is_reservation_created():
            continue  # EVENTS_DROPPED or CLIENT_DESTROYED
        received, task_sid = time.perf_counter_ns(), event.reservation.task.sid
        await client.accept_task(task_sid)
        reaction_us = (time.perf_counter_ns() - received) // 1000
        await client.complete_task(task_sid)
        print(f"done {task_sid} {reaction_us}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_client.py <base_url> <token>")
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    asyncio.run(main(sys.argv[1], sys.argv[2]))
