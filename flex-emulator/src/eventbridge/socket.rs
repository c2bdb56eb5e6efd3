//! The event-bridge websocket: `init`, event frames, heartbeats, token expiry,
//! `closeExistingSessions` and `setWorkerOfflineIfDisconnected`.

use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::mpsc;

use crate::errors::ApiError;
use crate::params::Params;
use crate::server::App;
use crate::state::Outgoing;
use crate::time::now;
use crate::tokens::Claims;

/// Close code sent when the token expires.
const TOKEN_EXPIRED_CODE: u16 = 4001;

/// Per-connection switches from the query string.
#[derive(Debug, Clone, Copy)]
struct Options {
    close_existing: bool,
    offline_on_disconnect: bool,
}

/// How a socket ended.
enum End {
    /// The peer went away or the token expired: the offline rule applies.
    Disconnected,
    /// The server closed it (newer session, drop hook, shutdown): already unregistered.
    Closed,
}

/// Checks the token, then upgrades; a bad token gets 401 Twilio error JSON.
pub async fn upgrade(
    State(app): State<App>,
    RawQuery(query): RawQuery,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let params = Params::from_form(query.as_deref().unwrap_or(""));
    let claims = match app.verify(params.get("token").unwrap_or("")) {
        Ok(claims) => claims,
        Err(error) => return error.into_response(),
    };
    let Ok(ws) = ws else {
        return ApiError::bad_request("Expected a websocket upgrade request").into_response();
    };
    let options = Options {
        close_existing: params
            .bool("closeExistingSessions")
            .ok()
            .flatten()
            .unwrap_or(false),
        offline_on_disconnect: params
            .bool("setWorkerOfflineIfDisconnected")
            .ok()
            .flatten()
            .unwrap_or(false),
    };
    ws.on_upgrade(move |socket| run(app, socket, claims, options))
}

/// Whole seconds as a duration; negative is zero.
fn secs(seconds: i64) -> Duration {
    Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

/// `after` from now, or about thirty years from now when that overflows the clock.
fn later(after: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(after)
        .or_else(|| now.checked_add(Duration::from_secs(30 * 365 * 86_400)))
        .unwrap_or(now)
}

async fn run(app: App, socket: WebSocket, claims: Claims, options: Options) {
    let worker_sid = claims.worker_sid.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let id = app.mutate(|state| {
        let id = state.sockets.register(&worker_sid, tx);
        if options.close_existing {
            state
                .sockets
                .close_others(&worker_sid, id, "Session closed by a newer connection");
        }
        id
    });
    tracing::info!(worker = %worker_sid, socket = id, "event-bridge socket open");
    let (mut sink, mut stream) = socket.split();
    let lifetime = claims.expires_at.saturating_sub(now()).max(0);
    let init = json!({"event_type": "init", "payload": {
        "channel_id": worker_sid,
        "account_sid": claims.account_sid,
        "workspace_sid": claims.workspace_sid,
        "token_lifetime": lifetime.saturating_mul(1000),
    }});
    let heartbeat = app.config.heartbeat_interval;
    let mut ticker = tokio::time::interval_at(later(heartbeat), heartbeat);
    let expiry = tokio::time::sleep_until(later(secs(lifetime)));
    tokio::pin!(expiry);
    let mut shutdown = app.shutdown.subscribe();
    let mut renewals = app.sso.renewals(&worker_sid);
    let mut expires_at = claims.expires_at;
    let mut end = End::Disconnected;
    if sink
        .send(Message::Text(init.to_string().into()))
        .await
        .is_ok()
    {
        end = loop {
            tokio::select! {
                command = rx.recv() => match command {
                    Some(Outgoing::Frame(text)) => {
                        if sink.send(Message::Text(text.into())).await.is_err() {
                            break End::Disconnected;
                        }
                    }
                    Some(Outgoing::Close(code, reason)) => {
                        let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                        break End::Closed;
                    }
                    Some(Outgoing::Drop) | None => break End::Closed,
                },
                _ = ticker.tick() => {
                    if sink.send(Message::Text(" ".into())).await.is_err() {
                        break End::Disconnected;
                    }
                }
                Ok(()) = renewals.changed() => {
                    // A newer token of this worker was validated: the session was renewed.
                    let later = *renewals.borrow_and_update();
                    if later > expires_at {
                        expires_at = later;
                        let left = secs(later.saturating_sub(now()));
                        expiry.as_mut().reset(self::later(left));
                    }
                }
                _ = &mut expiry => {
                    let frame = CloseFrame { code: TOKEN_EXPIRED_CODE, reason: "Token expired".into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break End::Disconnected;
                }
                incoming = stream.next() => match incoming {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break End::Disconnected,
                    Some(Ok(_)) => {}
                },
                _ = crate::server::stopped(&mut shutdown) => break End::Closed,
            }
        };
    }
    app.mutate(|state| {
        let was_registered = state.sockets.unregister(id);
        let last = !state.sockets.is_connected(&worker_sid);
        if matches!(end, End::Disconnected)
            && was_registered
            && last
            && options.offline_on_disconnect
        {
            state.set_offline(&worker_sid);
        }
    });
    tracing::info!(worker = %worker_sid, socket = id, "event-bridge socket closed");
}
