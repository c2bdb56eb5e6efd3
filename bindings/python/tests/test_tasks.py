"""Task lifecycle: a task created through the public REST API reaches the agent."""

import flex_sdk


async def reserve(client, recorder, emulator, **attributes):
    """Makes the agent available, creates a task and waits for its reservation."""
    await client.set_current_activity(emulator.activity("available"), False)
    task = emulator.create_task({"type": "inbound", **attributes})
    event = await recorder.wait_for(lambda e: e.is_reservation_created() and e.reservation.task.sid == task["sid"])
    return event.reservation


async def test_accept_wrap_up_complete(client, recorder, emulator):
    reservation = await reserve(client, recorder, emulator, customer="Carol")
    assert reservation.status == flex_sdk.ReservationStatus.PENDING
    assert reservation.task.attributes == {"type": "inbound", "customer": "Carol"}
    assert [r.sid for r in client.get_worker().reservations] == [reservation.sid]
    task_sid = reservation.task.sid

    accepted = await client.accept_task(task_sid)
    assert accepted.status == flex_sdk.ReservationStatus.ACCEPTED
    wrapping = await client.wrap_up_task(task_sid)
    assert wrapping.status == flex_sdk.ReservationStatus.WRAPPING
    completed = await client.complete_task(task_sid)
    assert completed.status == flex_sdk.ReservationStatus.COMPLETED

    for check in (
        lambda e: e.is_reservation_accepted(),
        lambda e: e.is_reservation_wrapup(),
        lambda e: e.is_reservation_completed(),
    ):
        event = await recorder.wait_for(check)
        assert event.reservation.sid == reservation.sid
    assert client.get_worker().reservations == []


async def test_reject_moves_the_agent(client, recorder, emulator):
    reservation = await reserve(client, recorder, emulator)
    rejected = await client.reject_task(reservation.task.sid, emulator.activity("break"))
    assert rejected.status == flex_sdk.ReservationStatus.REJECTED
    await recorder.wait_for(lambda e: e.is_reservation_rejected() and e.reservation.sid == reservation.sid)
    await recorder.wait_for(lambda e: e.is_worker_activity_updated() and e.worker.activity_name == "Break")
