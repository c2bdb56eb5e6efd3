//! Automatic token renewal: refreshes observed while events and calls keep
//! working, the maximum session lifetime, and a failing refresh that recovers.

use std::sync::Arc;
use std::time::Duration;

use flex_core::{ClientOptions, ConnectionState, FlexClient, FlexEvent, RenewalState, Secret, SessionOptions};
use flex_emulator::EmulatorConfig;
use flex_tests::{Env, Recorder};

fn renewing(env: &Env, refresh_token: Arc<Secret>, margin: Duration) -> ClientOptions {
    ClientOptions {
        token_expiry_warning_ms: 1000,
        session: Some(SessionOptions {
            auto_update_token: true,
            refresh_token: Some(refresh_token),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            refresh_margin_ms: margin.as_millis() as u64,
            check_interval_ms: 500,
            ..SessionOptions::default()
        }),
        ..env.options()
    }
}

fn is_update(e: &FlexEvent) -> bool {
    matches!(e, FlexEvent::TokenUpdated { .. })
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
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
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
    assert!(count(&events, is_update) >= 2, "{events:#?}");
    assert!(client.token_info().expires_at > first_expiry);
    assert_eq!(count(&events, |e| matches!(e, FlexEvent::TokenExpired | FlexEvent::TokenAutoUpdateFailed { .. })), 0);
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
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let event = recorder
        .wait_for("max lifetime", |e| matches!(e, FlexEvent::TokenMaxLifetimeReached { .. }))
        .await;
    let FlexEvent::TokenMaxLifetimeReached { expires_at } = event else { unreachable!() };
    assert_eq!(expires_at, client.token_info().expires_at);
    let events = recorder.events();
    assert!(count(&events, is_update) >= 1);
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
    // The HTTP layer makes 3 attempts on a 5xx: three 503s fail one renewal.
    fail_refresh(&env, 3, 503).await;
    let options = renewing(&env, tokens.refresh_token, Duration::from_secs(9));
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let events = recorder
        .wait_until("failed, then updated", |e| e.iter().any(is_update))
        .await;
    let renewal: Vec<_> = events
        .iter()
        .filter(|e| is_update(e) || matches!(e, FlexEvent::TokenAutoUpdateFailed { .. }))
        .collect();
    assert!(
        matches!(renewal[..], [FlexEvent::TokenAutoUpdateFailed { terminal: false, retry_in_ms: Some(_), ref error }, FlexEvent::TokenUpdated { .. }] if error.http_status == Some(503)),
        "failed (retried), updated: {renewal:?}"
    );
    assert_eq!(client.renewal_state(), RenewalState::Active);
    client
        .set_current_activity(&env.world.activities.available, false)
        .await
        .unwrap();
    client.destroy();
}

#[tokio::test]
async fn a_refused_refresh_stops_renewal_until_new_tokens() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(10),
        ..Default::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    fail_refresh(&env, 1, 400).await;
    let options = renewing(&env, tokens.refresh_token, Duration::from_secs(9));
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let failed = recorder
        .wait_for("a refused renewal", |e| matches!(e, FlexEvent::TokenAutoUpdateFailed { .. }))
        .await;
    assert!(
        matches!(&failed, FlexEvent::TokenAutoUpdateFailed { terminal: true, retry_in_ms: None, error } if error.http_status == Some(400)),
        "{failed:?}"
    );
    assert_eq!(client.renewal_state(), RenewalState::Stopped);

    let again = env.sso_sign_in("alice").await;
    client
        .update_token(again.access_token.expose(), Some(again.refresh_token.expose()))
        .await
        .unwrap();
    assert_eq!(client.renewal_state(), RenewalState::Active);
    // The new refresh token renews the session (due at once with a 9 s margin).
    let renewed = |e: &FlexEvent| matches!(e, FlexEvent::TokenUpdated { tokens } if tokens.access_token.expose() != again.access_token.expose());
    recorder.wait_for("renewed with the new refresh token", renewed).await;
    let failures = recorder.events().iter().filter(|e| matches!(e, FlexEvent::TokenAutoUpdateFailed { .. })).count();
    assert_eq!(failures, 1);
    client.destroy();
}

/// The next `count` refreshes answer `status` (emulator test hook).
async fn fail_refresh(env: &Env, count: u32, status: u16) {
    let hook = reqwest::Client::new()
        .post(format!("{}/_emulator/fail-refresh", env.emulator.base_url()))
        .json(&serde_json::json!({"count": count, "status": status}))
        .send()
        .await
        .unwrap();
    assert!(hook.status().is_success());
}

#[tokio::test]
async fn a_persisted_session_restarts_after_a_renewal() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(5),
        ..Default::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    let client = FlexClient::create(tokens.access_token.expose(), renewing(&env, tokens.refresh_token.clone(), Duration::from_secs(4)))
        .await
        .unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    let event = recorder.wait_for("a renewal", is_update).await;
    let FlexEvent::TokenUpdated { tokens: saved } = event else { unreachable!() };
    // What the app persists: the event's tokens, the same as the client's own.
    assert_eq!(saved, client.token());
    let refresh = saved.refresh_token.clone().expect("a refresh token");
    assert_ne!(refresh, tokens.refresh_token, "the refresh token rotated");
    assert!(!format!("{saved:?}").contains(refresh.expose()), "secrets are redacted");
    // The app "restarts": the first client is gone, a new one starts from what was saved.
    client.destroy();
    drop(client);
    let restored = FlexClient::create(saved.access_token.expose(), renewing(&env, refresh, Duration::from_secs(4)))
        .await
        .unwrap();
    let (recorder, _h) = Recorder::attach(&restored);
    recorder.wait_for("a renewal of the restored session", is_update).await;
    assert_eq!(restored.token_info().identity, "alice");
    restored.set_current_activity(&env.world.activities.available, false).await.unwrap();
    restored.destroy();
}
