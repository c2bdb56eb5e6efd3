"""Client lifecycle: create, snapshots, connection state, destroy."""

import flex_sdk
from conftest import Recorder, options


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


async def test_update_token_emits_token_updated(client, recorder, emulator):
    await client.update_token(emulator.mint_token("agent"))
    await recorder.wait_for(lambda e: e.is_token_updated())


async def test_destroy_is_idempotent_and_later_calls_fail(emulator):
    c = await flex_sdk.create_client(emulator.user("agent")["token"], options(emulator))
    rec = Recorder()
    handle = c.add_listener(rec)
    c.destroy()
    c.destroy()
    await rec.wait_for(lambda e: e.is_client_destroyed())
    assert c.connection_state() == flex_sdk.ConnectionState.DISCONNECTED
    handle.remove()
