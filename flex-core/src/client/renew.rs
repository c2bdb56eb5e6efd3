//! Automatic token renewal (API.md §2.3, PROTOCOL.md §4.3): refresh ahead of
//! expiry, validate, hand the new token to the broker (every request and the
//! socket use it at once), retry failures with backoff.

use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use super::{create, Inner};
use crate::auth::{self, Secret};
use crate::error::{FlexSdkError, Result};
use crate::events::{FlexEvent, RenewalState};
use crate::options::SessionOptions;
use crate::signal::until;
use crate::sso::{self, RefreshTokenParams};

/// Checks the session options of a client that renews its token.
pub(super) fn check(session: Option<&SessionOptions>) -> Result<()> {
    let Some(session) = session else {
        return Ok(());
    };
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if session.refresh_token.as_deref().is_none_or(Secret::is_blank) {
        return Err(FlexSdkError::invalid_params(
            "session.refresh_token is required when auto_update_token is set",
        ));
    }
    if !session.is_console_login && blank(&session.sso_profile_sid) {
        return Err(FlexSdkError::invalid_params(
            "session.sso_profile_sid is required for an SSO session",
        ));
    }
    Ok(())
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Renews the client's token until shutdown. A failure that may pass is
/// retried with backoff (1 s doubling, at most the check interval); one that
/// cannot (`terminal`) stops renewal until the token is replaced.
pub(super) async fn run(
    inner: Weak<Inner>,
    session: SessionOptions,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut params = RefreshTokenParams {
        refresh_token: Arc::default(),
        sso_profile_sid: session.sso_profile_sid.clone(),
        is_console_login: session.is_console_login,
        account_sid: session.account_sid.clone(),
        instance_sid: session.instance_sid.clone(),
        app_type: session.app_type,
    };
    let margin = millis(Duration::from_millis(session.refresh_margin_ms));
    let check = millis(Duration::from_millis(session.check_interval_ms)).max(1);
    let mut failures: u32 = 0;
    let mut max_reached: Option<i64> = None;
    loop {
        let Some(expires_at) = inner.upgrade().map(|i| i.broker.info().expires_at) else {
            return;
        };
        let left = expires_at.saturating_mul(1000) - now_ms();
        let wait = if max_reached == Some(expires_at) {
            check
        } else if failures > 0 {
            retry_delay(failures, check)
        } else {
            (left - margin).clamp(0, check)
        };
        if wait > 0 {
            tokio::select! {
                biased;
                _ = until(&mut shutdown, true) => return,
                _ = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
            }
        }
        let Some(i) = inner.upgrade() else { return };
        let expires_at = i.broker.info().expires_at;
        if max_reached.is_some_and(|at| at != expires_at) {
            // A new sign-in's tokens (update_token, which set `Active`) resume the session.
            max_reached = None;
        }
        let due = expires_at.saturating_mul(1000) - now_ms() <= margin;
        if !due || max_reached == Some(expires_at) {
            continue;
        }
        match renew(&i, &mut params).await {
            Ok(new_expiry) => {
                failures = 0;
                if new_expiry == expires_at {
                    tracing::warn!(target: "flex_core::session", expires_at, "token max lifetime reached");
                    max_reached = Some(new_expiry);
                    i.renewal.send_replace(RenewalState::Stopped);
                    i.dispatcher.emit(FlexEvent::TokenMaxLifetimeReached {
                        expires_at: new_expiry,
                    });
                } else {
                    i.renewal.send_replace(RenewalState::Active);
                }
            }
            Err(e) if i.check_alive().is_ok() => {
                let terminal = is_terminal(&e);
                failures = failures.saturating_add(1);
                let retry_in = (!terminal).then(|| retry_delay(failures, check) as u64);
                if terminal {
                    tracing::error!(target: "flex_core::session", error = %e, "token renewal refused; sign in again");
                    i.renewal.send_replace(RenewalState::Stopped);
                } else {
                    tracing::warn!(target: "flex_core::session", error = %e, failures, "token renewal failed; retrying");
                    i.renewal.send_replace(RenewalState::Retrying);
                }
                i.dispatcher.emit(FlexEvent::TokenAutoUpdateFailed {
                    error: (&e).into(),
                    terminal,
                    retry_in_ms: retry_in,
                });
                if terminal {
                    failures = 0;
                    let mut tokens = i.broker.watch();
                    tokens.mark_unchanged();
                    drop(i);
                    // `update_token` installs the next token and sets `Active`.
                    tokio::select! {
                        biased;
                        _ = until(&mut shutdown, true) => return,
                        changed = tokens.changed() => if changed.is_err() { return },
                    }
                }
            }
            Err(_) => return,
        }
    }
}

/// The wait (ms) before retry number `failures`: 1 s doubling, at most `cap`.
fn retry_delay(failures: u32, cap: i64) -> i64 {
    (1000i64 << failures.clamp(1, 11).saturating_sub(1)).min(cap)
}

/// A failure that the same refresh token cannot get past: the identity
/// provider refused it (400 invalid grant, 401, 403), or the new token is
/// another user's.
fn is_terminal(e: &FlexSdkError) -> bool {
    e.is_refusal() || e.http_status == Some(400)
}

/// One renewal with the broker's refresh token: refresh (the refresh token
/// rotates at once, so the new one is installed first), validate, install.
async fn renew(inner: &Inner, params: &mut RefreshTokenParams) -> Result<i64> {
    let refresh = inner.broker.refresh_token().ok_or_else(|| FlexSdkError::invalid_state("no refresh token"))?;
    params.refresh_token = Arc::new(refresh);
    let answer = sso::refresh_with(&inner.http, &inner.hosts.services, params).await?;
    let token = Secret::clone(&answer.access_token);
    let refresh = Secret::clone(&answer.refresh_token);
    let account = inner.broker.info().account_sid;
    let info = match auth::validate(&inner.http, &inner.hosts.flex_api, &account, &token).await {
        Ok(info) => info,
        Err(e) => {
            // Keep the rotated refresh token: the one just used is spent.
            inner.broker.set_refresh(refresh);
            return Err(e);
        }
    };
    inner.check_alive()?;
    create::same_user(inner, &info)?;
    let expires_at = info.expires_at;
    create::install(inner, token, info, Some(refresh));
    tracing::info!(target: "flex_core::session", expires_at, "token renewed");
    Ok(expires_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_options_are_checked() {
        assert!(check(None).is_ok());
        let mut s = SessionOptions {
            auto_update_token: true,
            ..SessionOptions::default()
        };
        assert!(check(Some(&s)).is_err());
        s.refresh_token = Some(Arc::new(Secret::from("r")));
        assert!(check(Some(&s)).is_err());
        s.sso_profile_sid = Some("JB1".into());
        assert!(check(Some(&s)).is_ok());
        s.sso_profile_sid = None;
        s.is_console_login = true;
        assert!(check(Some(&s)).is_ok());
    }

    #[test]
    fn refusals_are_terminal_and_retries_back_off() {
        let mut e = FlexSdkError::network("down");
        assert!(!is_terminal(&e));
        e.http_status = Some(503);
        assert!(!is_terminal(&e));
        e.http_status = Some(400);
        assert!(is_terminal(&e));
        assert_eq!(retry_delay(1, 60_000), 1000);
        assert_eq!(retry_delay(3, 60_000), 4000);
        assert_eq!(retry_delay(30, 60_000), 60_000);
        assert_eq!(retry_delay(30, 5000), 5000);
    }
}
