//! Listeners: order, removal, panics.

use std::sync::{Arc, Mutex};

use flex_core::{FlexEvent, FlexEventKind, FlexListener};
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
    // What the delivery thread had taken (its batch, one event or more) and the four queued,
    // then the count of the rest, in place.
    let dropped = events.iter().position(|e| matches!(e, FlexEvent::EventsDropped { .. })).unwrap();
    assert!(dropped >= 4, "{events:?}");
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

/// The kinds of a stream's events until `ClientDestroyed` ends it.
async fn kinds_until_end(stream: flex_core::EventStream) -> Vec<FlexEventKind> {
    let mut kinds = Vec::new();
    while let Some(event) = tokio::time::timeout(std::time::Duration::from_secs(20), stream.next())
        .await
        .expect("the stream ends after ClientDestroyed")
    {
        kinds.push(event.kind());
    }
    kinds
}

/// A task handled from offer to completion: a listener and a stream that asked
/// for some kinds get exactly those (in order), then `ClientDestroyed`; a
/// stream of every kind gets the rest too, in the order a listener sees them.
#[tokio::test]
async fn listeners_and_streams_get_only_the_kinds_they_ask_for() {
    let env = Env::start().await;
    let (client, everything, _h) = flex_tests::available_agent(&env).await;
    let wanted = [FlexEventKind::ReservationCreated, FlexEventKind::ReservationCompleted];
    let filtered = Arc::new(Mutex::new(Vec::new()));
    let _filtered = client.add_listener_for(&wanted, {
        let filtered = Arc::clone(&filtered);
        Arc::new(move |e: FlexEvent| filtered.lock().unwrap().push(e.kind()))
    });
    let some = client.events_of(&wanted);
    let all = client.events();

    let task_sid = env.create_task("chat", serde_json::json!({})).await;
    everything.wait_for_reservation(&task_sid).await;
    client.accept_task(&task_sid).await.unwrap();
    client.complete_task(&task_sid, None).await.unwrap();
    everything
        .wait_for("reservation completed", |e| e.kind() == FlexEventKind::ReservationCompleted)
        .await;
    client.destroy();

    let want = [wanted[0], wanted[1], FlexEventKind::ClientDestroyed];
    assert_eq!(kinds_until_end(some).await, want);
    everything.wait_for("the end", |e| e.kind() == FlexEventKind::ClientDestroyed).await;
    let seen: Vec<FlexEventKind> = everything
        .events()
        .iter()
        .map(FlexEvent::kind)
        .skip_while(|k| *k != FlexEventKind::ReservationCreated)
        .collect();
    assert_eq!(kinds_until_end(all).await, seen);
    assert!(seen.contains(&FlexEventKind::ReservationAccepted), "{seen:?}");
    assert_eq!(*filtered.lock().unwrap(), want);
    assert_eq!(kinds_until_end(client.events()).await, [], "a stream opened after destroy ends at once");
}
