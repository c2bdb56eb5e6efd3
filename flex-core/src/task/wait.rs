//! Waiting for the socket event that confirms an action (subscribe before sending).

use std::future::Future;
use std::sync::Arc;

use tokio::sync::broadcast::{error::RecvError, Receiver};

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
    on_timeout: impl FnOnce(std::time::Duration) -> FlexSdkError,
) -> Result<T>
where
    F: Future<Output = Result<S>>,
{
    let mut events = inner.dispatcher.subscribe();
    send.await?;
    wait(inner, &mut events, &mut check).await?.ok_or_else(|| on_timeout(inner.options.event_timeout()))
}

/// Waits for a settling event; `Ok(None)` on timeout.
async fn wait<T>(
    inner: &Inner,
    events: &mut Receiver<Arc<FlexEvent>>,
    check: &mut impl FnMut(&FlexEvent) -> Step<T>,
) -> Result<Option<T>> {
    let deadline = tokio::time::Instant::now() + inner.options.event_timeout();
    let mut shutdown = inner.shutdown.subscribe();
    let destroyed = || FlexSdkError::invalid_state("the client was destroyed");
    loop {
        let event = tokio::select! {
            e = tokio::time::timeout_at(deadline, events.recv()) => e,
            _ = until(&mut shutdown, true) => return Err(destroyed()),
        };
        match event {
            Ok(Ok(event)) => match check(&event) {
                Step::Done(v) => return Ok(Some(v)),
                Step::Fail(e) => return Err(e),
                Step::Skip => {}
            },
            Ok(Err(RecvError::Lagged(n))) => {
                tracing::warn!(target: "flex_core::task", skipped = n, "event wait lagged");
            }
            Ok(Err(RecvError::Closed)) => return Err(destroyed()),
            Err(_) => return Ok(None),
        }
    }
}
