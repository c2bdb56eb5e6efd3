//! Routing and the reservation lifecycle, observed on worker sockets.

mod common;

use std::time::Duration;

use common::*;
use flex_emulator::{EmulatorConfig, World};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Connects a seeded user's socket and makes the worker Available.
async fn available(world: &World, user: &flex_emulator::User) -> Socket {
    let (mut socket, _) = Socket::connect(world, &user.token, "").await;
    let (status, body) = set_activity(
        world,
        &user.token,
        &user.worker_sid,
        &world.activities.available,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    socket.wait_for("worker.activity.update").await;
    socket
}

async fn reservation(
    world: &World,
    user: &flex_emulator::User,
    sid: &str,
    params: Value,
) -> (StatusCode, Value) {
    let url = format!(
        "Workspaces/{}/Workers/{}/Reservations/{sid}",
        world.workspace_sid, user.worker_sid
    );
    tunnel(world, &user.token, "POST", &url, params).await
}

#[tokio::test]
async fn accept_wrapup_complete() {
    let emu = start().await;
    let world = emu.world();
    let alice = &world.users.agent;
    let mut socket = available(&world, alice).await;
    let task = create_task(&world, "voice").await;
    let created = socket.wait_for("reservation.created").await;
    assert_eq!(created["task"]["sid"], task.as_str());
    assert_eq!(created["reservation_status"], "pending");
    assert_eq!(created["task"]["assignment_status"], "reserved");
    assert!(created["task"]["attributes"].is_string());
    assert_eq!(task_status(&world, &task).await, "reserved");
    let wr = created["sid"].as_str().unwrap().to_string();

    // Active reservations list (apiVersion v2 route).
    let url = format!(
        "Workspaces/{}/Workers/{}/Reservations",
        world.workspace_sid, alice.worker_sid
    );
    let (_, list) = tunnel(
        &world,
        &alice.token,
        "GET",
        &url,
        json!({"Active": "true", "PageSize": 1000}),
    )
    .await;
    assert_eq!(list["payload"]["contents"][0]["sid"], wr.as_str());

    // Going unavailable with a pending reservation is refused.
    let (status, err) = set_activity(
        &world,
        &alice.token,
        &alice.worker_sid,
        &world.activities.r#break,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let expected = format!(
        "Worker {} cannot have its activity updated while it has 1 pending reservations",
        alice.worker_sid
    );
    assert_eq!(err["message"], expected.as_str());

    let (status, body) =
        reservation(&world, alice, &wr, json!({"ReservationStatus": "accepted"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        socket.wait_for("reservation.accepted").await["sid"],
        wr.as_str()
    );
    assert_eq!(task_status(&world, &task).await, "assigned");
    let (status, _) =
        reservation(&world, alice, &wr, json!({"ReservationStatus": "accepted"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    reservation(&world, alice, &wr, json!({"ReservationStatus": "wrapping"})).await;
    assert_eq!(
        socket.wait_for("task.wrapup").await["assignment_status"],
        "wrapping"
    );
    assert_eq!(
        socket.wait_for("reservation.wrapup").await["reservation_status"],
        "wrapping"
    );
    let (status, _) = reservation(
        &world,
        alice,
        &wr,
        json!({"ReservationStatus": "completed"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        socket.wait_for("task.completed").await["sid"],
        task.as_str()
    );
    assert_eq!(
        socket.wait_for("reservation.completed").await["reservation_status"],
        "completed"
    );
    assert_eq!(task_status(&world, &task).await, "completed");
}

#[tokio::test]
async fn task_update_drives_wrapup_and_completion() {
    let emu = start().await;
    let world = emu.world();
    let alice = &world.users.agent;
    let mut socket = available(&world, alice).await;
    let task = create_task(&world, "chat").await;
    let wr = socket.wait_for("reservation.created").await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    reservation(&world, alice, &wr, json!({"ReservationStatus": "accepted"})).await;
    socket.wait_for("reservation.accepted").await;
    let url = format!("Workspaces/{}/Tasks/{task}", world.workspace_sid);
    let (status, _) = tunnel(
        &world,
        &alice.token,
        "POST",
        &url,
        json!({"AssignmentStatus": "wrapping", "Reason": "done"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    socket.wait_for("reservation.wrapup").await;
    tunnel(
        &world,
        &alice.token,
        "POST",
        &url,
        json!({"AssignmentStatus": "completed", "Reason": "done"}),
    )
    .await;
    socket.wait_for("reservation.completed").await;
    assert_eq!(task_status(&world, &task).await, "completed");
}

#[tokio::test]
async fn reject_reroutes_to_the_second_agent() {
    let emu = start().await;
    let world = emu.world();
    let (alice, bob) = (&world.users.agent, &world.users.agent2);
    let mut a = available(&world, alice).await;
    let mut b = available(&world, bob).await;
    let task = create_task(&world, "voice").await;
    let wr = a.wait_for("reservation.created").await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) =
        reservation(&world, alice, &wr, json!({"ReservationStatus": "rejected"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a.wait_for("reservation.rejected").await["sid"], wr.as_str());
    let second = b.wait_for("reservation.created").await;
    assert_eq!(second["task"]["sid"], task.as_str());
    assert_eq!(second["worker_sid"], bob.worker_sid.as_str());
}

#[tokio::test]
async fn reject_with_activity_moves_the_worker() {
    let emu = start().await;
    let world = emu.world();
    let alice = &world.users.agent;
    let mut a = available(&world, alice).await;
    create_task(&world, "voice").await;
    let wr = a.wait_for("reservation.created").await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let params =
        json!({"ReservationStatus": "rejected", "WorkerActivitySid": world.activities.r#break});
    reservation(&world, alice, &wr, params).await;
    a.wait_for("reservation.rejected").await;
    assert_eq!(
        a.wait_for("worker.activity.update").await["activity_sid"],
        world.activities.r#break.as_str()
    );
}

#[tokio::test]
async fn timeout_reroutes() {
    let config = EmulatorConfig {
        reservation_timeout: Duration::from_secs(1),
        ..Default::default()
    };
    let emu = start_with(config).await;
    let world = emu.world();
    let (alice, bob) = (&world.users.agent, &world.users.agent2);
    let mut a = available(&world, alice).await;
    let mut b = available(&world, bob).await;
    let task = create_task(&world, "voice").await;
    let wr = a.wait_for("reservation.created").await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(a.wait_for("reservation.timeout").await["sid"], wr.as_str());
    assert_eq!(
        b.wait_for("reservation.created").await["task"]["sid"],
        task.as_str()
    );
}

#[tokio::test]
async fn cancel_while_reserved_cancels_the_reservation() {
    let emu = start().await;
    let world = emu.world();
    let alice = &world.users.agent;
    let mut a = available(&world, alice).await;
    let task = create_task(&world, "voice").await;
    let wr = a.wait_for("reservation.created").await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = admin_post(
        &world,
        &ws_path(&world, &format!("Tasks/{task}")),
        &[("AssignmentStatus", "canceled"), ("Reason", "abandoned")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a.wait_for("task.canceled").await["reason"], "abandoned");
    let canceled = a.wait_for("reservation.canceled").await;
    assert_eq!(canceled["sid"], wr.as_str());
    assert_eq!(canceled["reservation_status"], "canceled");
}

#[tokio::test]
async fn pending_task_routes_when_a_worker_becomes_available() {
    let emu = start().await;
    let world = emu.world();
    let bob = &world.users.agent2;
    let task = create_task(&world, "voice").await;
    assert_eq!(task_status(&world, &task).await, "pending");
    let mut b = available(&world, bob).await;
    assert_eq!(
        b.wait_for("reservation.created").await["task"]["sid"],
        task.as_str()
    );
}

#[tokio::test]
async fn chat_capacity_and_target_expressions() {
    let emu = start().await;
    let world = emu.world();
    let alice = &world.users.agent;
    // A queue only bob qualifies for.
    let (status, queue) = admin_post(
        &world,
        &ws_path(&world, "TaskQueues"),
        &[
            ("FriendlyName", "Billing"),
            (
                "TargetWorkers",
                "skills HAS 'billing' or full_name == 'Bob Brown'",
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{queue}");
    let mut a = available(&world, alice).await;
    let first = create_task(&world, "chat").await;
    let second = create_task(&world, "chat").await;
    let third = create_task(&world, "chat").await;
    let mut offered = vec![
        a.wait_for("reservation.created").await["task"]["sid"]
            .as_str()
            .unwrap()
            .to_string(),
        a.wait_for("reservation.created").await["task"]["sid"]
            .as_str()
            .unwrap()
            .to_string(),
    ];
    offered.sort();
    let mut expected = vec![first, second];
    expected.sort();
    assert_eq!(offered, expected, "chat capacity 2 takes two tasks");
    assert_eq!(task_status(&world, &third).await, "pending");

    let queue_sid = queue["sid"].as_str().unwrap();
    let (_, billing) = admin_post(
        &world,
        &ws_path(&world, "Tasks"),
        &[
            ("TaskQueueSid", queue_sid),
            ("TaskChannel", "voice"),
            ("Attributes", "{}"),
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        task_status(&world, billing["sid"].as_str().unwrap()).await,
        "pending",
        "alice does not match"
    );
    let mut b = available(&world, &world.users.agent2).await;
    let offered = [
        b.wait_for("reservation.created").await,
        b.wait_for("reservation.created").await,
    ];
    assert!(
        offered.iter().any(|r| r["task"]["sid"] == billing["sid"]),
        "bob gets the billing task"
    );
    assert!(
        offered.iter().any(|r| r["task"]["sid"] == third.as_str()),
        "bob gets the waiting chat task"
    );
}

#[tokio::test]
async fn workflow_filters_route_by_attributes() {
    let emu = start().await;
    let world = emu.world();
    let config = json!({"task_routing": {
        "filters": [{"expression": "language == 'fr'", "targets": [{"queue": world.queues.chat}]}],
        "default_filter": {"queue": world.queues.voice}
    }})
    .to_string();
    let (status, wf) = admin_post(
        &world,
        &ws_path(&world, "Workflows"),
        &[("FriendlyName", "Lang"), ("Configuration", &config)],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let wf = wf["sid"].as_str().unwrap();
    let (_, task) = admin_post(
        &world,
        &ws_path(&world, "Tasks"),
        &[
            ("WorkflowSid", wf),
            ("TaskChannel", "voice"),
            ("Attributes", r#"{"language":"fr"}"#),
        ],
    )
    .await;
    assert_eq!(task["task_queue_sid"], world.queues.chat.as_str());
    let (status, err) = admin_post(
        &world,
        &ws_path(&world, "Workflows"),
        &[("FriendlyName", "Bad"), ("Configuration", "{nope")],
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(20001))
    );
}
