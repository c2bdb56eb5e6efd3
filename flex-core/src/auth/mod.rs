//! The token broker (the one place the current token lives) and token validation.

mod info;
mod jwt;
mod time;

pub use info::TokenInfo;
pub(crate) use info::{access_denied, info_body, parse as parse_info, validate};
pub(crate) use jwt::account_sid_hint;
pub(crate) use time::time_from_value;

use std::sync::{Arc, RwLock};

use tokio::sync::watch;

/// A token whose `Debug` and `Display` never show its value.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretToken(Arc<str>);

impl SecretToken {
    /// Wraps a token.
    pub fn new(token: &str) -> SecretToken {
        SecretToken(Arc::from(token))
    }

    /// The token itself, for the wire only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretToken([redacted])")
    }
}

impl std::fmt::Display for SecretToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Holds the current token and what validation said about it; every HTTP call
/// and every socket connect reads the token from here.
pub(crate) struct TokenBroker {
    current: RwLock<(SecretToken, TokenInfo)>,
    generation: watch::Sender<u64>,
}

impl TokenBroker {
    /// A broker holding a validated token.
    pub(crate) fn new(token: SecretToken, info: TokenInfo) -> TokenBroker {
        TokenBroker {
            current: RwLock::new((token, info)),
            generation: watch::channel(0).0,
        }
    }

    /// The current token.
    pub(crate) fn token(&self) -> SecretToken {
        self.read().0.clone()
    }

    /// What validation said about the current token.
    pub(crate) fn info(&self) -> TokenInfo {
        self.read().1.clone()
    }

    /// Installs a new validated token and wakes everything that watches the broker.
    pub(crate) fn replace(&self, token: SecretToken, info: TokenInfo) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = (token, info);
        self.generation.send_modify(|g| *g += 1);
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
        F: Fn(SecretToken) -> Fut,
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

    fn read(&self) -> std::sync::RwLockReadGuard<'_, (SecretToken, TokenInfo)> {
        self.current.read().unwrap_or_else(|p| p.into_inner())
    }
}

impl std::fmt::Debug for TokenBroker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (token, info) = &*self.read();
        f.debug_struct("TokenBroker")
            .field("token", token)
            .field("info", info)
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
        let t = SecretToken::new("super-secret-value");
        assert!(!format!("{t:?}").contains("super-secret"));
        assert!(!format!("{t}").contains("super-secret"));
        assert_eq!(t.expose(), "super-secret-value");
    }

    #[test]
    fn broker_debug_is_redacted_and_replace_notifies() {
        let b = TokenBroker::new(SecretToken::new("tok-one"), TokenInfo::default());
        let w = b.watch();
        assert!(!format!("{b:?}").contains("tok-one"));
        b.replace(SecretToken::new("tok-two"), TokenInfo::default());
        assert!(w.has_changed().unwrap());
        assert_eq!(b.token().expose(), "tok-two");
    }

    #[tokio::test]
    async fn a_request_that_raced_a_refresh_is_retried_once_with_the_new_token() {
        let b = TokenBroker::new(SecretToken::new("old"), TokenInfo::default());
        let calls = std::sync::Mutex::new(Vec::new());
        let r = b
            .with_current(|t| {
                calls.lock().unwrap().push(t.expose().to_string());
                if t.expose() == "old" {
                    b.replace(SecretToken::new("new"), TokenInfo::default());
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
