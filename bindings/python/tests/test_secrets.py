"""No string form of a secret-carrying value shows the secret."""

import flex_sdk

VALUE = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.s1gn4ture"


def forms(value):
    return [str(value), repr(value), f"{value}", f"{value!r}", str([value])]


def test_secret_hides_its_value_until_revealed():
    secret = flex_sdk.Secret(VALUE)
    assert secret.reveal() == VALUE
    assert secret == flex_sdk.Secret(VALUE) and secret != flex_sdk.Secret("other")
    for text in forms(secret):
        assert VALUE not in text and "c2VjcmV0" not in text, text


def test_records_holding_secrets_do_not_show_them():
    s = flex_sdk.Secret
    values = [
        flex_sdk.TokenResponse(access_token=s(VALUE), refresh_token=s(VALUE), token_info={"identity": "alice"}),
        flex_sdk.LoginDetails(
            login_url="https://login.example/authorize", code_verifier=s(VALUE), code_challenge="ch", nonce="n", state="st"
        ),
        flex_sdk.ExchangeTokenParams(code=s(VALUE), code_verifier=s(VALUE), nonce="n", sso_profile_sid="JB1"),
        flex_sdk.RefreshTokenParams(refresh_token=s(VALUE), sso_profile_sid="JB1"),
        flex_sdk.SessionOptions(auto_update_token=True, refresh_token=s(VALUE)),
        flex_sdk.ClientOptions(session=flex_sdk.SessionOptions(refresh_token=s(VALUE))),
        flex_sdk.SessionTokens(access_token=s(VALUE), refresh_token=s(VALUE), expires_at=0),
        flex_sdk.FlexEvent.TOKEN_UPDATED(tokens=flex_sdk.SessionTokens(access_token=s(VALUE), refresh_token=None, expires_at=0)),
    ]
    for value in values:
        for text in forms(value):
            assert VALUE not in text and "c2VjcmV0" not in text, text
    assert "[redacted]" in str(values[0])
