"""Worker actions: activity and attributes (dicts), observed through events."""


async def test_set_activity_emits_event(client, recorder, emulator):
    available = emulator.activity("available")
    worker = await client.set_current_activity(available, False)
    assert worker.activity_sid == available and worker.available
    event = await recorder.wait_for(lambda e: e.is_worker_activity_updated())
    assert event.worker.activity_name == "Available"
    assert client.get_worker().activity_sid == available


async def test_set_and_merge_attributes(client, recorder):
    worker = await client.set_attributes({"skills": ["billing"], "routing": {"level": 1}}, False)
    assert worker.attributes == {"skills": ["billing"], "routing": {"level": 1}}

    worker = await client.set_attributes({"routing": {"team": "blue"}, "pager": "42", "n": None}, True)
    expected = {"skills": ["billing"], "routing": {"level": 1, "team": "blue"}, "pager": "42", "n": None}
    assert worker.attributes == expected
    event = await recorder.wait_for(lambda e: e.is_worker_attributes_updated() and "pager" in e.worker.attributes)
    assert event.worker.attributes == expected
    assert client.get_worker().attributes["pager"] == "42"
