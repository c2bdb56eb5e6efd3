"""SSO sign-in through the emulator's simulated identity provider: the whole flow
(config → login details → browser → exchange → a renewing client) and its failures."""

import time
import urllib.parse

import pytest

import flex_sdk
from conftest import options
from support import (
    exchange_params,
    login_details,
    open_login_page,
    renewing_options,
    service,
    sign_in_with_form,
    sso_sign_in,
)

E = flex_sdk.ErrorCode


async def test_the_whole_sso_flow(emulator):
    world = emulator.world
    configs = await flex_sdk.get_authentication_config(
        flex_sdk.AuthenticationConfigParams(account_sid=world["account_sid"]), service(emulator)
    )
    assert len(configs) == 1
    config = configs[0]
    assert config.client_id == world["client_id"]
    assert config.sso_profile_sid == config.connection_name == world["sso_profile_sid"]
    assert config.account_sid == world["account_sid"] and config.instance_sid == world["flex_instance_sid"]
    assert config.active and config.app_type == flex_sdk.AppType.SINGLE_PAGE_APP
    by_domain = await flex_sdk.get_authentication_config(
        flex_sdk.AuthenticationConfigParams(runtime_domain=world["runtime_domain"]), service(emulator)
    )
    assert [c.client_id for c in by_domain] == [world["client_id"]]

    details = flex_sdk.get_login_details(
        flex_sdk.LoginDetailsParams(
            client_id=config.client_id, sso_profile_sid=config.sso_profile_sid, redirect_url="flexapp://callback"
        ),
        service(emulator),
    )
    assert details.login_url.startswith(f"{emulator.base_url}/v1/Flex/Authorize?redirectUrl=flexapp%3A%2F%2Fcallback&")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(details.login_url).query))
    assert query["nonce"] == details.nonce and query["state"] == details.state
    assert query["codeChallenge"] == details.code_challenge
    assert query["ssoProfileSid"] == world["sso_profile_sid"]
    assert len(details.code_verifier.reveal()) == 64
    assert details.code_verifier.reveal() not in details.login_url

    # the browser: the login form, a user picked, a redirect to the app with code and state
    back = sign_in_with_form(details.login_url, "alice")
    assert back["location"].startswith("flexapp://callback?")
    assert back["state"] == details.state and back["code"]

    tokens = await flex_sdk.exchange_token(
        exchange_params(emulator, back["code"], details.code_verifier, details.nonce), service(emulator)
    )
    assert tokens.access_token.reveal() and tokens.refresh_token.reveal() and tokens.token_info is not None
    data = await flex_sdk.validate_token(world["account_sid"], tokens.access_token.reveal(), service(emulator))
    assert data.valid and data.identity == "alice"
    assert data.worker_sid == emulator.user("agent")["worker_sid"]
    assert data.flex_instance_sid == world["flex_instance_sid"] and data.account_sid == world["account_sid"]
    assert data.expires_at > time.time()

    client = await flex_sdk.create_client(
        tokens.access_token.reveal(), renewing_options(emulator, tokens.refresh_token, 60000)
    )
    try:
        assert client.token_info().identity == "alice"
        assert client.get_worker().sid == emulator.user("agent")["worker_sid"]
        worker = await client.set_current_activity(emulator.activity("available"), False)
        assert worker.activity_name == "Available"
    finally:
        client.destroy()


async def test_the_login_hint_skips_the_form(emulator):
    details = await login_details(emulator, redirect_url="https://app.example/cb?x=1")
    status, headers, _ = open_login_page(details.login_url + "&login_hint=bob")
    assert status == 302
    location = headers["Location"]
    assert location.startswith("https://app.example/cb?x=1&code=")
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["code"]
    tokens = await flex_sdk.exchange_token(
        exchange_params(emulator, code, details.code_verifier, details.nonce), service(emulator)
    )
    data = await flex_sdk.validate_token(emulator.world["account_sid"], tokens.access_token.reveal(), service(emulator))
    assert data.identity == "bob"


