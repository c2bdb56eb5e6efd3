//! SSO endpoints: authentication config, authorize (form and redirect), the
//! OAuth grants (PKCE, single-use codes, rotating refresh tokens, maximum
//! session lifetime), the fail-refresh hook, and renewal keeping sockets open.

mod common;

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::*;
use flex_emulator::{EmulatorConfig, World};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const VERIFIER: &str = "verifier-verifier-verifier-verifier-verifier-verifier";

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn authorize_url(world: &World, extra: &str) -> String {
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    format!(
        "{}/v1/Flex/Authorize?redirectUrl=app%3A%2F%2Fcb&nonce=n1&codeChallenge={challenge}&state=s1&ssoProfileSid={}{extra}",
        world.base_url, world.sso_profile_sid
    )
}

/// Signs in `identity`; returns the code.
async fn code(world: &World, identity: &str) -> String {
    let resp = no_redirects()
        .get(authorize_url(world, &format!("&login_hint={identity}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("app://cb?code="), "{location}");
    assert!(location.ends_with("&state=s1"));
    location["app://cb?code=".len()..location.len() - "&state=s1".len()].to_string()
}

async fn tokens(world: &World, body: Value) -> (StatusCode, Value) {
    let resp = http()
        .post(format!("{}/v1/Flex/OAuth/Tokens", world.base_url))
        .json(&body)
        .send()
        .await
        .unwrap();
    read(resp).await
}

fn exchange_body(world: &World, code: &str) -> Value {
    json!({"grant_type": "AuthorizationCode", "code": code, "code_verifier": VERIFIER,
           "nonce": "n1", "sso_profile_sid": world.sso_profile_sid})
}

fn refresh_body(world: &World, refresh: &Value) -> Value {
    json!({"grant_type": "RefreshToken", "refresh_token": refresh, "sso_profile_sid": world.sso_profile_sid})
}

#[tokio::test]
async fn authentication_config_filters() {
    let emu = start().await;
    let w = emu.world();
    let url = |q: &str| format!("{}/v1/Flex/Authentication/Config?{q}", w.base_url);
    let (status, body) = read(
        http()
            .get(url(&format!(
                "AccountSid={}&FlexInstanceSid=&RuntimeDomain=&SSOProfileSid=&AppType=MobileApp",
                w.account_sid
            )))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let item = &body["config_list"][0];
    assert_eq!(item["connection_name"], w.sso_profile_sid.as_str());
    assert_eq!(item["client_id"], w.client_id.as_str());
    assert_eq!(item["app_type"], "MobileApp");
    assert_eq!(item["active"], true);
    let (_, body) = read(
        http()
            .get(url(&format!("RuntimeDomain={}", w.runtime_domain)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["config_list"].as_array().unwrap().len(), 1);
    let (_, body) = read(
        http()
            .get(url("SSOProfileSid=JBother"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["config_list"], json!([]));
    let (status, _) = read(http().get(url("AccountSid=")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn authorize_checks_params_and_shows_a_form() {
    let emu = start().await;
    let w = emu.world();
    let form = http().get(authorize_url(&w, "")).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let html = form.text().await.unwrap();
    assert!(html.contains(r#"name="login_hint""#) && html.contains(r#"name="codeChallenge""#));
    let missing = authorize_url(&w, "").replace("nonce=n1&", "");
    assert_eq!(
        http().get(missing).send().await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    let (status, body) = read(
        http()
            .get(authorize_url(&w, "").replace(&w.sso_profile_sid, "JBx"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(70251))
    );
    let (status, _) = read(
        http()
            .get(authorize_url(&w, "&login_hint=mallory"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn codes_are_pkce_checked_and_single_use() {
    let emu = start().await;
    let w = emu.world();
    let c = code(&w, "alice").await;
    let mut wrong = exchange_body(&w, &c);
    wrong["code_verifier"] = json!("nope");
    assert_eq!(tokens(&w, wrong).await.0, StatusCode::BAD_REQUEST);
    let (status, body) = tokens(&w, exchange_body(&w, &c)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_info"]["identity"], "alice");
    assert!(body["refresh_token"].is_string());
    let (status, body) = tokens(&w, exchange_body(&w, &c)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().contains("already used"));
    // Tokens/Info answers the SSO fields.
    let (status, info) = read(
        http()
            .post(format!(
                "{}/v1/Accounts/{}/Tokens/Info",
                w.base_url, w.account_sid
            ))
            .form(&[("Token", body_token(&w, "bob").await.as_str())])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for key in [
        "expiration",
        "identity",
        "roles",
        "worker_sid",
        "flex_instance_sid",
        "account_sid",
        "permissions",
        "flex_user_sid",
        "name_id",
        "realm_user_id",
        "valid",
    ] {
        assert!(info.get(key).is_some(), "{key}");
    }
}

async fn body_token(w: &World, identity: &str) -> String {
    let c = code(w, identity).await;
    tokens(w, exchange_body(w, &c)).await.1["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn refresh_rotates_fails_on_demand_and_stops_at_the_max_lifetime() {
    let emu = start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(2),
        max_session_lifetime: Duration::from_secs(3),
        ..Default::default()
    })
    .await;
    let w = emu.world();
    let c = code(&w, "alice").await;
    let (_, first) = tokens(&w, exchange_body(&w, &c)).await;
    let hook = http()
        .post(format!("{}/_emulator/fail-refresh", w.base_url))
        .json(&json!({"count": 1, "status": 503}))
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), StatusCode::NO_CONTENT);
    let (status, _) = tokens(&w, refresh_body(&w, &first["refresh_token"])).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, second) = tokens(&w, refresh_body(&w, &first["refresh_token"])).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = tokens(&w, refresh_body(&w, &first["refresh_token"])).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the old refresh token is dead"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (_, third) = tokens(&w, refresh_body(&w, &second["refresh_token"])).await;
    let (_, fourth) = tokens(&w, refresh_body(&w, &third["refresh_token"])).await;
    assert_eq!(
        third["token_info"]["expiration"], fourth["token_info"]["expiration"],
        "capped by the session"
    );
}

#[tokio::test]
async fn a_renewed_session_keeps_its_socket_open() {
    let emu = start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(3),
        heartbeat_interval: Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let w = emu.world();
    let c = code(&w, "alice").await;
    let t0 = tokio::time::Instant::now();
    let (_, first) = tokens(&w, exchange_body(&w, &c)).await;
    let (mut socket, _) = Socket::connect(&w, first["access_token"].as_str().unwrap(), "").await;
    let (_, next) = tokens(&w, refresh_body(&w, &first["refresh_token"])).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (_, renewed) = tokens(&w, refresh_body(&w, &next["refresh_token"])).await;
    let info = http()
        .post(format!(
            "{}/v1/Accounts/{}/Tokens/Info",
            w.base_url, w.account_sid
        ))
        .form(&[("Token", renewed["access_token"].as_str().unwrap())])
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), StatusCode::OK);
    // Past the first token's expiry (≤ t0 + 3 s; the renewed one ≥ t0 + 4 s) the socket stays open.
    let until = t0 + Duration::from_millis(3500);
    while tokio::time::Instant::now() < until {
        let frame = socket.next_frame().await.expect("socket open");
        assert!(frame.is_ok(), "socket closed: {frame:?}");
    }
}
