//! Fault scenarios: tasks flowing while the socket is dropped 100 times, and a
//! server killed and restarted with new signing keys.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use flex_core::{ConnectionState, ErrorCode, FlexEvent};
use flex_emulator::EmulatorConfig;
use flex_tests::{available_agent, Env};
use serde_json::json;

/// How many times the socket is dropped while tasks flow.
const DROPS: usize = 100;

fn connected_count(events: &[FlexEvent]) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, FlexEvent::ConnectionStateChanged { state: ConnectionState::Connected }))
        .count()
}

/// Runs an action until it succeeds: while the socket is down an action may
/// time out waiting for its confirming event, and acting again is safe
/// (accepting an accepted reservation, or completing a completed one, is done).
async fn until_ok<T, F, Fut>(what: &str, mut action: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = flex_core::Result<T>>,
{
    let mut last = None;
    for _ in 0..20 {
        match action().await {
            Ok(v) => return v,
            Err(e) => last = Some(e),
        }
    }
    panic!("{what} kept failing: {last:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_flow_while_the_socket_is_dropped_100_times() {
    let env = Env::start_with(EmulatorConfig {
        heartbeat_interval: Duration::from_millis(200),
        ..Default::default()
    })
    .await;
    let (client, recorder, _handle) = available_agent(&env).await;
    let env = Arc::new(env);
    let dropping = Arc::new(AtomicBool::new(true));

    // The fault: drop every socket as soon as the client is connected again and
    // its socket carried a frame (a socket lost at once would grow the backoff).
    let dropper = {
        let (env, recorder, dropping) = (Arc::clone(&env), recorder.clone(), Arc::clone(&dropping));
        tokio::spawn(async move {
            for n in 1..=DROPS {
                recorder
                    .wait_until("reconnected", |events| connected_count(events) >= n - 1)
                    .await;
                tokio::time::sleep(Duration::from_millis(300)).await;
                env.emulator.drop_sockets();
            }
            dropping.store(false, Ordering::SeqCst);
        })
    };

    // The work: one task after the other, each accepted and completed.
    let mut tasks = Vec::new();
    while dropping.load(Ordering::SeqCst) || tasks.len() < 5 {
        let task_sid = env.create_task("chat", json!({"n": tasks.len()})).await;
        recorder.wait_for_reservation(&task_sid).await;
        until_ok("accept", || client.accept_task(&task_sid)).await;
        until_ok("complete", || client.complete_task(&task_sid, None)).await;
        tasks.push(task_sid);
    }
    dropper.await.expect("dropper");
    recorder.wait_for_state(ConnectionState::Connected).await;

    let events = recorder
        .wait_until("every task completed", |events| {
            tasks.iter().all(|t| {
                events.iter().any(|e| matches!(e, FlexEvent::ReservationCompleted { reservation } if &reservation.task.sid == t))
            })
        })
        .await;
    let reconnections = connected_count(&events);
    assert!(reconnections >= DROPS, "reconnected {reconnections} times for {DROPS} drops");
    let mut created: HashMap<&str, usize> = HashMap::new();
    for e in &events {
        if let FlexEvent::ReservationCreated { reservation } = e {
            *created.entry(reservation.task.sid.as_str()).or_default() += 1;
        }
    }
    for t in &tasks {
        assert_eq!(created.get(t.as_str()), Some(&1), "task {t}: one reservation, reported once");
    }
    assert_eq!(created.len(), tasks.len(), "no reservation for a task that was not created");
    assert_eq!(client.connection_state(), ConnectionState::Connected);
    assert!(client.get_worker().unwrap().reservations.is_empty(), "no reservation left open");
}

/// The `ConnectionError` events recorded so far: (code, terminal, retry_in_ms).
fn connection_errors(events: &[FlexEvent]) -> Vec<(ErrorCode, bool, Option<u64>)> {
    events
        .iter()
        .filter_map(|e| match e {
            FlexEvent::ConnectionError { error, terminal, retry_in_ms } => Some((error.code, *terminal, *retry_in_ms)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_server_restarted_with_new_keys_is_reported_and_a_new_token_recovers() {
    let mut env = Env::start().await;
    let (client, recorder, _handle) = available_agent(&env).await;

    env.emulator.restart(Duration::from_secs(3)).await.expect("restart");
    // Down: the attempts fail with a network error and are retried.
    let events = recorder
        .wait_until("a retried network error", |events| {
            connection_errors(events).iter().any(|(_, terminal, _)| !terminal)
        })
        .await;
    let (code, _, retry) = connection_errors(&events)[0];
    assert_eq!(code, ErrorCode::NetworkError);
    assert!(retry.is_some_and(|ms| (800..=30_000).contains(&ms)), "retry in {retry:?}");
    // Up with new keys: the old token is refused, for good.
    recorder.wait_for_state(ConnectionState::Denied).await;
    let events = recorder.events();
    let refused = connection_errors(&events).into_iter().find(|(_, terminal, _)| *terminal);
    assert!(matches!(refused, Some((_, true, None))), "{refused:?}");
    let info = events.iter().find_map(|e| match e {
        FlexEvent::ConnectionError { error, terminal: true, .. } => Some(error.clone()),
        _ => None,
    });
    assert_eq!(info.and_then(|e| e.http_status), Some(401));
    assert_eq!(client.connection_state(), ConnectionState::Denied);
    // Nothing is retried while denied.
    let errors = connection_errors(&recorder.events()).len();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(connection_errors(&recorder.events()).len(), errors, "no retry while denied");

    // A token from the restarted server recovers the client.
    let worker_sid = &env.world.users.agent.worker_sid;
    let token = env.emulator.mint_token(worker_sid, Duration::from_secs(3600));
    client.update_token(&token, None).await.expect("update_token");
    recorder
        .wait_until("connected again", |events| {
            let denied = events
                .iter()
                .rposition(|e| matches!(e, FlexEvent::ConnectionStateChanged { state: ConnectionState::Denied }));
            denied.is_some_and(|d| events[d..].iter().any(|e| matches!(e, FlexEvent::ConnectionStateChanged { state: ConnectionState::Connected })))
        })
        .await;
    assert_eq!(client.connection_state(), ConnectionState::Connected);
    let task_sid = env.create_task("chat", json!({"after": "restart"})).await;
    recorder.wait_for_reservation(&task_sid).await;
    client.accept_task(&task_sid).await.expect("accept after recovery");
    client.complete_task(&task_sid, None).await.expect("complete after recovery");
    client.destroy();
}

#[tokio::test]
async fn an_unreachable_server_is_reported_at_every_attempt() {
    let mut env = Env::start().await;
    let (client, recorder, _handle) = available_agent(&env).await;
    let restart = env.emulator.restart(Duration::from_secs(5));
    let watch = async {
        recorder
            .wait_until("two failed attempts", |events| connection_errors(events).len() >= 2)
            .await
    };
    let (restarted, events) = tokio::join!(restart, watch);
    restarted.expect("restart");
    assert!(connection_errors(&events).iter().all(|(code, terminal, retry)| {
        *code == ErrorCode::NetworkError && !terminal && retry.is_some()
    }));
    assert_eq!(client.connection_state(), ConnectionState::Reconnecting);
    client.destroy();
}
