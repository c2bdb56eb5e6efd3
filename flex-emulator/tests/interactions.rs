//! Tunnelled Interactions routes: channels and participants of a task's
//! interaction, and the `participant.*` frames the lifecycle emits.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn task_interaction_participants_and_frames() {
    let emu = start().await;
    let world = emu.world();
    let alice = &world.users.agent;
    let (mut socket, _) = Socket::connect(&world, &alice.token, "").await;
    set_activity(
        &world,
        &alice.token,
        &alice.worker_sid,
        &world.activities.available,
    )
    .await;
    let task_sid = create_task(&world, "chat").await;
    let created = socket.wait_for("reservation.created").await;
    let wr = created["sid"].as_str().unwrap().to_string();
    let kd = format!("KD{}", &task_sid[2..]);

    let (status, channels) = tunnel(
        &world,
        &alice.token,
        "GET",
        &format!("v1/Interactions/{kd}/Channels"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{channels}");
    let channel = &channels["payload"]["channels"][0];
    assert_eq!(channel["type"], "chat");
    let uo = channel["sid"].as_str().unwrap().to_string();
    let participants_url = format!("v1/Interactions/{kd}/Channels/{uo}/Participants");

    let (_, list) = tunnel(&world, &alice.token, "GET", &participants_url, json!({})).await;
    assert_eq!(list["payload"]["channel_type"], "chat");
    assert_eq!(list["payload"]["participants"].as_array().unwrap().len(), 1);
    assert_eq!(list["payload"]["participants"][0]["type"], "customer");

    let url = format!(
        "Workspaces/{}/Workers/{}/Reservations/{wr}",
        world.workspace_sid, alice.worker_sid
    );
    tunnel(
        &world,
        &alice.token,
        "POST",
        &url,
        json!({"ReservationStatus": "accepted"}),
    )
    .await;
    let added = socket.wait_for("participant.added").await;
    let p = &added;
    assert_eq!(p["type"], "agent");
    assert_eq!(p["routing_properties"]["task_sid"], task_sid.as_str());
    assert_eq!(p["routing_properties"]["reservation_sid"], wr.as_str());
    assert_eq!(
        p["routing_properties"]["worker_sid"],
        alice.worker_sid.as_str()
    );

    // A bad participant type: 400 and participant.add.failed.
    let (status, _) = tunnel(
        &world,
        &alice.token,
        "POST",
        &participants_url,
        json!({"type": "robot"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let failed = socket.wait_for("participant.add.failed").await;
    assert!(failed["error_data"]["error_message"].is_string());

    // Adding an external participant, then closing it.
    let (status, ext) = tunnel(
        &world,
        &alice.token,
        "POST",
        &participants_url,
        json!({"type": "external", "media_properties": {"to": "+15550001"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ext}");
    socket.wait_for("participant.added").await;
    let ut = ext["payload"]["sid"].as_str().unwrap();
    let (status, _) = tunnel(
        &world,
        &alice.token,
        "POST",
        &format!("{participants_url}/{ut}"),
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    socket.wait_for("participant.removed").await;

    tunnel(
        &world,
        &alice.token,
        "POST",
        &url,
        json!({"ReservationStatus": "wrapping"}),
    )
    .await;
    let modified = socket.wait_for("participant.modified").await;
    assert_eq!(modified["status"], "wrapup");
    tunnel(
        &world,
        &alice.token,
        "POST",
        &url,
        json!({"ReservationStatus": "completed"}),
    )
    .await;
    socket.wait_for("participant.removed").await;
    let (_, list) = tunnel(&world, &alice.token, "GET", &participants_url, json!({})).await;
    assert_eq!(
        list["payload"]["participants"].as_array().unwrap().len(),
        1,
        "only the customer is left"
    );

    let (status, _) = tunnel(
        &world,
        &alice.token,
        "GET",
        "v1/Interactions/KDnope/Channels",
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
