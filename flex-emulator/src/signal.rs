//! Twilio Voice's signalling websocket (`/signal`, VOICE.md §1, §3.3): `listen`
//! checks the token and answers `connected`, a `"\n"` heartbeat goes out every
//! `voice_heartbeat_interval` (replies are tolerated), and every other frame goes
//! to the voice state ([`crate::state::Voice`]).

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::server::App;
use crate::state::Outgoing;
use crate::time::now;

/// The Voice code for a refused token: 31205 when it expired, else 31204.
fn refusal_code(api_code: u32) -> u32 {
    if api_code == 20104 {
        31205
    } else {
        31204
    }
}

/// `GET /signal` (websocket).
pub fn routes() -> Router<App> {
    Router::new().route("/signal", get(upgrade))
}

async fn upgrade(State(app): State<App>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| run(app, socket))
}

async fn run(app: App, socket: WebSocket) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let id = app.mutate(|s| s.voice.open(tx));
    tracing::info!(socket = id, "voice signalling socket open");
    let (mut sink, mut stream) = socket.split();
    let every = app
        .config
        .voice_heartbeat_interval
        .max(std::time::Duration::from_millis(10));
    let start = tokio::time::Instant::now()
        .checked_add(every)
        .unwrap_or_else(tokio::time::Instant::now);
    let mut ticker = tokio::time::interval_at(start, every);
    let mut shutdown = app.shutdown.subscribe();
    let mut identity: Option<String> = None;
    loop {
        tokio::select! {
            command = rx.recv() => match command {
                Some(Outgoing::Frame(text)) => {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close(..)) | Some(Outgoing::Drop) | None => break,
            },
            _ = ticker.tick() => {
                if sink.send(Message::Text("\n".into())).await.is_err() {
                    break;
                }
            }
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => handle(&app, id, &mut identity, text.as_str()),
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            _ = crate::server::stopped(&mut shutdown) => break,
        }
    }
    app.mutate(|s| s.voice.close(id));
    tracing::info!(socket = id, "voice signalling socket closed");
}

/// One text frame from the client: a heartbeat reply, `listen`, or a frame for the state.
fn handle(app: &App, id: u64, identity: &mut Option<String>, text: &str) {
    if text.trim().is_empty() {
        app.mutate(|s| s.voice.heartbeat_replied(id));
        return;
    }
    let Ok(mut message) = serde_json::from_str::<Value>(text) else {
        tracing::debug!(socket = id, "voice: unparseable frame ignored");
        return;
    };
    let kind = message
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let payload = message
        .get_mut("payload")
        .map(Value::take)
        .unwrap_or(Value::Null);
    if kind == "listen" {
        let token = payload
            .get("token")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match app.verify(token) {
            Ok(claims) => {
                let ttl = claims.expires_at.saturating_sub(now()).max(0);
                app.mutate(|s| s.voice.listened(id, &claims.identity, ttl));
                *identity = Some(claims.identity);
            }
            Err(error) => {
                *identity = None;
                let code = refusal_code(error.code);
                app.mutate(|s| s.voice.refused(id, code, &error.message));
            }
        }
        return;
    }
    app.mutate(|s| s.voice_message(id, identity.as_deref(), &kind, &payload));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_tokens_are_31205_and_others_31204() {
        assert_eq!(refusal_code(20104), 31205);
        assert_eq!(refusal_code(20101), 31204);
        assert_eq!(refusal_code(20003), 31204);
    }
}
