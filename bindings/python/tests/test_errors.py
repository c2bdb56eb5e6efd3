"""Errors cross the FFI as flex_sdk.FlexSdkError carrying the SDK code:
`except flex_sdk.FlexSdkError as e: e.code is flex_sdk.ErrorCode.…`."""

import time

import pytest

import flex_sdk
from conftest import options
from emulator import Emulator

E = flex_sdk.ErrorCode


async def test_unknown_activity_is_invalid_params(client):
    try:
        await client.set_current_activity("WAunknown", False)
    except flex_sdk.FlexSdkError as e:
        assert e.code is E.INVALID_PARAMS
        assert isinstance(e, flex_sdk.FlexSdkError.Failure) and e.code_number == 48926
    else:
        raise AssertionError("no error")
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.set_current_activity("WAunknown", False)
    assert info.value.code is E.INVALID_PARAMS
    assert info.value.code_number == 48926 == E.INVALID_PARAMS.value
    assert info.value.severity == flex_sdk.ErrorSeverity.ERROR
    assert info.value.message


@pytest.mark.parametrize("token", ["", "   "])
async def test_blank_token_is_invalid_params(emulator, token):
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.create_client(token, options(emulator))
    assert info.value.code is E.INVALID_PARAMS


@pytest.mark.parametrize("attributes", [[1, 2], 42, "text", None])
async def test_attributes_must_be_a_json_object(client, attributes):
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.set_attributes(attributes, True)
    assert info.value.code is E.INVALID_PARAMS


async def test_dead_server_is_network_error():
    emu = Emulator()
    opts = options(emu, connect_timeout_ms=5000)
    token = emu.user("agent")["token"]
    emu.stop()
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.create_client(token, opts)
    assert info.value.code is E.NETWORK_ERROR


async def test_calls_after_destroy_are_invalid_state(client, emulator):
    client.destroy()
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        client.get_worker()
    assert info.value.code is E.INVALID_STATE
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await client.set_current_activity(emulator.activity("available"), False)
    assert info.value.code is E.INVALID_STATE


async def test_expired_token_is_rejected(emulator):
    token = emulator.mint_token("agent", ttl=1)
    time.sleep(2.1)
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.create_client(token, options(emulator))
    assert info.value.code is E.ACCESS_TOKEN_EXPIRED
    assert info.value.twilio_code == 20104 and info.value.http_status == 401


async def test_invalid_token_is_rejected(emulator):
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.create_client("not.a.token", options(emulator))
    assert info.value.code is E.INVALID_ACCESS_TOKEN
