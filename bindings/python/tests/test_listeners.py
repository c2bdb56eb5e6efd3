"""Listeners: a raising listener is isolated; removal stops delivery."""

import asyncio

import flex_sdk
from conftest import Recorder


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
