//! Waiting for the socket event that confirms an action (subscribe before sending).
//!
//! The waiter gets every event emitted after it subscribed, through its own
//! unbounded channel: however many events arrive meanwhile, the confirming
//! one is not lost.

use std::future::Future;
use std::time::Duration;

use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use crate::client::Inner;
use crate::error::{FlexSdkError, Result};
use crate::events::FlexEvent;
use crate::signal::until;

/// What one event means to a waiting action.
pub(crate) enum Step<T> {
    /// The action succeeded with this value.
    Done(T),
    /// The action failed.
    Fail(FlexSdkError),
    /// Not the event we wait for.
    Skip,
}

/// Subscribes to the client's events, runs `send`, then waits (up to the
/// client's `event_timeout`) for an event that `check` settles. `on_timeout`
/// builds the error when nothing settles in time.
pub(crate) async fn send_and_wait<T, S, F>(
    inner: &Inner,
    send: F,
    mut check: impl FnMut(&FlexEvent) -> Step<T>,
    on_timeout: impl FnOnce(Duration) -> FlexSdkError,
) -> Result<T>
where
    F: Future<Output = Result<S>>,
{
    let mut events = inner.dispatcher.subscribe();
    send.await?;
    let limit = inner.options.event_timeout();
    wait(&mut events, inner.shutdown.subscribe(), limit, &mut check)
        .await?
        .ok_or_else(|| on_timeout(limit))
}

/// Waits for a settling event; `Ok(None)` on timeout.
async fn wait<T>(
    events: &mut mpsc::UnboundedReceiver<Arc<FlexEvent>>,
    mut shutdown: watch::Receiver<bool>,
    limit: Duration,
    check: &mut impl FnMut(&FlexEvent) -> Step<T>,
) -> Result<Option<T>> {
    let deadline = tokio::time::Instant::now() + limit;
    let destroyed = || FlexSdkError::invalid_state("the client was destroyed");
    loop {
        let event = tokio::select! {
            e = tokio::time::timeout_at(deadline, events.recv()) => e,
            _ = until(&mut shutdown, true) => return Err(destroyed()),
        };
        match event {
            Ok(Some(event)) => match check(&event) {
                Step::Done(v) => return Ok(Some(v)),
                Step::Fail(e) => return Err(e),
                Step::Skip => {}
            },
            Ok(None) => return Err(destroyed()),
            Err(_) => return Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Dispatcher, Listeners};


    fn confirmed(e: &FlexEvent) -> Step<()> {
        match e {
            FlexEvent::TokenExpired => Step::Done(()),
            _ => Step::Skip,
        }
    }

    /// A tokio broadcast of 1024 events lagged here and lost the confirmation.
    #[tokio::test]
    async fn resolves_after_more_events_than_a_broadcast_holds() {
        let d = Dispatcher::start(Arc::new(Listeners::default()), 16).unwrap();
        let (_shutdown, rx) = watch::channel(false);
        let mut events = d.subscribe();
        for _ in 0..5000 {
            d.emit(FlexEvent::TokenMaxLifetimeReached { expires_at: 0 });
        }
        d.emit(FlexEvent::TokenExpired);
        let got = wait(&mut events, rx, Duration::from_secs(5), &mut confirmed).await;
        assert!(matches!(got, Ok(Some(()))));
    }

    #[tokio::test]
    async fn times_out_or_fails_when_the_client_stops() {
        let d = Dispatcher::start(Arc::new(Listeners::default()), 16).unwrap();
        let (_shutdown, rx) = watch::channel(false);
        let mut events = d.subscribe();
        let got = wait(&mut events, rx.clone(), Duration::from_millis(50), &mut confirmed).await;
        assert!(matches!(got, Ok(None)));
        d.stop(None);
        let got = wait(&mut events, rx, Duration::from_secs(5), &mut confirmed).await;
        assert!(got.is_err());
    }
}
