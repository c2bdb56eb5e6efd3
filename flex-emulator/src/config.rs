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
    /// Interval between `"\n"` heartbeats on the voice signalling socket (default 10 s).
    pub voice_heartbeat_interval: Duration,
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
    /// How long a client may take to send a request's headers, and how long an idle
    /// keep-alive connection stays open, before the connection is closed (default 30 s).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body before the request fails
    /// with 408 and the connection is closed (default 30 s).
    pub request_body_timeout: Duration,
    /// Most connections served at once (websockets included); further clients wait in
    /// the listen backlog until one closes. Default 4096, lowered to fit the process's
    /// open-file limit when that is known.
    pub max_connections: usize,
}

/// The default for [`EmulatorConfig::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// Descriptors kept free for everything that is not a client connection.
const RESERVED_DESCRIPTORS: usize = 64;

/// `DEFAULT_MAX_CONNECTIONS`, lowered so the connections fit the soft open-file limit
/// (read from `/proc/self/limits` on Linux; elsewhere the default as is).
pub fn default_max_connections() -> usize {
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("Max open files"))
                .and_then(|line| line.split_whitespace().nth(3))
                .and_then(|soft| soft.parse::<usize>().ok())
        });
    match limit {
        Some(limit) => {
            DEFAULT_MAX_CONNECTIONS.min(limit.saturating_sub(RESERVED_DESCRIPTORS).max(16))
        }
        None => DEFAULT_MAX_CONNECTIONS,
    }
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            heartbeat_interval: Duration::from_secs(15),
            voice_heartbeat_interval: Duration::from_secs(10),
            reservation_timeout: Duration::from_secs(120),
            token_ttl: Duration::from_secs(3600),
            sso_token_ttl: Duration::from_secs(3600),
            max_session_lifetime: Duration::from_secs(86_400),
            auth_code_ttl: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(30),
            request_body_timeout: Duration::from_secs(30),
            max_connections: default_max_connections(),
        }
    }
}
