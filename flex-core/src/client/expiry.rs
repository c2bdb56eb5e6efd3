//! Token expiry timers: `TokenAboutToExpire` at expiry − warning, `TokenExpired` at expiry.

use std::sync::Weak;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use super::Inner;
use crate::events::{ConnectionState, FlexEvent};
use crate::signal::until;

/// Runs the timers for the current token; re-arms on every token change.
pub(super) async fn run(
    inner: Weak<Inner>,
    mut tokens: watch::Receiver<u64>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            biased;
            _ = until(&mut shutdown, true) => return,
            changed = tokens.changed() => if changed.is_err() { return },
            _ = timers(inner.clone()) => {}
        }
    }
}

/// Sleeps to each deadline of the current token, emits, then waits forever.
async fn timers(inner: Weak<Inner>) {
    let Some((expires_at, warning)) = inner
        .upgrade()
        .map(|i| (i.broker.info().expires_at, i.options.token_expiry_warning()))
    else {
        return;
    };
    let expiry_ms = expires_at.saturating_mul(1000);
    let warn_ms = expiry_ms.saturating_sub(warning.as_millis().try_into().unwrap_or(i64::MAX));
    sleep_until_ms(warn_ms).await;
    let left_ms = expiry_ms - now_ms();
    if left_ms > 0 {
        if let Some(i) = inner.upgrade() {
            let expires_in_secs = u64::try_from((left_ms + 999) / 1000).unwrap_or(0);
            tracing::info!(target: "flex_core::auth", expires_in_secs, "token about to expire");
            i.dispatcher
                .emit(FlexEvent::TokenAboutToExpire { expires_in_secs });
        }
        sleep_until_ms(expiry_ms).await;
    }
    if let Some(i) = inner.upgrade() {
        tracing::warn!(target: "flex_core::auth", "token expired");
        i.set_connection(ConnectionState::TokenExpired);
        i.expired.send_replace(true);
        i.dispatcher.emit(FlexEvent::TokenExpired);
    }
    std::future::pending::<()>().await;
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

async fn sleep_until_ms(at_ms: i64) {
    let wait = at_ms - now_ms();
    if wait > 0 {
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
    }
}
