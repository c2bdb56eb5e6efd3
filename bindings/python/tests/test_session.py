"""Automatic token renewal (SessionOptions): refreshes while events and calls keep
working, the maximum session lifetime, and a failing refresh that recovers.
Short SSO token TTLs keep these to a few seconds each."""

import asyncio
import time

import pytest

import flex_sdk
from conftest import Events
from support import fail_refresh, renewing_options, sso_sign_in


def count(recorder, predicate):
    return sum(1 for e in list(recorder.events) if predicate(e))


@pytest.mark.parametrize("emulator_args", [["--sso-token-ttl-secs", "4"]])
async def test_the_token_is_renewed_while_events_and_calls_keep_working(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    client = await flex_sdk.create_client(tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 2500))
    recorder = Events(client)
    try:
        first_expiry = client.token_info().expires_at
        activities = [emulator.activity("available"), emulator.activity("break")]
        changes = 0
        start = time.monotonic()
        while time.monotonic() - start < 6.0:  # well past the first token's expiry
            worker = await client.set_current_activity(activities[changes % 2], False)
            assert worker.activity_sid == activities[changes % 2]
            changes += 1
            await asyncio.sleep(0.25)
        await recorder.wait_for(lambda e: count(recorder, lambda x: x.is_worker_activity_updated()) >= changes)

        assert count(recorder, lambda e: e.is_token_updated()) >= 2, recorder.kinds()
        assert count(recorder, lambda e: e.is_token_expired() or e.is_token_auto_update_failed()) == 0, recorder.kinds()
        assert count(recorder, lambda e: e.is_connection_state_changed()) == 0, "the socket stays open"
        assert client.connection_state() == flex_sdk.ConnectionState.CONNECTED
        assert client.token_info().expires_at > first_expiry
        assert client.token_info().identity == "alice"
        # the renewed session still receives pushed events
        task = emulator.create_task({"type": "after-renewal"})
        await client.set_current_activity(emulator.activity("available"), False)
        await recorder.wait_for(lambda e: e.is_reservation_created() and e.reservation.task.sid == task["sid"])
    finally:
        client.destroy()
        await recorder.close()


@pytest.mark.parametrize("emulator_args", [["--sso-token-ttl-secs", "3", "--max-session-lifetime-secs", "4"]])
async def test_the_session_reaches_its_max_lifetime(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    client = await flex_sdk.create_client(tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 2000))
    recorder = Events(client)
    try:
        event = await recorder.wait_for(lambda e: e.is_token_max_lifetime_reached(), timeout=10)
        assert event.expires_at == client.token_info().expires_at
        assert count(recorder, lambda e: e.is_token_updated()) >= 1
        kinds = recorder.kinds()
        assert kinds.index("TOKEN_UPDATED") < kinds.index("TOKEN_MAX_LIFETIME_REACHED")
        # renewal stops: no more refresh attempts until update_token
        await asyncio.sleep(1.0)
        assert count(recorder, lambda e: e.is_token_max_lifetime_reached()) == 1
        assert count(recorder, lambda e: e.is_token_auto_update_failed()) == 0
    finally:
        client.destroy()
        await recorder.close()


# A 5xx refresh is first retried by the HTTP layer (3 attempts), so three 503s
# make one renewal fail; it is retried with backoff and recovers.
@pytest.mark.parametrize("emulator_args", [["--sso-token-ttl-secs", "10"]])
async def test_a_failing_refresh_is_retried_until_it_works(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    fail_refresh(emulator, count=3, status=503)
    # a 9 s margin on a 10 s token: the first renewal is due at once
    client = await flex_sdk.create_client(tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 9000))
    recorder = Events(client)
    try:
        first_expiry = client.token_info().expires_at
        failed = await recorder.wait_for(lambda e: e.is_token_auto_update_failed(), timeout=10)
        assert not failed.terminal and 0 < failed.retry_in_ms <= 1000, failed  # 1 s, at most the check interval
        assert failed.error.code is flex_sdk.ErrorCode.DOWNSTREAM_SERVICE_ERROR and failed.error.http_status == 503
        await recorder.wait_for(lambda e: e.is_token_updated(), timeout=10)
        renewal = [k for k in recorder.kinds() if k in ("TOKEN_UPDATED", "TOKEN_AUTO_UPDATE_FAILED")]
        assert renewal[:2] == ["TOKEN_AUTO_UPDATE_FAILED", "TOKEN_UPDATED"], renewal
        assert client.renewal_state() == flex_sdk.RenewalState.ACTIVE
        assert client.token_info().expires_at >= first_expiry
        worker = await client.set_current_activity(emulator.activity("available"), False)
        assert worker.activity_name == "Available"
        assert client.connection_state() == flex_sdk.ConnectionState.CONNECTED
    finally:
        client.destroy()
        await recorder.close()


