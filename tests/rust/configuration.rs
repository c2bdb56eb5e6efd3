//! The configuration functions against the emulator.

use flex_core::{
    get_account_config, get_features_config, get_public_config, set_account_config, ErrorCode,
    PublicConfigQuery,
};
use flex_tests::Env;
use serde_json::json;

#[tokio::test]
async fn public_account_and_features_configuration() {
    let env = Env::start().await;
    let service = env.service();
    let by_account = get_public_config(&PublicConfigQuery::AccountSid { account_sid: env.world.account_sid.clone() }, &service)
        .await
        .unwrap();
    assert_eq!(by_account.account_sid, env.world.account_sid);
    assert_eq!(by_account.runtime_domain, env.world.runtime_domain);
    let bare = env.world.runtime_domain.trim_end_matches(".twil.io").to_string();
    let by_domain = get_public_config(&PublicConfigQuery::RuntimeDomain { runtime_domain: bare }, &service).await.unwrap();
    assert_eq!(by_domain, by_account);
    let none = get_public_config(&PublicConfigQuery::AccountSid { account_sid: "ACnope".into() }, &service)
        .await
        .unwrap_err();
    assert_eq!(none.code, ErrorCode::InvalidResponseFromPublicConfig);

    let token = &env.world.users.supervisor.token;
    let config = get_account_config(token, Some("3.0.0"), &service).await.unwrap();
    assert_eq!(config["account_sid"], env.world.account_sid.as_str());
    let bad = get_account_config("not-a-token", None, &service).await.unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidAccessToken);

    let update = json!({"uiAttributes": {"theme": "dark"}, "ui_language": "fr"});
    let updated = set_account_config(&env.world.account_sid, token, update.as_object().unwrap(), &service)
        .await
        .unwrap();
    assert_eq!(updated["ui_attributes"], json!({"theme": "dark"}));
    let again = get_account_config(token, None, &service).await.unwrap();
    assert_eq!(again["ui_language"], "fr");
    let rejected = json!({"uiAttributes": {}, "secretSauce": true});
    let e = set_account_config(&env.world.account_sid, token, rejected.as_object().unwrap(), &service)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
    assert!(e.message.contains("secretSauce"));

    let features = get_features_config(token, Some("3.0.0"), &service).await.unwrap();
    assert!(features.features.iter().any(|f| f.id == "flex-sdk-v3-telemetry"));
    let e = get_features_config("bad", None, &service).await.unwrap_err();
    assert_ne!(e.code, ErrorCode::UnexpectedError);
}

#[tokio::test]
async fn an_unreachable_service_is_a_downstream_error() {
    let service = flex_core::ServiceOptions {
        endpoint_override: Some("http://127.0.0.1:1".into()),
        request_timeout_ms: 2000,
        ..Default::default()
    };
    let e = get_public_config(&PublicConfigQuery::AccountSid { account_sid: "AC1".into() }, &service)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::DownstreamServiceError);
}
