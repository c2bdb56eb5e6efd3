"""Supervisor actions on another worker (and their refusal for an agent token),
and workspace queries that span more than one page."""

import pytest

import flex_sdk
from support import connect, create_worker, reservation_of

E = flex_sdk.ErrorCode


@pytest.fixture
async def supervisor(emulator):
    c, _ = await connect(emulator, "supervisor")
    yield c
    c.destroy()


async def test_supervisor_sets_the_agents_activity(supervisor, client, recorder, emulator):
    alice = emulator.user("agent")["worker_sid"]
    info = await supervisor.set_worker_activity(alice, emulator.activity("available"), False)
    assert info.sid == alice
    assert info.activity_sid == emulator.activity("available") and info.activity_name == "Available"
    assert info.available
    event = await recorder.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == "Available")
    assert event.worker.sid == alice
    assert client.get_worker().activity_sid == emulator.activity("available")
    assert supervisor.get_worker().activity_name == "Offline", "the supervisor's own worker is untouched"

    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await supervisor.set_worker_activity(alice, "WAunknown", False)
    assert info.value.code is E.INVALID_PARAMS


async def test_supervisor_and_the_agents_pending_reservation(supervisor, client, recorder, emulator):
    alice = emulator.user("agent")["worker_sid"]
    await client.set_current_activity(emulator.activity("available"), False)
    task = emulator.create_task({"type": "inbound"})
    reservation = await reservation_of(recorder, task["sid"])
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await supervisor.set_worker_activity(alice, emulator.activity("offline"), False)
    assert info.value.code is E.ACTIVITY_CHANGE_REJECTED_PENDING_RESERVATIONS  # 48301
    assert client.get_worker().activity_name == "Available"

    info = await supervisor.set_worker_activity(alice, emulator.activity("offline"), True)
    assert info.activity_name == "Offline"
    await recorder.wait_for(lambda e: e.is_reservation_rejected() and e.reservation.sid == reservation.sid)
    await recorder.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == "Offline")
    assert client.get_worker().reservations == []


async def test_supervisor_merges_attributes_against_the_target(supervisor, client, recorder, emulator):
    alice = emulator.user("agent")["worker_sid"]
    before = client.get_worker().attributes
    assert before["contact_uri"] == "client:alice"

    info = await supervisor.set_worker_attributes(alice, {"routing": {"level": 3}, "team": "blue"}, True)
    attrs = info.attributes
    assert info.sid == alice
    assert attrs["contact_uri"] == "client:alice", "merged onto alice's attributes, not sam's"
    assert attrs["full_name"] == before["full_name"]
    assert attrs["team"] == "blue"
    assert attrs["routing"] == {**before["routing"], "level": 3}
    event = await recorder.wait_for(
        lambda e: e.is_worker_attributes_updated() and e.worker.attributes.get("team") == "blue"
    )
    assert event.worker.attributes == attrs
    assert client.get_worker().attributes == attrs
    sam = supervisor.get_worker().attributes
    assert sam["contact_uri"] == "client:sam" and "team" not in sam

    info = await supervisor.set_worker_attributes(alice, {"only": True}, False)
    assert info.attributes == {"only": True}

    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await supervisor.set_worker_attributes(alice, [1], True)
    assert info.value.code is E.INVALID_PARAMS


async def test_an_agent_token_cannot_act_on_other_workers(client, emulator):
    bob = emulator.user("agent2")["worker_sid"]
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.set_worker_activity(bob, emulator.activity("available"), False)
    assert info.value.code is E.ACCESS_DENIED_ERROR and info.value.code_number == 48920
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.set_worker_attributes(bob, {"team": "red"}, True)
    assert info.value.code is E.ACCESS_DENIED_ERROR
    seen = await client.get_workspace().fetch_worker_info(bob)
    assert seen.activity_name == "Offline" and "team" not in seen.attributes


async def test_workspace_queries_follow_every_page(client, emulator):
    extra = [create_worker(emulator, f"extra-{i}")["sid"] for i in range(5)]
    workspace = client.get_workspace()

    everyone = await workspace.fetch_workers_info(flex_sdk.WorkersFilter(page_size=2))
    sids = [w.sid for w in everyone]
    assert len(sids) == len(set(sids)) == 8, [w.name for w in everyone]
    seeded = {emulator.user(u)["worker_sid"] for u in ("agent", "agent2", "supervisor")}
    assert set(sids) == seeded | set(extra)
    assert all(w.workspace_sid == emulator.world["workspace_sid"] for w in everyone)
    assert everyone == await workspace.fetch_workers_info(flex_sdk.WorkersFilter(page_size=3))

    named = await workspace.fetch_workers_info(flex_sdk.WorkersFilter(friendly_name="extra-3", page_size=1))
    assert [w.sid for w in named] == [extra[3]]
    one = await workspace.fetch_worker_info(extra[0])
    assert one.name == "extra-0" and one.sid == extra[0]

    await client.set_current_activity(emulator.activity("available"), False)
    available = await workspace.fetch_workers_info(flex_sdk.WorkersFilter(activity_name="Available", page_size=1))
    assert [w.sid for w in available] == [emulator.user("agent")["worker_sid"]]

    queues = await workspace.fetch_task_queues(flex_sdk.TaskQueuesFilter(page_size=1))
    assert {q.sid for q in queues} == set(emulator.world["queues"].values())
    voice = await workspace.fetch_task_queue(emulator.world["queues"]["voice"])
    assert voice.sid == emulator.world["queues"]["voice"] and voice.target_workers == "1==1"


@pytest.mark.parametrize("page_size", [0, 1001])
async def test_page_size_out_of_range_is_invalid_params(client, page_size):
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.get_workspace().fetch_workers_info(flex_sdk.WorkersFilter(page_size=page_size))
    assert info.value.code is E.INVALID_PARAMS
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.get_workspace().fetch_task_queues(flex_sdk.TaskQueuesFilter(page_size=page_size))
    assert info.value.code is E.INVALID_PARAMS
