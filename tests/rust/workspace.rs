//! Workspace queries: workers (paged, filtered), queues, tasks.

use flex_core::{ErrorCode, TaskQueuesFilter, WorkersFilter};
use flex_tests::Env;
use serde_json::json;

#[tokio::test]
async fn workers_and_queues_across_pages() {
    let env = Env::start().await;
    for i in 0..4 {
        env.taskrouter_post("Workers", &[("FriendlyName", &format!("extra{i}")), ("Attributes", r#"{"team":"x"}"#)])
            .await;
    }
    let client = env.agent().await;
    let ws = client.get_workspace();
    let all = ws
        .fetch_workers_info(WorkersFilter { page_size: Some(2), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(all.len(), 7, "3 seeded + 4 created, over 4 pages");
    let team = ws
        .fetch_workers_info(WorkersFilter {
            target_workers_expression: Some("team == 'x'".into()),
            page_size: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(team.len(), 4);
    let bob = ws
        .fetch_workers_info(WorkersFilter { friendly_name: Some("bob".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(bob.len(), 1);
    assert_eq!(bob[0].sid, env.world.users.agent2.worker_sid);
    let one = ws.fetch_worker_info(&bob[0].sid).await.unwrap();
    assert_eq!(one.attributes["contact_uri"], "client:bob");

    let queues = ws
        .fetch_task_queues(TaskQueuesFilter { page_size: Some(1), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(queues.len(), 2);
    let voice = ws.fetch_task_queue(&env.world.queues.voice).await.unwrap();
    assert_eq!(voice.target_workers, "1==1");

    let task_sid = env.create_task("chat", json!({"a": 1})).await;
    let task = ws.fetch_task(&task_sid).await.unwrap();
    assert_eq!(task.attributes["a"], 1);

    assert_eq!(ws.fetch_task("WTnope").await.unwrap_err().http_status, Some(404));
    let e = ws
        .fetch_workers_info(WorkersFilter { page_size: Some(0), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParams);
}
