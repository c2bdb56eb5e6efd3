//! The dispatcher: fans a client's events out to its listeners and to the
//! SDK's own waiters (actions waiting for their confirming event).
//!
//! Listeners are served by one process-wide pool of [`pool::THREADS`] plain OS
//! threads (`flex-events-N`, never a tokio runtime thread), whatever the number
//! of clients. Each client has a serial queue: its listeners get its events in
//! order, one at a time, never concurrently. A pool thread delivers a batch of
//! one client's events, then moves on to the next client with events waiting.
//! A listener that blocks stalls its own client's events and holds one pool
//! thread; the other clients are served by the remaining threads.
//!
//! The queue holds at most `ClientOptions::event_queue_capacity` events
//! ([`QUEUE_CAPACITY`] by default). When it is full, new
//! events are dropped and counted (a WARN log), and the listeners get
//! `FlexEvent::EventsDropped { count }` before the next event they receive.
//! Waiters are never behind: each has its own unbounded channel, fed as the
//! event is emitted, and lives only as long as one action.

mod pool;
mod queue;

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use super::kinds::Kinds;
use super::stream::{EventStream, Feed};
use super::{FlexEvent, Listeners};
use queue::Queue;

/// The default of how many events may wait for a client's listeners before
/// new ones are dropped (and reported with `EventsDropped`).
#[cfg(test)]
pub(crate) const QUEUE_CAPACITY: usize = 10_000;

/// Fans events out to the listeners (through the client's queue on the
/// delivery pool, only when one of them wants the event's kind), to the event
/// streams (straight away) and to the internal waiters. Events are shared
/// behind an `Arc`: one allocation per event, whatever the number of receivers.
pub(crate) struct Dispatcher {
    queue: Arc<Queue>,
    waiters: Mutex<Vec<mpsc::UnboundedSender<Arc<FlexEvent>>>>,
    /// The open streams; `None` once stopped.
    streams: Mutex<Option<Vec<Arc<Feed>>>>,
}

impl Dispatcher {
    /// A dispatcher for these listeners whose queue holds `capacity` events;
    /// starts the delivery pool if needed.
    pub(crate) fn start(listeners: Arc<Listeners>, capacity: usize) -> std::io::Result<Dispatcher> {
        pool::start()?;
        Ok(Dispatcher {
            queue: Arc::new(Queue::new(listeners, capacity)),
            waiters: Mutex::default(),
            streams: Mutex::new(Some(Vec::new())),
        })
    }

    /// Hands an event to every waiter and stream, and queues it for the
    /// listeners if one of them wants its kind.
    pub(crate) fn emit(&self, event: FlexEvent) {
        let event = Arc::new(event);
        self.lock_waiters()
            .retain(|w| w.send(Arc::clone(&event)).is_ok());
        let mut woken = Vec::new();
        if let Some(streams) = self.lock_streams().as_mut() {
            streams.retain(|feed| {
                let pushed = feed.push(&event);
                if pushed.wake {
                    woken.push(Arc::clone(feed));
                }
                pushed.open
            });
        }
        // Woken with no lock held: a reader's waker may call into a host language.
        woken.iter().for_each(|feed| feed.wake());
        if self.queue.push(event) {
            pool::schedule(Arc::clone(&self.queue));
        }
    }

    /// A stream of the events of these kinds (every kind when empty) emitted
    /// from now on; it ends at once when the dispatcher stopped.
    pub(crate) fn stream(&self, kinds: Kinds) -> EventStream {
        let feed = Feed::new(kinds);
        match self.lock_streams().as_mut() {
            Some(streams) => streams.push(Arc::clone(&feed)),
            None => feed.end(),
        }
        EventStream::new(feed)
    }

    /// Subscribes to every event emitted from now on, without loss; the
    /// channel ends when the client stops.
    pub(crate) fn subscribe(&self) -> mpsc::UnboundedReceiver<Arc<FlexEvent>> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.lock_waiters().push(tx);
        rx
    }

    /// Delivers `last` (if any) after everything queued, even when the queue
    /// is full, then unregisters every listener; ends the waiters. Later events
    /// are dropped. Idempotent.
    pub(crate) fn stop(&self, last: Option<FlexEvent>) {
        let last = last.map(Arc::new);
        for w in std::mem::take(&mut *self.lock_waiters()) {
            if let Some(event) = &last {
                let _ = w.send(Arc::clone(event));
            }
        }
        let feeds = self.lock_streams().take().unwrap_or_default();
        for feed in feeds {
            if let Some(event) = &last {
                feed.push(event);
            }
            feed.end();
            feed.wake();
        }
        if self.queue.close(last) {
            pool::schedule(Arc::clone(&self.queue));
        }
    }

    fn lock_streams(&self) -> std::sync::MutexGuard<'_, Option<Vec<Arc<Feed>>>> {
        self.streams.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_waiters(&self) -> std::sync::MutexGuard<'_, Vec<mpsc::UnboundedSender<Arc<FlexEvent>>>> {
        self.waiters.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Dispatcher {
    /// A client dropped without `destroy`: its listeners get what is queued,
    /// then are cleared, and the pool lets go of the queue.
    fn drop(&mut self) {
        self.stop(None);
    }
}

#[cfg(test)]
mod tests;
