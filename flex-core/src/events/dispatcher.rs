//! The dispatcher: one OS thread per client that delivers events to listeners in order.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;

use tokio::sync::broadcast;

use super::{FlexEvent, Listeners};

/// Fans events out to the listeners (on its own thread, through an unbounded
/// queue) and to the SDK's internal subscribers (a broadcast channel).
pub(crate) struct Dispatcher {
    /// `Some(event)` to deliver; `None` to stop the thread.
    queue: mpsc::Sender<Option<FlexEvent>>,
    internal: broadcast::Sender<FlexEvent>,
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
        // No internal subscriber is fine.
        let _ = self.internal.send(event.clone());
        if self.queue.send(Some(event)).is_err() {
            tracing::debug!("dispatcher stopped; event dropped");
        }
    }

    /// Subscribes to every event emitted from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<FlexEvent> {
        self.internal.subscribe()
    }

    /// Asks the thread to stop once it has delivered what is queued.
    pub(crate) fn stop(&self) {
        let _ = self.queue.send(None);
    }
}

fn run(rx: mpsc::Receiver<Option<FlexEvent>>, listeners: Arc<Listeners>) {
    while let Ok(Some(event)) = rx.recv() {
        for listener in listeners.snapshot() {
            let event = event.clone();
            if catch_unwind(AssertUnwindSafe(|| listener.on_event(event))).is_err() {
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
        d.emit(FlexEvent::TokenUpdated);
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
            vec![FlexEvent::TokenUpdated, FlexEvent::TokenExpired]
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
}
