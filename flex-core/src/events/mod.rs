//! Events: [`FlexEvent`], [`ConnectionState`], [`FlexListener`], [`ListenerHandle`] and the dispatcher.

use serde::Serialize;

mod dispatcher;
mod listeners;

pub(crate) use dispatcher::Dispatcher;
pub use listeners::ListenerHandle;
pub(crate) use listeners::Listeners;

use crate::auth::SessionTokens;
use crate::participants::TaskParticipantEvent;
use crate::task::{Reservation, Task};
use crate::worker::Worker;

/// The state of the client's event connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Connecting for the first time.
    Connecting,
    /// Connected and receiving events.
    Connected,
    /// The connection was lost; reconnecting with backoff.
    Reconnecting,
    /// Disconnected for good (the client was destroyed).
    Disconnected,
    /// The token expired; no reconnect until `update_token`.
    TokenExpired,
}

/// Something that happened to the client, its worker or its tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FlexEvent {
    /// The worker's activity changed.
    WorkerActivityUpdated {
        /// The worker after the change.
        worker: Worker,
    },
    /// The worker's attributes changed.
    WorkerAttributesUpdated {
        /// The worker after the change.
        worker: Worker,
    },
    /// A task was offered to the worker.
    ReservationCreated {
        /// The new reservation.
        reservation: Reservation,
    },
    /// A reservation was accepted.
    ReservationAccepted {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// A reservation was rejected.
    ReservationRejected {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// A reservation timed out.
    ReservationTimeout {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// A reservation was canceled.
    ReservationCanceled {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// A reservation was rescinded.
    ReservationRescinded {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// A reservation went to wrap-up.
    ReservationWrapup {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// A reservation was completed.
    ReservationCompleted {
        /// The reservation after the change.
        reservation: Reservation,
    },
    /// One of the worker's tasks changed.
    TaskUpdated {
        /// The task after the change.
        task: Task,
    },
    /// One of the worker's tasks was canceled.
    TaskCanceled {
        /// The task after the change.
        task: Task,
    },
    /// One of the worker's tasks went to wrap-up.
    TaskWrapup {
        /// The task after the change.
        task: Task,
    },
    /// One of the worker's tasks was completed.
    TaskCompleted {
        /// The task after the change.
        task: Task,
    },
    /// A participant of one of the worker's tasks was added, removed or
    /// modified, or such an operation failed (`participant.*`).
    TaskParticipant {
        /// The participant event.
        event: TaskParticipantEvent,
    },
    /// The connection state changed.
    ConnectionStateChanged {
        /// The new state.
        state: ConnectionState,
    },
    /// The token expires soon; call `update_token`.
    TokenAboutToExpire {
        /// Seconds left before expiry.
        expires_in_secs: u64,
    },
    /// The token expired; the connection stays closed until `update_token`.
    TokenExpired,
    /// A new token is in use (from `update_token` or the session's automatic
    /// renewal); `tokens` are the credentials to persist.
    TokenUpdated {
        /// The new access token, its refresh token and expiry.
        tokens: SessionTokens,
    },
    /// The automatic renewal failed; it is retried with backoff.
    TokenAutoUpdateFailed,
    /// The renewed token expires when the previous one did: the session reached
    /// its maximum lifetime and the user must sign in again.
    TokenMaxLifetimeReached {
        /// When the token (and the session) expires (epoch seconds).
        expires_at: i64,
    },
    /// The client was destroyed; this is the last event.
    ClientDestroyed,
    /// The listeners fell behind and the client's bounded event queue was
    /// full: `count` events were dropped before this one. State read from the
    /// client (`get_worker`) is still current.
    EventsDropped {
        /// How many events were dropped.
        count: u64,
    },
}

impl FlexEvent {
    /// The reservation this event is about, if it is a reservation event.
    pub fn reservation(&self) -> Option<&Reservation> {
        match self {
            FlexEvent::ReservationCreated { reservation }
            | FlexEvent::ReservationAccepted { reservation }
            | FlexEvent::ReservationRejected { reservation }
            | FlexEvent::ReservationTimeout { reservation }
            | FlexEvent::ReservationCanceled { reservation }
            | FlexEvent::ReservationRescinded { reservation }
            | FlexEvent::ReservationWrapup { reservation }
            | FlexEvent::ReservationCompleted { reservation } => Some(reservation),
            _ => None,
        }
    }
}

/// Receives the client's events in order, one at a time, on one of the SDK's
/// event delivery threads (never a tokio runtime thread).
pub trait FlexListener: Send + Sync {
    /// Called once per event. Must not block for long: the client's later
    /// events wait for it, and it holds one of the few delivery threads.
    fn on_event(&self, event: FlexEvent);
}

impl<F> FlexListener for F
where
    F: Fn(FlexEvent) + Send + Sync,
{
    fn on_event(&self, event: FlexEvent) {
        self(event)
    }
}
