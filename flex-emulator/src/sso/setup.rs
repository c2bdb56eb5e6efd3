//! `GET /v1/Flex/Authentication/Config` and the `POST /_emulator/fail-refresh` hook.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::store::FailRefresh;
use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::server::App;

/// The seeded SSO configurations matching the query (empty params are not filters).
pub async fn authentication_config(
    State(app): State<App>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let params = Params::from_form(query.as_deref().unwrap_or(""));
    let given = |k: &str| params.get(k).map(str::trim).filter(|v| !v.is_empty());
    let w = &app.world;
    let filters = [
        (given("AccountSid"), w.account_sid.as_str()),
        (given("FlexInstanceSid"), w.flex_instance_sid.as_str()),
        (given("RuntimeDomain"), w.runtime_domain.as_str()),
        (given("SSOProfileSid"), w.sso_profile_sid.as_str()),
    ];
    if filters.iter().all(|(g, _)| g.is_none()) {
        return Err(ApiError::bad_request(
            "One of AccountSid, FlexInstanceSid, RuntimeDomain or SSOProfileSid is required",
        ));
    }
    let app_type = given("AppType").unwrap_or("SinglePageApp");
    if !matches!(app_type, "SinglePageApp" | "MobileApp") {
        return Err(ApiError::bad_request(format!("Unknown AppType {app_type}")));
    }
    let matched = filters.iter().all(|(g, v)| g.is_none_or(|g| g == *v));
    let list: Vec<Value> = matched
        .then(|| {
            json!({
                "account_sid": w.account_sid,
                "instance_sid": w.flex_instance_sid,
                "connection_name": w.sso_profile_sid,
                "client_id": w.client_id,
                "active": true,
                "app_type": app_type,
            })
        })
        .into_iter()
        .collect();
    Ok(Json(json!({ "config_list": list })))
}

/// `POST /_emulator/fail-refresh` `{count, status?}`: the next `count` refreshes
/// answer `status` (default 503) with Twilio error JSON. Loopback callers only.
pub async fn fail_refresh(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = (|| {
        if !peer.ip().is_loopback() {
            return Err(ApiError::forbidden(
                "Test hooks answer loopback callers only",
            ));
        }
        let params = Params::from_body(&body)?;
        let count = params.int::<u32>("count")?.unwrap_or(1);
        let status = params.int::<u16>("status")?.unwrap_or(503);
        if !(400..=599).contains(&status) {
            return Err(ApiError::bad_request("status must be a 4xx or 5xx code"));
        }
        app.sso.lock().fail_refresh = FailRefresh { count, status };
        Ok(())
    })();
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}
