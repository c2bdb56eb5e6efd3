//! Event bridge: init frame, heartbeats, tunnel envelope, token checks, session rules.

mod common;

use std::time::Duration;

use common::*;
use flex_emulator::EmulatorConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite;

#[tokio::test]
async fn init_frame_then_heartbeats() {
    let emu = start_with(EmulatorConfig {
        heartbeat_interval: Duration::from_millis(200),
        ..Default::default()
    })
    .await;
    let world = emu.world();
    let (mut socket, init) = Socket::connect(
        &world,
        &world.users.agent.token,
        "&closeExistingSessions=false",
    )
    .await;
    let p = &init["payload"];
    assert_eq!(p["channel_id"], world.users.agent.worker_sid.as_str());
    assert_eq!(p["account_sid"], world.account_sid.as_str());
    assert_eq!(p["workspace_sid"], world.workspace_sid.as_str());
    let lifetime = p["token_lifetime"].as_i64().unwrap();
    assert!(lifetime > 3_500_000 && lifetime <= 3_600_000, "{lifetime}");
    let frame = socket.next_frame().await.unwrap().unwrap();
    assert!(
        frame.trim().is_empty(),
        "heartbeat frames are blank, got {frame:?}"
    );
}

#[tokio::test]
async fn tunnel_envelope_and_payload_conventions() {
    let emu = start().await;
    let world = emu.world();
    let agent = &world.users.agent;
    let ws = &world.workspace_sid;
    let (status, body) = tunnel(
        &world,
        &agent.token,
        "GET",
        &format!("Workspaces/{ws}/Workers/{}", agent.worker_sid),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let w = &body["payload"];
    assert!(w["attributes"].is_string() && w["version"].is_string() && w["date_created"].is_i64());
    assert_eq!(w["activity_name"], "Offline");
    let (_, body) = tunnel(
        &world,
        &agent.token,
        "GET",
        &format!("Workspaces/{ws}/Activities"),
        json!({"PageSize": 3}),
    )
    .await;
    assert_eq!(body["payload"]["contents"].as_array().unwrap().len(), 3);
    let after = body["payload"]["after_sid"]
        .as_str()
        .expect("more pages")
        .to_string();
    let (_, body) = tunnel(
        &world,
        &agent.token,
        "GET",
        &format!("Workspaces/{ws}/Activities"),
        json!({"PageSize": 3, "AfterSid": after}),
    )
    .await;
    assert_eq!(body["payload"]["contents"].as_array().unwrap().len(), 1);
    assert!(body["payload"]["after_sid"].is_null());
    let (_, body) = tunnel(
        &world,
        &agent.token,
        "GET",
        &format!(
            "Workspaces/{ws}/Workers/{}/WorkerChannels",
            agent.worker_sid
        ),
        Value::Null,
    )
    .await;
    assert!(body["payload"]["contents"][0]["configured_capacity"].is_u64());

    // Attributes as an object and as a JSON string.
    let url = format!("Workspaces/{ws}/Workers/{}", agent.worker_sid);
    let (status, body) = tunnel(
        &world,
        &agent.token,
        "POST",
        &url,
        json!({"Attributes": {"skills": ["x"]}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["payload"]["attributes"], r#"{"skills":["x"]}"#);
    let (status, _) = tunnel(
        &world,
        &agent.token,
        "POST",
        &url,
        json!({"Attributes": "{\"a\":1}"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Errors.
    let (status, err) = tunnel(
        &world,
        &agent.token,
        "POST",
        &url,
        json!({"ActivitySid": "WAunknown"}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(20001))
    );
    let (status, err) = tunnel(
        &world,
        &agent.token,
        "GET",
        &format!("Workspaces/{ws}/Tasks/WTmissing"),
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(20404))
    );
    let bob = format!("Workspaces/{ws}/Workers/{}", world.users.agent2.worker_sid);
    let (status, _) = tunnel(
        &world,
        &agent.token,
        "POST",
        &bob,
        json!({"ActivitySid": world.activities.available}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = tunnel(
        &world,
        &world.users.supervisor.token,
        "POST",
        &bob,
        json!({"ActivitySid": world.activities.available}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let response = http()
        .post(format!("{}/v1/wschannels", world.base_url))
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, err) = read(response).await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(20001))
    );
    // A body that is a JSON string holding the envelope.
    let envelope =
        json!({"url": url, "method": "GET", "params": {}, "token": agent.token}).to_string();
    let response = http()
        .post(format!("{}/v1/wschannels", world.base_url))
        .json(&envelope)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_checks_on_tunnel_and_socket() {
    let emu = start().await;
    let world = emu.world();
    let url = format!("Workspaces/{}/Activities", world.workspace_sid);
    let mut tampered = world.users.agent.token.clone();
    tampered.pop();
    tampered.push(if world.users.agent.token.ends_with('A') {
        'B'
    } else {
        'A'
    });
    let (status, err) = tunnel(&world, &tampered, "GET", &url, Value::Null).await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(20101))
    );
    let (status, err) = tunnel(&world, "", "GET", &url, Value::Null).await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(20003))
    );
    let short = emu.mint_token(&world.users.agent.worker_sid, Duration::from_secs(1));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, err) = tunnel(&world, &short, "GET", &url, Value::Null).await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(20104))
    );

    let ws_url = format!(
        "{}/v1/wschannels?token={tampered}",
        world.base_url.replace("http", "ws")
    );
    match tokio_tungstenite::connect_async(ws_url).await {
        Err(tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 401);
            let body: Value =
                serde_json::from_slice(response.body().as_deref().unwrap_or_default()).unwrap();
            assert_eq!(body["code"], 20101);
        }
        other => panic!("expected a 401, got {:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn socket_closes_when_its_token_expires() {
    let emu = start().await;
    let world = emu.world();
    let token = emu.mint_token(&world.users.agent.worker_sid, Duration::from_secs(2));
    let (mut socket, init) = Socket::connect(&world, &token, "").await;
    assert!(init["payload"]["token_lifetime"].as_i64().unwrap() <= 2000);
    assert!(
        socket.next_event().await.is_none(),
        "the socket closes at expiry"
    );
}

#[tokio::test]
async fn offline_when_last_socket_closes() {
    let emu = start().await;
    let world = emu.world();
    let agent = &world.users.agent;
    let (first, _) =
        Socket::connect(&world, &agent.token, "&setWorkerOfflineIfDisconnected=true").await;
    let (mut second, _) =
        Socket::connect(&world, &agent.token, "&setWorkerOfflineIfDisconnected=true").await;
    let (status, _) = set_activity(
        &world,
        &agent.token,
        &agent.worker_sid,
        &world.activities.available,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        second.wait_for("worker.activity.update").await["activity_sid"],
        world.activities.available.as_str()
    );
    first.close().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    wait_activity(&world, &agent.worker_sid, &world.activities.available).await;
    second.close().await;
    wait_activity(&world, &agent.worker_sid, &world.activities.offline).await;
}

#[tokio::test]
async fn close_existing_sessions_and_drop_hook() {
    let emu = start().await;
    let world = emu.world();
    let agent = &world.users.agent;
    let (mut old, _) = Socket::connect(&world, &agent.token, "").await;
    let (mut new, _) = Socket::connect(&world, &agent.token, "&closeExistingSessions=true").await;
    assert!(
        matches!(old.next_frame().await, Some(Err(_)) | None),
        "the older session is closed"
    );
    emu.drop_sockets();
    assert!(new.next_event().await.is_none());
    let response = http()
        .post(format!("{}/_emulator/drop-sockets", world.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn dropping_the_emulator_closes_sockets() {
    let emu = start().await;
    let world = emu.world();
    let (mut socket, _) = Socket::connect(&world, &world.users.agent.token, "").await;
    drop(emu);
    assert!(socket.next_event().await.is_none());
}
