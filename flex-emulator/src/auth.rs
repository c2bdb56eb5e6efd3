//! Request authentication: account Basic auth, Flex token Basic auth, `x-flex-jwe`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::errors::{ApiError, ApiResult};
use crate::server::App;
use crate::tokens::Claims;

/// Decodes `Authorization: Basic …` into (user, password); tolerates a stray trailing `)`.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let encoded = encoded.trim().trim_end_matches(')');
    let decoded = STANDARD.decode(encoded).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Proof that the request carried the account's `AccountSid:AuthToken`.
#[derive(Debug, Clone, Copy)]
pub struct AccountAuth;

impl FromRequestParts<App> for AccountAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> ApiResult<Self> {
        check_account(&parts.headers, app).map(|_| AccountAuth)
    }
}

fn check_account(headers: &HeaderMap, app: &App) -> ApiResult<()> {
    let (user, password) =
        basic_credentials(headers).ok_or_else(|| ApiError::auth_failed("Authenticate"))?;
    let ok = app.read(|s| user == s.account.sid && password == s.account.auth_token);
    if ok {
        Ok(())
    } else {
        Err(ApiError::auth_failed(
            "Authenticate: invalid username or password",
        ))
    }
}

/// Accepts Basic `token:<jwt>` (Flex user) or `AccountSid:AuthToken`.
pub fn flex_basic(headers: &HeaderMap, app: &App) -> ApiResult<()> {
    match basic_credentials(headers) {
        Some((user, token)) if user == "token" => app.verify(&token).map(|_| ()),
        Some(_) => check_account(headers, app),
        None => Err(ApiError::auth_failed("Authenticate")),
    }
}

/// Accepts the `x-flex-jwe` header.
pub fn flex_jwe(headers: &HeaderMap, app: &App) -> ApiResult<Claims> {
    let token = headers
        .get("x-flex-jwe")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    app.verify(token)
}
