"""Flex configuration reads and writes, and SDK log records reaching a Python
LogListener, redacted (no token, refresh token, code or verifier in them)."""

import asyncio

import pytest

import flex_sdk
from conftest import Events, options
from support import (
    LogRecorder,
    exchange_params,
    login_details,
    renewing_options,
    service,
    sign_in_with_form,
)

E = flex_sdk.ErrorCode


async def test_public_config_by_account_and_by_runtime_domain(emulator):
    world = emulator.world
    by_account = await flex_sdk.get_public_config(
        flex_sdk.PublicConfigQuery.ACCOUNT_SID(account_sid=world["account_sid"]), service(emulator)
    )
    assert by_account.account_sid == world["account_sid"]
    assert by_account.runtime_domain == world["runtime_domain"]
    by_domain = await flex_sdk.get_public_config(
        flex_sdk.PublicConfigQuery.RUNTIME_DOMAIN(runtime_domain=world["runtime_domain"]), service(emulator)
    )
    assert by_domain.account_sid == world["account_sid"]
    assert by_domain.runtime_domain == world["runtime_domain"]

    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.get_public_config(flex_sdk.PublicConfigQuery.ACCOUNT_SID(account_sid="AC" + "0" * 32), service(emulator))
    assert info.value.code is E.INVALID_RESPONSE_FROM_PUBLIC_CONFIG


async def test_account_and_features_config(emulator):
    token = emulator.user("agent")["token"]
    config = await flex_sdk.get_account_config(token, service(emulator))
    assert config["account_sid"] == emulator.world["account_sid"]
    assert config["runtime_domain"] == emulator.world["runtime_domain"]
    assert "ui_attributes" in config, "snake_case keys as the server sends them"
    assert (await flex_sdk.get_account_config(token, service(emulator), "2.9.0"))["account_sid"]

    features = await flex_sdk.get_features_config(token, service(emulator))
    assert features.insights_active is False
    by_id = {f.id: f for f in features.features}
    assert by_id["flex-emulator"].enabled and by_id["flex-emulator"].stage == "ga"


async def test_set_account_config_rejects_an_unknown_key(emulator):
    token, account = emulator.user("supervisor")["token"], emulator.world["account_sid"]
    before = await flex_sdk.get_account_config(token, service(emulator))
    update = {"uiAttributes": {"theme": "dark"}, "notAKey": 1}
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.set_account_config(account, token, update, service(emulator))
    assert info.value.code is E.INVALID_PARAMS and info.value.code_number == 48926
    assert "notAKey is not a valid key" in info.value.message
    after = await flex_sdk.get_account_config(token, service(emulator))
    assert after["ui_attributes"] == before["ui_attributes"], "nothing was sent"
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.set_account_config(account, token, [1], service(emulator))
    assert info.value.code is E.INVALID_PARAMS


async def test_set_account_config_updates_the_configuration(emulator):
    token, account = emulator.user("supervisor")["token"], emulator.world["account_sid"]
    update = {"uiAttributes": {"theme": "dark"}, "public_attributes": {"brand": "acme"}}
    result = await flex_sdk.set_account_config(account, token, update, service(emulator))
    assert result["ui_attributes"] == {"theme": "dark"}
    assert result["public_attributes"] == {"brand": "acme"}
    assert "uiAttributes" not in result
    config = await flex_sdk.get_account_config(token, service(emulator))
    assert config["ui_attributes"] == {"theme": "dark"}
    public = await flex_sdk.get_public_config(
        flex_sdk.PublicConfigQuery.ACCOUNT_SID(account_sid=account), service(emulator)
    )
    assert public.public_attributes == {"brand": "acme"}


@pytest.fixture
def logs():
    recorder = LogRecorder()
    flex_sdk.set_log_listener(recorder)
    flex_sdk.set_log_level(flex_sdk.LogLevel.TRACE)
    yield recorder
    flex_sdk.remove_log_listener()
    flex_sdk.set_log_level(flex_sdk.LogLevel.ERROR)


@pytest.mark.parametrize("emulator_args", [["--sso-token-ttl-secs", "3"]])
async def test_log_records_reach_the_listener_without_secrets(emulator, logs):
    details = await login_details(emulator)
    back = sign_in_with_form(details.login_url, "alice")
    tokens = await flex_sdk.exchange_token(
        exchange_params(emulator, back["code"], details.code_verifier, details.nonce), service(emulator)
    )
    # a renewing client: sign-in, validation, socket connect, calls and a refresh all log
    client = await flex_sdk.create_client(
        tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 2000)
    )
    recorder = Events(client)
    try:
        await client.set_current_activity(emulator.activity("available"), False)
        await recorder.wait_for(lambda e: e.is_token_updated(), timeout=10)
        await client.set_current_activity(emulator.activity("offline"), False)
        await logs.wait_for(lambda r: r.target == "flex_core::session" and "renewed" in r.message)
    finally:
        client.destroy()
        await recorder.close()
    await logs.wait_for(lambda r: "ready" in r.message)

    records = logs.snapshot()
    assert records, "records reach the Python listener"
    assert {r.level for r in records} >= {flex_sdk.LogLevel.INFO, flex_sdk.LogLevel.DEBUG}
    assert all(r.target.startswith("flex_core") for r in records), {r.target for r in records}
    text = logs.text()
    secrets = {
        "access token": tokens.access_token.reveal(),
        "its signature": tokens.access_token.reveal().rsplit(".", 1)[1],
        "refresh token": tokens.refresh_token.reveal(),
        "code": back["code"],
        "code verifier": details.code_verifier.reveal(),
        "seeded token": emulator.user("agent")["token"],
    }
    for name, secret in secrets.items():
        assert secret not in text, f"the {name} appears in a log record"
    assert "eyJ" not in text, "no JWT-looking string in a log record"
    assert "[redacted]" in text

    # once removed, the listener gets nothing more (records go to stderr again). A record
    # being delivered while remove_log_listener() runs may still arrive (clients of earlier
    # tests log too), so let the log thread settle first.
    flex_sdk.remove_log_listener()
    await asyncio.sleep(0.2)
    seen = len(logs.snapshot())
    other = await flex_sdk.create_client(emulator.user("agent2")["token"], options(emulator))
    await other.set_current_activity(emulator.activity("available"), False)
    other.destroy()
    late = logs.snapshot()[seen:]
    assert not late, [(r.target, r.message) for r in late]
