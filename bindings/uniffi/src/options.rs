//! [`ClientOptions`]: `flex_core::ClientOptions` with durations in milliseconds and defaults.

use std::time::Duration;

use flex_core::LogLevel;

use crate::service::SessionOptions;

/// Options for `create_client`; every field has flex-core's default, so
/// `ClientOptions(endpoint_override = url)` is enough against an emulator.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ClientOptions {
    /// The Twilio region (e.g. `"ie1"`); none means the default (us1).
    #[uniffi(default = None)]
    pub region: Option<String>,
    /// The Twilio edge location (e.g. `"dublin"`) for the services that support edges.
    #[uniffi(default = None)]
    pub edge: Option<String>,
    /// One base URL for every service instead of the Twilio hosts, e.g. a local
    /// emulator `"http://127.0.0.1:PORT"`. Plain http is allowed only on loopback.
    #[uniffi(default = None)]
    pub endpoint_override: Option<String>,
    /// The longest `create_client` may take, in milliseconds.
    #[uniffi(default = 30000)]
    pub connect_timeout_ms: u64,
    /// The timeout of every HTTP request, in milliseconds.
    #[uniffi(default = 15000)]
    pub request_timeout_ms: u64,
    /// The SDK log level to apply; none leaves it as is.
    #[uniffi(default = None)]
    pub log_level: Option<LogLevel>,
    /// Ask the backend to set the worker offline when the socket disconnects.
    #[uniffi(default = true)]
    pub set_worker_offline_if_disconnected: bool,
    /// Ask the backend to close the worker's other sessions.
    #[uniffi(default = false)]
    pub close_existing_sessions: bool,
    /// The Flex UI version sent with the configuration request.
    #[uniffi(default = None)]
    pub ui_version: Option<String>,
    /// The socket is considered dead after this long without any frame, in milliseconds.
    #[uniffi(default = 30000)]
    pub heartbeat_timeout_ms: u64,
    /// How long before the token expires `TokenAboutToExpire` is emitted, in milliseconds.
    #[uniffi(default = 60000)]
    pub token_expiry_warning_ms: u64,
    /// How long an action waits for the event that confirms it, in milliseconds.
    #[uniffi(default = 10000)]
    pub event_timeout_ms: u64,
    /// Automatic token renewal (off by default).
    #[uniffi(default)]
    pub session: SessionOptions,
}

impl From<ClientOptions> for flex_core::ClientOptions {
    fn from(o: ClientOptions) -> Self {
        flex_core::ClientOptions {
            region: o.region,
            edge: o.edge,
            endpoint_override: o.endpoint_override,
            connect_timeout: Duration::from_millis(o.connect_timeout_ms),
            request_timeout: Duration::from_millis(o.request_timeout_ms),
            log_level: o.log_level,
            set_worker_offline_if_disconnected: o.set_worker_offline_if_disconnected,
            close_existing_sessions: o.close_existing_sessions,
            ui_version: o.ui_version,
            heartbeat_timeout: Duration::from_millis(o.heartbeat_timeout_ms),
            token_expiry_warning: Duration::from_millis(o.token_expiry_warning_ms),
            event_timeout: Duration::from_millis(o.event_timeout_ms),
            session: o.session.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `#[uniffi(default)]` values above, which must equal flex-core's defaults.
    fn declared_defaults() -> ClientOptions {
        ClientOptions {
            region: None,
            edge: None,
            endpoint_override: None,
            connect_timeout_ms: 30000,
            request_timeout_ms: 15000,
            log_level: None,
            set_worker_offline_if_disconnected: true,
            close_existing_sessions: false,
            ui_version: None,
            heartbeat_timeout_ms: 30000,
            token_expiry_warning_ms: 60000,
            event_timeout_ms: 10000,
            session: SessionOptions {
                auto_update_token: false,
                refresh_token: None,
                sso_profile_sid: None,
                is_console_login: false,
                account_sid: None,
                instance_sid: None,
                app_type: None,
                refresh_margin_ms: 60000,
                check_interval_ms: 15000,
            },
        }
    }

    #[test]
    fn defaults_match_flex_core() {
        assert_eq!(flex_core::ClientOptions::from(declared_defaults()), flex_core::ClientOptions::default());
    }
}
