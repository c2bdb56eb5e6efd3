//! `flex_event`: the event passed to listeners, and `flex_connection_state`.

use std::ffi::{c_char, CStr};

use flex_core::{ConnectionState, FlexEvent};
use serde_json::{json, Value};

use crate::ffi;
use crate::json;

/// The state of a client's event connection (`flex_client_connection_state`).
pub type flex_connection_state = u32;
/// Connecting for the first time.
pub const FLEX_CONNECTION_CONNECTING: flex_connection_state = 0;
/// Connected and receiving events.
pub const FLEX_CONNECTION_CONNECTED: flex_connection_state = 1;
/// The connection was lost; reconnecting with backoff.
pub const FLEX_CONNECTION_RECONNECTING: flex_connection_state = 2;
/// Disconnected for good (the client was destroyed).
pub const FLEX_CONNECTION_DISCONNECTED: flex_connection_state = 3;
/// The token expired; no reconnect until `flex_client_update_token`.
pub const FLEX_CONNECTION_TOKEN_EXPIRED: flex_connection_state = 4;

/// The C value of a connection state.
pub(crate) fn connection_state(s: ConnectionState) -> flex_connection_state {
    match s {
        ConnectionState::Connecting => FLEX_CONNECTION_CONNECTING,
        ConnectionState::Connected => FLEX_CONNECTION_CONNECTED,
        ConnectionState::Reconnecting => FLEX_CONNECTION_RECONNECTING,
        ConnectionState::Disconnected => FLEX_CONNECTION_DISCONNECTED,
        ConnectionState::TokenExpired => FLEX_CONNECTION_TOKEN_EXPIRED,
    }
}

/// What an event is about (`flex_event.kind`); the payload schema is in the README.
pub type flex_event_kind = u32;
/// The worker's activity changed; payload: the worker.
pub const FLEX_EVENT_WORKER_ACTIVITY_UPDATED: flex_event_kind = 1;
/// The worker's attributes changed; payload: the worker.
pub const FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED: flex_event_kind = 2;
/// A task was offered to the worker; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_CREATED: flex_event_kind = 3;
/// A reservation was accepted; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_ACCEPTED: flex_event_kind = 4;
/// A reservation was rejected; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_REJECTED: flex_event_kind = 5;
/// A reservation timed out; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_TIMEOUT: flex_event_kind = 6;
/// A reservation was canceled; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_CANCELED: flex_event_kind = 7;
/// A reservation was rescinded; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_RESCINDED: flex_event_kind = 8;
/// A reservation went to wrap-up; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_WRAPUP: flex_event_kind = 9;
/// A reservation was completed; payload: the reservation.
pub const FLEX_EVENT_RESERVATION_COMPLETED: flex_event_kind = 10;
/// One of the worker's tasks changed; payload: the task.
pub const FLEX_EVENT_TASK_UPDATED: flex_event_kind = 11;
/// One of the worker's tasks was canceled; payload: the task.
pub const FLEX_EVENT_TASK_CANCELED: flex_event_kind = 12;
/// One of the worker's tasks went to wrap-up; payload: the task.
pub const FLEX_EVENT_TASK_WRAPUP: flex_event_kind = 13;
/// One of the worker's tasks was completed; payload: the task.
pub const FLEX_EVENT_TASK_COMPLETED: flex_event_kind = 14;
/// The connection state changed; payload: `{"state": "connected"}` (see `flex_connection_state`).
pub const FLEX_EVENT_CONNECTION_STATE_CHANGED: flex_event_kind = 15;
/// The token expires soon; payload: `{"expires_in_secs": N}`. Call `flex_client_update_token`.
pub const FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE: flex_event_kind = 16;
/// The token expired; the connection stays closed until `flex_client_update_token`. Payload: `{}`.
pub const FLEX_EVENT_TOKEN_EXPIRED: flex_event_kind = 17;
/// A new token is in use (`flex_client_update_token` or the automatic renewal); payload:
/// the credentials to persist, `{"access_token", "refresh_token" (or null), "expires_at"}`.
pub const FLEX_EVENT_TOKEN_UPDATED: flex_event_kind = 18;
/// The client was destroyed; the last event a listener receives. Payload: `{}`.
pub const FLEX_EVENT_CLIENT_DESTROYED: flex_event_kind = 19;
/// A participant of one of the worker's tasks was added, removed or modified, or
/// that failed; payload: `{kind, task_sid, task, participant}`.
pub const FLEX_EVENT_TASK_PARTICIPANT: flex_event_kind = 20;

/// The automatic token renewal failed; it is retried with backoff. Payload: `{}`.
pub const FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED: flex_event_kind = 30;
/// The renewed token expires when the previous one did: sign in again.
/// Payload: `{"expires_at": N}` (epoch seconds).
pub const FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED: flex_event_kind = 31;
/// The listeners fell behind and the client's bounded queue overflowed:
/// payload `{"count": N}`, the number of events dropped before this one.
pub const FLEX_EVENT_EVENTS_DROPPED: flex_event_kind = 32;

/// One event, passed to a listener. Borrowed: valid only during the callback.
#[repr(C)]
pub struct flex_event {
    /// What happened (`FLEX_EVENT_*`).
    pub kind: flex_event_kind,
    /// The payload as a NUL-terminated UTF-8 JSON document.
    pub json: *const c_char,
}

