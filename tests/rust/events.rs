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

/// A listener that blocks: its client's queue fills up to the configured
/// capacity, newer events are dropped and then reported once with their count,
/// in place; another client's listener keeps getting its events meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_listener_overflows_its_bounded_queue_visibly_and_blocks_no_one_else() {
    let env = Env::start().await;
    let options = flex_core::ClientOptions { event_queue_capacity: 4, ..env.options() };
    let slow = flex_core::FlexClient::create(&env.world.users.agent.token, options).await.unwrap();
    let other = flex_core::FlexClient::create(&env.world.users.agent2.token, env.options()).await.unwrap();
    let (gate_tx, gate_rx) = std::sync::mpsc::channel::<()>();
    let gate = Mutex::new(gate_rx);
    let got: Arc<Mutex<Vec<FlexEvent>>> = Arc::default();
    let sink = Arc::clone(&got);
    let _blocked = slow.add_listener(Arc::new(move |e: FlexEvent| {
        if sink.lock().unwrap().is_empty() {
            // Blocks the client's delivery on its first event until the test opens the gate.
            let _ = gate.lock().unwrap().recv();
        }
        sink.lock().unwrap().push(e);
    }));
    let (watcher, _h) = Recorder::attach(&other);

    let a = &env.world.activities;
    let changes = 12;
    for i in 0..changes {
        let sid = if i % 2 == 0 { &a.r#break } else { &a.available };
        slow.set_current_activity(sid, false).await.unwrap();
    }
    // The other client is served while the slow one's listener is blocked.
    other.set_current_activity(&a.r#break, false).await.unwrap();
    watcher
        .wait_for("the other client's event", |e| matches!(e, FlexEvent::WorkerActivityUpdated { .. }))
        .await;

    gate_tx.send(()).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let events = loop {
        let events = got.lock().unwrap().clone();
        if events.iter().any(|e| matches!(e, FlexEvent::EventsDropped { .. })) && events.len() >= 6 {
            break events;
        }
        assert!(std::time::Instant::now() < deadline, "no EventsDropped in {events:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    // At most the one in the listener's hands and the four queued, then the count of the rest, in place.
    let dropped = events.iter().position(|e| matches!(e, FlexEvent::EventsDropped { .. })).unwrap();
    assert!((4..=5).contains(&dropped), "{events:?}");
    assert_eq!(events.iter().filter(|e| matches!(e, FlexEvent::EventsDropped { .. })).count(), 1);
    let FlexEvent::EventsDropped { count } = events[dropped] else { unreachable!() };
    assert_eq!(activity_sids(&events).len() as u64 + count, changes);
    // Delivery goes on after the overflow.
    let before = activity_sids(&events).len();
    slow.set_current_activity(&a.r#break, false).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while activity_sids(&got.lock().unwrap()).len() <= before {
        assert!(std::time::Instant::now() < deadline, "no event after the overflow");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    slow.destroy();
    other.destroy();
}
