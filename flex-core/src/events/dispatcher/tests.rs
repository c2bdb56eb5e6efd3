//! Delivery order, isolation between clients, overflow and removal.

use super::*;
use crate::events::Kinds;
use crate::events::ListenerHandle;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc as std_mpsc;
use std::thread;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn dispatcher(capacity: usize) -> (Arc<Listeners>, Dispatcher) {
    let listeners = Arc::new(Listeners::default());
    let d = Dispatcher::start(Arc::clone(&listeners), capacity).unwrap();
    (listeners, d)
}

/// A listener that forwards every event to a channel.
fn forward(listeners: &Arc<Listeners>) -> (ListenerHandle, std_mpsc::Receiver<FlexEvent>) {
    let (tx, rx) = std_mpsc::channel();
    let tx = Mutex::new(tx);
    let h = listeners.add(Arc::new(move |e: FlexEvent| {
        let _ = tx.lock().unwrap().send(e);
    }), Kinds::ALL);
    (h, rx)
}

/// Receives until `ClientDestroyed` (included).
fn until_destroyed(rx: &std_mpsc::Receiver<FlexEvent>) -> Vec<FlexEvent> {
    let mut got = Vec::new();
    loop {
        let e = rx.recv_timeout(WAIT).expect("event");
        let last = e == FlexEvent::ClientDestroyed;
        got.push(e);
        if last {
            return got;
        }
    }
}

fn numbered(i: u64) -> FlexEvent {
    FlexEvent::TokenAboutToExpire { expires_in_secs: i }
}

#[test]
fn delivers_in_order_and_survives_a_panicking_listener() {
    let (listeners, d) = dispatcher(QUEUE_CAPACITY);
    let _h1 = listeners.add(Arc::new(|_e: FlexEvent| panic!("boom")), Kinds::ALL);
    let (_h2, rx) = forward(&listeners);
    d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    d.emit(FlexEvent::TokenExpired);
    d.stop(Some(FlexEvent::ClientDestroyed));
    d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    assert_eq!(
        until_destroyed(&rx),
        vec![FlexEvent::TokenMaxLifetimeReached { expires_at: 0 }, FlexEvent::TokenExpired, FlexEvent::ClientDestroyed]
    );
}

#[test]
fn order_is_kept_per_client_across_many_clients() {
    const CLIENTS: usize = 40;
    const EVENTS: u64 = 300;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (listeners, d) = dispatcher(QUEUE_CAPACITY);
            let busy = Arc::new(AtomicBool::new(false));
            let (tx, rx) = std_mpsc::channel();
            let tx = Mutex::new(tx);
            let h = listeners.add(Arc::new(move |e: FlexEvent| {
                assert!(!busy.swap(true, Ordering::SeqCst), "concurrent delivery");
                let name = thread::current().name().map(str::to_string);
                assert!(name.is_some_and(|n| n.starts_with("flex-events-")));
                let _ = tx.lock().unwrap().send(e);
                busy.store(false, Ordering::SeqCst);
            }), Kinds::ALL);
            (d, h, rx)
        })
        .collect();
    thread::scope(|s| {
        for (d, _, _) in &clients {
            s.spawn(move || {
                for i in 0..EVENTS {
                    d.emit(numbered(i));
                }
                d.stop(Some(FlexEvent::ClientDestroyed));
            });
        }
    });
    let expected: Vec<FlexEvent> = (0..EVENTS)
        .map(numbered)
        .chain([FlexEvent::ClientDestroyed])
        .collect();
    for (_, _, rx) in &clients {
        assert_eq!(until_destroyed(rx), expected);
    }
}

#[test]
fn a_blocked_listener_stalls_only_its_own_client() {
    let (slow, slow_d) = dispatcher(QUEUE_CAPACITY);
    let (release_tx, release_rx) = std_mpsc::channel::<()>();
    let release_rx = Mutex::new(release_rx);
    let (entered_tx, entered_rx) = std_mpsc::channel();
    let entered_tx = Mutex::new(entered_tx);
    let _hs = slow.add(Arc::new(move |_e: FlexEvent| {
        let _ = entered_tx.lock().unwrap().send(());
        let _ = release_rx.lock().unwrap().recv_timeout(WAIT);
    }), Kinds::ALL);
    slow_d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    entered_rx.recv_timeout(WAIT).unwrap();

    let (fast, fast_d) = dispatcher(QUEUE_CAPACITY);
    let (_hf, rx) = forward(&fast);
    for i in 0..100 {
        fast_d.emit(numbered(i));
    }
    for i in 0..100 {
        assert_eq!(rx.recv_timeout(WAIT).unwrap(), numbered(i));
    }
    release_tx.send(()).unwrap();
}

