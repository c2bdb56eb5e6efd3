//! The log listener receives the SDK's records, with no secret in them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flex_core::logging::{self, LogRecord};
use flex_core::{ClientOptions, FlexClient, LogLevel, SessionOptions};
use flex_emulator::EmulatorConfig;
use flex_tests::Env;

#[tokio::test]
async fn records_reach_the_listener_redacted() {
    let records: Arc<Mutex<Vec<(LogRecord, String)>>> = Arc::default();
    let sink = Arc::clone(&records);
    logging::set_log_level(LogLevel::Trace);
    logging::set_log_listener(Arc::new(move |r: LogRecord| {
        let thread = std::thread::current().name().unwrap_or("").to_string();
        sink.lock().unwrap().push((r, thread));
    }));

    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(4),
        ..Default::default()
    })
    .await;
    let details = env.login_details().await;
    let (code, _) = env.follow_login(&details.login_url, "alice").await;
    let tokens = flex_core::exchange_token(
        &flex_core::ExchangeTokenParams {
            code: Arc::new(flex_core::Secret::new(code.clone())),
            code_verifier: details.code_verifier.clone(),
            nonce: details.nonce.clone(),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            ..Default::default()
        },
        &env.service(),
    )
    .await
    .unwrap();
    let options = ClientOptions {
        session: Some(SessionOptions {
            auto_update_token: true,
            refresh_token: Some(tokens.refresh_token.clone()),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            refresh_margin_ms: 3000,
            check_interval_ms: 300,
            ..SessionOptions::default()
        }),
        ..env.options()
    };
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let current = client.token_info();
    // A careless record: every kind of secret, as raw text, in the message and in fields.
    let (t, refresh, verifier) = (tokens.access_token.expose(), tokens.refresh_token.expose(), details.code_verifier.expose());
    tracing::warn!(target: "flex_core::test", token = %t, refresh_token = %refresh,
        url = %format!("wss://x/v1/wschannels?token={t}&clientVersion=2.1.1"),
        "leak? {t} code={code} code_verifier={verifier} refresh_token={refresh}");
    client.destroy();
    tokio::time::sleep(Duration::from_millis(300)).await;
    logging::remove_log_listener();

    let got = records.lock().unwrap().clone();
    assert!(got.iter().any(|(r, _)| r.target == "flex_core::session" && r.message == "token renewed"));
    assert!(got.iter().all(|(_, thread)| thread == "flex-log"), "delivered on the log thread");
    let leak = got.iter().find(|(r, _)| r.target == "flex_core::test").expect("test record");
    assert_eq!(leak.0.level, LogLevel::Warn);
    assert!(leak.0.fields.iter().any(|f| f.name == "url" && f.value.contains("clientVersion=2.1.1")));
    let secrets = [t, refresh, &code, verifier];
    for (r, _) in &got {
        let text = format!("{} {:?}", r.message, r.fields);
        for s in secrets {
            assert!(!text.contains(s), "secret in {text}");
        }
        assert!(!text.contains(&current.identity) || !text.contains("eyJ"), "{text}");
    }
}
