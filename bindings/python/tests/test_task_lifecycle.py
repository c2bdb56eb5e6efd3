"""The whole task lifecycle through Python → FFI → core → emulator: accept, wrap-up,
complete (with a reason), end, re-routing after a reject or a timeout, a task
canceled while reserved, task attributes, task participants and bad input."""

import json

import pytest

import flex_sdk
from support import (
    ParticipantRecorder,
    cancel_task,
    connect,
    fetch_task,
    reservation_of,
)

E = flex_sdk.ErrorCode
R = flex_sdk.ReservationStatus


async def offer(client, recorder, emulator, channel="voice", **attributes):
    """Makes the agent available, creates a task via public REST and waits for its reservation."""
    await client.set_current_activity(emulator.activity("available"), False)
    queue = "chat" if channel == "chat" else "voice"
    task = emulator.create_task({"type": "inbound", **attributes}, channel=channel, queue=queue)
    return await reservation_of(recorder, task["sid"])


def reservation_events(recorder, task_sid):
    """The reservation event kinds of one task, in order."""
    return [
        kind
        for kind, e in zip(recorder.kinds(), list(recorder.events))
        if kind.startswith("RESERVATION_") and e.reservation.task.sid == task_sid
    ]


async def test_full_lifecycle_with_events_and_participants(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator, customer="Carol")
    task_sid = reservation.task.sid
    assert reservation.status == R.PENDING
    assert reservation.worker_sid == emulator.user("agent")["worker_sid"]
    assert reservation.task.status == flex_sdk.TaskStatus.RESERVED
    assert reservation.task.attributes["customer"] == "Carol"

    participants = ParticipantRecorder()
    p_handle = client.add_task_participant_listener(task_sid, participants)

    accepted = await client.accept_task(task_sid)
    assert accepted.status == R.ACCEPTED and accepted.sid == reservation.sid
    added = await participants.wait_for(lambda p: p.kind == flex_sdk.ParticipantEventKind.ADDED)
    assert added.task_sid == task_sid
    assert added.participant.participant_type == flex_sdk.ParticipantType.AGENT
    assert added.participant.routing_properties.worker_sid == emulator.user("agent")["worker_sid"]
    assert added.participant.routing_properties.reservation_sid == reservation.sid

    listed = await client.get_task_participants(task_sid)
    types = sorted(p.participant_type.name for p in listed)
    assert types == ["AGENT", "CUSTOMER"]
    agent = next(p for p in listed if p.participant_type == flex_sdk.ParticipantType.AGENT)
    assert agent.participant_sid == added.participant.participant_sid
    assert agent.interaction_sid.startswith("KD") and agent.channel_sid.startswith("UO")
    assert agent.channel_type == "voice"

    wrapping = await client.wrap_up_task(task_sid)
    assert wrapping.status == R.WRAPPING
    completed = await client.complete_task(task_sid)
    assert completed.status == R.COMPLETED
    removed = await participants.wait_for(lambda p: p.kind == flex_sdk.ParticipantEventKind.REMOVED)
    assert removed.participant.participant_sid == added.participant.participant_sid
    p_handle.remove()

    await recorder.wait_for(lambda e: e.is_task_completed() and e.task.sid == task_sid)
    await recorder.wait_for(lambda e: e.is_reservation_completed() and e.reservation.sid == reservation.sid)
    assert reservation_events(recorder, task_sid) == [
        "RESERVATION_CREATED",
        "RESERVATION_ACCEPTED",
        "RESERVATION_WRAPUP",
        "RESERVATION_COMPLETED",
    ]
    # the participant events also reach ordinary listeners, as TaskParticipant
    kinds = [e.event.kind for e in recorder.events if e.is_task_participant() and e.event.task_sid == task_sid]
    assert flex_sdk.ParticipantEventKind.ADDED in kinds and flex_sdk.ParticipantEventKind.REMOVED in kinds
    assert any(e.is_task_wrapup() and e.task.sid == task_sid for e in recorder.events)
    assert client.get_worker().reservations == []
    assert fetch_task(emulator, task_sid)["assignment_status"] == "completed"


async def test_participant_calls_need_a_reservation(client):
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.get_task_participants("WT" + "0" * 32)
    assert info.value.code is E.TASK_RESERVATION_NOT_FOUND
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        client.add_task_participant_listener("WT" + "0" * 32, ParticipantRecorder())
    assert info.value.code is E.TASK_RESERVATION_NOT_FOUND


async def test_reject_reroutes_to_the_second_agent(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator)
    task_sid = reservation.task.sid
    bob, bob_events = await connect(emulator, "agent2", available=True)
    try:
        rejected = await client.reject_task(task_sid, emulator.activity("offline"))
        assert rejected.status == R.REJECTED
        await recorder.wait_for(lambda e: e.is_reservation_rejected() and e.reservation.sid == reservation.sid)

        offered = await reservation_of(bob_events, task_sid)
        assert offered.worker_sid == emulator.user("agent2")["worker_sid"]
        assert offered.sid != reservation.sid
        accepted = await bob.accept_task(task_sid)
        assert accepted.status == R.ACCEPTED
        assert [r.task.sid for r in bob.get_worker().reservations] == [task_sid]
        assert client.get_worker().reservations == []
        assert client.get_worker().activity_name == "Offline"
        with pytest.raises(flex_sdk.FlexSdkError) as info:
            await client.accept_task(task_sid)
        assert info.value.code is E.TASK_RESERVATION_NOT_FOUND
    finally:
        bob.destroy()


