//! Worker actions: activity and attributes.

use flex_core::{ErrorCode, FlexEvent};
use flex_tests::{Env, Recorder};
use serde_json::json;

#[tokio::test]
async fn activity_change_updates_the_worker_and_emits_an_event() {
    let env = Env::start().await;
    let client = env.agent().await;
    let (recorder, _handle) = Recorder::attach(&client);
    let available = &env.world.activities.available;

    let worker = client.set_current_activity(available, false).await.unwrap();
    assert_eq!(&worker.activity_sid, available);
    assert!(worker.available);
    assert_eq!(&client.get_worker().unwrap().activity_sid, available);
    let current: Vec<_> = worker.activities.iter().filter(|a| a.is_current).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(&current[0].sid, available);

    let event = recorder
        .wait_for("activity update", |e| {
            matches!(e, FlexEvent::WorkerActivityUpdated { .. })
        })
        .await;
    let FlexEvent::WorkerActivityUpdated { worker } = event else {
        unreachable!()
    };
    assert_eq!(&worker.activity_sid, available);

    // Setting the current activity again is a no-op.
    let again = client.set_current_activity(available, false).await.unwrap();
    assert_eq!(&again.activity_sid, available);
}

#[tokio::test]
async fn unknown_or_empty_activity_is_invalid() {
    let env = Env::start().await;
    let client = env.agent().await;
    let e = client
        .set_current_activity("WAdoesnotexist", false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
    let e = client.set_current_activity("  ", false).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
    assert_eq!(
        client.get_worker().unwrap().activity_sid,
        env.world.activities.offline
    );
}

#[tokio::test]
async fn attributes_replace_and_deep_merge() {
    let env = Env::start().await;
    let client = env.agent().await;
    let (recorder, _handle) = Recorder::attach(&client);

    let w = client
        .set_attributes(json!({"skills": {"en": 5, "fr": 2}, "team": "a"}), false)
        .await
        .unwrap();
    assert_eq!(
        w.attributes,
        json!({"skills": {"en": 5, "fr": 2}, "team": "a"})
    );
    recorder
        .wait_for("attributes update", |e| {
            matches!(e, FlexEvent::WorkerAttributesUpdated { .. })
        })
        .await;

    let w = client
        .set_attributes(json!({"skills": {"fr": 4, "de": 1}, "level": 3}), true)
        .await
        .unwrap();
    assert_eq!(
        w.attributes,
        json!({"skills": {"en": 5, "fr": 4, "de": 1}, "team": "a", "level": 3})
    );
    assert_eq!(client.get_worker().unwrap().attributes, w.attributes);
}

#[tokio::test]
async fn attributes_must_be_an_object() {
    let env = Env::start().await;
    let client = env.agent().await;
    for bad in [json!([1, 2]), json!("x"), json!(3), json!(null)] {
        let e = client.set_attributes(bad.clone(), false).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParams, "{bad}");
    }
}

#[tokio::test]
async fn pending_reservations_block_going_unavailable_unless_rejected() {
    let env = Env::start().await;
    let (client, recorder, _handle) = flex_tests::available_agent(&env).await;
    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    let offline = &env.world.activities.offline;

    let e = client
        .set_current_activity(offline, false)
        .await
        .unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::FailedToSetCurrentWorkerActivityDueToPendingReservations,
        "{e:?}"
    );
    assert_eq!(e.twilio_code, Some(20001));
    let e = client
        .set_current_activity(&env.world.activities.available, true)
        .await;
    assert!(e.is_ok(), "already current: a no-op");

    let w = client.set_current_activity(offline, true).await.unwrap();
    assert_eq!(&w.activity_sid, offline);
    recorder
        .wait_for("rejected", |e| {
            matches!(e, FlexEvent::ReservationRejected { .. })
        })
        .await;
}
