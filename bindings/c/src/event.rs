//! `flex_event`: the event passed to listeners (kind and JSON payload), and `flex_connection_state`.

use std::ffi::{c_char, CStr};

use flex_core::FlexEvent;
use serde_json::{Map, Value};

use crate::ffi::infallible;

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
/// `flex_client_update_token` installed a new token. Payload: `{}`.
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

/// Every kind with its name: the snake_case name of the `FlexEvent` variant.
const KINDS: [(flex_event_kind, &CStr); 23] = [
    (FLEX_EVENT_WORKER_ACTIVITY_UPDATED, c"worker_activity_updated"),
    (FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, c"worker_attributes_updated"),
    (FLEX_EVENT_RESERVATION_CREATED, c"reservation_created"),
    (FLEX_EVENT_RESERVATION_ACCEPTED, c"reservation_accepted"),
    (FLEX_EVENT_RESERVATION_REJECTED, c"reservation_rejected"),
    (FLEX_EVENT_RESERVATION_TIMEOUT, c"reservation_timeout"),
    (FLEX_EVENT_RESERVATION_CANCELED, c"reservation_canceled"),
    (FLEX_EVENT_RESERVATION_RESCINDED, c"reservation_rescinded"),
    (FLEX_EVENT_RESERVATION_WRAPUP, c"reservation_wrapup"),
    (FLEX_EVENT_RESERVATION_COMPLETED, c"reservation_completed"),
    (FLEX_EVENT_TASK_UPDATED, c"task_updated"),
    (FLEX_EVENT_TASK_CANCELED, c"task_canceled"),
    (FLEX_EVENT_TASK_WRAPUP, c"task_wrapup"),
    (FLEX_EVENT_TASK_COMPLETED, c"task_completed"),
    (FLEX_EVENT_CONNECTION_STATE_CHANGED, c"connection_state_changed"),
    (FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE, c"token_about_to_expire"),
    (FLEX_EVENT_TOKEN_EXPIRED, c"token_expired"),
    (FLEX_EVENT_TOKEN_UPDATED, c"token_updated"),
    (FLEX_EVENT_CLIENT_DESTROYED, c"client_destroyed"),
    (FLEX_EVENT_TASK_PARTICIPANT, c"task_participant"),
    (FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED, c"token_auto_update_failed"),
    (FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED, c"token_max_lifetime_reached"),
    (FLEX_EVENT_EVENTS_DROPPED, c"events_dropped"),
];

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The C kind and JSON payload of an event: the variant's fields as an object,
/// or the record itself when its only field is one (worker, reservation, task,
/// participant event); `{}` for a variant without fields.
pub(crate) fn describe(event: &FlexEvent) -> (flex_event_kind, String) {
    let (name, fields) = match serde_json::to_value(event) {
        Ok(Value::Object(variant)) => variant.into_iter().next().unwrap_or_default(),
        Ok(Value::String(name)) => (name, Value::Object(Map::new())),
        _ => Default::default(),
    };
    let payload = match fields {
        Value::Object(f) if f.len() == 1 && f.values().all(Value::is_object) => f.into_values().next(),
        other => Some(other),
    };
    let name = snake_case(&name);
    let kind = KINDS.iter().find(|(_, n)| n.to_bytes() == name.as_bytes()).map_or(0, |(k, _)| *k);
    (kind, payload.unwrap_or_default().to_string())
}

/// The snake_case name of an event kind (e.g. `"reservation_created"`), NULL
/// for an unknown kind. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_event_kind_name(kind: flex_event_kind) -> *const c_char {
    infallible(std::ptr::null(), || {
        KINDS.iter().find(|(k, _)| *k == kind).map_or(std::ptr::null(), |(_, n)| n.as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flex_core::ConnectionState as S;

    #[test]
    fn payloads_and_kinds() {
        let state = FlexEvent::ConnectionStateChanged { state: S::Reconnecting };
        assert_eq!(describe(&state), (FLEX_EVENT_CONNECTION_STATE_CHANGED, r#"{"state":"reconnecting"}"#.into()));
        assert_eq!(describe(&FlexEvent::TokenExpired), (FLEX_EVENT_TOKEN_EXPIRED, "{}".into()));
        let dropped = FlexEvent::EventsDropped { count: 3 };
        assert_eq!(describe(&dropped), (FLEX_EVENT_EVENTS_DROPPED, r#"{"count":3}"#.into()));
        let c = [
            FLEX_CONNECTION_CONNECTING,
            FLEX_CONNECTION_CONNECTED,
            FLEX_CONNECTION_RECONNECTING,
            FLEX_CONNECTION_DISCONNECTED,
            FLEX_CONNECTION_TOKEN_EXPIRED,
        ];
        let states = [S::Connecting, S::Connected, S::Reconnecting, S::Disconnected, S::TokenExpired];
        assert_eq!(states.map(|s| s as flex_connection_state), c);
    }
}
