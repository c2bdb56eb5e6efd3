//! Test hooks under `/_emulator` (loopback callers only, no auth).

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State as AxumState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::errors::ApiError;
use crate::params::Params;
use crate::server::App;
use crate::tokens::{Grant, MAX_TTL_SECS};
use crate::world::{mint_for, token_role, ttl_secs};

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/_emulator/world", get(world))
        .route("/_emulator/drop-sockets", post(drop_sockets))
        .route("/_emulator/rotate-signing-key", post(rotate_signing_key))
        .route("/_emulator/tokens", post(tokens))
        .route("/_emulator/panic", post(panic_hook))
        .route("/_emulator/voice/drop-sockets", post(drop_voice_sockets))
        .route("/_emulator/voice/customer-hangup", post(customer_hangup))
        .route("/_emulator/voice/sockets", get(voice_sockets))
        .route("/_emulator/voice/deny-answers", post(deny_answers))
        .route("/_emulator/voice/dial", post(dial))
        .route("/_emulator/voice/close", post(close_voice))
        .route("/_emulator/voice/calls/{call_sid}", get(voice_call))
}

/// `POST /_emulator/panic`: panics while holding the state lock, to prove that a request
/// that panics answers 500 and leaves the state usable for every later request.
async fn panic_hook(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if let Err(error) = loopback_only(peer) {
        return error.into_response();
    }
    #[allow(clippy::panic)]
    app.mutate(|_| panic!("test hook: a handler panicked while holding the state lock"))
}

fn loopback_only(peer: SocketAddr) -> Result<(), ApiError> {
    if peer.ip().is_loopback() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Test hooks answer loopback callers only",
        ))
    }
}

/// Mints a token for any worker: its Flex user's identity and role, or the worker's name.
pub fn mint(app: &App, worker_sid: &str, ttl: Duration) -> String {
    app.read(|s| {
        if let Some(user) = s.user_of(worker_sid) {
            return mint_for(&app.signer(), s, user, ttl);
        }
        let identity = s
            .workers
            .iter()
            .find(|w| w.sid == worker_sid)
            .map_or(worker_sid, |w| w.friendly_name.as_str());
        let grant = Grant {
            identity,
            workspace_sid: &s.workspace.sid,
            worker_sid,
            role: token_role(&[]),
        };
        app.signer().mint(&grant, ttl_secs(ttl))
    })
}

async fn world(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => Json(app.world.clone()).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn drop_sockets(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => {
            app.mutate(|s| s.sockets.drop_all());
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// `POST /_emulator/rotate-signing-key`: signs with a new key from now on and drops
/// every socket, as a server restarted with rotated keys: every token minted
/// before is refused with 401 (20101); the data stays.
async fn rotate_signing_key(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => {
            app.rotate_signing_key();
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// `POST /_emulator/tokens` with `worker_sid` and optional `ttl_secs` (JSON or form) → `{token}`.
async fn tokens(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = loopback_only(peer).and_then(|_| {
        let params = Params::from_body(&body)?;
        let worker_sid = params
            .string("worker_sid")
            .ok_or_else(|| ApiError::bad_request("worker_sid is required"))?;
        app.read(|s| crate::state::find(&s.workers, &worker_sid).map(|_| ()))?;
        let ttl = params
            .int::<u64>("ttl_secs")?
            .unwrap_or(app.config.token_ttl.as_secs());
        if ttl > MAX_TTL_SECS {
            return Err(ApiError::bad_request(format!(
                "ttl_secs must be at most {MAX_TTL_SECS}"
            )));
        }
        Ok(mint(&app, &worker_sid, Duration::from_secs(ttl)))
    });
    match result {
        Ok(token) => Json(json!({ "token": token })).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `POST /_emulator/voice/drop-sockets`: drops every voice signalling socket (calls stay up).
async fn drop_voice_sockets(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => {
            app.mutate(|s| s.voice.drop_all());
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// `POST /_emulator/voice/customer-hangup` with `task_sid`: the customer of the
/// task's call hangs up; 404 when the task has no conference.
async fn customer_hangup(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = loopback_only(peer).and_then(|_| {
        let task_sid = Params::from_body(&body)?
            .string("task_sid")
            .ok_or_else(|| ApiError::bad_request("task_sid is required"))?;
        if app.mutate(|s| s.customer_hangup(&task_sid)) {
            Ok(())
        } else {
            Err(ApiError::not_found("Conference of task", &task_sid))
        }
    });
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}

/// `GET /_emulator/voice/sockets`: every signalling socket opened so far
/// (`[{id, identity, listens, registers, heartbeat_replies, open}]`).
async fn voice_sockets(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    if let Err(error) = loopback_only(peer) {
        return error.into_response();
    }
    let sockets: Vec<_> = app
        .read(|s| s.voice.sockets())
        .into_iter()
        .map(|v| {
            json!({"id": v.id, "identity": v.identity, "listens": v.listens,
                   "registers": v.registers, "heartbeat_replies": v.heartbeat_replies, "open": v.open})
        })
        .collect();
    Json(sockets).into_response()
}

/// `GET /_emulator/voice/calls/{CA}`: an agent leg's `{call_sid, status, digits, messages}`.
async fn voice_call(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(call_sid): Path<String>,
) -> Response {
    if let Err(error) = loopback_only(peer) {
        return error.into_response();
    }
    let leg = app.read(|s| {
        s.voice.leg(&call_sid).map(|l| {
            json!({"call_sid": l.call_sid, "status": l.status.as_str(),
                   "digits": l.digits, "messages": l.messages})
        })
    });
    match leg {
        Some(leg) => Json(leg).into_response(),
        None => ApiError::not_found("Call", &call_sid).into_response(),
    }
}

/// `POST /_emulator/voice/deny-answers` with `code` (a Voice error code; absent or 0
/// restores answers): while set, a device's `answer` gets `hangup` with that error
/// and the reservation is rejected.
async fn deny_answers(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = loopback_only(peer).and_then(|_| {
        let code = Params::from_body(&body)?.int::<u32>("code")?.filter(|c| *c != 0);
        app.mutate(|s| s.voice.deny_answers = code);
        Ok(())
    });
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}

/// `POST /_emulator/voice/dial` with `identity`, optional `from` (default `anonymous`)
/// and `params` (the custom parameters' query string): rings the identity's registered
/// devices outside any task → `{call_sid}`; 404 when none is registered.
async fn dial(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = loopback_only(peer).and_then(|_| {
        let p = Params::from_body(&body)?;
        let identity = p
            .string("identity")
            .ok_or_else(|| ApiError::bad_request("identity is required"))?;
        let from = p.string("from").unwrap_or_else(|| "anonymous".into());
        let params = p.string("params").unwrap_or_default();
        app.mutate(|s| s.dial_client(&identity, &from, &params))
    });
    match result {
        Ok(call_sid) => Json(json!({ "call_sid": call_sid })).into_response(),
        Err(error) => error.into_response(),
    }
}

/// `POST /_emulator/voice/close`: every signalling socket gets the server's `close` frame.
async fn close_voice(
    AxumState(app): AxumState<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    match loopback_only(peer) {
        Ok(()) => {
            app.read(|s| s.voice.close_all());
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => error.into_response(),
    }
}
