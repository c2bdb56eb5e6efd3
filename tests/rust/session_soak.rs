//! The must-show: a client signed in by SSO with auto-renewal and a 20-second
//! token TTL runs a scripted agent session for two minutes (activity changes,
//! tasks created via public REST and handled accept → wrap-up → complete)
//! without an error or a lost event.

use std::time::{Duration, Instant};

use flex_core::{ClientOptions, ConnectionState, FlexClient, FlexEvent, SessionOptions};
use flex_emulator::EmulatorConfig;
use flex_tests::{Env, Recorder};
use serde_json::json;

const RUN: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_minutes_of_agent_work_across_token_renewals() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(20),
        ..Default::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    let options = ClientOptions {
        token_expiry_warning_ms: 3000,
        session: Some(SessionOptions {
            auto_update_token: true,
            refresh_token: Some(tokens.refresh_token),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            refresh_margin_ms: 8000,
            check_interval_ms: 2000,
            ..SessionOptions::default()
        }),
        ..env.options()
    };
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let (available, on_break) = (&env.world.activities.available, &env.world.activities.r#break);

    let start = Instant::now();
    let (mut activity_changes, mut tasks) = (0usize, Vec::new());
    while start.elapsed() < RUN {
        client.set_current_activity(on_break, false).await.unwrap();
        client.set_current_activity(available, false).await.unwrap();
        activity_changes += 2;
        let task = env.create_task("voice", json!({"loop": tasks.len()})).await;
        recorder.wait_for_reservation(&task).await;
        client.accept_task(&task).await.unwrap();
        client.wrap_up_task(&task).await.unwrap();
        client.complete_task(&task, None).await.unwrap();
        tasks.push(task);
    }

    let per_task = |events: &[FlexEvent], task: &str| {
        events
            .iter()
            .filter(|e| e.reservation().is_some_and(|r| r.task.sid == task))
            .count()
    };
    let events = recorder
        .wait_until("every event", |events| {
            let activities = events
                .iter()
                .filter(|e| matches!(e, FlexEvent::WorkerActivityUpdated { .. }))
                .count();
            activities >= activity_changes && tasks.iter().all(|t| per_task(events, t) >= 4)
        })
        .await;
    let activities = events
        .iter()
        .filter(|e| matches!(e, FlexEvent::WorkerActivityUpdated { .. }))
        .count();
    assert_eq!(activities, activity_changes, "activity events expected vs received");
    for task in &tasks {
        assert_eq!(per_task(&events, task), 4, "created, accepted, wrapup, completed for {task}");
    }
    let renewals = events.iter().filter(|e| matches!(e, FlexEvent::TokenUpdated { .. })).count();
    assert!(renewals >= 8, "expected a renewal every ~12 s, got {renewals}");
    for e in &events {
        assert!(
            !matches!(
                e,
                FlexEvent::TokenExpired
                    | FlexEvent::TokenAutoUpdateFailed { .. }
                    | FlexEvent::TokenMaxLifetimeReached { .. }
                    | FlexEvent::ConnectionStateChanged { .. }
            ),
            "unexpected {e:?}"
        );
    }
    assert_eq!(client.connection_state(), ConnectionState::Connected);
    assert!(tasks.len() >= 10, "only {} tasks in two minutes", tasks.len());
    client.destroy();
}
