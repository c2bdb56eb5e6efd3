"""Listeners (`FlexEventListener`, on SDK delivery threads): a raising listener is
isolated, removal stops delivery, a blocking one holds up only its own client."""

import asyncio
import threading

import flex_sdk
from conftest import Recorder
from support import connect


class Raising(Recorder):
    """Records, then raises on every event."""

    def on_event(self, event):
        super().on_event(event)
        raise RuntimeError("listener bug")


async def test_a_raising_listener_does_not_stop_others(client, emulator, capfd):
    flex_sdk.set_log_level(flex_sdk.LogLevel.ERROR)
    bad, good = Raising(), Recorder()
    handles = [client.add_listener(bad), client.add_listener(good)]
    await client.set_current_activity(emulator.activity("available"), False)
    await client.set_current_activity(emulator.activity("offline"), False)
    await good.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == "Offline")
    assert bad.kinds() == good.kinds()
    assert client.get_worker().activity_name == "Offline"
    stderr = capfd.readouterr().err
    assert "an event listener raised" in stderr and "listener bug" in stderr
    assert "panicked" not in stderr
    for h in handles:
        h.remove()


async def test_removed_listener_gets_nothing_more(client, recorder, emulator):
    removed = Recorder()
    handle = client.add_listener(removed)
    await client.set_current_activity(emulator.activity("available"), False)
    await removed.wait_for(lambda e: e.is_worker_activity_updated())
    handle.remove()
    handle.remove()
    await client.set_current_activity(emulator.activity("break"), False)
    await recorder.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == "Break")
    await asyncio.sleep(0.1)
    assert not any(e.is_worker_activity_updated() and e.worker.activity_name == "Break" for e in removed.events)


async def test_dropped_handle_unregisters(client, recorder, emulator):
    dropped = Recorder()
    client.add_listener(dropped)  # handle discarded: garbage-collected at once
    await client.set_current_activity(emulator.activity("available"), False)
    await recorder.wait_for(lambda e: e.is_worker_activity_updated())
    await asyncio.sleep(0.1)
    assert dropped.events == []


class Blocking(flex_sdk.FlexEventListener):
    """Blocks its delivery thread on the first event until released."""

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()

    def on_event(self, event):
        self.entered.set()
        self.release.wait(30)


async def test_a_blocking_listener_does_not_stop_other_clients(client, emulator):
    blocking = Blocking()
    handle = client.add_listener(blocking)
    late = Recorder()
    late_handle = client.add_listener(late)
    bob, bob_events = await connect(emulator, "agent2")
    bob_listener = Recorder()
    bob_handle = bob.add_listener(bob_listener)
    try:
        await client.set_current_activity(emulator.activity("available"), False)
        assert await asyncio.to_thread(blocking.entered.wait, 10), "the listener is blocked"
        for activity, name in (("available", "Available"), ("break", "Break"), ("offline", "Offline")):
            await bob.set_current_activity(emulator.activity(activity), False)
            await bob_events.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == name)
            await bob_listener.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == name)
        assert late.events == [], "the blocked client's later listeners wait for it, in order"
        blocking.release.set()
        await late.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == "Available")
    finally:
        blocking.release.set()
        for h in (handle, late_handle, bob_handle):
            h.remove()
        bob.destroy()
