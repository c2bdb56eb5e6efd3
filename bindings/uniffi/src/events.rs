//! Events: [`flex_core::FlexEvent`] mirrored, the foreign [`FlexEventListener`] and [`ListenerHandle`].

use std::sync::Arc;

use flex_core::{ConnectionState, FlexEvent, Reservation, Task, TaskParticipantEvent, Worker};

use crate::error::FlexSdkError;

/// Something that happened to the client, its worker or its tasks.
#[uniffi::remote(Enum)]
pub enum FlexEvent {
    /// The worker's activity changed.
    WorkerActivityUpdated { worker: Worker },
    /// The worker's attributes changed.
    WorkerAttributesUpdated { worker: Worker },
    /// A task was offered to the worker.
    ReservationCreated { reservation: Reservation },
    /// A reservation was accepted.
    ReservationAccepted { reservation: Reservation },
    /// A reservation was rejected.
    ReservationRejected { reservation: Reservation },
    /// A reservation timed out.
    ReservationTimeout { reservation: Reservation },
    /// A reservation was canceled.
    ReservationCanceled { reservation: Reservation },
    /// A reservation was rescinded.
    ReservationRescinded { reservation: Reservation },
    /// A reservation went to wrap-up.
    ReservationWrapup { reservation: Reservation },
    /// A reservation was completed.
    ReservationCompleted { reservation: Reservation },
    /// One of the worker's tasks changed.
    TaskUpdated { task: Task },
    /// One of the worker's tasks was canceled.
    TaskCanceled { task: Task },
    /// One of the worker's tasks went to wrap-up.
    TaskWrapup { task: Task },
    /// One of the worker's tasks was completed.
    TaskCompleted { task: Task },
    /// A participant of one of the worker's tasks was added, removed or modified, or that failed.
    TaskParticipant { event: TaskParticipantEvent },
    /// The connection state changed.
    ConnectionStateChanged { state: ConnectionState },
    /// The token expires soon; call `update_token`.
    TokenAboutToExpire { expires_in_secs: u64 },
    /// The token expired; the connection stays closed until `update_token`.
    TokenExpired,
    /// A new token is in use (from `update_token` or the automatic renewal).
    TokenUpdated,
    /// The automatic renewal failed; it is retried with backoff.
    TokenAutoUpdateFailed,
    /// The renewed token expires when the previous one did: sign in again.
    TokenMaxLifetimeReached { expires_at: i64 },
    /// The client was destroyed; this is the last event.
    ClientDestroyed,
    /// The listeners fell behind: `count` events were dropped before this one.
    EventsDropped { count: u64 },
}

/// Receives the client's events, implemented in Swift, Kotlin or Python.
/// Called on the client's event thread, in order; must not block for long.
/// An exception it raises is logged and does not stop the other listeners.
#[uniffi::export(foreign)]
pub trait FlexEventListener: Send + Sync {
    /// Called once per event.
    fn on_event(&self, event: FlexEvent) -> Result<(), FlexSdkError>;
}

/// Adapts a foreign listener to flex-core, logging what it raises.
pub(crate) struct Adapter(pub(crate) Arc<dyn FlexEventListener>);

impl flex_core::FlexListener for Adapter {
    fn on_event(&self, event: FlexEvent) {
        if let Err(error) = self.0.on_event(event) {
            tracing::error!(target: "flex_core::bindings", %error, "an event listener raised; the other listeners still run");
        }
    }
}

/// Receives one task's participant events, implemented in Swift, Kotlin or Python.
/// Called on the client's event thread, in order; must not block for long.
#[uniffi::export(foreign)]
pub trait TaskParticipantListener: Send + Sync {
    /// Called once per participant event of the task.
    fn on_participant_event(&self, event: TaskParticipantEvent) -> Result<(), FlexSdkError>;
}

/// Adapts a foreign participant listener to flex-core, logging what it raises.
pub(crate) struct ParticipantAdapter(pub(crate) Arc<dyn TaskParticipantListener>);

impl flex_core::TaskParticipantListener for ParticipantAdapter {
    fn on_participant_event(&self, event: TaskParticipantEvent) {
        if let Err(error) = self.0.on_participant_event(event) {
            tracing::error!(target: "flex_core::bindings", %error, "a participant listener raised; the other listeners still run");
        }
    }
}

/// Keeps a listener registered; `remove()` (or dropping/closing the handle) unregisters it.
#[derive(Debug, uniffi::Object)]
pub struct ListenerHandle(pub(crate) flex_core::ListenerHandle);

#[uniffi::export]
impl ListenerHandle {
    /// Unregisters the listener. Idempotent.
    pub fn remove(&self) {
        self.0.remove();
    }
}
