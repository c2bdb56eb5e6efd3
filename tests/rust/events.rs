//! Listeners: order, removal, panics.

use std::sync::{Arc, Mutex};

use flex_core::{FlexEvent, FlexListener};
use flex_tests::{Env, Recorder};

fn activity_sids(events: &[FlexEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            FlexEvent::WorkerActivityUpdated { worker } => Some(worker.activity_sid.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn listeners_see_events_in_order_and_survive_a_panicking_listener() {
    let env = Env::start().await;
    let client = env.agent().await;
    let _panicky = client.add_listener(Arc::new(|_e: FlexEvent| panic!("listener bug")));
    let (first, _h1) = Recorder::attach(&client);
    let (second, _h2) = Recorder::attach(&client);

    let a = &env.world.activities;
    let sequence = [&a.available, &a.unavailable, &a.r#break, &a.available];
    for sid in sequence {
        client.set_current_activity(sid, false).await.unwrap();
    }
    let last = sequence.len();
    for rec in [&first, &second] {
        let events = rec
            .wait_until("every activity update", |events| {
                activity_sids(events).len() >= last
            })
            .await;
        let got = activity_sids(&events);
        let want: Vec<String> = sequence.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, want);
    }
}

#[tokio::test]
async fn removed_and_dropped_listeners_get_nothing_more() {
    let env = Env::start().await;
    let client = env.agent().await;
    let removed = Arc::new(Mutex::new(0));
    let dropped = Arc::new(Mutex::new(0));
    let counter = |c: &Arc<Mutex<i32>>| -> Arc<dyn FlexListener> {
        let c = Arc::clone(c);
        Arc::new(move |_e: FlexEvent| *c.lock().unwrap() += 1)
    };
    let handle = client.add_listener(counter(&removed));
    handle.remove();
    handle.remove();
    drop(client.add_listener(counter(&dropped)));
    let (witness, _h) = Recorder::attach(&client);

    client
        .set_current_activity(&env.world.activities.available, false)
        .await
        .unwrap();
    witness
        .wait_for("activity update", |e| {
            matches!(e, FlexEvent::WorkerActivityUpdated { .. })
        })
        .await;
    drop(handle);
    assert_eq!(*removed.lock().unwrap(), 0);
    assert_eq!(*dropped.lock().unwrap(), 0);
}
