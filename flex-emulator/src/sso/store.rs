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

/// The SSO state and the renewal signal of each worker.
#[derive(Debug, Default)]
pub struct Sso {
    store: Mutex<Store>,
    renewals: Mutex<HashMap<String, watch::Sender<i64>>>,
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
    /// Only that worker's sockets are woken.
    pub fn renewed(&self, worker_sid: &str, expires_at: i64) {
        self.renewal(worker_sid).send_replace(expires_at);
    }

    /// Notified on every validation of a token of `worker_sid`; holds its most
    /// recently validated expiry (0 before the first).
    pub fn renewals(&self, worker_sid: &str) -> watch::Receiver<i64> {
        self.renewal(worker_sid).subscribe()
    }

    fn renewal(&self, worker_sid: &str) -> watch::Sender<i64> {
        let mut all = self.renewals.lock().unwrap_or_else(|p| p.into_inner());
        all.entry(worker_sid.to_string())
            .or_insert_with(|| watch::channel(0).0)
            .clone()
    }
}
