//! `POST /v1/Flex/OAuth/Tokens`: grants `AuthorizationCode` (PKCE S256, nonce,
//! single-use short-lived codes) and `RefreshToken` (rotating refresh tokens,
//! capped by the session's maximum lifetime).

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::authorize::bad_sso;
use super::store::{Login, Session};
use crate::errors::{ApiError, ApiResult};
use crate::rest::describe_token;
use crate::server::App;
use crate::sid::new_secret;
use crate::time::now;

fn invalid_grant(why: &str) -> ApiError {
    ApiError::bad_request(format!("Invalid grant: {why}"))
}

fn field<'a>(body: &'a Value, name: &str) -> ApiResult<&'a str> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("Missing required parameter {name}")))
}

/// The login the request names: its SSO profile, or console login.
fn login_profile(app: &App, body: &Value) -> ApiResult<Option<String>> {
    if body.get("is_console_login").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let sid = field(body, "sso_profile_sid")?;
    if sid != app.world.sso_profile_sid {
        return Err(bad_sso(format!("Unknown SSO profile {sid}")));
    }
    Ok(Some(sid.to_string()))
}

/// Both grants; the body is JSON.
pub async fn tokens(State(app): State<App>, body: Bytes) -> ApiResult<Json<Value>> {
    let body: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Malformed JSON body: {e}")))?;
    match field(&body, "grant_type")? {
        "AuthorizationCode" => exchange(&app, &body),
        "RefreshToken" => refresh(&app, &body),
        other => Err(ApiError::bad_request(format!(
            "Unsupported grant_type {other}"
        ))),
    }
}

fn exchange(app: &App, body: &Value) -> ApiResult<Json<Value>> {
    let code = field(body, "code")?;
    let verifier = field(body, "code_verifier")?;
    let nonce = field(body, "nonce")?;
    let profile = login_profile(app, body)?;
    let login = {
        let mut store = app.sso.lock();
        let entry = store
            .codes
            .get_mut(code)
            .ok_or_else(|| invalid_grant("unknown code"))?;
        if entry.used {
            return Err(invalid_grant("the code was already used"));
        }
        if Instant::now() > entry.expires {
            return Err(invalid_grant("the code expired"));
        }
        if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != entry.challenge {
            return Err(invalid_grant(
                "the code_verifier does not match the code_challenge",
            ));
        }
        if entry.nonce != nonce {
            return Err(invalid_grant("the nonce does not match"));
        }
        if entry.login.sso_profile_sid != profile {
            return Err(invalid_grant("the code was issued for another login"));
        }
        entry.used = true;
        entry.login.clone()
    };
    let deadline = now().saturating_add(secs(app.config.max_session_lifetime));
    issue(app, login, deadline)
}

fn refresh(app: &App, body: &Value) -> ApiResult<Json<Value>> {
    let token = field(body, "refresh_token")?;
    let profile = login_profile(app, body)?;
    let session = {
        let mut store = app.sso.lock();
        if store.fail_refresh.count > 0 {
            store.fail_refresh.count = store.fail_refresh.count.saturating_sub(1);
            let status = StatusCode::from_u16(store.fail_refresh.status)
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let code = if status.is_server_error() {
                20500
            } else {
                20001
            };
            return Err(ApiError::new(
                status,
                code,
                "Refresh failed (emulator fail-refresh hook)",
            ));
        }
        let session = store
            .sessions
            .get(token)
            .ok_or_else(|| invalid_grant("unknown or already used refresh token"))?;
        if session.login.sso_profile_sid != profile {
            return Err(invalid_grant("the refresh token belongs to another login"));
        }
        store
            .sessions
            .remove(token)
            .ok_or_else(|| invalid_grant("unknown refresh token"))?
    };
    issue(app, session.login, session.deadline)
}

/// A new access token (expiring at the earlier of TTL and the session's end) and a new refresh token.
fn issue(app: &App, login: Login, deadline: i64) -> ApiResult<Json<Value>> {
    let expires_at = now()
        .saturating_add(secs(app.config.sso_token_ttl))
        .min(deadline);
    let access_token = app.read(|s| {
        let user = s
            .user_of(&login.worker_sid)
            .ok_or_else(|| ApiError::not_found("User of worker", &login.worker_sid))?;
        Ok::<_, ApiError>(crate::world::mint_until(&app.signer(), s, user, expires_at))
    })?;
    let claims = app.verify(&access_token)?;
    let refresh_token = new_secret();
    app.sso
        .lock()
        .sessions
        .insert(refresh_token.clone(), Session { login, deadline });
    let token_info = app.read(|s| describe_token(s, &claims));
    Ok(Json(json!({
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_info": token_info,
    })))
}

/// Whole seconds of a configured lifetime, as epoch-second arithmetic wants them.
fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}
