//! Client options: [`ClientOptions`], [`SessionOptions`] and [`LogLevel`].
//! Durations are whole milliseconds, the same in every language.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::auth::Secret;
use crate::sso::AppType;

/// How much the SDK logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    /// Everything, including per-frame traces.
    Trace,
    /// Debugging detail.
    Debug,
    /// Lifecycle information.
    Info,
    /// Unexpected but recoverable conditions.
    Warn,
    /// Failures only.
    Error,
    /// Nothing at all.
    Silent,
}

record_with_defaults! {
    /// Options for [`crate::FlexClient::create`]; every field has a default.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ClientOptions {
        /// The Twilio region (e.g. `"ie1"`); `None` means the default (us1).
        pub region: Option<String> = None,
        /// The Twilio edge location (e.g. `"dublin"`) for the services that support edges.
        pub edge: Option<String> = None,
        /// One base URL used for every service instead of the Twilio hosts,
        /// e.g. a local emulator `"http://127.0.0.1:PORT"`. Plain http is allowed only on loopback.
        pub endpoint_override: Option<String> = None,
        /// The longest [`crate::FlexClient::create`] may take, in milliseconds.
        pub connect_timeout_ms: u64 = 30000,
        /// The timeout of every HTTP request, in milliseconds.
        pub request_timeout_ms: u64 = 15000,
        /// The SDK log level to apply (see [`crate::logging::set_log_level`]); `None` leaves it as is.
        /// The level is process-wide: it applies to every client and to the log listener.
        pub log_level: Option<LogLevel> = None,
        /// Ask the backend to set the worker offline when the socket disconnects.
        pub set_worker_offline_if_disconnected: bool = true,
        /// Ask the backend to close the worker's other sessions.
        pub close_existing_sessions: bool = false,
        /// The Flex UI version sent with the configuration request.
        pub ui_version: Option<String> = None,
        /// The socket is considered dead after this long without any frame, in milliseconds.
        pub heartbeat_timeout_ms: u64 = 30000,
        /// How long before the token expires `TokenAboutToExpire` is emitted, in milliseconds.
        pub token_expiry_warning_ms: u64 = 60000,
        /// How long an action waits for the event that confirms it, in milliseconds.
        pub event_timeout_ms: u64 = 10000,
        /// How many events may wait for the client's listeners before newer
        /// ones are dropped and reported with `EventsDropped`; at least 1.
        pub event_queue_capacity: u32 = 10000,
        /// Automatic token renewal with a refresh token; `None` (the default) renews nothing.
        pub session: Option<SessionOptions> = None,
        /// Voice: the built-in device registers for incoming calls when the client
        /// is created, and voice tasks are accepted through it; `None` (the default)
        /// turns voice off (a voice task is then accepted as a plain reservation).
        pub voice: Option<VoiceOptions> = None,
    }
}

record_with_defaults! {
    /// The built-in voice device (VOICE.md §1; API.md §7.4.0).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VoiceOptions {
        /// Accept incoming calls automatically (API.md §7.4.0): at once when the
        /// call names this client's session or none, after 5 s when it names another.
        pub auto_accept_incoming_calls: bool = true,
        /// How long client creation waits for the device to register, in milliseconds.
        pub registration_timeout_ms: u64 = 10000,
        /// The signalling socket is dead after this long without a frame, in
        /// milliseconds (Twilio heartbeats every ~10 s).
        pub heartbeat_timeout_ms: u64 = 15000,
        /// How often a registered device re-sends `register`, in milliseconds.
        pub reregister_interval_ms: u64 = 30000,
    }
}

record_with_defaults! {
    /// Automatic token renewal (API.md §2.3): with `auto_update_token`, the client
    /// refreshes the token `refresh_margin_ms` before it expires, validates it and
    /// uses it everywhere at once, emitting `TokenUpdated` with the new tokens (or
    /// `TokenAutoUpdateFailed`, or `TokenMaxLifetimeReached`; see `FlexClient::renewal_state`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SessionOptions {
        /// Renew the token automatically (needs `refresh_token`).
        pub auto_update_token: bool = false,
        /// The refresh token from `exchange_token` (rotated at every renewal; the
        /// current one is in `TokenUpdated` and `FlexClient::token`).
        pub refresh_token: Option<Arc<Secret>> = None,
        /// The SSO profile SID (SSO login).
        pub sso_profile_sid: Option<String> = None,
        /// Console login instead of SSO.
        pub is_console_login: bool = false,
        /// The account SID (console login).
        pub account_sid: Option<String> = None,
        /// The Flex instance SID (console login).
        pub instance_sid: Option<String> = None,
        /// The application type sent with the refresh.
        pub app_type: Option<AppType> = None,
        /// Renew when the token has this long left, in milliseconds.
        pub refresh_margin_ms: u64 = 60000,
        /// The longest pause between two checks of the token's expiry, in milliseconds.
        pub check_interval_ms: u64 = 15000,
    }
}

