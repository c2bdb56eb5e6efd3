//! Twilio Voice REST (api.twilio.com 2010-04-01) for the emulator's calls:
//! user-defined messages to a call's device (VOICE.md §1.9).

use axum::body::Bytes;
use axum::extract::{Path, State as AxumState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use crate::auth::AccountAuth;
use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::server::App;
use crate::time::{iso8601, now};

/// The routes.
pub fn routes() -> Router<App> {
    Router::new().route(
        "/2010-04-01/Accounts/{account}/Calls/{call}/UserDefinedMessages.json",
        post(user_defined_message),
    )
}

/// `POST …/Calls/{CA}/UserDefinedMessages.json` (`Content`, `IdempotencyKey`): the
/// call's device gets a `message` frame; 201 `{account_sid, call_sid, sid, date_created}`.
async fn user_defined_message(
    _auth: AccountAuth,
    AxumState(app): AxumState<App>,
    Path((account, call)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let result: ApiResult<_> = (|| {
        let content = Params::from_body(&body)?
            .string("Content")
            .ok_or_else(|| ApiError::bad_request("Content is required"))?;
        app.mutate(|s| {
            if account != s.account.sid {
                return Err(ApiError::not_found("Account", &account));
            }
            s.push_call_message(&call, &content)
        })
    })();
    match result {
        Ok(sid) => {
            let body = json!({"account_sid": account, "call_sid": call, "sid": sid,
                              "date_created": iso8601(now())});
            (StatusCode::CREATED, Json(body)).into_response()
        }
        Err(error) => error.into_response(),
    }
}
