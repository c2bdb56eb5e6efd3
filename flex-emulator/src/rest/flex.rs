//! Flex REST (PROTOCOL.md §3): Configuration, Configuration/Public, Tokens/Info, Session features.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use crate::auth::{basic_credentials, flex_basic, flex_jwe};
use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::server::App;
use crate::state::State;
use crate::time::{iso8601, now};
use crate::tokens::Claims;

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/v1/Configuration",
            get(get_configuration).post(set_configuration),
        )
        .route("/v1/Configuration/Public", get(public_configuration))
        .route("/v1/Accounts/{account}/Tokens/Info", post(token_info))
        .route("/api/v1/Session", get(session))
}

async fn get_configuration(
    AxumState(app): AxumState<App>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    flex_basic(&headers, &app)?;
    Ok(Json(app.read(|s| s.flex_config.clone())))
}

async fn set_configuration(
    AxumState(app): AxumState<App>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    flex_basic(&headers, &app)?;
    let update: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Malformed JSON body: {e}")))?;
    let Value::Object(update) = update else {
        return Err(ApiError::bad_request(
            "The configuration must be a JSON object",
        ));
    };
    app.mutate(|s| {
        if let Some(account) = update.get("account_sid").and_then(Value::as_str) {
            if account != s.account.sid {
                return Err(ApiError::bad_request(format!(
                    "account_sid {account} does not match this account"
                )));
            }
        }
        let config = s
            .flex_config
            .as_object_mut()
            .ok_or_else(|| ApiError::bad_request("Configuration unavailable"))?;
        for (key, value) in update {
            if !matches!(
                key.as_str(),
                "account_sid" | "date_created" | "date_updated" | "url"
            ) {
                config.insert(key, value);
            }
        }
        config.insert("date_updated".into(), json!(iso8601(now())));
        Ok(Json(s.flex_config.clone()))
    })
}

async fn public_configuration(
    AxumState(app): AxumState<App>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let params = Params::from_form(query.as_deref().unwrap_or(""));
    app.read(|s| {
        let account = params.get("AccountSid");
        let domain = params.get("RuntimeDomain");
        let runtime_domain = s
            .flex_config
            .get("runtime_domain")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let matched = match (account, domain) {
            (Some(a), _) => a == s.account.sid,
            (None, Some(d)) => d.trim_end_matches('/') == runtime_domain,
            (None, None) => {
                return Err(ApiError::bad_request(
                    "Either AccountSid or RuntimeDomain is required",
                ))
            }
        };
        let url = format!("{}/v1/Configuration/Public", s.account.base_url);
        let configurations: Vec<Value> = matched
            .then(|| {
                json!({
                    "url": url,
                    "runtime_domain": runtime_domain,
                    "public_attributes": s.flex_config.get("public_attributes"),
                    "account_sid": s.account.sid,
                })
            })
            .into_iter()
            .collect();
        Ok(Json(json!({
            "meta": {"page": 0, "page_size": 50, "first_page_url": url, "previous_page_url": null,
                     "next_page_url": null, "url": url, "key": "configurations"},
            "configurations": configurations,
        })))
    })
}

/// The token description shared by Tokens/Info and the v4 user token endpoint.
pub fn describe_token(s: &State, claims: &Claims) -> Value {
    let user = s.user_of(&claims.worker_sid);
    let roles: Vec<String> = user.map_or_else(|| vec!["agent".to_string()], |u| u.roles.clone());
    json!({
        "account_sid": s.account.sid,
        "flex_instance_sid": s.account.flex_instance_sid,
        "flex_user_sid": user.map(|u| u.sid.as_str()),
        "worker_sid": claims.worker_sid,
        "identity": claims.identity,
        "name_id": claims.identity,
        "realm_user_id": user.map(|u| u.email.as_str()),
        "roles": roles,
        "permissions": null,
        "expiration": iso8601(claims.expires_at),
        "valid": true,
    })
}

async fn token_info(
    AxumState(app): AxumState<App>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let params = Params::from_body(&body)?;
    let token = match params.string("Token") {
        Some(token) => token,
        None => match basic_credentials(&headers) {
            Some((user, token)) if user == "token" => token,
            _ => return Err(ApiError::auth_failed("Authenticate")),
        },
    };
    let claims = app.verify(&token)?;
    app.sso.renewed(&claims.worker_sid, claims.expires_at);
    app.read(|s| {
        if account != s.account.sid {
            return Err(ApiError::not_found("Account", &account));
        }
        Ok(Json(describe_token(s, &claims)))
    })
}

async fn session(AxumState(app): AxumState<App>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    flex_jwe(&headers, &app)?;
    let telemetry = json!({
        "analyticsDev": "", "analyticsStage": "", "analyticsProd": "",
        "telemetryApplicationId": "", "telemetryClientToken": "",
    });
    Ok(Json(json!({
        "features": [
            {"id": "flex-sdk-v3-telemetry", "name": STANDARD.encode(telemetry.to_string()),
             "description": "Telemetry bootstrap (disabled in the emulator)", "doc_url": "", "enabled": false, "stage": "ga"},
            {"id": "flex-emulator", "name": "Flex emulator",
             "description": "Served by flex-emulator", "doc_url": "", "enabled": true, "stage": "ga"}
        ],
        "insights_active": false,
    })))
}
