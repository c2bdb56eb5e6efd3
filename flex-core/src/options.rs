//! Client options: [`ClientOptions`], [`SessionOptions`] and [`LogLevel`].

use serde::Serialize;

use std::time::Duration;

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
    /// The level is process-wide: it applies to every client and to the log listener.
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
    /// Automatic token renewal with a refresh token (off by default).
    pub session: SessionOptions,
}

/// Automatic token renewal (API.md §2.3): with `auto_update_token`, the client
/// refreshes the token `refresh_margin` before it expires, validates it and
/// uses it everywhere at once, emitting `TokenUpdated` (or
/// `TokenAutoUpdateFailed`, retried with backoff, or `TokenMaxLifetimeReached`).
#[derive(Clone, PartialEq, Eq)]
pub struct SessionOptions {
    /// Renew the token automatically (needs `refresh_token`).
    pub auto_update_token: bool,
    /// The refresh token from `exchange_token` (rotated at every renewal).
    pub refresh_token: Option<String>,
    /// The SSO profile SID (SSO login).
    pub sso_profile_sid: Option<String>,
    /// Console login instead of SSO.
    pub is_console_login: bool,
    /// The account SID (console login).
    pub account_sid: Option<String>,
    /// The Flex instance SID (console login).
    pub instance_sid: Option<String>,
    /// The application type sent with the refresh.
    pub app_type: Option<AppType>,
    /// Renew when the token has this long left (default 60 s).
    pub refresh_margin: Duration,
    /// The longest pause between two checks of the token's expiry (default 15 s).
    pub check_interval: Duration,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            auto_update_token: false,
            refresh_token: None,
            sso_profile_sid: None,
            is_console_login: false,
            account_sid: None,
            instance_sid: None,
            app_type: None,
            refresh_margin: Duration::from_secs(60),
            check_interval: Duration::from_secs(15),
        }
    }
}

impl std::fmt::Debug for SessionOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionOptions")
            .field("auto_update_token", &self.auto_update_token)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[redacted]"))
            .field("sso_profile_sid", &self.sso_profile_sid)
            .field("is_console_login", &self.is_console_login)
            .field("app_type", &self.app_type)
            .field("refresh_margin", &self.refresh_margin)
            .field("check_interval", &self.check_interval)
            .finish_non_exhaustive()
    }
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
            session: SessionOptions::default(),
        }
    }
}
