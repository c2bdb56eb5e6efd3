//! TaskRouter v1 public REST API under `/v1/Workspaces` (TWILIO-REST.md §1), account Basic auth.

mod catalog;
mod tasks;
mod workers;

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use serde_json::Value;

use crate::auth::AccountAuth;
use crate::errors::{ApiError, ApiResult};
use crate::paging::public_page;
use crate::params::Params;
use crate::rest::shapes;
use crate::server::App;
use crate::state::State;

/// A successful answer.
pub enum Reply {
    /// 200 with a body.
    Ok(Value),
    /// 201 with the new resource.
    Created(Value),
    /// 204, no body.
    Deleted,
}

/// One parsed request.
pub struct Request<'a> {
    /// HTTP method.
    pub method: Method,
    /// Path segments after `/v1/Workspaces/{WS}`.
    pub rest: Vec<&'a str>,
    /// Query parameters (GET) merged with the body (POST).
    pub params: Params,
    /// The `If-Match` header, if any.
    pub if_match: Option<String>,
    /// The request path, for page URLs.
    pub path: &'a str,
}

impl Request<'_> {
    /// A paged list of rendered items.
    pub fn page(&self, s: &State, key: &str, items: Vec<Value>) -> ApiResult<Reply> {
        public_page(key, items, &self.params, &s.account.base_url, self.path).map(Reply::Ok)
    }

    /// Fails with 412 when `If-Match` is given and differs from `version`.
    pub fn check_version(&self, sid: &str, version: u64) -> ApiResult<()> {
        match &self.if_match {
            Some(tag) if tag.trim_matches('"') != version.to_string() => {
                Err(ApiError::version_mismatch(sid))
            }
            _ => Ok(()),
        }
    }
}

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/v1/Workspaces", any(handle))
        .route("/v1/Workspaces/{*rest}", any(handle))
}

async fn handle(
    _auth: AccountAuth,
    AxumState(app): AxumState<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().trim_end_matches('/');
    let result = (|| {
        let mut params = Params::from_form(uri.query().unwrap_or(""));
        if method == Method::POST {
            params.extend(Params::from_body(&body)?);
        }
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).skip(2).collect();
        let if_match = headers
            .get("if-match")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        dispatch(
            &app,
            segments,
            Request {
                method: method.clone(),
                rest: Vec::new(),
                params,
                if_match,
                path,
            },
        )
    })();
    match result {
        Ok(Reply::Ok(value)) => Json(value).into_response(),
        Ok(Reply::Created(value)) => (StatusCode::CREATED, Json(value)).into_response(),
        Ok(Reply::Deleted) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}

fn dispatch<'a>(app: &App, segments: Vec<&'a str>, mut req: Request<'a>) -> ApiResult<Reply> {
    match segments.as_slice() {
        [] if req.method == Method::GET => {
            app.read(|s| req.page(s, "workspaces", vec![shapes::workspace(s)]))
        }
        [ws] if req.method == Method::GET => app.read(|s| {
            s.check_workspace(ws)?;
            Ok(Reply::Ok(shapes::workspace(s)))
        }),
        [ws, first, rest @ ..] => {
            app.read(|s| s.check_workspace(ws))?;
            req.rest = rest.to_vec();
            match *first {
                "Activities" | "TaskChannels" | "TaskQueues" | "Workflows" => {
                    catalog::handle(app, first, &req)
                }
                "Workers" => workers::handle(app, &req),
                "Tasks" => tasks::handle(app, &req),
                _ => Err(ApiError::no_route(req.path)),
            }
        }
        _ => Err(ApiError::no_route(req.path)),
    }
}

/// 405 / 20004: a known path with a method it does not support.
pub fn unsupported(req: &Request<'_>) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        20004,
        format!("Method {} not allowed on {}", req.method, req.path),
    )
}