/// The C kind and JSON payload of an event.
pub(crate) fn describe(event: &FlexEvent) -> (flex_event_kind, Value) {
    use FlexEvent as E;
    match event {
        E::WorkerActivityUpdated { worker } => {
            (FLEX_EVENT_WORKER_ACTIVITY_UPDATED, json::worker(worker))
        }
        E::WorkerAttributesUpdated { worker } => {
            (FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, json::worker(worker))
        }
        E::ReservationCreated { reservation: r } => {
            (FLEX_EVENT_RESERVATION_CREATED, json::reservation(r))
        }
        E::ReservationAccepted { reservation: r } => {
            (FLEX_EVENT_RESERVATION_ACCEPTED, json::reservation(r))
        }
        E::ReservationRejected { reservation: r } => {
            (FLEX_EVENT_RESERVATION_REJECTED, json::reservation(r))
        }
        E::ReservationTimeout { reservation: r } => {
            (FLEX_EVENT_RESERVATION_TIMEOUT, json::reservation(r))
        }
        E::ReservationCanceled { reservation: r } => {
            (FLEX_EVENT_RESERVATION_CANCELED, json::reservation(r))
        }
        E::ReservationRescinded { reservation: r } => {
            (FLEX_EVENT_RESERVATION_RESCINDED, json::reservation(r))
        }
        E::ReservationWrapup { reservation: r } => {
            (FLEX_EVENT_RESERVATION_WRAPUP, json::reservation(r))
        }
        E::ReservationCompleted { reservation: r } => {
            (FLEX_EVENT_RESERVATION_COMPLETED, json::reservation(r))
        }
        E::TaskUpdated { task } => (FLEX_EVENT_TASK_UPDATED, json::task(task)),
        E::TaskCanceled { task } => (FLEX_EVENT_TASK_CANCELED, json::task(task)),
        E::TaskWrapup { task } => (FLEX_EVENT_TASK_WRAPUP, json::task(task)),
        E::TaskCompleted { task } => (FLEX_EVENT_TASK_COMPLETED, json::task(task)),
        E::TaskParticipant { event } => (
            FLEX_EVENT_TASK_PARTICIPANT,
            crate::json_tasks::participant_event(event),
        ),
        E::ConnectionStateChanged { state } => (
            FLEX_EVENT_CONNECTION_STATE_CHANGED,
            json!({"state": json::connection_state_name(*state)}),
        ),
        E::TokenAboutToExpire { expires_in_secs } => (
            FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE,
            json!({"expires_in_secs": expires_in_secs}),
        ),
        E::TokenExpired => (FLEX_EVENT_TOKEN_EXPIRED, json!({})),
        E::TokenUpdated { tokens } => (FLEX_EVENT_TOKEN_UPDATED, serde_json::to_value(tokens).unwrap_or_default()),
        E::TokenAutoUpdateFailed => (FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED, json!({})),
        E::TokenMaxLifetimeReached { expires_at } => (
            FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED,
            json!({"expires_at": expires_at}),
        ),
        E::ClientDestroyed => (FLEX_EVENT_CLIENT_DESTROYED, json!({})),
        E::EventsDropped { count } => (FLEX_EVENT_EVENTS_DROPPED, json!({"count": count})),
    }
}

fn kind_name(kind: flex_event_kind) -> Option<&'static CStr> {
    Some(match kind {
        FLEX_EVENT_WORKER_ACTIVITY_UPDATED => c"worker_activity_updated",
        FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED => c"worker_attributes_updated",
        FLEX_EVENT_RESERVATION_CREATED => c"reservation_created",
        FLEX_EVENT_RESERVATION_ACCEPTED => c"reservation_accepted",
        FLEX_EVENT_RESERVATION_REJECTED => c"reservation_rejected",
        FLEX_EVENT_RESERVATION_TIMEOUT => c"reservation_timeout",
        FLEX_EVENT_RESERVATION_CANCELED => c"reservation_canceled",
        FLEX_EVENT_RESERVATION_RESCINDED => c"reservation_rescinded",
        FLEX_EVENT_RESERVATION_WRAPUP => c"reservation_wrapup",
        FLEX_EVENT_RESERVATION_COMPLETED => c"reservation_completed",
        FLEX_EVENT_TASK_UPDATED => c"task_updated",
        FLEX_EVENT_TASK_CANCELED => c"task_canceled",
        FLEX_EVENT_TASK_WRAPUP => c"task_wrapup",
        FLEX_EVENT_TASK_COMPLETED => c"task_completed",
        FLEX_EVENT_CONNECTION_STATE_CHANGED => c"connection_state_changed",
        FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE => c"token_about_to_expire",
        FLEX_EVENT_TOKEN_EXPIRED => c"token_expired",
        FLEX_EVENT_TOKEN_UPDATED => c"token_updated",
        FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED => c"token_auto_update_failed",
        FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED => c"token_max_lifetime_reached",
        FLEX_EVENT_CLIENT_DESTROYED => c"client_destroyed",
        FLEX_EVENT_EVENTS_DROPPED => c"events_dropped",
        FLEX_EVENT_TASK_PARTICIPANT => c"task_participant",
        _ => return None,
    })
}

/// The snake_case name of an event kind (e.g. `"reservation_created"`), NULL
/// for an unknown kind. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_event_kind_name(kind: flex_event_kind) -> *const c_char {
    ffi::infallible(std::ptr::null(), || {
        kind_name(kind).map_or(std::ptr::null(), CStr::as_ptr)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_name() {
        for kind in FLEX_EVENT_WORKER_ACTIVITY_UPDATED..=FLEX_EVENT_TASK_PARTICIPANT {
            assert!(kind_name(kind).is_some(), "kind {kind}");
        }
        assert!(kind_name(0).is_none());
        for kind in [FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED, FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED] {
            assert!(kind_name(kind).is_some(), "kind {kind}");
        }
        let (kind, payload) = describe(&FlexEvent::ConnectionStateChanged {
            state: ConnectionState::Reconnecting,
        });
        assert_eq!(kind, FLEX_EVENT_CONNECTION_STATE_CHANGED);
        assert_eq!(payload, json!({"state": "reconnecting"}));
    }
}
