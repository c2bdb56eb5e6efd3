//! No input crashes the emulator: deep expressions, extreme numbers, a panicking handler,
//! stalled clients and more connections than the limit.

mod common;

use std::time::{Duration, Instant};

use common::*;
use flex_emulator::{EmulatorConfig, World, MAX_BODY_BYTES, MAX_TTL_SECS};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// `(((…1==1…)))` with `depth` parentheses each side.
fn nested(depth: usize) -> String {
    format!("{}1==1{}", "(".repeat(depth), ")".repeat(depth))
}

/// The emulator still answers and still creates (and routes) tasks.
async fn still_serving(world: &World) {
    let (status, body) = admin_get(world, "/v1/Workspaces").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    create_task(world, "voice").await;
}

#[tokio::test]
async fn deeply_nested_expressions_are_refused_through_rest_and_tunnel() {
    let emu = start().await;
    let world = emu.world();
    for depth in [50_000, 5_000, 65] {
        let expression = nested(depth);
        // Public REST: a queue's TargetWorkers.
        let (status, body) = admin_post(
            &world,
            &ws_path(&world, "TaskQueues"),
            &[("FriendlyName", "deep"), ("TargetWorkers", &expression)],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], 20001);
        // Public REST: a workflow filter.
        let configuration = json!({"task_routing": {"filters": [
            {"expression": expression, "targets": [{"queue": world.queues.voice}]}]}});
        let (status, body) = admin_post(
            &world,
            &ws_path(&world, "Workflows"),
            &[
                ("FriendlyName", "deep"),
                ("Configuration", &configuration.to_string()),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        // Tunnel: a worker list filtered by TargetWorkersExpression.
        let agent = &world.users.agent;
        let url = format!("Workspaces/{}/Workers", world.workspace_sid);
        let (status, body) = tunnel(
            &world,
            &agent.token,
            "GET",
            &url,
            json!({ "TargetWorkersExpression": expression }),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        // Long chains and negations are refused or flat, never deep.
        let nots = format!("{}1==1", "!".repeat(depth));
        let (status, _) = tunnel(
            &world,
            &agent.token,
            "GET",
            &url,
            json!({ "TargetWorkersExpression": nots }),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    // Within the limits, nesting still works.
    let agent = &world.users.agent;
    let url = format!("Workspaces/{}/Workers", world.workspace_sid);
    let chain = vec!["1==1"; 1_000].join(" and ");
    for expression in [nested(64), chain] {
        let (status, body) = tunnel(
            &world,
            &agent.token,
            "GET",
            &url,
            json!({ "TargetWorkersExpression": expression }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    still_serving(&world).await;
}

#[tokio::test]
async fn extreme_priorities_route_without_panicking() {
    let emu = start().await;
    let world = emu.world();
    let tasks = ws_path(&world, "Tasks");
    for priority in [i64::MIN, i64::MAX, i64::MIN + 1, 0, -1] {
        let (status, task) = admin_post(
            &world,
            &tasks,
            &[
                ("WorkflowSid", &world.workflow_sid),
                ("TaskChannel", "voice"),
                ("Priority", &priority.to_string()),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{task}");
        assert_eq!(task["priority"], priority);
        let sid = task["sid"].as_str().unwrap().to_string();
        // Updating to the other extreme routes again.
        let other = if priority == i64::MIN {
            i64::MAX
        } else {
            i64::MIN
        };
        let (status, task) = admin_post(
            &world,
            &ws_path(&world, &format!("Tasks/{sid}")),
            &[("Priority", &other.to_string())],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{task}");
    }
    // Out of range is a 400, not a wrap.
    let (status, _) = admin_post(
        &world,
        &tasks,
        &[
            ("WorkflowSid", &world.workflow_sid),
            ("TaskChannel", "voice"),
            ("Priority", "9223372036854775808"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Through the tunnel too, and routing still offers the highest priority first.
    let agent = &world.users.agent;
    let (mut socket, _) = Socket::connect(&world, &agent.token, "").await;
    let url = format!("Workspaces/{}/Tasks", world.workspace_sid);
    let (status, body) = tunnel(
        &world,
        &agent.token,
        "POST",
        &url,
        json!({"WorkflowSid": world.workflow_sid, "TaskChannel": "voice",
               "Priority": i64::MIN.to_string()}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = set_activity(
        &world,
        &agent.token,
        &agent.worker_sid,
        &world.activities.available,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let created = socket.wait_for("reservation.created").await;
    assert_eq!(created["task"]["priority"], i64::MAX, "{created}");
    still_serving(&world).await;
}

#[tokio::test]
async fn huge_token_ttl_is_refused_and_the_longest_allowed_works() {
    let emu = start().await;
    let world = emu.world();
    let url = format!("{}/_emulator/tokens", world.base_url);
    let worker = &world.users.agent.worker_sid;
    for ttl in [
        u64::MAX.to_string(),
        i64::MAX.to_string(),
        (MAX_TTL_SECS + 1).to_string(),
    ] {
        let response = http()
            .post(&url)
            .json(&json!({"worker_sid": worker, "ttl_secs": ttl}))
            .send()
            .await
            .unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{ttl}: {body}");
    }
    let response = http()
        .post(&url)
        .json(&json!({"worker_sid": worker, "ttl_secs": MAX_TTL_SECS}))
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = body["token"].as_str().unwrap();
    // A socket with the ten-year token opens (its expiry timer does not overflow).
    let (_socket, init) = Socket::connect(&world, token, "").await;
    assert!(init["payload"]["token_lifetime"].as_i64().unwrap() > 0);
    // The library's mint clamps instead of overflowing.
    let long = emu.mint_token(worker, Duration::MAX);
    let (_socket, _) = Socket::connect(&world, &long, "").await;
    still_serving(&world).await;
}

#[tokio::test]
async fn a_panicking_request_poisons_nothing() {
    let emu = start().await;
    let world = emu.world();
    for _ in 0..3 {
        let response = http()
            .post(format!("{}/_emulator/panic", world.base_url))
            .send()
            .await
            .expect("a panicking handler still answers");
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        assert_eq!(body["status"], 500);
        still_serving(&world).await;
    }
    // Sockets and the tunnel work after the panics too.
    let agent = &world.users.agent;
    let (mut socket, _) = Socket::connect(&world, &agent.token, "").await;
    let (status, _) = set_activity(
        &world,
        &agent.token,
        &agent.worker_sid,
        &world.activities.available,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    socket.wait_for("reservation.created").await;
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let emu = start().await;
    let world = emu.world();
    let big = "a".repeat(MAX_BODY_BYTES + 1);
    let response = http()
        .post(format!("{}{}", world.base_url, ws_path(&world, "Tasks")))
        .basic_auth(&world.account_sid, Some(&world.auth_token))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("Attributes={big}"))
        .send()
        .await;
    if let Ok(response) = response {
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
    still_serving(&world).await;
}

/// Reads until the server closes the connection; returns what it sent.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> String {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return String::from_utf8_lossy(&seen).into_owned(),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
            Err(_) => panic!("connection still open after {within:?}"),
        }
    }
}

fn short_timeouts(max_connections: usize) -> EmulatorConfig {
    EmulatorConfig {
        header_read_timeout: Duration::from_secs(1),
        request_body_timeout: Duration::from_secs(1),
        max_connections,
        ..Default::default()
    }
}

#[tokio::test]
async fn stalled_headers_and_bodies_are_closed_after_the_timeout() {
    let emu = start_with(short_timeouts(1024)).await;
    let world = emu.world();
    let addr = emu.local_addr();
    let mut silent = Vec::new();
    let mut headers = Vec::new();
    let mut bodies = Vec::new();
    for _ in 0..100 {
        silent.push(TcpStream::connect(addr).await.unwrap());
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET /v1/Workspaces HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        headers.push(stream);
    }
    for _ in 0..40 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /v1/Workspaces/{}/Tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAttributes=",
            world.workspace_sid
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        bodies.push(stream);
    }
    // Meanwhile, others are served.
    let started = Instant::now();
    still_serving(&world).await;
    assert!(started.elapsed() < Duration::from_secs(1));
    for stream in silent.iter_mut().chain(headers.iter_mut()) {
        read_to_close(stream, Duration::from_secs(5)).await;
    }
    for stream in &mut bodies {
        let answer = read_to_close(stream, Duration::from_secs(5)).await;
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
    }
    still_serving(&world).await;
}

#[tokio::test]
async fn more_connections_than_the_limit_wait_and_the_emulator_keeps_answering() {
    let emu = start_with(short_timeouts(8)).await;
    let world = emu.world();
    let addr = emu.local_addr();
    let mut stalled = Vec::new();
    for _ in 0..64 {
        stalled.push(TcpStream::connect(addr).await.unwrap());
    }
    // Every slot is taken by a silent client: a real one waits for the header timeout to
    // free slots, then is served.
    let started = Instant::now();
    let (status, _) =
        tokio::time::timeout(Duration::from_secs(20), admin_get(&world, "/v1/Workspaces"))
            .await
            .expect("answered once stalled connections time out");
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(stalled);
    // Well-behaved clients beyond the limit are all served, a few at a time.
    let world2 = world.clone();
    let many = (0..40).map(|_| {
        let world = world2.clone();
        tokio::spawn(async move { admin_get(&world, "/v1/Workspaces").await.0 })
    });
    for handle in many {
        assert_eq!(handle.await.unwrap(), StatusCode::OK);
    }
    still_serving(&world).await;
}

#[tokio::test]
async fn extreme_page_tokens_and_start_times_do_not_overflow() {
    let emu = start().await;
    let world = emu.world();
    create_task(&world, "voice").await;
    let max = usize::MAX.to_string();
    for query in [
        format!("PageToken=PT{max}"),
        format!("Page={max}"),
        format!("Page={max}&PageSize=1000"),
    ] {
        let (status, body) = admin_get(&world, &ws_path(&world, &format!("Tasks?{query}"))).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        let next = body["meta"]["next_page_url"].clone();
        assert!(next.is_null(), "{next}");
    }
    let agent = &world.users.agent;
    let url = format!("Workspaces/{}/Workers", world.workspace_sid);
    let (status, _) = tunnel(
        &world,
        &agent.token,
        "GET",
        &url,
        json!({"AfterSid": "nope", "PageSize": "1000"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let tasks_url = format!("Workspaces/{}/Tasks", world.workspace_sid);
    for start in [i64::MIN, i64::MAX] {
        let (status, body) = tunnel(
            &world,
            &agent.token,
            "POST",
            &tasks_url,
            json!({"WorkflowSid": world.workflow_sid, "TaskChannel": "voice",
                   "VirtualStartTime": start.to_string()}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = admin_get(&world, &ws_path(&world, "Tasks?PageSize=1000")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    still_serving(&world).await;
}
