//! `flex_event`: the event passed to listeners (kind and JSON payload), `flex_connection_state`
//! and `flex_renewal_state`.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use flex_core::{FlexEvent, FlexEventKind, FlexSdkError, Result};
use strum::IntoEnumIterator;
use serde_json::{Map, Value};

use crate::ffi::{infallible, to_cstring};

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
/// The server refused the token on reconnect (HTTP 401/403): nothing is
/// retried until `flex_client_update_token` installs a token it accepts.
pub const FLEX_CONNECTION_DENIED: flex_connection_state = 5;

/// Where a client's automatic token renewal stands (`flex_client_renewal_state`).
pub type flex_renewal_state = u32;
/// The client does not renew its token (no session with auto renewal).
pub const FLEX_RENEWAL_OFF: flex_renewal_state = 0;
/// The token is renewed ahead of its expiry.
pub const FLEX_RENEWAL_ACTIVE: flex_renewal_state = 1;
/// The last renewal failed for a reason that may pass; retried with backoff.
pub const FLEX_RENEWAL_RETRYING: flex_renewal_state = 2;
/// Renewal cannot go on (refresh token refused, another user's token, or the
/// session's maximum lifetime): sign in again; `flex_client_update_token` with
/// the new tokens resumes it.
pub const FLEX_RENEWAL_STOPPED: flex_renewal_state = 3;

