//! Flex users v4: user lookup and user token minting (TWILIO-REST.md §5).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxumState};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::flex::describe_token;
use crate::auth::AccountAuth;
use crate::errors::{ApiError, ApiResult};
use crate::paging::public_page;
use crate::params::Params;
use crate::server::App;
use crate::state::{find, FlexUser, State};
use crate::time::iso8601;

/// Default user token lifetime (seconds).
const DEFAULT_TTL: u64 = 3600;

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/v4/Instances/{instance}/Users", get(list_users))
        .route("/v4/Instances/{instance}/Users/{user}", get(fetch_user))
        .route(
            "/v4/Instances/{instance}/Users/{user}/Tokens",
            post(mint_token),
        )
}

fn check_instance(s: &State, instance: &str) -> ApiResult<()> {
    if instance == s.account.flex_instance_sid {
        Ok(())
    } else {
        Err(ApiError::not_found("Instance", instance))
    }
}

fn user_json(s: &State, u: &FlexUser) -> Value {
    json!({
        "account_sid": s.account.sid,
        "instance_sid": s.account.flex_instance_sid,
        "flex_user_sid": u.sid,
        "worker_sid": u.worker_sid,
        "workspace_sid": s.workspace.sid,
        "flex_team_sid": null,
        "identity": u.identity,
        "username": u.identity,
        "full_name": u.full_name,
        "email": u.email,
        "user_sid": null,
        "locale": "en-US",
        "roles": u.roles,
        "created_date": iso8601(u.created),
        "updated_date": iso8601(u.created),
        "version": 0,
        "url": format!("{}/v4/Instances/{}/Users/{}", s.account.base_url, s.account.flex_instance_sid, u.sid),
    })
}

async fn list_users(
    _auth: AccountAuth,
    AxumState(app): AxumState<App>,
    Path(instance): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let params = Params::from_form(query.as_deref().unwrap_or(""));
    app.read(|s| {
        check_instance(s, &instance)?;
        let items = s
            .users
            .iter()
            .filter(|u| params.get("Identity").is_none_or(|i| u.identity == i))
            .filter(|u| params.get("WorkerSid").is_none_or(|w| u.worker_sid == w))
            .map(|u| user_json(s, u))
            .collect();
        let path = format!("/v4/Instances/{instance}/Users");
        public_page("users", items, &params, &s.account.base_url, &path).map(Json)
    })
}

async fn fetch_user(
    _auth: AccountAuth,
    AxumState(app): AxumState<App>,
    Path((instance, user)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    app.read(|s| {
        check_instance(s, &instance)?;
        Ok(Json(user_json(s, find(&s.users, &user)?)))
    })
}

async fn mint_token(
    _auth: AccountAuth,
    AxumState(app): AxumState<App>,
    Path((instance, user)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let params = Params::from_body(&body)?;
    let ttl = params.int::<u64>("ttl")?.unwrap_or(DEFAULT_TTL);
    if !(1..=86_400).contains(&ttl) {
        return Err(ApiError::bad_request(
            "ttl must be between 1 and 86400 seconds",
        ));
    }
    let token = app.read(|s| {
        check_instance(s, &instance)?;
        let u = find(&s.users, &user)?;
        Ok(crate::world::mint_for(
            &app.signer(),
            s,
            u,
            Duration::from_secs(ttl),
        ))
    })?;
    let claims = app.verify(&token)?;
    Ok(Json(app.read(
        |s| json!({"access_token": token, "token_info": describe_token(s, &claims)}),
    )))
}