@pytest.mark.parametrize("emulator_args", [["--reservation-timeout-secs", "1"]])
async def test_reservation_timeout_then_reroute(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator)
    task_sid = reservation.task.sid
    bob, bob_events = await connect(emulator, "agent2", available=True)
    try:
        event = await recorder.wait_for(lambda e: e.is_reservation_timeout() and e.reservation.sid == reservation.sid)
        assert event.reservation.status == R.TIMEOUT
        offered = await reservation_of(bob_events, task_sid)
        assert offered.worker_sid == emulator.user("agent2")["worker_sid"]
        assert (await bob.accept_task(task_sid)).status == R.ACCEPTED
        assert client.get_worker().activity_name == "Available", "a timeout does not change the activity"
    finally:
        bob.destroy()


async def test_task_canceled_while_reserved(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator)
    task_sid = reservation.task.sid
    canceled = cancel_task(emulator, task_sid, "customer hung up")
    assert canceled["assignment_status"] == "canceled"

    event = await recorder.wait_for(lambda e: e.is_reservation_canceled() and e.reservation.sid == reservation.sid)
    assert event.reservation.status == R.CANCELED
    await recorder.wait_for(lambda e: e.is_task_canceled() and e.task.sid == task_sid)
    assert client.get_worker().reservations == []
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.accept_task(task_sid)
    assert info.value.code is E.TASK_RESERVATION_NOT_FOUND
    assert info.value.code_number == 48901
    assert fetch_task(emulator, task_sid)["reason"] == "customer hung up"


async def test_accept_is_idempotent(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator)
    first = await client.accept_task(reservation.task.sid)
    again = await client.accept_task(reservation.task.sid)
    assert first.status == again.status == R.ACCEPTED
    assert first.sid == again.sid == reservation.sid
    await recorder.wait_for(lambda e: e.is_reservation_accepted())
    assert sum(1 for e in recorder.events if e.is_reservation_accepted()) == 1


async def test_set_task_attributes_merges_and_replaces(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator, customer={"name": "Carol", "tier": "gold"})
    task_sid = reservation.task.sid
    await client.accept_task(task_sid)

    task = await client.set_task_attributes(task_sid, {"customer": {"tier": "platinum"}, "notes": "vip"}, True)
    merged = {"type": "inbound", "customer": {"name": "Carol", "tier": "platinum"}, "notes": "vip"}
    assert task.sid == task_sid
    assert task.attributes == merged
    event = await recorder.wait_for(lambda e: e.is_task_updated() and "notes" in e.task.attributes)
    assert event.task.attributes == merged
    assert json.loads(fetch_task(emulator, task_sid)["attributes"]) == merged

    task = await client.set_task_attributes(task_sid, {"only": 1}, False)
    assert task.attributes == {"only": 1}
    assert json.loads(fetch_task(emulator, task_sid)["attributes"]) == {"only": 1}

    for bad in [[1, 2], 42, "text", None]:
        with pytest.raises(flex_sdk.FlexSdkError) as info:
            await client.set_task_attributes(task_sid, bad, True)
        assert info.value.code is E.INVALID_PARAMS, bad
        assert info.value.code_number == 48926


async def test_end_task_wraps_up_then_completes(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator, channel="chat")
    task_sid = reservation.task.sid
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.end_task(task_sid)
    assert info.value.code is E.TASK_RESERVATION_NOT_FOUND, "a pending reservation cannot be ended"
    await client.accept_task(task_sid)
    assert (await client.end_task(task_sid)).status == R.WRAPPING
    assert (await client.end_task(task_sid)).status == R.COMPLETED
    await recorder.wait_for(lambda e: e.is_reservation_completed() and e.reservation.task.sid == task_sid)
    assert fetch_task(emulator, task_sid)["assignment_status"] == "completed"


async def test_complete_task_with_reason(client, recorder, emulator):
    reservation = await offer(client, recorder, emulator, channel="chat")
    task_sid = reservation.task.sid
    await client.accept_task(task_sid)
    completed = await client.complete_task(task_sid, "resolved")
    assert completed.status == R.COMPLETED
    event = await recorder.wait_for(lambda e: e.is_task_completed() and e.task.sid == task_sid)
    assert event.task.reason == "resolved"
    task = await client.get_workspace().fetch_task(task_sid)
    assert task.status == flex_sdk.TaskStatus.COMPLETED and task.reason == "resolved"
    rest = fetch_task(emulator, task_sid)
    assert rest["assignment_status"] == "completed" and rest["reason"] == "resolved"


async def test_bad_input(client, recorder, emulator):
    unknown = "WT" + "f" * 32
    for call in (
        lambda: client.accept_task(unknown),
        lambda: client.reject_task(unknown, None),
        lambda: client.wrap_up_task(unknown),
        lambda: client.complete_task(unknown),
        lambda: client.set_task_attributes(unknown, {}, True),
    ):
        with pytest.raises(flex_sdk.FlexSdkError) as info:
            await call()
        assert info.value.code is E.TASK_RESERVATION_NOT_FOUND

    # wrong state: a pending reservation cannot be wrapped up or completed
    reservation = await offer(client, recorder, emulator)
    task_sid = reservation.task.sid
    for call in (lambda: client.wrap_up_task(task_sid), lambda: client.complete_task(task_sid, None)):
        with pytest.raises(flex_sdk.FlexSdkError) as info:
            await call()
        assert info.value.code is E.TASK_RESERVATION_NOT_FOUND
    # nor can an accepted one be rejected
    await client.accept_task(task_sid)
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.reject_task(task_sid, None)
    assert info.value.code is E.TASK_RESERVATION_NOT_FOUND
    assert (await client.wrap_up_task(task_sid)).status == R.WRAPPING
