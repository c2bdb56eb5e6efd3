//! Client options: [`ClientOptions`] and [`LogLevel`].

use std::time::Duration;

/// How much the SDK logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// Options for [`crate::FlexClient::create`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// The Twilio region (e.g. `"ie1"`); `None` means the default (us1).
    pub region: Option<String>,
    /// The Twilio edge location (e.g. `"dublin"`) for the services that support edges.
    pub edge: Option<String>,
    /// One base URL used for every service instead of the Twilio hosts,
    /// e.g. a local emulator `"http://127.0.0.1:PORT"`. Plain http is allowed only on loopback.
    pub endpoint_override: Option<String>,
    /// The longest [`crate::FlexClient::create`] may take.
    pub connect_timeout: Duration,
    /// The timeout of every HTTP request.
    pub request_timeout: Duration,
    /// The SDK log level to apply (see [`crate::logging::set_log_level`]); `None` leaves it as is.
    pub log_level: Option<LogLevel>,
    /// Ask the backend to set the worker offline when the socket disconnects.
    pub set_worker_offline_if_disconnected: bool,
    /// Ask the backend to close the worker's other sessions.
    pub close_existing_sessions: bool,
    /// The Flex UI version sent with the configuration request.
    pub ui_version: Option<String>,
    /// The socket is considered dead after this long without any frame.
    pub heartbeat_timeout: Duration,
    /// How long before the token expires `TokenAboutToExpire` is emitted.
    pub token_expiry_warning: Duration,
    /// How long an action waits for the event that confirms it.
    pub event_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            region: None,
            edge: None,
            endpoint_override: None,
            connect_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(15),
            log_level: None,
            set_worker_offline_if_disconnected: true,
            close_existing_sessions: false,
            ui_version: None,
            heartbeat_timeout: Duration::from_secs(30),
            token_expiry_warning: Duration::from_secs(60),
            event_timeout: Duration::from_secs(10),
        }
    }
}
