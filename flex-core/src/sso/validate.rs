//! `validate_token`: `POST {flex_api}/v1/Accounts/{AC}/Tokens/Info` (PROTOCOL.md §3.4).

use serde::Serialize;
use serde_json::Value;

use crate::auth::{info_body, parse_info, Secret};
use crate::error::Result;
use crate::service::{required, ServiceOptions};

/// What the server says about a token (the SSO fields of Tokens/Info).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TokenData {
    /// Whether the token is valid (always true in a successful answer).
    pub valid: bool,
    /// The user's Flex roles.
    pub roles: Vec<String>,
    /// When the token expires (epoch seconds).
    pub expires_at: i64,
    /// The raw `expiration` string.
    pub expiration: String,
    /// The user's identity.
    pub identity: String,
    /// The Flex user SID (`FU…`).
    pub flex_user_sid: Option<String>,
    /// The IdP name ID.
    pub name_id: Option<String>,
    /// The realm user ID (e.g. the email).
    pub realm_user_id: Option<String>,
    /// The TaskRouter worker SID.
    pub worker_sid: Option<String>,
    /// The Flex instance SID.
    pub flex_instance_sid: Option<String>,
    /// The account SID.
    pub account_sid: String,
    /// The permissions, when the server lists them.
    pub permissions: Option<Vec<String>>,
}

/// Validates a token with the server and returns what it says about it;
/// a rejected token fails with the server's code (e.g. 20101, 20104).
pub async fn validate_token(
    account_sid: &str,
    token: &str,
    service: &ServiceOptions,
) -> Result<TokenData> {
    let account = required(account_sid, "account_sid")?;
    let token = Secret::from(required(token, "token")?);
    let http = service.http()?;
    let body = info_body(&http, &service.hosts()?.flex_api, account, &token).await?;
    let info = parse_info(&body, account)?;
    let s = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let permissions = body.get("permissions").and_then(Value::as_array).map(|p| {
        p.iter().filter_map(Value::as_str).map(str::to_string).collect()
    });
    Ok(TokenData {
        valid: true,
        expiration: match body.get("expiration") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        },
        name_id: s("name_id"),
        realm_user_id: s("realm_user_id"),
        permissions,
        roles: info.roles,
        expires_at: info.expires_at,
        identity: info.identity,
        flex_user_sid: info.flex_user_sid,
        worker_sid: info.worker_sid,
        flex_instance_sid: info.flex_instance_sid,
        account_sid: info.account_sid,
    })
}
