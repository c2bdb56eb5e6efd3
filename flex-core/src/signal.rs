//! Waiting on boolean watch signals (shutdown, token expired) without holding a lock across awaits.

use tokio::sync::watch;

/// Resolves once the signal equals `value`, or its sender is gone; returns
/// true in the latter case (nothing will change the signal again).
pub(crate) async fn until(rx: &mut watch::Receiver<bool>, value: bool) -> bool {
    rx.wait_for(|v| *v == value).await.map(|_| ()).is_err()
}