#[test]
fn overflow_is_reported_with_the_count_before_the_next_event() {
    let (listeners, d) = dispatcher(4);
    let (release_tx, release_rx) = std_mpsc::channel::<()>();
    let (entered_tx, entered_rx) = std_mpsc::channel();
    let gate = Mutex::new(Some((entered_tx, release_rx)));
    let _block = listeners.add(Arc::new(move |_e: FlexEvent| {
        if let Some((entered, release)) = gate.lock().unwrap().take() {
            let _ = entered.send(());
            let _ = release.recv_timeout(WAIT);
        }
    }), Kinds::ALL);
    let (_h, rx) = forward(&listeners);
    d.emit(numbered(0));
    entered_rx.recv_timeout(WAIT).unwrap();
    for i in 1..=10 {
        d.emit(numbered(i)); // 1..=4 fit, 5..=10 are dropped
    }
    release_tx.send(()).unwrap();
    let mut got: Vec<FlexEvent> = (0..6).map(|_| rx.recv_timeout(WAIT).unwrap()).collect();
    d.emit(numbered(11)); // the queue has room again
    d.stop(Some(FlexEvent::ClientDestroyed));
    got.extend(until_destroyed(&rx));
    let expected: Vec<FlexEvent> = (0..=4)
        .map(numbered)
        .chain([
            FlexEvent::EventsDropped { count: 6 },
            numbered(11),
            FlexEvent::ClientDestroyed,
        ])
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn remove_waits_for_a_call_in_progress_and_stops_later_ones() {
    let (listeners, d) = dispatcher(QUEUE_CAPACITY);
    let calls = Arc::new(Mutex::new(Vec::new()));
    let (entered_tx, entered_rx) = std_mpsc::channel();
    let entered_tx = Mutex::new(entered_tx);
    let sink = Arc::clone(&calls);
    let h = listeners.add(Arc::new(move |e: FlexEvent| {
        let _ = entered_tx.lock().unwrap().send(());
        thread::sleep(Duration::from_millis(200)); // work in progress
        sink.lock().unwrap().push(e);
    }), Kinds::ALL);
    let (_marker, rx) = forward(&listeners);
    d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    d.emit(FlexEvent::TokenExpired);
    entered_rx.recv_timeout(WAIT).unwrap();
    h.remove();
    // The call in progress has returned, and the queued event never arrives.
    assert_eq!(*calls.lock().unwrap(), vec![FlexEvent::TokenMaxLifetimeReached { expires_at: 0 }]);
    d.stop(Some(FlexEvent::ClientDestroyed));
    until_destroyed(&rx);
    assert_eq!(calls.lock().unwrap().len(), 1);
}

#[test]
fn detach_returns_while_a_call_is_in_progress_and_stops_later_ones() {
    let (listeners, d) = dispatcher(QUEUE_CAPACITY);
    let (entered_tx, entered_rx) = std_mpsc::channel();
    let (entered_tx, release) = (Mutex::new(entered_tx), Arc::new(Mutex::new(())));
    let held = release.lock().unwrap();
    let (gate, calls) = (Arc::clone(&release), Arc::new(Mutex::new(0)));
    let sink = Arc::clone(&calls);
    let h = listeners.add(Arc::new(move |_e: FlexEvent| {
        let _ = entered_tx.lock().unwrap().send(());
        let _blocked_until_released = gate.lock().unwrap();
        *sink.lock().unwrap() += 1;
    }), Kinds::ALL);
    let (_marker, rx) = forward(&listeners);
    d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    d.emit(FlexEvent::TokenExpired);
    entered_rx.recv_timeout(WAIT).unwrap();
    h.detach(); // returns although the listener is still blocked
    drop(held);
    d.stop(Some(FlexEvent::ClientDestroyed));
    until_destroyed(&rx);
    assert_eq!(*calls.lock().unwrap(), 1, "the queued event never reached the detached listener");
}

#[test]
fn listeners_may_remove_themselves_and_others_from_inside() {
    let (listeners, d) = dispatcher(QUEUE_CAPACITY);
    let handles: Arc<Mutex<Vec<ListenerHandle>>> = Arc::default();
    let calls = Arc::new(Mutex::new(Vec::new()));
    for id in 0..2 {
        let (sink, all) = (Arc::clone(&calls), Arc::clone(&handles));
        let h = listeners.add(Arc::new(move |_e: FlexEvent| {
            sink.lock().unwrap().push(id);
            // The first call removes both listeners, the caller included.
            let taken = std::mem::take(&mut *all.lock().unwrap());
            for h in &taken {
                h.remove();
            }
        }), Kinds::ALL);
        handles.lock().unwrap().push(h);
    }
    let (_marker, rx) = forward(&listeners);
    d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    d.emit(FlexEvent::TokenExpired);
    d.stop(Some(FlexEvent::ClientDestroyed));
    assert_eq!(until_destroyed(&rx).len(), 3);
    assert_eq!(*calls.lock().unwrap(), vec![0]);
}

#[test]
fn a_dropped_dispatcher_releases_its_listeners_and_queue() {
    struct Signal(std_mpsc::Sender<()>);
    impl Drop for Signal {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }
    let (listeners, d) = dispatcher(QUEUE_CAPACITY);
    let (dropped_tx, dropped_rx) = std_mpsc::channel();
    let signal = Signal(dropped_tx);
    let _h = listeners.add(Arc::new(move |_e: FlexEvent| {
        let _ = &signal;
    }), Kinds::ALL);
    let registry = Arc::downgrade(&listeners);
    drop(listeners);
    d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
    drop(d);
    dropped_rx.recv_timeout(WAIT).expect("the listener is released");
    for _ in 0..1000 {
        if registry.strong_count() == 0 {
            return;
        }
        thread::sleep(Duration::from_millis(5));
    }
    panic!("the pool still holds the queue");
}

#[tokio::test]
async fn waiters_get_every_event_and_end_on_stop() {
    let (_listeners, d) = dispatcher(4);
    let mut w = d.subscribe();
    for i in 0..5000 {
        d.emit(numbered(i));
    }
    d.stop(Some(FlexEvent::ClientDestroyed));
    for i in 0..5000 {
        assert_eq!(*w.recv().await.unwrap(), numbered(i));
    }
    assert_eq!(*w.recv().await.unwrap(), FlexEvent::ClientDestroyed);
    assert!(w.recv().await.is_none());
}

/// Opens another stream of the same dispatcher when woken, as a host
/// language's executor may call back into the client from a waker.
struct Reentrant {
    dispatcher: Arc<Dispatcher>,
    opened: std_mpsc::Sender<EventStream>,
}

impl std::task::Wake for Reentrant {
    fn wake(self: Arc<Self>) {
        let _ = self.opened.send(self.dispatcher.stream(Kinds::ALL));
    }
}

/// A stream's reader is woken with no dispatcher lock held: a waker that
/// calls back into the dispatcher does not deadlock the emitting thread.
#[test]
fn a_stream_reader_is_woken_with_no_lock_held() {
    let (_listeners, d) = dispatcher(8);
    let d = Arc::new(d);
    let stream = d.stream(Kinds::ALL);
    let (opened, reopened) = std_mpsc::channel();
    let waker = std::task::Waker::from(Arc::new(Reentrant { dispatcher: Arc::clone(&d), opened }));
    let mut next = Box::pin(stream.next());
    let mut cx = std::task::Context::from_waker(&waker);
    assert!(next.as_mut().poll(&mut cx).is_pending());
    let emitter = Arc::clone(&d);
    thread::spawn(move || emitter.emit(FlexEvent::TokenExpired));
    let other = reopened.recv_timeout(WAIT).expect("the waker ran without deadlocking");
    assert!(matches!(next.as_mut().poll(&mut cx), std::task::Poll::Ready(Some(FlexEvent::TokenExpired))));
    d.stop(None);
    drop(other);
}
