//! The whole task lifecycle: end, complete with a reason, re-routing after a
//! reject or a timeout, cancel while reserved, task attributes, bad input.

use std::time::Duration;

use flex_core::{ErrorCode, FlexClient, FlexEvent, ReservationStatus, TaskStatus};
use flex_emulator::EmulatorConfig;
use flex_tests::{available_agent, Env, Recorder};
use serde_json::json;

async fn available_bob(env: &Env) -> (FlexClient, Recorder, flex_core::ListenerHandle) {
    let bob = FlexClient::create(&env.world.users.agent2.token, env.options())
        .await
        .expect("bob client");
    let (recorder, handle) = Recorder::attach(&bob);
    bob.set_current_activity(&env.world.activities.available, false)
        .await
        .expect("bob available");
    (bob, recorder, handle)
}

#[tokio::test]
async fn end_task_wraps_then_completes_and_reason_is_recorded() {
    let env = Env::start().await;
    let (client, recorder, _h) = available_agent(&env).await;
    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    assert_eq!(
        client.end_task(&task_sid).await.unwrap_err().code,
        ErrorCode::TaskReservationNotFound,
        "a pending reservation cannot be ended"
    );
    client.accept_task(&task_sid).await.unwrap();
    let r = client.end_task(&task_sid).await.unwrap();
    assert_eq!(r.status, ReservationStatus::Wrapping);
    let r = client.end_task(&task_sid).await.unwrap();
    assert_eq!(r.status, ReservationStatus::Completed);

    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    client.accept_task(&task_sid).await.unwrap();
    let r = client.complete_task(&task_sid, Some("resolved")).await.unwrap();
    assert_eq!(r.status, ReservationStatus::Completed);
    let task = client.get_workspace().fetch_task(&task_sid).await.unwrap();
    assert_eq!(task.status, TaskStatus::Completed);
    assert_eq!(task.reason.as_deref(), Some("resolved"));
}

#[tokio::test]
async fn reject_reroutes_to_the_second_agent() {
    let env = Env::start().await;
    let (alice, alice_events, _h1) = available_agent(&env).await;
    let task_sid = env.create_task("voice", json!({})).await;
    alice_events.wait_for_reservation(&task_sid).await;
    let (bob, bob_events, _h2) = available_bob(&env).await;
    let rejected = alice
        .reject_task(&task_sid, Some(&env.world.activities.offline))
        .await
        .unwrap();
    assert_eq!(rejected.status, ReservationStatus::Rejected);
    bob_events.wait_for_reservation(&task_sid).await;
    let accepted = bob.accept_task(&task_sid).await.unwrap();
    assert_eq!(accepted.worker_sid, env.world.users.agent2.worker_sid);
    assert!(alice.get_worker().unwrap().reservations.is_empty());
}

#[tokio::test]
async fn reservation_timeout_then_reroute() {
    let env = Env::start_with(EmulatorConfig {
        reservation_timeout: Duration::from_millis(600),
        ..EmulatorConfig::default()
    })
    .await;
    let (_alice, alice_events, _h1) = available_agent(&env).await;
    let task_sid = env.create_task("voice", json!({})).await;
    alice_events.wait_for_reservation(&task_sid).await;
    let (bob, bob_events, _h2) = available_bob(&env).await;
    alice_events
        .wait_for("timeout", |e| {
            matches!(e, FlexEvent::ReservationTimeout { reservation } if reservation.task.sid == task_sid)
        })
        .await;
    bob_events.wait_for_reservation(&task_sid).await;
    bob.accept_task(&task_sid).await.unwrap();
}

#[tokio::test]
async fn task_canceled_while_reserved() {
    let env = Env::start().await;
    let (client, recorder, _h) = available_agent(&env).await;
    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    env.taskrouter_post(
        &format!("Tasks/{task_sid}"),
        &[("AssignmentStatus", "canceled"), ("Reason", "customer hung up")],
    )
    .await;
    let e = recorder
        .wait_for("canceled", |e| matches!(e, FlexEvent::ReservationCanceled { .. }))
        .await;
    assert_eq!(e.reservation().unwrap().task.sid, task_sid);
    let err = client.accept_task(&task_sid).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::TaskReservationNotFound);
}

#[tokio::test]
async fn set_task_attributes_merges_and_replaces() {
    let env = Env::start().await;
    let (client, recorder, _h) = available_agent(&env).await;
    let task_sid = env
        .create_task("chat", json!({"customer": {"name": "Ada", "tier": "gold"}, "keep": 1}))
        .await;
    recorder.wait_for_reservation(&task_sid).await;
    let task = client
        .set_task_attributes(&task_sid, json!({"customer": {"tier": "platinum"}, "new": true}), true)
        .await
        .unwrap();
    assert_eq!(
        task.attributes,
        json!({"customer": {"name": "Ada", "tier": "platinum"}, "keep": 1, "new": true})
    );
    let task = client
        .set_task_attributes(&task_sid, json!({"only": 1}), false)
        .await
        .unwrap();
    assert_eq!(task.attributes, json!({"only": 1}));
    let pending = &client.get_worker().unwrap().reservations[0];
    assert_eq!(pending.task.attributes, json!({"only": 1}));
}

#[tokio::test]
async fn bad_input() {
    let env = Env::start().await;
    let (client, recorder, _h) = available_agent(&env).await;
    for e in [
        client.accept_task("WTunknown").await.unwrap_err(),
        client.end_task("WTunknown").await.unwrap_err(),
        client.set_task_attributes("WTunknown", json!({}), true).await.unwrap_err(),
        client.get_task_participants("WTunknown").await.unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::TaskReservationNotFound, "{e}");
    }
    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    let e = client.set_task_attributes(&task_sid, json!([1]), false).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
    let e = client.wrap_up_task(&task_sid).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::TaskReservationNotFound, "wrong state");
    assert_eq!(client.complete_task("  ", None).await.unwrap_err().code, ErrorCode::InvalidParams);
}
