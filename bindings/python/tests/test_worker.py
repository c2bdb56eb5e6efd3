"""Worker actions: activity and attributes, observed through events."""

import json


async def test_set_activity_emits_event(client, recorder, emulator):
    available = emulator.activity("available")
    worker = await client.set_current_activity(available, False)
    assert worker.activity_sid == available and worker.available
    event = await recorder.wait_for(lambda e: e.is_worker_activity_updated())
    assert event.worker.activity_name == "Available"
    assert client.get_worker().activity_sid == available


async def test_set_and_merge_attributes(client, recorder):
    worker = await client.set_attributes(json.dumps({"skills": ["billing"], "routing": {"level": 1}}), False)
    assert json.loads(worker.attributes) == {"skills": ["billing"], "routing": {"level": 1}}

    worker = await client.set_attributes(json.dumps({"routing": {"team": "blue"}, "pager": "42"}), True)
    assert json.loads(worker.attributes) == {"skills": ["billing"], "routing": {"level": 1, "team": "blue"}, "pager": "42"}
    event = await recorder.wait_for(
        lambda e: e.is_worker_attributes_updated() and "pager" in json.loads(e.worker.attributes)
    )
    assert json.loads(event.worker.attributes)["routing"]["team"] == "blue"
    assert json.loads(client.get_worker().attributes)["pager"] == "42"
