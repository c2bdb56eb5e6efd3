"""Client lifecycle: create, snapshots, connection state, destroy."""

import pytest

import flex_sdk
from conftest import Events, options


async def test_create_client_reads_the_worker(client, emulator):
    agent = emulator.user("agent")
    worker = client.get_worker()
    assert worker.sid == agent["worker_sid"]
    assert worker.name
    assert worker.workspace_sid == emulator.world["workspace_sid"]
    assert {a.name for a in worker.activities} >= {"Offline", "Available"}
    assert client.connection_state() == flex_sdk.ConnectionState.CONNECTED


async def test_token_info_describes_the_agent(client, emulator):
    info = client.token_info()
    agent = emulator.user("agent")
    assert info.identity == agent["identity"]
    assert info.worker_sid == agent["worker_sid"]
    assert "agent" in info.roles
    assert info.expires_at > 0


async def test_options_have_flex_core_defaults():
    o = flex_sdk.ClientOptions()
    assert (o.connect_timeout_ms, o.request_timeout_ms, o.event_timeout_ms) == (30000, 15000, 10000)
    assert o.set_worker_offline_if_disconnected and not o.close_existing_sessions
    assert o.endpoint_override is None
    assert o.session is None, "no renewal unless asked for"


async def test_update_token_emits_token_updated(client, recorder, emulator):
    token = emulator.mint_token("agent")
    await client.update_token(token)
    event = await recorder.wait_for(lambda e: e.is_token_updated())
    assert event.tokens.access_token.reveal() == token and event.tokens.refresh_token is None
    assert event.tokens.expires_at == client.token_info().expires_at
    assert client.token() == event.tokens


async def test_destroy_is_idempotent_and_ends_the_stream(emulator):
    c = await flex_sdk.create_client(emulator.user("agent")["token"], options(emulator))
    events = Events(c)
    c.destroy()
    c.destroy()
    await events.ended()
    assert events.kinds()[-1] == "CLIENT_DESTROYED"
    assert c.connection_state() == flex_sdk.ConnectionState.DISCONNECTED


async def test_a_token_of_another_user_is_refused(client, emulator):
    """update_token never hands this client another worker's session (its reservations, its identity)."""
    bob = emulator.user("agent2")
    with pytest.raises(flex_sdk.FlexSdkError) as raised:
        await client.update_token(bob["token"])
    assert raised.value.code is flex_sdk.ErrorCode.ACCESS_DENIED_ERROR
    assert client.token_info().identity == emulator.user("agent")["identity"]
    assert client.token().access_token.reveal() == emulator.user("agent")["token"]
    worker = await client.set_current_activity(emulator.activity("available"), False)
    assert worker.sid == emulator.user("agent")["worker_sid"]


async def test_nonsense_options_are_refused_before_connecting(emulator):
    """A heartbeat timeout of 0 or 1 ms would reconnect forever; it is refused, as is an empty event queue."""
    for bad in ({"heartbeat_timeout_ms": 0}, {"heartbeat_timeout_ms": 1}, {"event_queue_capacity": 0},
                {"connect_timeout_ms": 0}):
        with pytest.raises(flex_sdk.FlexSdkError) as raised:
            await flex_sdk.create_client(emulator.user("agent")["token"], options(emulator, **bad))
        assert raised.value.code is flex_sdk.ErrorCode.INVALID_PARAMS, bad


async def test_a_refused_token_is_reported_and_a_new_one_recovers(client, recorder, emulator):
    """A server restarted with new signing keys refuses the token on reconnect: the app
    is told (ConnectionError, state DENIED), nothing is retried, and update_token recovers."""
    await client.set_current_activity(emulator.activity("available"), False)
    emulator.rotate_signing_key()
    refused = await recorder.wait_for(lambda e: e.is_connection_error() and e.terminal, timeout=15)
    assert refused.retry_in_ms is None
    assert refused.error.code is flex_sdk.ErrorCode.INVALID_ACCESS_TOKEN and refused.error.http_status == 401
    await recorder.wait_for(lambda e: e.is_connection_state_changed() and e.state == flex_sdk.ConnectionState.DENIED)
    assert client.connection_state() == flex_sdk.ConnectionState.DENIED
    errors = sum(1 for e in recorder.events if e.is_connection_error())

    await client.update_token(emulator.mint_token("agent"))
    # the first CONNECTED since the client was created: the reconnect with the new token
    await recorder.wait_for(lambda e: e.is_connection_state_changed() and e.state == flex_sdk.ConnectionState.CONNECTED)
    assert client.connection_state() == flex_sdk.ConnectionState.CONNECTED
    assert sum(1 for e in recorder.events if e.is_connection_error()) == errors, "no retry while denied"
    task = emulator.create_task({"after": "new keys"})
    await recorder.wait_for(lambda e: e.is_reservation_created() and e.reservation.task.sid == task["sid"])


async def test_an_unreachable_server_is_reported_at_every_attempt(emulator):
    c = await flex_sdk.create_client(emulator.user("agent")["token"], options(emulator))
    events = Events(c)
    try:
        emulator.stop()
        first = await events.wait_for(lambda e: e.is_connection_error(), timeout=15)
        assert not first.terminal and 800 <= first.retry_in_ms <= 30000
        assert first.error.code is flex_sdk.ErrorCode.NETWORK_ERROR
        assert c.connection_state() == flex_sdk.ConnectionState.RECONNECTING
    finally:
        c.destroy()
        await events.close()
