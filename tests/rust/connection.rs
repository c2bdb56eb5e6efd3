//! Connection: reconnect and resync after a drop, token expiry and update.

use std::time::Duration;

use flex_core::{ConnectionState, FlexClient, FlexEvent};
use flex_emulator::EmulatorConfig;
use flex_tests::{available_agent, Env, Recorder};
use serde_json::json;

#[tokio::test]
async fn reconnects_and_delivers_a_reservation_created_while_away() {
    let env = Env::start().await;
    let (client, recorder, _handle) = available_agent(&env).await;

    env.emulator.drop_sockets();
    recorder.wait_for_state(ConnectionState::Reconnecting).await;
    // Created while the socket is down: only the resync can report it.
    let task_sid = env.create_task("chat", json!({"while": "away"})).await;
    recorder.wait_for_state(ConnectionState::Connected).await;
    recorder.wait_for_reservation(&task_sid).await;
    assert_eq!(client.connection_state(), ConnectionState::Connected);
    assert!(client
        .get_worker()
        .unwrap()
        .reservations
        .iter()
        .any(|r| r.task.sid == task_sid));

    // The reconnected socket carries events again.
    client.accept_task(&task_sid).await.unwrap();
}

#[tokio::test]
async fn an_activity_change_made_while_away_is_reported_after_resync() {
    let env = Env::start().await;
    let client = env.agent().await;
    let (recorder, _handle) = Recorder::attach(&client);

    env.emulator.drop_sockets();
    recorder.wait_for_state(ConnectionState::Reconnecting).await;
    let on_break = env.world.activities.r#break.clone();
    let worker_path = format!("Workers/{}", env.world.users.agent.worker_sid);
    env.taskrouter_post(&worker_path, &[("ActivitySid", on_break.as_str())])
        .await;
    recorder
        .wait_for("activity from resync", |e| {
            matches!(e, FlexEvent::WorkerActivityUpdated { worker } if worker.activity_sid == on_break)
        })
        .await;
    assert_eq!(client.get_worker().unwrap().activity_sid, on_break);
}

#[tokio::test]
async fn a_silent_socket_is_replaced() {
    // The emulator's heartbeats are far apart; the client's watchdog gives up first.
    let env = Env::start_with(EmulatorConfig {
        heartbeat_interval: Duration::from_secs(60),
        ..Default::default()
    })
    .await;
    let options = flex_core::ClientOptions {
        heartbeat_timeout_ms: 700,
        ..env.options()
    };
    let client = FlexClient::create(&env.world.users.agent.token, options)
        .await
        .unwrap();
    let (recorder, _handle) = Recorder::attach(&client);
    recorder.wait_for_state(ConnectionState::Reconnecting).await;
    recorder
        .wait_until("reconnected", |events| {
            let states: Vec<_> = events
                .iter()
                .filter_map(|e| match e {
                    FlexEvent::ConnectionStateChanged { state } => Some(*state),
                    _ => None,
                })
                .collect();
            states.starts_with(&[ConnectionState::Reconnecting, ConnectionState::Connected])
        })
        .await;
    client.destroy();
}

#[tokio::test]
async fn token_expiry_and_update() {
    let env = Env::start().await;
    let agent = &env.world.users.agent;
    let short = env
        .emulator
        .mint_token(&agent.worker_sid, Duration::from_secs(6));
    let options = flex_core::ClientOptions {
        token_expiry_warning_ms: 3000,
        ..env.options()
    };
    let client = FlexClient::create(&short, options).await.unwrap();
    let (recorder, _handle) = Recorder::attach(&client);

    let about = recorder
        .wait_for("about to expire", |e| {
            matches!(e, FlexEvent::TokenAboutToExpire { .. })
        })
        .await;
    assert!(
        matches!(about, FlexEvent::TokenAboutToExpire { expires_in_secs } if expires_in_secs <= 4)
    );
    recorder
        .wait_for("expired", |e| matches!(e, FlexEvent::TokenExpired))
        .await;
    recorder.wait_for_state(ConnectionState::TokenExpired).await;
    assert_eq!(client.connection_state(), ConnectionState::TokenExpired);

    let fresh = env
        .emulator
        .mint_token(&agent.worker_sid, Duration::from_secs(3600));
    client.update_token(&fresh, None).await.unwrap();
    recorder
        .wait_for("token updated", |e| matches!(e, FlexEvent::TokenUpdated { .. }))
        .await;
    recorder
        .wait_for("connected again", |e| {
            matches!(
                e,
                FlexEvent::ConnectionStateChanged {
                    state: ConnectionState::Connected
                }
            )
        })
        .await;
    assert!(client.token_info().expires_at > flex_now() + 3000);
    // Actions work with the new token.
    client
        .set_current_activity(&env.world.activities.available, false)
        .await
        .unwrap();
    assert!(client.update_token("  ", None).await.is_err());
    assert!(client.update_token(&fresh, Some(" ")).await.is_err());
}

fn flex_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[tokio::test]
async fn a_token_of_another_user_is_refused_and_the_client_stays_its_own() {
    let env = Env::start().await;
    let client = env.agent().await;
    let e = client.update_token(&env.world.users.agent2.token, None).await.unwrap_err();
    assert_eq!(e.code, flex_core::ErrorCode::AccessDeniedError);
    assert_eq!(client.token_info().identity, env.world.users.agent.identity);
    assert_eq!(client.token().access_token.expose(), env.world.users.agent.token);
    client.set_current_activity(&env.world.activities.available, false).await.unwrap();
    // Its own fresh token is still accepted.
    let fresh = env.emulator.mint_token(&env.world.users.agent.worker_sid, Duration::from_secs(3600));
    client.update_token(&fresh, None).await.unwrap();
    client.destroy();
}
