//! Events for the bindings: the foreign listeners and their adapters,
//! [`ListenerHandle`], and [`EventStream`] (what each language's idiomatic
//! stream — Python `async for`, a Kotlin `Flow`, a Swift `AsyncStream` — reads).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use super::error::FlexSdkError;
use super::runtime::{Foreign, Gated};
use crate::events::FlexEvent;
use crate::participants::TaskParticipantEvent;

/// Receives the client's events, implemented in Swift, Kotlin or Python.
/// Called on an SDK delivery thread (never a runtime thread), one event at a
/// time per client, in order; later events of the client wait for it. An
/// exception it raises is logged and does not stop the other listeners.
#[uniffi::export(foreign)]
pub trait FlexEventListener: Send + Sync {
    /// Called once per event.
    fn on_event(&self, event: FlexEvent) -> Result<(), FlexSdkError>;
}

/// Adapts a foreign listener to the core, logging what it raises.
pub(crate) struct Adapter(pub(crate) Foreign<dyn FlexEventListener>);

impl crate::FlexListener for Adapter {
    fn on_event(&self, event: FlexEvent) {
        if let Some(Err(error)) = self.0.get().map(|l| l.on_event(event)) {
            tracing::error!(target: "flex_core::bindings", %error, "an event listener raised; the other listeners still run");
        }
    }
}

/// Receives one task's participant events, implemented in Swift, Kotlin or Python;
/// called like [`FlexEventListener`].
#[uniffi::export(foreign)]
pub trait TaskParticipantListener: Send + Sync {
    /// Called once per participant event of the task.
    fn on_participant_event(&self, event: TaskParticipantEvent) -> Result<(), FlexSdkError>;
}

/// Adapts a foreign participant listener to the core, logging what it raises.
pub(crate) struct ParticipantAdapter(pub(crate) Foreign<dyn TaskParticipantListener>);

impl crate::TaskParticipantListener for ParticipantAdapter {
    fn on_participant_event(&self, event: TaskParticipantEvent) {
        if let Some(Err(error)) = self.0.get().map(|l| l.on_participant_event(event)) {
            tracing::error!(target: "flex_core::bindings", %error, "a participant listener raised; the other listeners still run");
        }
    }
}

/// Keeps a listener registered; `remove()` (or releasing the handle) unregisters it.
#[derive(Debug, uniffi::Object)]
pub struct ListenerHandle(pub(crate) crate::ListenerHandle);

#[uniffi::export]
impl ListenerHandle {
    /// Unregisters the listener. Idempotent; when it returns the listener is
    /// not running (unless called from inside it) and is never called again.
    pub fn remove(&self) {
        self.0.remove();
    }
}

/// How many events an [`EventStream`] holds for a reader that falls behind.
pub const EVENT_STREAM_CAPACITY: usize = 1024;

/// The client's events as a stream: `next()` resolves with each event in
/// order, and with nothing once the client was destroyed (after
/// `ClientDestroyed`) or the stream closed. It holds at most
/// [`EVENT_STREAM_CAPACITY`] events; when a reader falls further behind, newer
/// events are dropped and the reader gets `EventsDropped { count }` where they were.
#[derive(uniffi::Object)]
pub struct EventStream {
    queue: Arc<Queue>,
    registration: Mutex<Option<crate::ListenerHandle>>,
}

#[derive(Default)]
pub(crate) struct Queue {
    state: Mutex<QueueState>,
    ready: Notify,
}

#[derive(Default)]
struct QueueState {
    events: VecDeque<FlexEvent>,
    dropped: u64,
    ended: bool,
}

impl Queue {
    fn push(&self, event: FlexEvent) {
        {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if s.ended {
                return;
            }
            let last = matches!(event, FlexEvent::ClientDestroyed);
            if s.events.len() >= EVENT_STREAM_CAPACITY && !last {
                s.dropped += 1;
                return;
            }
            if s.dropped > 0 {
                let count = std::mem::take(&mut s.dropped);
                tracing::warn!(target: "flex_core::bindings", count, "an event stream's reader fell behind; events dropped");
                s.events.push_back(FlexEvent::EventsDropped { count });
            }
            s.events.push_back(event);
            s.ended = last;
        }
        self.ready.notify_one();
    }

    fn end(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).ended = true;
        self.ready.notify_one();
    }

    async fn next(&self) -> Option<FlexEvent> {
        loop {
            {
                let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(event) = s.events.pop_front() {
                    return Some(event);
                }
                if s.dropped > 0 {
                    return Some(FlexEvent::EventsDropped { count: std::mem::take(&mut s.dropped) });
                }
                if s.ended {
                    return None;
                }
            }
            self.ready.notified().await;
        }
    }
}

impl EventStream {
    /// A stream fed by a listener registered with `register`.
    pub(crate) fn new(register: impl FnOnce(Arc<dyn crate::FlexListener>) -> crate::ListenerHandle) -> Arc<Self> {
        let queue = Arc::new(Queue::default());
        let sink = Arc::clone(&queue);
        let handle = register(Arc::new(move |event: FlexEvent| sink.push(event)));
        Arc::new(EventStream { queue, registration: Mutex::new(Some(handle)) })
    }
}

#[uniffi::export]
impl EventStream {
    /// The next event, in order; nothing once the stream ended.
    pub async fn next(&self) -> Option<FlexEvent> {
        Gated(Box::pin(self.queue.next())).await
    }

    /// Stops the stream: ends `next()` and unregisters it, without blocking. Idempotent.
    pub fn close(&self) {
        self.queue.end();
        // Never waits for a push in progress: a host may close the stream from
        // a cancellation handler that holds the lock the push's wake-up needs.
        if let Some(handle) = self.registration.lock().unwrap_or_else(|p| p.into_inner()).take() {
            handle.detach();
        }
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slow_reader_gets_every_event_in_order_and_a_count_of_what_was_dropped() {
        let q = Queue::default();
        for _ in 0..EVENT_STREAM_CAPACITY + 5 {
            q.push(FlexEvent::TokenExpired);
        }
        q.push(FlexEvent::ClientDestroyed);
        for _ in 0..EVENT_STREAM_CAPACITY {
            assert_eq!(q.next().await, Some(FlexEvent::TokenExpired));
        }
        assert_eq!(q.next().await, Some(FlexEvent::EventsDropped { count: 5 }));
        assert_eq!(q.next().await, Some(FlexEvent::ClientDestroyed));
        assert_eq!(q.next().await, None);
    }

    #[tokio::test]
    async fn next_waits_for_a_push() {
        let q = Arc::new(Queue::default());
        let reader = tokio::spawn({
            let q = Arc::clone(&q);
            async move { q.next().await }
        });
        tokio::task::yield_now().await;
        q.push(FlexEvent::TokenExpired);
        assert_eq!(reader.await.unwrap(), Some(FlexEvent::TokenExpired));
    }
}
