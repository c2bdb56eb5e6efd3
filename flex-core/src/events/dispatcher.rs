//! The dispatcher: one OS thread per client that delivers events to listeners in order.

use std::sync::mpsc;
use std::sync::Arc;
use std::thread;

use tokio::sync::broadcast;

use super::{FlexEvent, Listeners};

/// Fans events out to the listeners (on its own thread, through an unbounded
/// queue) and to the SDK's internal subscribers (a broadcast channel). Both
/// carry the event behind an `Arc`: a broadcast channel allocates all its slots
/// up front, and a slot holding a whole `FlexEvent` (about 1 KiB) would cost
/// every client 1 MiB.
pub(crate) struct Dispatcher {
    /// `Some(event)` to deliver; `None` to stop the thread.
    queue: mpsc::Sender<Option<Arc<FlexEvent>>>,
    internal: broadcast::Sender<Arc<FlexEvent>>,
}

impl Dispatcher {
    /// Starts the dispatcher thread for these listeners.
    pub(crate) fn start(listeners: Arc<Listeners>) -> std::io::Result<Dispatcher> {
        let (queue, rx) = mpsc::channel();
        thread::Builder::new()
            .name("flex-dispatcher".into())
            .spawn(move || run(rx, listeners))?;
        let (internal, _) = broadcast::channel(1024);
        Ok(Dispatcher { queue, internal })
    }

    /// Queues an event for the listeners and publishes it to internal subscribers.
    pub(crate) fn emit(&self, event: FlexEvent) {
        let event = Arc::new(event);
        // No internal subscriber is fine.
        let _ = self.internal.send(Arc::clone(&event));
        if self.queue.send(Some(event)).is_err() {
            tracing::debug!("dispatcher stopped; event dropped");
        }
    }

    /// Subscribes to every event emitted from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Arc<FlexEvent>> {
        self.internal.subscribe()
    }

    /// Asks the thread to stop once it has delivered what is queued.
    pub(crate) fn stop(&self) {
        let _ = self.queue.send(None);
    }
}

fn run(rx: mpsc::Receiver<Option<Arc<FlexEvent>>>, listeners: Arc<Listeners>) {
    listeners.bind_dispatcher();
    while let Ok(Some(event)) = rx.recv() {
        for entry in listeners.snapshot() {
            if !entry.deliver(FlexEvent::clone(&event)) {
                tracing::error!("an event listener panicked; the other listeners still run");
            }
        }
    }
    listeners.clear();
    tracing::debug!("dispatcher thread stopped");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::ListenerHandle;
    use std::sync::Mutex;
    use std::time::Duration;

    #[test]
    fn delivers_in_order_and_survives_a_panicking_listener() {
        let listeners = Arc::new(Listeners::default());
        let got = Arc::new(Mutex::new(Vec::new()));
        let _h1 = listeners.add(Arc::new(|_e: FlexEvent| panic!("boom")));
        let sink = Arc::clone(&got);
        let _h2 = listeners.add(Arc::new(move |e: FlexEvent| sink.lock().unwrap().push(e)));
        let d = Dispatcher::start(Arc::clone(&listeners)).unwrap();
        d.emit(FlexEvent::TokenAutoUpdateFailed);
        d.emit(FlexEvent::TokenExpired);
        d.stop();
        for _ in 0..100 {
            if got.lock().unwrap().len() == 2 {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(
            *got.lock().unwrap(),
            vec![FlexEvent::TokenAutoUpdateFailed, FlexEvent::TokenExpired]
        );
    }

    #[test]
    fn removed_listener_gets_nothing() {
        let listeners = Arc::new(Listeners::default());
        let got = Arc::new(Mutex::new(0));
        let sink = Arc::clone(&got);
        let h = listeners.add(Arc::new(move |_e: FlexEvent| *sink.lock().unwrap() += 1));
        h.remove();
        h.remove();
        assert!(listeners.snapshot().is_empty());
    }

    #[test]
    fn remove_waits_for_a_call_in_progress_and_stops_later_ones() {
        let listeners = Arc::new(Listeners::default());
        let calls = Arc::new(Mutex::new(Vec::new()));
        let (entered_tx, entered_rx) = mpsc::channel();
        let sink = Arc::clone(&calls);
        let h = listeners.add(Arc::new(move |e: FlexEvent| {
            let _ = entered_tx.send(());
            thread::sleep(Duration::from_millis(200));
            sink.lock().unwrap().push(e);
        }));
        let d = Dispatcher::start(Arc::clone(&listeners)).unwrap();
        d.emit(FlexEvent::TokenAutoUpdateFailed);
        d.emit(FlexEvent::TokenExpired);
        entered_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        h.remove();
        // The call in progress has returned, and the queued event never arrives.
        assert_eq!(*calls.lock().unwrap(), vec![FlexEvent::TokenAutoUpdateFailed]);
        d.stop();
        thread::sleep(Duration::from_millis(300));
        assert_eq!(calls.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_listener_may_remove_itself_without_deadlock() {
        let listeners = Arc::new(Listeners::default());
        let slot: Arc<Mutex<Option<ListenerHandle>>> = Arc::default();
        let calls = Arc::new(Mutex::new(0));
        let (sink, own) = (Arc::clone(&calls), Arc::clone(&slot));
        let h = listeners.add(Arc::new(move |_e: FlexEvent| {
            *sink.lock().unwrap() += 1;
            if let Some(h) = own.lock().unwrap().take() {
                h.remove();
            }
        }));
        *slot.lock().unwrap() = Some(h);
        let d = Dispatcher::start(Arc::clone(&listeners)).unwrap();
        d.emit(FlexEvent::TokenAutoUpdateFailed);
        d.emit(FlexEvent::TokenExpired);
        d.stop();
        thread::sleep(Duration::from_millis(200));
        assert_eq!(*calls.lock().unwrap(), 1);
    }
}
