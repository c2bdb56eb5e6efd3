//! Events for the bindings: the foreign listeners and their adapters,
//! [`ListenerHandle`], and [`EventStream`] (what each language's idiomatic
//! stream — Python `async for`, a Kotlin `Flow`, a Swift `AsyncStream` — reads).

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

/// The client's events (all, or the kinds asked for) as a stream: `next()`
/// resolves with each event in order, and with nothing once the client was
/// destroyed (after `ClientDestroyed`) or the stream closed. Events are handed
/// over as they are emitted, with no delivery thread in between. It holds at
/// most `EVENT_STREAM_CAPACITY` (1024) events; when a reader falls further
/// behind, newer events are dropped and the reader gets `EventsDropped { count }` where they were.
#[derive(uniffi::Object)]
pub struct EventStream(pub(crate) crate::EventStream);

#[uniffi::export]
impl EventStream {
    /// The next event, in order; nothing once the stream ended.
    pub async fn next(&self) -> Option<FlexEvent> {
        Gated(Box::pin(self.0.next())).await
    }

    /// Stops the stream: `next()` returns what is queued, then nothing. Never
    /// blocks (a host may close it from a cancellation handler). Idempotent.
    pub fn close(&self) {
        self.0.close();
    }
}
