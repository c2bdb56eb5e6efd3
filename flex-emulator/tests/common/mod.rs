//! Shared helpers for the emulator's integration tests: start, REST, tunnel, sockets.
#![allow(dead_code)]

use std::time::Duration;

use flex_emulator::{Emulator, EmulatorConfig, World};
use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for one frame.
pub const WAIT: Duration = Duration::from_secs(5);

/// Starts an emulator with default settings.
pub async fn start() -> Emulator {
    start_with(EmulatorConfig::default()).await
}

/// Starts an emulator with the given settings.
pub async fn start_with(config: EmulatorConfig) -> Emulator {
    Emulator::start(config).await.expect("emulator starts")
}

/// An HTTP client.
pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// `GET {base}{path}` with account Basic auth.
pub async fn admin_get(world: &World, path: &str) -> (StatusCode, Value) {
    let url = if path.starts_with("http") {
        path.to_string()
    } else {
        format!("{}{path}", world.base_url)
    };
    let response = http()
        .get(url)
        .basic_auth(&world.account_sid, Some(&world.auth_token))
        .send()
        .await
        .unwrap();
    read(response).await
}

/// `POST {base}{path}` form-encoded with account Basic auth.
pub async fn admin_post(world: &World, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = http()
        .post(format!("{}{path}", world.base_url))
        .basic_auth(&world.account_sid, Some(&world.auth_token))
        .form(form)
        .send()
        .await
        .unwrap();
    read(response).await
}

/// Reads status and JSON body (`null` when empty).
pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Workspace-relative REST path.
pub fn ws_path(world: &World, rest: &str) -> String {
    format!("/v1/Workspaces/{}/{rest}", world.workspace_sid)
}

/// One tunnel request; returns status and the JSON answer.
pub async fn tunnel(
    world: &World,
    token: &str,
    method: &str,
    url: &str,
    params: Value,
) -> (StatusCode, Value) {
    let envelope = json!({"url": url, "method": method, "params": params, "token": token});
    let response = http()
        .post(format!("{}/v1/wschannels", world.base_url))
        .header("apiVersion", "v1")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(envelope.to_string())
        .send()
        .await
        .unwrap();
    read(response).await
}

/// Sets a worker's activity through the tunnel with its own token.
pub async fn set_activity(
    world: &World,
    token: &str,
    worker_sid: &str,
    activity_sid: &str,
) -> (StatusCode, Value) {
    let url = format!("Workspaces/{}/Workers/{worker_sid}", world.workspace_sid);
    tunnel(
        world,
        token,
        "POST",
        &url,
        json!({"ActivitySid": activity_sid}),
    )
    .await
}

/// Creates a task through the public REST API; returns its SID.
pub async fn create_task(world: &World, channel: &str) -> String {
    let (status, task) = admin_post(
        world,
        &ws_path(world, "Tasks"),
        &[
            ("WorkflowSid", &world.workflow_sid),
            ("TaskChannel", channel),
            ("Attributes", r#"{"name":"caller"}"#),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    task["sid"].as_str().unwrap().to_string()
}

/// Fetches a task's assignment status through the public REST API.
pub async fn task_status(world: &World, task_sid: &str) -> String {
    let (_, task) = admin_get(world, &ws_path(world, &format!("Tasks/{task_sid}"))).await;
    task["assignment_status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// An event-bridge socket.
pub struct Socket(WebSocketStream<MaybeTlsStream<TcpStream>>);

impl Socket {
    /// Connects with a token and extra query (e.g. `&closeExistingSessions=true`), reads `init`.
    pub async fn connect(world: &World, token: &str, extra: &str) -> (Socket, Value) {
        let url = format!(
            "{}/v1/wschannels?token={token}&clientVersion=2.1.1{extra}",
            world.base_url.replace("http", "ws")
        );
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("socket opens");
        let mut socket = Socket(ws);
        let init = socket.next_event().await.expect("init frame");
        assert_eq!(init["event_type"], "init");
        (socket, init)
    }

    /// The next text frame (heartbeats included); `None` when the socket closed.
    pub async fn next_frame(&mut self) -> Option<Result<String, Option<u16>>> {
        loop {
            let message = tokio::time::timeout(WAIT, self.0.next())
                .await
                .expect("a frame in time")?;
            match message {
                Ok(Message::Text(text)) => return Some(Ok(text.to_string())),
                Ok(Message::Close(frame)) => return Some(Err(frame.map(|f| u16::from(f.code)))),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }

    /// The next non-heartbeat event; `None` when the socket closed.
    pub async fn next_event(&mut self) -> Option<Value> {
        loop {
            match self.next_frame().await? {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => {
                    return Some(serde_json::from_str(&text).expect("event frames are JSON"))
                }
                Err(_) => return None,
            }
        }
    }

    /// Skips events until one of `event_type` arrives; returns its payload.
    pub async fn wait_for(&mut self, event_type: &str) -> Value {
        loop {
            let event = self
                .next_event()
                .await
                .unwrap_or_else(|| panic!("socket closed waiting for {event_type}"));
            if event["event_type"] == event_type {
                return event["payload"].clone();
            }
        }
    }

    /// Closes the socket politely.
    pub async fn close(mut self) {
        let _ = self.0.send(Message::Close(None)).await;
        let _ = tokio::time::timeout(WAIT, async { while self.0.next().await.is_some() {} }).await;
    }
}

/// Polls until the worker's activity (public REST) is `activity_sid`.
pub async fn wait_activity(world: &World, worker_sid: &str, activity_sid: &str) {
    for _ in 0..50 {
        let (_, worker) = admin_get(world, &ws_path(world, &format!("Workers/{worker_sid}"))).await;
        if worker["activity_sid"] == activity_sid {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("worker {worker_sid} never reached {activity_sid}");
}