@pytest.mark.parametrize("emulator_args", [["--sso-token-ttl-secs", "10"]])
async def test_a_refused_refresh_stops_renewal_until_a_new_sign_in(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    fail_refresh(emulator, count=1, status=400)
    client = await flex_sdk.create_client(tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 9000))
    recorder = Events(client)
    try:
        assert client.renewal_state() in (flex_sdk.RenewalState.ACTIVE, flex_sdk.RenewalState.STOPPED)
        failed = await recorder.wait_for(lambda e: e.is_token_auto_update_failed(), timeout=10)
        assert failed.terminal and failed.retry_in_ms is None, failed
        assert failed.error.http_status == 400
        assert client.renewal_state() == flex_sdk.RenewalState.STOPPED
        # nothing is retried: the next event is the app's own sign-in below
        await asyncio.sleep(1.5)
        assert [k for k in recorder.kinds() if k.startswith("TOKEN_")] == ["TOKEN_AUTO_UPDATE_FAILED"]
        # the token in use still works until it expires
        await client.set_current_activity(emulator.activity("available"), False)

        again = await sso_sign_in(emulator, "alice")
        await client.update_token(again.access_token.reveal(), again.refresh_token.reveal())
        assert client.renewal_state() == flex_sdk.RenewalState.ACTIVE
        # the new refresh token renews the session again (9 s margin: due at once)
        await recorder.wait_for(
            lambda e: e.is_token_updated() and e.tokens.access_token.reveal() != again.access_token.reveal(), timeout=10
        )
        assert client.renewal_state() == flex_sdk.RenewalState.ACTIVE
    finally:
        client.destroy()
        await recorder.close()


async def renewed_tokens(recorder: Events, after: flex_sdk.SessionTokens) -> flex_sdk.SessionTokens:
    """The tokens of the first `TokenUpdated` that carries an access token other than `after`'s."""
    event = await recorder.wait_for(
        lambda e: e.is_token_updated() and e.tokens.access_token.reveal() != after.access_token.reveal(), timeout=10
    )
    return event.tokens


@pytest.mark.parametrize("emulator_args", [["--sso-token-ttl-secs", "3"]])
async def test_an_app_restarts_from_tokens_saved_after_a_renewal(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    client = await flex_sdk.create_client(tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 2000))
    recorder = Events(client)
    signed_in = client.token()
    assert signed_in.access_token.reveal() == tokens.access_token.reveal()
    # the app persists what TokenUpdated carries: plain strings, e.g. in a keychain
    renewed = await renewed_tokens(recorder, signed_in)
    saved = {"access": renewed.access_token.reveal(), "refresh": renewed.refresh_token.reveal()}
    assert saved["refresh"] != tokens.refresh_token.reveal(), "refresh tokens rotate"
    assert client.token() == renewed
    client.destroy()
    await recorder.close()

    # "restart": a new client from the saved tokens renews with the saved (rotated) refresh token
    restored = await flex_sdk.create_client(saved["access"], renewing_options(emulator, flex_sdk.Secret(saved["refresh"]), 2000))
    events = Events(restored)
    try:
        assert restored.token_info().identity == "alice"
        again = await renewed_tokens(events, restored.token())
        assert again.refresh_token.reveal() not in (saved["refresh"], tokens.refresh_token.reveal())
        assert restored.token_info().expires_at == again.expires_at
        assert not any(e.is_token_auto_update_failed() or e.is_token_expired() for e in events.events), events.kinds()
        worker = await restored.set_current_activity(emulator.activity("available"), False)
        assert worker.activity_name == "Available"
    finally:
        restored.destroy()
        await events.close()

