//! `GET /v1/Flex/Authorize`: checks the login request, lets the simulated
//! identity provider pick a seeded user (`login_hint=<identity>` or the login
//! form), then redirects (302) to `redirectUrl` with `code` and `state`.

use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::store::{Code, Login};
use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::server::App;
use crate::sid::new_secret;

/// 400 / 70251: the SSO settings named in the request do not exist.
pub fn bad_sso(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, 70251, message)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The login form: every request parameter as a hidden input, plus the user.
fn form(app: &App, params: &Params) -> Html<String> {
    let hidden: String = params
        .pairs()
        .iter()
        .map(|(k, v)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(k),
                escape(v)
            )
        })
        .collect();
    let users = &app.world.users;
    let options: String = [&users.agent, &users.agent2, &users.supervisor]
        .iter()
        .map(|u| {
            format!(
                r#"<option value="{0}">{0} ({1})</option>"#,
                escape(&u.identity),
                escape(&u.full_name)
            )
        })
        .collect();
    Html(format!(
        r#"<!doctype html><title>Flex emulator sign-in</title><form method="get" action="/v1/Flex/Authorize">{hidden}<select name="login_hint">{options}</select><button type="submit">Sign in</button></form>"#
    ))
}

fn required<'a>(params: &'a Params, name: &str) -> ApiResult<&'a str> {
    params
        .get(name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("Missing required parameter {name}")))
}

/// Checks the request; answers the login form or the redirect with a new code.
pub async fn authorize(State(app): State<App>, RawQuery(query): RawQuery) -> Response {
    let params = Params::from_form(query.as_deref().unwrap_or(""));
    match authorize_inner(&app, &params) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn authorize_inner(app: &App, params: &Params) -> ApiResult<Response> {
    let redirect = required(params, "redirectUrl")?;
    let nonce = required(params, "nonce")?;
    let challenge = required(params, "codeChallenge")?;
    let state = required(params, "state")?;
    let console = params.bool("isConsoleLogin")?.unwrap_or(false);
    let world = &app.world;
    let sso_profile_sid = if console {
        if params
            .get("accountSid")
            .is_some_and(|a| a != world.account_sid)
        {
            return Err(bad_sso("Unknown accountSid for console login"));
        }
        None
    } else {
        let sid = required(params, "ssoProfileSid")?;
        if sid != world.sso_profile_sid {
            return Err(bad_sso(format!("Unknown SSO profile {sid}")));
        }
        Some(sid.to_string())
    };
    let Some(identity) = params.get("login_hint").or_else(|| params.get("user")) else {
        return Ok(form(app, params).into_response());
    };
    let worker_sid = app.read(|s| {
        s.users
            .iter()
            .find(|u| u.identity == identity)
            .map(|u| u.worker_sid.clone())
            .ok_or_else(|| ApiError::bad_request(format!("Unknown user {identity}")))
    })?;
    let code = new_secret();
    app.sso.lock().codes.insert(
        code.clone(),
        Code {
            login: Login {
                sso_profile_sid,
                worker_sid,
            },
            challenge: challenge.to_string(),
            nonce: nonce.to_string(),
            expires: Instant::now()
                .checked_add(app.config.auth_code_ttl)
                .unwrap_or_else(Instant::now),
            used: false,
        },
    );
    let back = url_with(redirect, &[("code", &code), ("state", state)]);
    Ok((StatusCode::FOUND, [(header::LOCATION, back)]).into_response())
}

/// `url` with these query pairs appended.
fn url_with(url: &str, pairs: &[(&str, &str)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{query}")
}

/// The default callback: echoes `code` and `state` (a browser lands here).
pub async fn callback(RawQuery(query): RawQuery) -> Json<Value> {
    let params = Params::from_form(query.as_deref().unwrap_or(""));
    Json(json!({"code": params.get("code"), "state": params.get("state")}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_urls_keep_their_query() {
        assert_eq!(
            url_with("myapp://cb", &[("code", "c"), ("state", "s=")]),
            "myapp://cb?code=c&state=s%3D"
        );
        assert_eq!(
            url_with("https://x/cb?a=1", &[("code", "c")]),
            "https://x/cb?a=1&code=c"
        );
        assert_eq!(escape(r#"<"&>"#), "&lt;&quot;&amp;&gt;");
    }
}
