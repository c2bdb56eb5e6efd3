//! Events: [`FlexEvent`], [`ConnectionState`], [`RenewalState`], [`FlexListener`], [`ListenerHandle`] and the dispatcher.

use serde::Serialize;

mod dispatcher;
mod kinds;
mod listeners;
mod stream;

pub(crate) use dispatcher::Dispatcher;
pub use listeners::ListenerHandle;
pub(crate) use kinds::Kinds;
pub(crate) use listeners::Listeners;
pub use stream::{EventStream, EVENT_STREAM_CAPACITY};

use crate::auth::SessionTokens;
use crate::error::ErrorInfo;
use crate::participants::TaskParticipantEvent;
use crate::task::{Reservation, Task};
use crate::voice::{VoiceCallEvent, VoiceState};
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
    /// The server refused the token on reconnect (HTTP 401/403, e.g. 20101
    /// after its signing keys changed): retrying cannot help, so nothing is
    /// retried until `update_token` installs a token the server accepts.
    Denied,
}

/// Where the automatic token renewal of a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum RenewalState {
    /// The client does not renew its token (no session with `auto_update_token`).
    Off,
    /// The token is renewed ahead of its expiry.
    Active,
    /// The last renewal failed for a reason that may pass (network, server
    /// error); it is retried with backoff.
    Retrying,
    /// Renewal cannot go on: the refresh token was refused, the renewed token
    /// was another user's, or the session reached its maximum lifetime. Sign in
    /// again; `update_token` with the new tokens resumes renewal.
    Stopped,
}

/// Something that happened to the client, its worker or its tasks. Its kind
/// ([`FlexEventKind`], one per variant) lets a listener or stream ask for only
/// the events it handles.
#[derive(Debug, Clone, PartialEq, Serialize, strum::EnumDiscriminants)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[strum_discriminants(name(FlexEventKind), vis(pub))]
#[strum_discriminants(derive(Hash, Serialize, strum::EnumCount, strum::EnumIter))]
#[strum_discriminants(cfg_attr(feature = "uniffi", derive(uniffi::Enum)))]
#[strum_discriminants(serde(rename_all = "snake_case"))]
#[strum_discriminants(doc = "The kind of a [`FlexEvent`]: one per variant, with the same name.")]
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
    /// The automatic renewal failed. When `terminal`, renewal stopped
    /// (`RenewalState::Stopped`): sign in again before the token expires;
    /// otherwise it is retried in `retry_in_ms`.
    TokenAutoUpdateFailed {
        /// Why it failed.
        error: ErrorInfo,
        /// True when retrying cannot help.
        terminal: bool,
        /// When the next attempt is made, if any.
        retry_in_ms: Option<u64>,
    },
    /// An attempt to reconnect the event socket failed. When `terminal` the
    /// server refused the token and the state is `Denied` until `update_token`;
    /// otherwise (network error, server error, server unreachable) the next
    /// attempt is in `retry_in_ms`, forever, with jittered exponential backoff
    /// capped at 30 s.
    ConnectionError {
        /// Why it failed.
        error: ErrorInfo,
        /// True when retrying cannot help.
        terminal: bool,
        /// When the next attempt is made, if any.
        retry_in_ms: Option<u64>,
    },
    /// The renewed token expires when the previous one did: the session reached
    /// its maximum lifetime and the user must sign in again.
    TokenMaxLifetimeReached {
        /// When the token (and the session) expires (epoch seconds).
        expires_at: i64,
    },
    /// The voice device's state changed (`ClientOptions::voice`).
    VoiceStateChanged {
        /// The new state.
        state: VoiceState,
    },
    /// Something happened to a call on the voice device (incoming, accepted,
    /// canceled, disconnected, muted, reconnecting, …).
    VoiceCall {
        /// The call event.
        event: VoiceCallEvent,
    },
    /// The voice signalling server reported an error about the device (e.g. a
    /// refused token: `InvalidAccessToken` with `twilio_code` 31204).
    VoiceError {
        /// The error; `twilio_code` is the Voice error code.
        error: ErrorInfo,
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
    /// What kind of event this is.
    pub fn kind(&self) -> FlexEventKind {
        self.into()
    }

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
