//! Task actions: accept, wrap up, complete, reject, and their failures.

use flex_core::{ErrorCode, FlexEvent, ReservationStatus, TaskStatus};
use flex_tests::{available_agent, Env};
use serde_json::json;

#[tokio::test]
async fn reservation_lifecycle_with_events() {
    let env = Env::start().await;
    let (client, recorder, _handle) = available_agent(&env).await;
    let task_sid = env.create_task("chat", json!({"customer": "Ada"})).await;
    let reservation_sid = recorder.wait_for_reservation(&task_sid).await;

    let worker = client.get_worker().unwrap();
    let pending = worker
        .reservations
        .iter()
        .find(|r| r.sid == reservation_sid)
        .expect("reservation in snapshot");
    assert_eq!(pending.status, ReservationStatus::Pending);
    assert_eq!(pending.task.attributes["customer"], "Ada");
    assert_eq!(pending.worker_sid, env.world.users.agent.worker_sid);

    let accepted = client.accept_task(&task_sid).await.unwrap();
    assert_eq!(accepted.sid, reservation_sid);
    assert_eq!(accepted.status, ReservationStatus::Accepted);
    // Accepting again is idempotent.
    let again = client.accept_task(&task_sid).await.unwrap();
    assert_eq!(again.status, ReservationStatus::Accepted);

    let wrapping = client.wrap_up_task(&task_sid).await.unwrap();
    assert_eq!(wrapping.status, ReservationStatus::Wrapping);

    let completed = client.complete_task(&task_sid, None).await.unwrap();
    assert_eq!(completed.status, ReservationStatus::Completed);
    assert!(client.get_worker().unwrap().reservations.is_empty());

    recorder
        .wait_for(
            "task completed",
            |e| matches!(e, FlexEvent::TaskCompleted { task } if task.sid == task_sid),
        )
        .await;
    // Actions resolve before the dispatcher thread has delivered to listeners.
    recorder
        .wait_for("reservation completed", |e| {
            matches!(e, FlexEvent::ReservationCompleted { .. })
        })
        .await;
    let order: Vec<&str> = recorder
        .events()
        .iter()
        .filter_map(|e| match e {
            FlexEvent::ReservationCreated { .. } => Some("created"),
            FlexEvent::ReservationAccepted { .. } => Some("accepted"),
            FlexEvent::ReservationWrapup { .. } => Some("wrapup"),
            FlexEvent::ReservationCompleted { .. } => Some("completed"),
            _ => None,
        })
        .collect();
    assert_eq!(order, ["created", "accepted", "wrapup", "completed"]);
    let FlexEvent::TaskCompleted { task } = recorder
        .wait_for("task completed", |e| {
            matches!(e, FlexEvent::TaskCompleted { .. })
        })
        .await
    else {
        unreachable!()
    };
    assert_eq!(task.status, TaskStatus::Completed);
    recorder
        .wait_for("task wrapup", |e| matches!(e, FlexEvent::TaskWrapup { .. }))
        .await;
}

#[tokio::test]
async fn reject_with_a_follow_up_activity() {
    let env = Env::start().await;
    let (client, recorder, _handle) = available_agent(&env).await;
    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;

    let unavailable = &env.world.activities.unavailable;
    let rejected = client
        .reject_task(&task_sid, Some(unavailable))
        .await
        .unwrap();
    assert_eq!(rejected.status, ReservationStatus::Rejected);
    recorder
        .wait_for("activity after reject", |e| {
            matches!(e, FlexEvent::WorkerActivityUpdated { worker } if &worker.activity_sid == unavailable)
        })
        .await;
    assert_eq!(&client.get_worker().unwrap().activity_sid, unavailable);
    assert!(client.get_worker().unwrap().reservations.is_empty());
}

#[tokio::test]
async fn actions_without_a_matching_reservation_fail() {
    let env = Env::start().await;
    let (client, recorder, _handle) = available_agent(&env).await;

    let e = client
        .accept_task("WT00000000000000000000000000000000")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TaskReservationNotFound);
    let e = client.accept_task("").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);

    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    // Wrap-up and complete need an accepted reservation.
    assert_eq!(
        client.wrap_up_task(&task_sid).await.unwrap_err().code,
        ErrorCode::TaskReservationNotFound
    );
    assert_eq!(
        client.complete_task(&task_sid, None).await.unwrap_err().code,
        ErrorCode::TaskReservationNotFound
    );
    // A follow-up activity must exist.
    let e = client
        .reject_task(&task_sid, Some("WAnope"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
    // After accepting, reject no longer applies.
    client.accept_task(&task_sid).await.unwrap();
    assert_eq!(
        client.reject_task(&task_sid, None).await.unwrap_err().code,
        ErrorCode::TaskReservationNotFound
    );
}
