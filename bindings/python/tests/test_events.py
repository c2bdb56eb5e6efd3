"""`client.events()`: an async iterator over the client's events that ends with
the client, closes with `aclose()`/`async with`, and is bounded: a reader that
falls more than 1024 events behind gets `EVENTS_DROPPED(count)`, then the rest in order."""

import asyncio
import sys
import threading

import flex_sdk
from conftest import Recorder, kind

CAPACITY = 1024


async def test_async_for_reads_events_in_order_until_the_client_is_destroyed(client, emulator):
    stream = client.events()
    names = []
    for activity in ("available", "break"):
        await client.set_current_activity(emulator.activity(activity), False)
    async for event in stream:
        if event.is_worker_activity_updated():
            names.append(event.worker.activity_name)
            if len(names) == 2:
                client.destroy()
        assert not event.is_events_dropped()
    assert names == ["Available", "Break"]
    assert kind(event) == "CLIENT_DESTROYED", "the last event"


async def test_aclose_and_async_with_end_the_stream(client, emulator):
    stream = client.events()
    await client.set_attributes({"a": 1}, True)
    async for event in stream:
        assert event.is_worker_attributes_updated() and event.worker.attributes["a"] == 1
        break
    await stream.aclose()
    await client.set_attributes({"a": 2}, True)
    assert await stream.next() is None
    assert [e async for e in stream] == []

    async with client.events() as events:
        await client.set_attributes({"a": 3}, True)
        async for event in events:
            if event.worker.attributes["a"] == 3:
                break
    assert await events.next() is None


async def test_a_waiting_reader_is_cancellable(client):
    stream = client.events()
    reader = asyncio.create_task(stream.__anext__())
    await asyncio.sleep(0.05)
    reader.cancel()
    await asyncio.gather(reader, return_exceptions=True)
    assert reader.cancelled()


async def test_a_reader_that_falls_behind_gets_events_dropped_then_the_rest_in_order(client):
    stream = client.events()  # not read while the events happen
    done = Recorder()  # a listener, to know when the last event was delivered
    handle = client.add_listener(done)
    total = CAPACITY + 150
    for n in range(total):
        await client.set_attributes({"n": n}, True)
    await done.wait_for(lambda e: e.is_worker_attributes_updated() and e.worker.attributes["n"] == total - 1)
    handle.remove()

    seen = [(await stream.next()).worker.attributes["n"] for _ in range(CAPACITY)]
    assert seen == list(range(CAPACITY)), "the first 1024, in order"
    assert await stream.next() == flex_sdk.FlexEvent.EVENTS_DROPPED(count=total - CAPACITY)
    # the stream goes on, in order
    await client.set_attributes({"n": "after"}, True)
    await client.set_attributes({"n": "after-2"}, True)
    after = [await stream.next(), await stream.next()]
    assert [e.worker.attributes["n"] for e in after] == ["after", "after-2"]
    stream.close()


async def test_streams_and_listeners_of_some_kinds_get_only_those(client, emulator):
    wanted = [flex_sdk.FlexEventKind.WORKER_ATTRIBUTES_UPDATED]
    some = client.events(wanted)
    only, everything = Recorder(), Recorder()
    handles = [client.add_listener(only, wanted), client.add_listener(everything)]
    await client.set_current_activity(emulator.activity("break"), False)
    await client.set_attributes({"a": 1}, True)
    await everything.wait_for(lambda e: e.is_worker_attributes_updated())
    client.destroy()

    assert [kind(e) async for e in some] == ["WORKER_ATTRIBUTES_UPDATED", "CLIENT_DESTROYED"]
    await only.wait_for(lambda e: e.is_client_destroyed())
    assert only.kinds() == ["WORKER_ATTRIBUTES_UPDATED", "CLIENT_DESTROYED"]
    assert "WORKER_ACTIVITY_UPDATED" in everything.kinds()
    del handles


async def test_an_sdk_result_that_is_ready_takes_no_loop_turn(client, monkeypatch):
    kinds = [flex_sdk.FlexEventKind.WORKER_ATTRIBUTES_UPDATED]
    stream, delivered = client.events(kinds), Recorder()
    handle = client.add_listener(delivered, kinds)
    await client.set_attributes({"ready": 1}, True)
    await delivered.wait_for(lambda e: e.is_worker_attributes_updated())  # so the stream holds it too
    loop, turns = asyncio.get_running_loop(), []
    schedule = loop.call_soon_threadsafe
    monkeypatch.setattr(loop, "call_soon_threadsafe", lambda *a, **k: turns.append(a) or schedule(*a, **k))
    event = await stream.next()
    assert event.is_worker_attributes_updated() and event.worker.attributes["ready"] == 1
    assert turns == [], "resolved inline (flex_sdk._async), not through call_soon_threadsafe"
    handle.remove()


def test_a_wake_up_after_its_event_loop_closed_is_dropped_quietly(monkeypatch):
    from flex_sdk import _async
    from flex_sdk._native import flex_sdk as generated

    loop = asyncio.new_event_loop()
    future = loop.create_future()
    loop.close()
    handle = generated._UniffiContinuationHandleMap.insert((loop, future))
    raised = []  # what a runtime thread would print as "Exception ignored on calling ctypes callback"
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    thread = threading.Thread(target=_async._continuation, args=(handle, 0))
    thread.start()
    thread.join()
    assert raised == [] and not future.done()