impl ClientOptions {
    /// [`ClientOptions::connect_timeout_ms`] as a duration.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }

    /// [`ClientOptions::request_timeout_ms`] as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// [`ClientOptions::heartbeat_timeout_ms`] as a duration.
    pub fn heartbeat_timeout(&self) -> Duration {
        Duration::from_millis(self.heartbeat_timeout_ms)
    }

    /// [`ClientOptions::token_expiry_warning_ms`] as a duration.
    pub fn token_expiry_warning(&self) -> Duration {
        Duration::from_millis(self.token_expiry_warning_ms)
    }

    /// [`ClientOptions::event_timeout_ms`] as a duration.
    pub fn event_timeout(&self) -> Duration {
        Duration::from_millis(self.event_timeout_ms)
    }

    /// The shortest heartbeat timeout accepted: the server heartbeats every ~15 s,
    /// and a shorter silence than this is no sign of a lost socket.
    pub const MIN_HEARTBEAT_TIMEOUT_MS: u64 = 500;

    /// Checks the values `create` relies on: every timeout positive, the
    /// heartbeat timeout at least [`Self::MIN_HEARTBEAT_TIMEOUT_MS`], a queue of at least one event.
    pub(crate) fn validate(&self) -> crate::Result<()> {
        let invalid = |what: &str| Err(crate::FlexSdkError::invalid_params(what.to_string()));
        if self.connect_timeout_ms == 0 || self.request_timeout_ms == 0 || self.event_timeout_ms == 0 {
            return invalid("connect_timeout_ms, request_timeout_ms and event_timeout_ms must be positive");
        }
        if self.heartbeat_timeout_ms < Self::MIN_HEARTBEAT_TIMEOUT_MS {
            return invalid("heartbeat_timeout_ms must be at least 500 (the server heartbeats every ~15 s)");
        }
        if self.event_queue_capacity == 0 {
            return invalid("event_queue_capacity must be at least 1");
        }
        if let Some(v) = &self.voice {
            if v.heartbeat_timeout_ms < Self::MIN_HEARTBEAT_TIMEOUT_MS {
                return invalid("voice.heartbeat_timeout_ms must be at least 500");
            }
            if v.registration_timeout_ms == 0 || v.reregister_interval_ms == 0 {
                return invalid("voice.registration_timeout_ms and voice.reregister_interval_ms must be positive");
            }
        }
        Ok(())
    }

    /// The session options when automatic renewal is on.
    pub(crate) fn renewal(&self) -> Option<&SessionOptions> {
        self.session.as_ref().filter(|s| s.auto_update_token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let o = ClientOptions::default();
        assert_eq!(o.connect_timeout(), Duration::from_secs(30));
        assert!(o.set_worker_offline_if_disconnected);
        assert!(o.renewal().is_none());
        assert_eq!(SessionOptions::default().refresh_margin_ms, 60000);
    }

    #[test]
    fn nonsense_values_are_refused() {
        assert!(ClientOptions::default().validate().is_ok());
        for bad in [
            ClientOptions { heartbeat_timeout_ms: 1, ..Default::default() },
            ClientOptions { heartbeat_timeout_ms: 0, ..Default::default() },
            ClientOptions { connect_timeout_ms: 0, ..Default::default() },
            ClientOptions { event_queue_capacity: 0, ..Default::default() },
            ClientOptions { voice: Some(VoiceOptions { heartbeat_timeout_ms: 10, ..Default::default() }), ..Default::default() },
            ClientOptions { voice: Some(VoiceOptions { reregister_interval_ms: 0, ..Default::default() }), ..Default::default() },
        ] {
            assert_eq!(bad.validate().unwrap_err().code, crate::ErrorCode::InvalidParams);
        }
    }

    #[test]
    fn debug_never_shows_the_refresh_token() {
        let s = SessionOptions { refresh_token: Some(Arc::new(Secret::from("r-secret"))), ..Default::default() };
        assert!(!format!("{s:?}").contains("r-secret"));
    }
}
