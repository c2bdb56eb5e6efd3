//! Automatic token renewal: refreshes observed while events and calls keep
//! working, the maximum session lifetime, and a failing refresh that recovers.

use std::time::Duration;

use flex_core::{ClientOptions, ConnectionState, FlexClient, FlexEvent, SessionOptions};
use flex_emulator::EmulatorConfig;
use flex_tests::{Env, Recorder};

fn renewing(env: &Env, refresh_token: String, margin: Duration) -> ClientOptions {
    ClientOptions {
        token_expiry_warning: Duration::from_secs(1),
        session: SessionOptions {
            auto_update_token: true,
            refresh_token: Some(refresh_token),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            refresh_margin: margin,
            check_interval: Duration::from_millis(500),
            ..SessionOptions::default()
        },
        ..env.options()
    }
}

fn count(events: &[FlexEvent], f: impl Fn(&FlexEvent) -> bool) -> usize {
    events.iter().filter(|e| f(e)).count()
}

#[tokio::test]
async fn the_token_is_renewed_while_events_and_calls_keep_working() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(6),
        ..Default::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    let options = renewing(&env, tokens.refresh_token, Duration::from_secs(4));
    let client = FlexClient::create(&tokens.access_token, options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let first_expiry = client.token_info().expires_at;
    let activities = [&env.world.activities.available, &env.world.activities.r#break];
    let start = std::time::Instant::now();
    let mut changes = 0;
    while start.elapsed() < Duration::from_secs(9) {
        client.set_current_activity(activities[changes % 2], false).await.unwrap();
        changes += 1;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let events = recorder
        .wait_until("activity events", |e| {
            count(e, |e| matches!(e, FlexEvent::WorkerActivityUpdated { .. })) >= changes
        })
        .await;
    assert!(count(&events, |e| matches!(e, FlexEvent::TokenUpdated)) >= 2, "{events:#?}");
    assert!(client.token_info().expires_at > first_expiry);
    assert_eq!(count(&events, |e| matches!(e, FlexEvent::TokenExpired | FlexEvent::TokenAutoUpdateFailed)), 0);
    assert_eq!(count(&events, |e| matches!(e, FlexEvent::ConnectionStateChanged { .. })), 0, "the socket stays open");
    assert_eq!(client.connection_state(), ConnectionState::Connected);
    client.destroy();
}

#[tokio::test]
async fn the_session_reaches_its_max_lifetime() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(4),
        max_session_lifetime: Duration::from_secs(6),
        ..Default::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    let options = renewing(&env, tokens.refresh_token, Duration::from_secs(3));
    let client = FlexClient::create(&tokens.access_token, options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let event = recorder
        .wait_for("max lifetime", |e| matches!(e, FlexEvent::TokenMaxLifetimeReached { .. }))
        .await;
    let FlexEvent::TokenMaxLifetimeReached { expires_at } = event else { unreachable!() };
    assert_eq!(expires_at, client.token_info().expires_at);
    let events = recorder.events();
    assert!(count(&events, |e| matches!(e, FlexEvent::TokenUpdated)) >= 1);
    client.destroy();
}

#[tokio::test]
async fn a_failing_refresh_is_retried_until_it_works() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(10),
        ..Default::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    let hook = reqwest::Client::new()
        .post(format!("{}/_emulator/fail-refresh", env.emulator.base_url()))
        .json(&serde_json::json!({"count": 2, "status": 400}))
        .send()
        .await
        .unwrap();
    assert!(hook.status().is_success());
    let options = renewing(&env, tokens.refresh_token, Duration::from_secs(9));
    let client = FlexClient::create(&tokens.access_token, options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let events = recorder
        .wait_until("failed twice, then updated", |e| {
            e.iter().any(|e| matches!(e, FlexEvent::TokenUpdated))
        })
        .await;
    let kinds: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, FlexEvent::TokenUpdated | FlexEvent::TokenAutoUpdateFailed))
        .collect();
    assert_eq!(
        kinds,
        [&FlexEvent::TokenAutoUpdateFailed, &FlexEvent::TokenAutoUpdateFailed, &FlexEvent::TokenUpdated]
    );
    client
        .set_current_activity(&env.world.activities.available, false)
        .await
        .unwrap();
    client.destroy();
}
