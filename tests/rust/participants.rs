//! Task participants: the listener sees the agent join on accept and leave on
//! complete; the participants list has the customer and the agent.

use std::sync::{Arc, Mutex};

use flex_core::{ErrorCode, ParticipantEventKind, ParticipantType, TaskParticipantEvent};
use flex_tests::{available_agent, Env, WAIT};
use serde_json::json;

#[tokio::test]
async fn participant_events_and_list() {
    let env = Env::start().await;
    let (client, recorder, _h) = available_agent(&env).await;
    let task_sid = env.create_task("chat", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;

    let seen: Arc<Mutex<Vec<TaskParticipantEvent>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let handle = client
        .add_task_participant_listener(
            &task_sid,
            Arc::new(move |e: TaskParticipantEvent| sink.lock().unwrap().push(e)),
        )
        .unwrap();
    let reservation = client.accept_task(&task_sid).await.unwrap();

    let list = client.get_task_participants(&task_sid).await.unwrap();
    let kinds: Vec<ParticipantType> = list.iter().map(|p| p.participant_type).collect();
    assert_eq!(kinds, [ParticipantType::Customer, ParticipantType::Agent]);
    let agent = &list[1];
    assert_eq!(agent.channel_type, "chat");
    let routing = agent.routing_properties.as_ref().unwrap();
    assert_eq!(routing.task_sid, task_sid);
    assert_eq!(routing.reservation_sid.as_deref(), Some(reservation.sid.as_str()));
    assert_eq!(routing.worker_sid.as_deref(), Some(env.world.users.agent.worker_sid.as_str()));

    client.wrap_up_task(&task_sid).await.unwrap();
    client.complete_task(&task_sid, None).await.unwrap();
    let start = std::time::Instant::now();
    let kinds = loop {
        let kinds: Vec<ParticipantEventKind> = seen.lock().unwrap().iter().map(|e| e.kind).collect();
        if kinds.len() >= 3 || start.elapsed() > WAIT {
            break kinds;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(
        kinds,
        [ParticipantEventKind::Added, ParticipantEventKind::Modified, ParticipantEventKind::Removed]
    );
    let first = seen.lock().unwrap()[0].clone();
    assert_eq!(first.participant.participant_sid, agent.participant_sid);
    assert!(first.task.is_some());
    handle.remove();

    let e = client
        .add_task_participant_listener("WTnone", Arc::new(|_e: TaskParticipantEvent| {}))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TaskReservationNotFound);
}
