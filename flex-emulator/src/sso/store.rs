//! The SSO state: pending authorization codes, refresh-token sessions, the
//! refresh failure hook, and token renewals (which extend open sockets).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::watch;

/// Who signed in and how (what a code or a refresh token must be used with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The SSO profile, or `None` for console login.
    pub sso_profile_sid: Option<String>,
    /// The signed-in user's worker.
    pub worker_sid: String,
}

/// An authorization code waiting for its exchange.
#[derive(Debug, Clone)]
pub struct Code {
    /// Who signed in.
    pub login: Login,
    /// The PKCE S256 challenge.
    pub challenge: String,
    /// The nonce of the login request.
    pub nonce: String,
    /// After this the code is refused.
    pub expires: Instant,
    /// A code is good for one exchange.
    pub used: bool,
}

/// A live refresh token.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who signed in.
    pub login: Login,
    /// When the session ends (epoch seconds): no token outlives it.
    pub deadline: i64,
}

/// A configured refresh failure: the next `count` refreshes answer `status`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FailRefresh {
    /// How many refreshes still fail.
    pub count: u32,
    /// The HTTP status they answer.
    pub status: u16,
}

/// The mutable SSO state.
#[derive(Debug, Default)]
pub struct Store {
    /// Codes by value.
    pub codes: HashMap<String, Code>,
    /// Sessions by refresh token.
    pub sessions: HashMap<String, Session>,
    /// The failure hook.
    pub fail_refresh: FailRefresh,
}

/// The SSO state and the renewal signal.
#[derive(Debug)]
pub struct Sso {
    store: Mutex<Store>,
    renewals: watch::Sender<HashMap<String, i64>>,
}

impl Default for Sso {
    fn default() -> Self {
        Sso {
            store: Mutex::default(),
            renewals: watch::channel(HashMap::new()).0,
        }
    }
}

impl Sso {
    /// The state, locked (never across an await).
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records that a worker presented a valid token expiring at `expires_at`:
    /// each of its open sockets whose own token expires earlier stays open
    /// until then (the client renewed its session). Every validation notifies,
    /// so a longer-lived token seen earlier never hides a later renewal.
    pub fn renewed(&self, worker_sid: &str, expires_at: i64) {
        self.renewals.send_modify(|m| {
            m.insert(worker_sid.to_string(), expires_at);
        });
    }

    /// Notified on every validation; the map holds each worker's most recently validated expiry.
    pub fn renewals(&self) -> watch::Receiver<HashMap<String, i64>> {
        self.renewals.subscribe()
    }
}
