//! Public REST (TaskRouter v1, Flex, users, hooks): shapes, paging, errors, auth.

mod common;

use base64::Engine;
use common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn is_iso(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    s.len() == 20 && s.ends_with('Z') && &s[10..11] == "T"
}

#[tokio::test]
async fn workers_are_paged_with_working_next_page_urls() {
    let emu = start().await;
    let world = emu.world();
    let (status, page) = admin_get(&world, &ws_path(&world, "Workers?PageSize=2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["workers"].as_array().unwrap().len(), 2);
    assert_eq!(page["meta"]["key"], "workers");
    assert_eq!(page["meta"]["page_size"], 2);
    let next = page["meta"]["next_page_url"]
        .as_str()
        .expect("a next page")
        .to_string();
    let (status, second) = admin_get(&world, &next).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["workers"].as_array().unwrap().len(), 1);
    assert!(second["meta"]["next_page_url"].is_null());
    assert!(second["meta"]["previous_page_url"].is_string());
}

#[tokio::test]
async fn worker_shape_is_public_rest() {
    let emu = start().await;
    let world = emu.world();
    let agent = &world.users.agent;
    let (status, w) = admin_get(
        &world,
        &ws_path(&world, &format!("Workers/{}", agent.worker_sid)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(w["sid"], agent.worker_sid.as_str());
    assert_eq!(w["activity_sid"], world.activities.offline.as_str());
    assert_eq!(w["activity_name"], "Offline");
    assert_eq!(w["available"], false);
    assert!(is_iso(&w["date_created"]) && is_iso(&w["date_status_changed"]));
    let attrs: Value = serde_json::from_str(w["attributes"].as_str().unwrap()).unwrap();
    assert_eq!(attrs["contact_uri"], "client:alice");
    assert!(w["url"].as_str().unwrap().starts_with(&world.base_url));
    assert!(w["links"]["reservations"].is_string());
    let (_, channels) = admin_get(
        &world,
        &ws_path(&world, &format!("Workers/{}/Channels", agent.worker_sid)),
    )
    .await;
    let chat = channels["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["task_channel_unique_name"] == "chat")
        .cloned();
    assert_eq!(chat.unwrap()["configured_capacity"], 2);
}

#[tokio::test]
async fn create_update_delete_and_errors() {
    let emu = start().await;
    let world = emu.world();
    let (status, a) = admin_post(
        &world,
        &ws_path(&world, "Activities"),
        &[("FriendlyName", "Lunch"), ("Available", "false")],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let sid = a["sid"].as_str().unwrap().to_string();
    assert!(sid.starts_with("WA") && sid.len() == 34);
    let response = http()
        .delete(format!(
            "{}{}",
            world.base_url,
            ws_path(&world, &format!("Activities/{sid}"))
        ))
        .basic_auth(&world.account_sid, Some(&world.auth_token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, err) = admin_get(&world, &ws_path(&world, &format!("Activities/{sid}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["code"], 20404);
    assert_eq!(err["status"], 404);
    assert!(err["more_info"].as_str().unwrap().ends_with("20404"));

    let worker = format!("Workers/{}", world.users.agent.worker_sid);
    let (status, err) = admin_post(
        &world,
        &ws_path(&world, &worker),
        &[("ActivitySid", "WAnope")],
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(20001))
    );
    let (status, err) = admin_post(
        &world,
        &ws_path(&world, &worker),
        &[("Attributes", "{not json")],
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(20001))
    );
    let (status, err) = admin_get(&world, &ws_path(&world, "Workers/WKmissing")).await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(20404))
    );
    let (status, err) = admin_get(&world, "/v1/Workspaces/WSnope/Workers").await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(20404))
    );
    let (status, err) =
        admin_post(&world, &ws_path(&world, &worker), &[("Attributes", "{}")]).await;
    assert_eq!(status, StatusCode::OK, "{err}");
    let response = http()
        .post(format!("{}{}", world.base_url, ws_path(&world, &worker)))
        .basic_auth(&world.account_sid, Some(&world.auth_token))
        .header("If-Match", "999")
        .form(&[("FriendlyName", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn basic_auth_failures_answer_20003() {
    let emu = start().await;
    let world = emu.world();
    let url = format!("{}{}", world.base_url, ws_path(&world, "Workers"));
    let (status, err) = read(
        http()
            .get(&url)
            .basic_auth(&world.account_sid, Some("wrong"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(20003))
    );
    let (status, err) = read(http().get(&url).send().await.unwrap()).await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(20003))
    );
}

#[tokio::test]
async fn tasks_queue_filter_and_cancel() {
    let emu = start().await;
    let world = emu.world();
    let sid = create_task(&world, "voice").await;
    let (_, task) = admin_get(&world, &ws_path(&world, &format!("Tasks/{sid}"))).await;
    assert_eq!(task["assignment_status"], "pending");
    assert_eq!(task["task_queue_sid"], world.queues.voice.as_str());
    assert_eq!(task["task_channel_unique_name"], "voice");
    let (_, list) = admin_get(&world, &ws_path(&world, "Tasks?AssignmentStatus=pending")).await;
    assert_eq!(list["tasks"].as_array().unwrap().len(), 1);
    let (_, list) = admin_get(&world, &ws_path(&world, "Tasks?AssignmentStatus=assigned")).await;
    assert!(list["tasks"].as_array().unwrap().is_empty());
    let chat = create_task(&world, "chat").await;
    assert_eq!(task_status(&world, &chat).await, "pending");
    let (_, chat_task) = admin_get(&world, &ws_path(&world, &format!("Tasks/{chat}"))).await;
    assert_eq!(chat_task["task_queue_sid"], world.queues.chat.as_str());
    let (status, err) = admin_post(
        &world,
        &ws_path(&world, &format!("Tasks/{sid}")),
        &[("AssignmentStatus", "completed")],
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(20001))
    );
    let (status, task) = admin_post(
        &world,
        &ws_path(&world, &format!("Tasks/{sid}")),
        &[
            ("AssignmentStatus", "canceled"),
            ("Reason", "caller hung up"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(task["assignment_status"], "canceled");
    assert_eq!(task["reason"], "caller hung up");
}

#[tokio::test]
async fn flex_rest_endpoints() {
    let emu = start().await;
    let world = emu.world();
    let token = &world.users.agent.token;
    let basic = format!(
        "Basic {})",
        base64::engine::general_purpose::STANDARD.encode(format!("token:{token}"))
    );
    let response = http()
        .get(format!(
            "{}/v1/Configuration?UiVersion=undefined",
            world.base_url
        ))
        .header("Authorization", &basic)
        .send()
        .await
        .unwrap();
    let (status, config) = read(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(config["account_sid"], world.account_sid.as_str());
    assert_eq!(
        config["taskrouter_offline_activity_sid"],
        world.activities.offline.as_str()
    );
    assert_eq!(
        config["outbound_call_flows"]["default"]["workflow_sid"],
        world.workflow_sid.as_str()
    );

    let (status, config) = read(
        http()
            .post(format!("{}/v1/Configuration", world.base_url))
            .header("Authorization", &basic)
            .json(&serde_json::json!({"account_sid": world.account_sid, "ui_language": "fr"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, config["ui_language"].as_str()),
        (StatusCode::OK, Some("fr"))
    );

    let url = format!(
        "{}/v1/Configuration/Public?AccountSid={}",
        world.base_url, world.account_sid
    );
    let (status, public) = read(http().get(url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        public["configurations"][0]["account_sid"],
        world.account_sid.as_str()
    );

    let url = format!(
        "{}/v1/Accounts/{}/Tokens/Info",
        world.base_url, world.account_sid
    );
    let (status, info) = read(
        http()
            .post(&url)
            .header("Authorization", &basic)
            .form(&[("Token", token)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info["identity"], "alice");
    assert_eq!(info["worker_sid"], world.users.agent.worker_sid.as_str());
    assert_eq!(
        info["flex_user_sid"],
        world.users.agent.flex_user_sid.as_str()
    );
    assert_eq!(info["roles"], serde_json::json!(["agent"]));
    assert!(is_iso(&info["expiration"]));
    let (status, err) = read(
        http()
            .post(&url)
            .form(&[("Token", "garbage")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(20101))
    );

    let (status, session) = read(
        http()
            .get(format!("{}/api/v1/Session", world.base_url))
            .header("x-flex-jwe", token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(session["features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "flex-sdk-v3-telemetry"));
}

#[tokio::test]
async fn flex_users_and_user_tokens() {
    let emu = start().await;
    let world = emu.world();
    let base = format!("/v4/Instances/{}/Users", world.flex_instance_sid);
    let (status, users) = admin_get(&world, &format!("{base}?PageSize=2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(users["meta"]["key"], "users");
    assert_eq!(users["users"].as_array().unwrap().len(), 2);
    let sam = &world.users.supervisor;
    let (_, user) = admin_get(&world, &format!("{base}/{}", sam.flex_user_sid)).await;
    assert_eq!(user["worker_sid"], sam.worker_sid.as_str());
    let response = http()
        .post(format!(
            "{}{base}/{}/Tokens",
            world.base_url, sam.flex_user_sid
        ))
        .basic_auth(&world.account_sid, Some(&world.auth_token))
        .json(&serde_json::json!({"ttl": 600}))
        .send()
        .await
        .unwrap();
    let (status, minted) = read(response).await;
    assert_eq!(status, StatusCode::OK, "{minted}");
    assert_eq!(minted["token_info"]["identity"], "sam");
    assert!(minted["token_info"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "supervisor"));
    let token = minted["access_token"].as_str().unwrap();
    let (status, _) = tunnel(
        &world,
        token,
        "GET",
        &format!("Workspaces/{}/Activities", world.workspace_sid),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn test_hooks_and_unknown_routes() {
    let emu = start().await;
    let world = emu.world();
    let (status, body) = read(
        http()
            .get(format!("{}/_emulator/world", world.base_url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::to_value(&world).unwrap());
    assert!(body["activities"]["break"]
        .as_str()
        .unwrap()
        .starts_with("WA"));
    let (status, minted) = read(
        http()
            .post(format!("{}/_emulator/tokens", world.base_url))
            .json(&serde_json::json!({"worker_sid": world.users.agent2.worker_sid, "ttl_secs": 60}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(minted["token"].as_str().unwrap().split('.').count() == 3);
    let (status, err) = read(
        http()
            .get(format!("{}/nope", world.base_url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(20404))
    );
}

#[tokio::test]
async fn task_ttl_cancels_unassigned_tasks() {
    let emu = start().await;
    let world = emu.world();
    let (status, task) = admin_post(
        &world,
        &ws_path(&world, "Tasks"),
        &[
            ("WorkflowSid", world.workflow_sid.as_str()),
            ("TaskChannel", "voice"),
            ("Timeout", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let sid = task["sid"].as_str().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (_, task) = admin_get(&world, &ws_path(&world, &format!("Tasks/{sid}"))).await;
    assert_eq!(task["assignment_status"], "canceled");
    assert_eq!(task["reason"], "Task TTL Exceeded");
}
