//! SSO sign-in against the emulator: the whole flow, and the failures
//! (wrong verifier, reused code, expired code, tampered token, unknown profile).

use std::sync::Arc;
use std::time::Duration;

use flex_core::{
    exchange_token, validate_token, ClientOptions, ErrorCode, ExchangeTokenParams, FlexClient,
    Secret, SessionOptions,
};
use flex_emulator::EmulatorConfig;
use flex_tests::Env;

fn exchange_params(env: &Env, code: String, verifier: Arc<Secret>, nonce: String) -> ExchangeTokenParams {
    ExchangeTokenParams {
        code: Arc::new(Secret::new(code)),
        code_verifier: verifier,
        nonce,
        sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
        ..Default::default()
    }
}

#[tokio::test]
async fn sso_flow_signs_in_and_creates_a_renewing_client() {
    let env = Env::start().await;
    let details = env.login_details().await;
    assert!(details
        .login_url
        .starts_with(&format!("{}/v1/Flex/Authorize?redirectUrl=flexapp%3A%2F%2Fcallback&nonce=", env.emulator.base_url())));
    // Without a user the identity provider shows its login form.
    let form = reqwest::get(&details.login_url).await.unwrap().text().await.unwrap();
    assert!(form.contains("<form") && form.contains("alice"));

    let (code, state) = env.follow_login(&details.login_url, "alice").await;
    assert_eq!(state, details.state);
    let tokens = exchange_token(
        &exchange_params(&env, code, details.code_verifier, details.nonce),
        &env.service(),
    )
    .await
    .unwrap();
    assert!(tokens.token_info.is_some());
    let data = validate_token(&env.world.account_sid, tokens.access_token.expose(), &env.service())
        .await
        .unwrap();
    assert_eq!(data.identity, "alice");
    assert_eq!(data.worker_sid.as_deref(), Some(env.world.users.agent.worker_sid.as_str()));
    assert_eq!(data.flex_instance_sid.as_deref(), Some(env.world.flex_instance_sid.as_str()));
    assert!(data.realm_user_id.is_some() && data.name_id.is_some() && data.valid);

    let options = ClientOptions {
        session: Some(SessionOptions {
            auto_update_token: true,
            refresh_token: Some(tokens.refresh_token),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            ..SessionOptions::default()
        }),
        ..env.options()
    };
    let client = FlexClient::create(tokens.access_token.expose(), options).await.unwrap();
    assert_eq!(client.token_info().identity, "alice");
    assert_eq!(client.get_worker().unwrap().sid, env.world.users.agent.worker_sid);
    client.destroy();
}

#[tokio::test]
async fn auto_renewal_needs_a_refresh_token() {
    let env = Env::start().await;
    let options = ClientOptions {
        session: Some(SessionOptions { auto_update_token: true, ..SessionOptions::default() }),
        ..env.options()
    };
    let e = FlexClient::create(&env.world.users.agent.token, options).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
}

#[tokio::test]
async fn bad_exchanges_are_refused() {
    let env = Env::start_with(EmulatorConfig {
        auth_code_ttl: Duration::from_secs(1),
        ..Default::default()
    })
    .await;
    // Wrong verifier.
    let d = env.login_details().await;
    let (code, _) = env.follow_login(&d.login_url, "alice").await;
    let wrong = Arc::new(Secret::new("x".repeat(64)));
    let e = exchange_token(&exchange_params(&env, code.clone(), wrong, d.nonce.clone()), &env.service())
        .await
        .unwrap_err();
    assert_eq!(e.http_status, Some(400));
    assert!(e.message.contains("code_verifier"), "{e}");
    // Wrong nonce.
    let e = exchange_token(
        &exchange_params(&env, code.clone(), d.code_verifier.clone(), "nonce".into()),
        &env.service(),
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("nonce"), "{e}");
    // The right one works once; the code cannot be reused.
    let ok = exchange_params(&env, code, d.code_verifier, d.nonce);
    exchange_token(&ok, &env.service()).await.unwrap();
    let e = exchange_token(&ok, &env.service()).await.unwrap_err();
    assert!(e.message.contains("already used"), "{e}");

    // Expired code.
    let d = env.login_details().await;
    let (code, _) = env.follow_login(&d.login_url, "bob").await;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let e = exchange_token(&exchange_params(&env, code, d.code_verifier, d.nonce), &env.service())
        .await
        .unwrap_err();
    assert!(e.message.contains("expired"), "{e}");

    // An unknown SSO profile is BadSsoSettings (70251), passed through.
    let mut p = exchange_params(&env, "c".into(), Arc::new(Secret::from("v")), "n".into());
    p.sso_profile_sid = Some("JBunknown".into());
    let e = exchange_token(&p, &env.service()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::BadSsoSettings);
}

#[tokio::test]
async fn tampered_tokens_do_not_validate() {
    let env = Env::start().await;
    let tokens = env.sso_sign_in("alice").await;
    let mut tampered = tokens.access_token.reveal();
    tampered.push('x');
    let e = validate_token(&env.world.account_sid, &tampered, &env.service())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidAccessToken);
    assert!(validate_token(&env.world.account_sid, " ", &env.service()).await.is_err());
}

#[tokio::test]
async fn refresh_tokens_rotate() {
    let env = Env::start().await;
    let tokens = env.sso_sign_in("alice").await;
    let params = flex_core::RefreshTokenParams {
        refresh_token: tokens.refresh_token.clone(),
        sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
        ..Default::default()
    };
    let next = flex_core::refresh_token(&params, &env.service()).await.unwrap();
    assert_ne!(next.refresh_token, tokens.refresh_token);
    let e = flex_core::refresh_token(&params, &env.service()).await.unwrap_err();
    assert_eq!(e.http_status, Some(400));
}