async def test_a_wrong_verifier_is_refused(emulator):
    details = await login_details(emulator)
    back = sign_in_with_form(details.login_url, "alice")
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.exchange_token(
            exchange_params(emulator, back["code"], flex_sdk.Secret("x" * 64), details.nonce), service(emulator)
        )
    assert info.value.http_status == 400
    assert "code_verifier" in info.value.message
    # another login's verifier is just as wrong
    other = await login_details(emulator)
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.exchange_token(
            exchange_params(emulator, back["code"], other.code_verifier, details.nonce), service(emulator)
        )
    assert "code_verifier" in info.value.message


async def test_a_code_is_good_for_one_exchange(emulator):
    details = await login_details(emulator)
    back = sign_in_with_form(details.login_url, "alice")
    params = exchange_params(emulator, back["code"], details.code_verifier, details.nonce)
    await flex_sdk.exchange_token(params, service(emulator))
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.exchange_token(params, service(emulator))
    assert info.value.http_status == 400
    assert "already used" in info.value.message


@pytest.mark.parametrize("emulator_args", [["--auth-code-ttl-secs", "1"]])
async def test_an_expired_code_is_refused(emulator):
    details = await login_details(emulator)
    back = sign_in_with_form(details.login_url, "bob")
    time.sleep(1.3)
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.exchange_token(
            exchange_params(emulator, back["code"], details.code_verifier, details.nonce), service(emulator)
        )
    assert info.value.http_status == 400
    assert "expired" in info.value.message


async def test_a_tampered_token_does_not_validate(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    token = tokens.access_token.reveal()
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    for tampered in (token + "x", f"{header}.{payload}.{flipped}"):
        with pytest.raises(flex_sdk.FlexSdkError) as info:
            await flex_sdk.validate_token(emulator.world["account_sid"], tampered, service(emulator))
        assert info.value.code is E.INVALID_ACCESS_TOKEN
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.validate_token(emulator.world["account_sid"], " ", service(emulator))
    assert info.value.code is E.INVALID_PARAMS


async def test_refresh_tokens_rotate(emulator):
    tokens = await sso_sign_in(emulator, "alice")
    params = flex_sdk.RefreshTokenParams(refresh_token=tokens.refresh_token, sso_profile_sid=emulator.world["sso_profile_sid"])
    renewed = await flex_sdk.refresh_token(params, service(emulator))
    assert renewed.refresh_token.reveal() != tokens.refresh_token.reveal()
    data = await flex_sdk.validate_token(emulator.world["account_sid"], renewed.access_token.reveal(), service(emulator))
    assert data.identity == "alice"
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.refresh_token(params, service(emulator))
    assert info.value.http_status == 400


async def test_bad_sign_in_parameters(emulator):
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        flex_sdk.get_login_details(flex_sdk.LoginDetailsParams(client_id=" "), service(emulator))
    assert info.value.code is E.INVALID_PARAMS
    bad = exchange_params(emulator, "c", flex_sdk.Secret("v"), "n")
    bad.sso_profile_sid = "JB" + "0" * 32
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.exchange_token(bad, service(emulator))
    assert info.value.code is E.BAD_SSO_SETTINGS and info.value.twilio_code == 70251


async def test_auto_renewal_needs_a_refresh_token(emulator):
    opts = options(emulator, session=flex_sdk.SessionOptions(auto_update_token=True))
    with pytest.raises(flex_sdk.FlexSdkError) as info:
        await flex_sdk.create_client(emulator.user("agent")["token"], opts)
    assert info.value.code is E.INVALID_PARAMS


async def test_session_options_defaults():
    s = flex_sdk.SessionOptions()
    assert not s.auto_update_token and s.refresh_token is None
    assert (s.refresh_margin_ms, s.check_interval_ms) == (60000, 15000)
    assert flex_sdk.ClientOptions().session is None
    assert flex_sdk.ServiceOptions().request_timeout_ms == 15000
