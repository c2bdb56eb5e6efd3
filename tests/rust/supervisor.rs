//! Supervisor actions on another worker, and AccessDenied for an agent.

use flex_core::{ErrorCode, FlexClient};
use flex_tests::Env;
use serde_json::json;

#[tokio::test]
async fn supervisor_changes_the_agents_worker() {
    let env = Env::start().await;
    let sup = FlexClient::create(&env.world.users.supervisor.token, env.options())
        .await
        .unwrap();
    let alice = &env.world.users.agent.worker_sid;
    let w = sup
        .set_worker_activity(alice, &env.world.activities.available, false)
        .await
        .unwrap();
    assert_eq!(w.activity_sid, env.world.activities.available);
    assert!(w.available);
    // Already current on the TARGET: a no-op (the supervisor itself is Offline).
    let again = sup
        .set_worker_activity(alice, &env.world.activities.available, false)
        .await
        .unwrap();
    assert_eq!(again.version, w.version);

    let before = sup.get_workspace().fetch_worker_info(alice).await.unwrap().attributes;
    let w = sup
        .set_worker_attributes(alice, json!({"skills": {"extra": 1}}), true)
        .await
        .unwrap();
    assert_eq!(w.attributes["contact_uri"], before["contact_uri"], "merged onto the target");
    assert_eq!(w.attributes["skills"]["extra"], 1);
    assert!(sup.get_worker().unwrap().attributes.get("skills").is_none_or(|s| s.get("extra").is_none()));

    let e = sup
        .set_worker_activity("WKnope", &env.world.activities.offline, false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::FailedToSetWorkerActivityBySupervisor);
    let e = sup.set_worker_attributes(alice, json!("x"), false).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
}

#[tokio::test]
async fn agent_token_is_denied_without_a_request() {
    let env = Env::start().await;
    let agent = env.agent().await;
    let bob = &env.world.users.agent2.worker_sid;
    let e = agent
        .set_worker_activity(bob, &env.world.activities.available, false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::AccessDeniedError);
    let e = agent.set_worker_attributes(bob, json!({}), true).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::AccessDeniedError);
}
