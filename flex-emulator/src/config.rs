//! Emulator start-up settings.

use std::time::Duration;

/// How the emulator listens and how fast its clocks run.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Interface to bind (default `127.0.0.1`).
    pub host: String,
    /// Port to bind; `0` picks a free one (default).
    pub port: u16,
    /// Interval between blank heartbeat frames on the event-bridge socket (default 15 s).
    pub heartbeat_interval: Duration,
    /// How long a reservation stays pending before it times out (default 120 s).
    pub reservation_timeout: Duration,
    /// Lifetime of the tokens minted for the seeded users (default 3600 s).
    pub token_ttl: Duration,
    /// Lifetime of the access tokens issued by SSO sign-in and refresh (default 3600 s).
    pub sso_token_ttl: Duration,
    /// How long an SSO session may be renewed; a refresh after that returns a
    /// token expiring when the session does (default 24 h).
    pub max_session_lifetime: Duration,
    /// How long an authorization code can be exchanged (default 60 s).
    pub auth_code_ttl: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            heartbeat_interval: Duration::from_secs(15),
            reservation_timeout: Duration::from_secs(120),
            token_ttl: Duration::from_secs(3600),
            sso_token_ttl: Duration::from_secs(3600),
            max_session_lifetime: Duration::from_secs(86_400),
            auth_code_ttl: Duration::from_secs(60),
        }
    }
}
