//! [`TokenInfo`] and token validation (`POST …/Tokens/Info`, PROTOCOL.md §3.4).

use serde::Serialize;

use reqwest::Method;
use serde_json::Value;

use super::time::parse_iso8601;
use super::Secret;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::transport::http::{Body, Http};

/// Who the token belongs to and when it expires, as the server validated it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TokenInfo {
    /// The user's identity.
    pub identity: String,
    /// The user's Flex roles (`agent`, `supervisor`, …).
    pub roles: Vec<String>,
    /// The user's TaskRouter worker SID.
    pub worker_sid: Option<String>,
    /// The account SID (`AC…`).
    pub account_sid: String,
    /// The Flex instance SID (`GO…`).
    pub flex_instance_sid: Option<String>,
    /// The Flex user SID (`FU…`).
    pub flex_user_sid: Option<String>,
    /// When the token expires (epoch seconds).
    pub expires_at: i64,
}

/// Validates a token with the server (`POST {flex_api}/v1/Accounts/{AC}/Tokens/Info`).
/// Codes 20003 and 51102 become `AccessDeniedError` (48920).
pub(crate) async fn validate(
    http: &Http,
    flex_api: &str,
    account_sid: &str,
    token: &Secret,
) -> Result<TokenInfo> {
    let body = info_body(http, flex_api, account_sid, token)
        .await
        .map_err(access_denied)?;
    parse(&body, account_sid)
}

/// The raw Tokens/Info answer for a token.
pub(crate) async fn info_body(
    http: &Http,
    flex_api: &str,
    account_sid: &str,
    token: &Secret,
) -> Result<Value> {
    let account = url::form_urlencoded::byte_serialize(account_sid.as_bytes()).collect::<String>();
    let url = format!("{flex_api}/v1/Accounts/{account}/Tokens/Info");
    http.flex(
        Method::POST,
        &url,
        token,
        Body::Form(&[("Token", token.expose())]),
    )
    .await
}

/// Maps the "insufficient permissions" codes to `AccessDeniedError`.
pub(crate) fn access_denied(e: FlexSdkError) -> FlexSdkError {
    if matches!(e.twilio_code, Some(20003 | 51102)) {
        FlexSdkError {
            code: ErrorCode::AccessDeniedError,
            message: format!("Access denied: {}", e.message),
            ..e
        }
    } else {
        e
    }
}

pub(crate) fn parse(body: &Value, account_sid: &str) -> Result<TokenInfo> {
    let s = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    if body.get("valid").and_then(Value::as_bool) == Some(false) {
        return Err(FlexSdkError::new(
            ErrorCode::InvalidAccessToken,
            "the token is not valid",
        ));
    }
    let expires_at = match body.get("expiration") {
        Some(Value::String(iso)) => parse_iso8601(iso),
        Some(Value::Number(n)) => n.as_i64(),
        _ => None,
    }
    .ok_or_else(|| {
        FlexSdkError::new(
            ErrorCode::UnexpectedError,
            "token info has no valid expiration",
        )
    })?;
    let roles = body
        .get("roles")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(TokenInfo {
        identity: s("identity").unwrap_or_default(),
        roles,
        worker_sid: s("worker_sid"),
        account_sid: s("account_sid").unwrap_or_else(|| account_sid.to_string()),
        flex_instance_sid: s("flex_instance_sid"),
        flex_user_sid: s("flex_user_sid"),
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_token_info() {
        let info = parse(
            &json!({"identity": "alice", "roles": ["agent"], "worker_sid": "WK1", "expiration": "2030-01-01T00:00:00Z",
                    "flex_user_sid": "FU1", "flex_instance_sid": "GO1"}),
            "AC1",
        )
        .unwrap();
        assert_eq!(info.identity, "alice");
        assert_eq!(info.roles, vec!["agent"]);
        assert_eq!(info.account_sid, "AC1");
        assert_eq!(info.expires_at, 1_893_456_000);
        assert!(parse(&json!({"identity": "x"}), "AC1").is_err());
        assert!(parse(
            &json!({"valid": false, "expiration": "2030-01-01T00:00:00Z"}),
            "AC1"
        )
        .is_err());
    }

    #[test]
    fn insufficient_permission_codes_become_access_denied() {
        let mut e = FlexSdkError::new(ErrorCode::PermissionDeniedError, "no");
        e.twilio_code = Some(20003);
        assert_eq!(access_denied(e).code, ErrorCode::AccessDeniedError);
        let mut e = FlexSdkError::new(ErrorCode::UnknownError, "x");
        e.twilio_code = Some(20104);
        assert_eq!(access_denied(e).code, ErrorCode::UnknownError);
    }
}