/// What an event is about (`flex_event.kind`); the payload schema is in the README.
pub type flex_event_kind = u32;
/// Defines the `FLEX_EVENT_*` constants and [`KINDS`], each with its name: the
/// constant's name in lowercase without the prefix, the `FlexEvent` variant in snake_case.
macro_rules! event_kinds {
    ($($(#[$m:meta])* $name:ident = $value:literal;)*) => {
        $($(#[$m])* pub const $name: flex_event_kind = $value;)*
        /// Every kind with its name.
        const KINDS: &[(flex_event_kind, &str)] = &[$(($name, stringify!($name)),)*];
    };
}

event_kinds! {
    /// The worker's activity changed; payload: the worker.
    FLEX_EVENT_WORKER_ACTIVITY_UPDATED = 1;
    /// The worker's attributes changed; payload: the worker.
    FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED = 2;
    /// A task was offered to the worker; payload: the reservation.
    FLEX_EVENT_RESERVATION_CREATED = 3;
    /// A reservation was accepted; payload: the reservation.
    FLEX_EVENT_RESERVATION_ACCEPTED = 4;
    /// A reservation was rejected; payload: the reservation.
    FLEX_EVENT_RESERVATION_REJECTED = 5;
    /// A reservation timed out; payload: the reservation.
    FLEX_EVENT_RESERVATION_TIMEOUT = 6;
    /// A reservation was canceled; payload: the reservation.
    FLEX_EVENT_RESERVATION_CANCELED = 7;
    /// A reservation was rescinded; payload: the reservation.
    FLEX_EVENT_RESERVATION_RESCINDED = 8;
    /// A reservation went to wrap-up; payload: the reservation.
    FLEX_EVENT_RESERVATION_WRAPUP = 9;
    /// A reservation was completed; payload: the reservation.
    FLEX_EVENT_RESERVATION_COMPLETED = 10;
    /// One of the worker's tasks changed; payload: the task.
    FLEX_EVENT_TASK_UPDATED = 11;
    /// One of the worker's tasks was canceled; payload: the task.
    FLEX_EVENT_TASK_CANCELED = 12;
    /// One of the worker's tasks went to wrap-up; payload: the task.
    FLEX_EVENT_TASK_WRAPUP = 13;
    /// One of the worker's tasks was completed; payload: the task.
    FLEX_EVENT_TASK_COMPLETED = 14;
    /// The connection state changed; payload: `{"state": "connected"}` (see `flex_connection_state`).
    FLEX_EVENT_CONNECTION_STATE_CHANGED = 15;
    /// The token expires soon; payload: `{"expires_in_secs": N}`. Call `flex_client_update_token`.
    FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE = 16;
    /// The token expired; the connection stays closed until `flex_client_update_token`. Payload: `{}`.
    FLEX_EVENT_TOKEN_EXPIRED = 17;
    /// `flex_client_update_token` installed a new token. Payload: `{}`.
    FLEX_EVENT_TOKEN_UPDATED = 18;
    /// The client was destroyed; the last event a listener receives. Payload: `{}`.
    FLEX_EVENT_CLIENT_DESTROYED = 19;
    /// A participant of one of the worker's tasks was added, removed or modified, or
    /// that failed; payload: `{kind, task_sid, task, participant}`.
    FLEX_EVENT_TASK_PARTICIPANT = 20;
    /// The automatic token renewal failed. Payload: `{"error": {code, severity,
    /// message, details, twilio_code, http_status}, "terminal": bool, "retry_in_ms": N|null}`;
    /// when `terminal`, renewal stopped (`FLEX_RENEWAL_STOPPED`): sign in again.
    FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED = 30;
    /// The renewed token expires when the previous one did: sign in again.
    /// Payload: `{"expires_at": N}` (epoch seconds).
    FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED = 31;
    /// The listeners fell behind and the client's bounded queue overflowed:
    /// payload `{"count": N}`, the number of events dropped before this one.
    FLEX_EVENT_EVENTS_DROPPED = 32;
    /// A reconnect attempt failed. Payload: `{"error": {code, …}, "terminal": bool,
    /// "retry_in_ms": N|null}`; when `terminal` the server refused the token and the
    /// state is `FLEX_CONNECTION_DENIED` until `flex_client_update_token`.
    FLEX_EVENT_CONNECTION_ERROR = 33;
    /// The voice device's state changed; payload: `{"state": "registered"}` (`off`,
    /// `connecting`, `connected`, `registered`, `reconnecting`, `denied`, `disconnected`).
    FLEX_EVENT_VOICE_STATE_CHANGED = 34;
    /// Something happened to a call on the voice device; payload: `{kind, call:
    /// {call_sid, status, caller, callee, parameters, custom_parameters, muted}, error, voice_event_sid,
    /// message: {content, content_type}}`.
    FLEX_EVENT_VOICE_CALL = 35;
    /// The voice signalling server reported an error about the device; payload:
    /// `{"error": {code, severity, message, details, twilio_code, http_status}}`.
    FLEX_EVENT_VOICE_ERROR = 36;
}

/// One event, passed to a listener. Borrowed: valid only during the callback.
#[repr(C)]
pub struct flex_event {
    /// What happened (`FLEX_EVENT_*`).
    pub kind: flex_event_kind,
    /// The payload as a NUL-terminated UTF-8 JSON document.
    pub json: *const c_char,
}

/// The kinds with their C names, e.g. `"reservation_created"`.
fn names() -> &'static [(flex_event_kind, CString)] {
    static NAMES: OnceLock<Vec<(flex_event_kind, CString)>> = OnceLock::new();
    let name = |n: &str| to_cstring(n["FLEX_EVENT_".len()..].to_lowercase());
    NAMES.get_or_init(|| KINDS.iter().map(|(k, n)| (*k, name(n))).collect())
}

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

/// The core kind a C kind stands for; `InvalidParams` for a number that names none.
pub(crate) fn core_kind(kind: flex_event_kind) -> Result<FlexEventKind> {
    let name = names().iter().find(|(k, _)| *k == kind).map(|(_, n)| n.to_bytes());
    FlexEventKind::iter()
        .find(|k| Some(snake_case(&format!("{k:?}")).as_bytes()) == name)
        .ok_or_else(|| FlexSdkError::invalid_params(format!("{kind} is not a FLEX_EVENT_* kind")))
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
    let kind = names().iter().find(|(_, n)| n.to_bytes() == name.as_bytes()).map_or(0, |(k, _)| *k);
    (kind, payload.unwrap_or_default().to_string())
}

/// The snake_case name of an event kind (e.g. `"reservation_created"`), NULL
/// for an unknown kind. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_event_kind_name(kind: flex_event_kind) -> *const c_char {
    infallible(std::ptr::null(), || {
        names().iter().find(|(k, _)| *k == kind).map_or(std::ptr::null(), |(_, n)| n.as_ptr())
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
            FLEX_CONNECTION_DENIED,
        ];
        let states = [S::Connecting, S::Connected, S::Reconnecting, S::Disconnected, S::TokenExpired, S::Denied];
        assert_eq!(states.map(|s| s as flex_connection_state), c);
        use flex_core::RenewalState as R;
        let r = [FLEX_RENEWAL_OFF, FLEX_RENEWAL_ACTIVE, FLEX_RENEWAL_RETRYING, FLEX_RENEWAL_STOPPED];
        assert_eq!([R::Off, R::Active, R::Retrying, R::Stopped].map(|s| s as flex_renewal_state), r);
        let error = flex_core::ErrorInfo::from(&flex_core::FlexSdkError::network("down"));
        let failed = FlexEvent::ConnectionError { error, terminal: false, retry_in_ms: Some(900) };
        let (kind, json) = describe(&failed);
        assert_eq!(kind, FLEX_EVENT_CONNECTION_ERROR);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!((v["error"]["code"].as_u64(), v["terminal"].as_bool(), v["retry_in_ms"].as_u64()), (Some(48924), Some(false), Some(900)));
        let voice = FlexEvent::VoiceStateChanged { state: flex_core::VoiceState::Registered };
        assert_eq!(describe(&voice), (FLEX_EVENT_VOICE_STATE_CHANGED, r#"{"state":"registered"}"#.into()));
        let call = flex_core::VoiceCallInfo {
            call_sid: "CA1".into(),
            status: flex_core::CallStatus::Open,
            caller: None,
            callee: None,
            parameters: Default::default(),
            custom_parameters: Default::default(),
            muted: false,
        };
        let event = flex_core::VoiceCallEvent { kind: flex_core::VoiceCallEventKind::Accepted, call, error: None, voice_event_sid: None, message: None };
        let (kind, json) = describe(&FlexEvent::VoiceCall { event });
        assert_eq!(kind, FLEX_EVENT_VOICE_CALL);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!((v["kind"].as_str(), v["call"]["call_sid"].as_str()), (Some("accepted"), Some("CA1")));
        let error = flex_core::ErrorInfo::from(&flex_core::FlexSdkError::network("down"));
        assert_eq!(describe(&FlexEvent::VoiceError { error }).0, FLEX_EVENT_VOICE_ERROR);
    }
}
