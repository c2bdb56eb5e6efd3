//! The token broker (the one place the current token lives) and token validation.

mod info;
mod jwt;
mod time;

pub use info::TokenInfo;
pub(crate) use info::{access_denied, info_body, parse as parse_info, validate};
pub(crate) use jwt::account_sid_hint;
pub(crate) use time::time_from_value;

use std::sync::{Arc, RwLock};

use serde::Serialize;
use tokio::sync::watch;

/// A secret (an access or refresh token, an authorization code, a PKCE
/// verifier) whose string forms (`Debug`, `Display`; in the bindings `str`,
/// `repr`, `toString`, `description`) never show its value. Read the value
/// explicitly with [`Secret::expose`] (Rust) or `reveal()` (every language).
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
#[cfg_attr(feature = "uniffi", uniffi::export(Debug, Display, Eq, Hash))]
pub struct Secret(Arc<str>);

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Secret {
    /// Wraps a secret value.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn new(value: String) -> Secret {
        Secret(Arc::from(value))
    }

    /// The value itself: for the wire, or for an app that stores it.
    pub fn reveal(&self) -> String {
        self.0.to_string()
    }
}

impl Secret {
    /// The value itself, borrowed (for the wire only).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(Arc::from(value))
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret::new(value)
    }
}

impl Default for Secret {
    fn default() -> Secret {
        Secret::from("")
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Serialized as its value: serialization is an explicit export (the C API's
/// JSON, an app's own storage), never a log line.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

/// The credentials a client uses now (`FlexClient::token`, `TokenUpdated`),
/// for an app to persist and restore its session after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SessionTokens {
    /// The access token in use.
    pub access_token: Arc<Secret>,
    /// The refresh token that renews it (rotated at every renewal), when the client has one.
    pub refresh_token: Option<Arc<Secret>>,
    /// When the access token expires (epoch seconds).
    pub expires_at: i64,
}

/// What the broker holds: the token, what validation said, the refresh token.
struct Current {
    token: Secret,
    info: TokenInfo,
    refresh: Option<Secret>,
}

/// Holds the current token and what validation said about it (and the refresh
/// token that renews it); every HTTP call and every socket connect reads the
/// token from here.
pub(crate) struct TokenBroker {
    current: RwLock<Current>,
    generation: watch::Sender<u64>,
}

impl TokenBroker {
    /// A broker holding a validated token and, for a renewing session, its refresh token.
    pub(crate) fn new(token: Secret, info: TokenInfo, refresh: Option<Secret>) -> TokenBroker {
        TokenBroker {
            current: RwLock::new(Current { token, info, refresh }),
            generation: watch::channel(0).0,
        }
    }

    /// The current token.
    pub(crate) fn token(&self) -> Secret {
        self.read().token.clone()
    }

    /// What validation said about the current token.
    pub(crate) fn info(&self) -> TokenInfo {
        self.read().info.clone()
    }

    /// The current refresh token, if any.
    pub(crate) fn refresh_token(&self) -> Option<Secret> {
        self.read().refresh.clone()
    }

    /// The current credentials, for the app.
    pub(crate) fn session_tokens(&self) -> SessionTokens {
        let c = self.read();
        SessionTokens {
            access_token: Arc::new(c.token.clone()),
            refresh_token: c.refresh.clone().map(Arc::new),
            expires_at: c.info.expires_at,
        }
    }

    /// Installs a new validated token (and a new refresh token, when given)
    /// and wakes everything that watches the broker.
    pub(crate) fn replace(&self, token: Secret, info: TokenInfo, refresh: Option<Secret>) {
        {
            let mut c = self.current.write().unwrap_or_else(|p| p.into_inner());
            c.token = token;
            c.info = info;
            if refresh.is_some() {
                c.refresh = refresh;
            }
        }
        self.generation.send_modify(|g| *g += 1);
    }

    /// Keeps a rotated refresh token whose access token was not installed.
    pub(crate) fn set_refresh(&self, refresh: Secret) {
        self.current.write().unwrap_or_else(|p| p.into_inner()).refresh = Some(refresh);
    }

    /// Notified on every [`TokenBroker::replace`].
    pub(crate) fn watch(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Runs `call` with the current token; when it fails with 20104 (expired)
    /// and the broker meanwhile got a new token (a refresh raced the request),
    /// runs it once more with the new token.
    pub(crate) async fn with_current<T, F, Fut>(&self, call: F) -> crate::error::Result<T>
    where
        F: Fn(Secret) -> Fut,
        Fut: std::future::Future<Output = crate::error::Result<T>>,
    {
        let used = self.token();
        match call(used.clone()).await {
            Err(e) if e.twilio_code == Some(20104) && self.token() != used => {
                tracing::debug!(target: "flex_core::auth", "retrying with the refreshed token");
                call(self.token()).await
            }
            other => other,
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        self.current.read().unwrap_or_else(|p| p.into_inner())
    }
}

impl std::fmt::Debug for TokenBroker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &*self.read();
        f.debug_struct("TokenBroker")
            .field("token", &c.token)
            .field("info", &c.info)
            .finish()
    }
}

/// A URL with the value of its `token` query parameter redacted, for logs.
pub(crate) fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let pairs: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k.eq_ignore_ascii_case("token") {
                        "[redacted]".to_string()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            if !pairs.is_empty() {
                u.query_pairs_mut().clear().extend_pairs(pairs);
            }
            u.to_string()
        }
        Err(_) => "[unparseable url]".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_token_is_redacted() {
        let t = Secret::from("super-secret-value");
        assert!(!format!("{t:?}").contains("super-secret"));
        assert!(!format!("{t}").contains("super-secret"));
        assert_eq!(t.expose(), "super-secret-value");
    }

    #[test]
    fn broker_debug_is_redacted_and_replace_notifies() {
        let b = TokenBroker::new(Secret::from("tok-one"), TokenInfo::default(), None);
        let w = b.watch();
        assert!(!format!("{b:?}").contains("tok-one"));
        b.replace(Secret::from("tok-two"), TokenInfo::default(), None);
        assert!(w.has_changed().unwrap());
        assert_eq!(b.token().expose(), "tok-two");
    }

    #[tokio::test]
    async fn a_request_that_raced_a_refresh_is_retried_once_with_the_new_token() {
        let b = TokenBroker::new(Secret::from("old"), TokenInfo::default(), None);
        let calls = std::sync::Mutex::new(Vec::new());
        let r = b
            .with_current(|t| {
                calls.lock().unwrap().push(t.expose().to_string());
                if t.expose() == "old" {
                    b.replace(Secret::from("new"), TokenInfo::default(), None);
                    let mut e = crate::FlexSdkError::new(crate::ErrorCode::AccessTokenExpired, "x");
                    e.twilio_code = Some(20104);
                    return std::future::ready(Err(e));
                }
                std::future::ready(Ok(()))
            })
            .await;
        assert!(r.is_ok());
        assert_eq!(*calls.lock().unwrap(), vec!["old", "new"]);
    }

    #[test]
    fn socket_url_is_logged_redacted() {
        let r = redact_url("ws://127.0.0.1:9/v1/wschannels?token=abc.def&clientVersion=2.1.1");
        assert!(!r.contains("abc.def"));
        assert!(r.contains("clientVersion=2.1.1"));
        assert!(r.contains("token=%5Bredacted%5D") || r.contains("token=[redacted]"));
    }
}
