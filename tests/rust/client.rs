//! Client creation, bad input, destroy.

use std::time::{Duration, Instant};

use flex_core::{ClientOptions, ConnectionState, ErrorCode, FlexClient, FlexEvent};
use flex_tests::{Env, Recorder};

#[tokio::test]
async fn create_loads_the_worker() {
    let env = Env::start().await;
    let client = env.agent().await;
    let agent = &env.world.users.agent;
    assert_eq!(client.connection_state(), ConnectionState::Connected);

    let info = client.token_info();
    assert_eq!(info.identity, agent.identity);
    assert_eq!(info.worker_sid.as_deref(), Some(agent.worker_sid.as_str()));
    assert_eq!(info.account_sid, env.world.account_sid);
    assert_eq!(
        info.flex_user_sid.as_deref(),
        Some(agent.flex_user_sid.as_str())
    );
    assert!(info.roles.contains(&"agent".to_string()));
    assert!(info.expires_at > 0);

    let worker = client.get_worker().unwrap();
    assert_eq!(worker.sid, agent.worker_sid);
    assert_eq!(worker.workspace_sid, env.world.workspace_sid);
    assert_eq!(worker.activity_sid, env.world.activities.offline);
    assert!(!worker.available);
    assert_eq!(worker.attributes["contact_uri"], agent.contact_uri.as_str());
    assert_eq!(worker.activities.len(), 4);
    assert_eq!(worker.activities.iter().filter(|a| a.is_current).count(), 1);
    assert!(!worker.channels.is_empty());
    assert!(worker.reservations.is_empty());
    assert!(!format!("{client:?}").contains(&agent.token));
    client.destroy();
}

#[tokio::test]
async fn empty_blank_and_malformed_tokens_fail() {
    let env = Env::start().await;
    for token in ["", "   \t"] {
        let e = FlexClient::create(token, env.options()).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParams, "{token:?}");
    }
    let e = FlexClient::create("not-a-token", env.options())
        .await
        .unwrap_err();
    assert!(e.twilio_code.is_some(), "{e:?}");
    assert_eq!(e.http_status, Some(401), "{e:?}");
}

#[tokio::test]
async fn expired_token_fails_with_the_twilio_code() {
    let env = Env::start().await;
    let token = env
        .emulator
        .mint_token(&env.world.users.agent.worker_sid, Duration::from_secs(1));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let e = FlexClient::create(&token, env.options()).await.unwrap_err();
    assert_eq!(e.twilio_code, Some(20104), "{e:?}");
    assert_eq!(e.code, ErrorCode::AccessTokenExpired);
}

#[tokio::test]
async fn a_server_that_is_not_there_fails_quickly() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let options = ClientOptions {
        endpoint_override: Some(format!("http://127.0.0.1:{port}")),
        ..ClientOptions::default()
    };
    let started = Instant::now();
    let e = FlexClient::create("some-token", options).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NetworkError, "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_rejected() {
    let options = ClientOptions {
        endpoint_override: Some("http://example.com".into()),
        ..ClientOptions::default()
    };
    let e = FlexClient::create("some-token", options).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
}

#[tokio::test]
async fn calls_after_destroy_fail_with_invalid_state() {
    let env = Env::start().await;
    let client = env.agent().await;
    let (recorder, _handle) = Recorder::attach(&client);
    client.destroy();
    client.destroy();
    recorder
        .wait_for("ClientDestroyed", |e| {
            matches!(e, FlexEvent::ClientDestroyed)
        })
        .await;
    assert_eq!(client.connection_state(), ConnectionState::Disconnected);
    let destroyed = |code: ErrorCode| assert_eq!(code, ErrorCode::InvalidState);
    destroyed(client.get_worker().unwrap_err().code);
    destroyed(
        client
            .set_current_activity(&env.world.activities.available, false)
            .await
            .unwrap_err()
            .code,
    );
    destroyed(
        client
            .set_attributes(serde_json::json!({}), true)
            .await
            .unwrap_err()
            .code,
    );
    destroyed(client.accept_task("WT1").await.unwrap_err().code);
    destroyed(client.reject_task("WT1", None).await.unwrap_err().code);
    destroyed(client.wrap_up_task("WT1").await.unwrap_err().code);
    destroyed(client.complete_task("WT1", None).await.unwrap_err().code);
    destroyed(
        client
            .update_token(&env.world.users.agent.token, None)
            .await
            .unwrap_err()
            .code,
    );
    let destroyed_events = recorder
        .events()
        .iter()
        .filter(|e| matches!(e, FlexEvent::ClientDestroyed))
        .count();
    assert_eq!(destroyed_events, 1);
}
