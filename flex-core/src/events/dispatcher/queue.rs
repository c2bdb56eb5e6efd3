//! One client's bounded serial queue of events for its listeners.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::events::{FlexEvent, Listeners};

/// The most events a delivery thread hands to one client's listeners before
/// it serves the next client.
const BATCH: usize = 64;

/// The events a client's listeners have not received yet, in order.
pub(crate) struct Queue {
    listeners: Arc<Listeners>,
    capacity: usize,
    pending: Mutex<Pending>,
}

#[derive(Default)]
struct Pending {
    events: VecDeque<Arc<FlexEvent>>,
    /// Events dropped (queue full) since the last `EventsDropped` was queued.
    dropped: u64,
    /// In the pool's ready list or being delivered: the pool owns the queue.
    scheduled: bool,
    /// No more events; the listeners are cleared after the last one.
    closed: bool,
}

impl Queue {
    /// An empty queue for these listeners, holding at most `capacity` events.
    pub(super) fn new(listeners: Arc<Listeners>, capacity: usize) -> Queue {
        Queue {
            listeners,
            capacity,
            pending: Mutex::default(),
        }
    }

    /// Queues an event some listener wants, or counts it as dropped when the
    /// queue is full. Returns `true` when the caller must schedule the queue on the pool.
    pub(super) fn push(&self, event: Arc<FlexEvent>) -> bool {
        if !self.listeners.want(&event) {
            return false;
        }
        let mut p = self.lock();
        if p.closed {
            tracing::debug!("event after the client's last one dropped");
            return false;
        }
        if p.events.len() >= self.capacity {
            p.dropped += 1;
            if p.dropped == 1 {
                tracing::warn!(capacity = self.capacity, "the listeners fell behind and the event queue is full; dropping events");
            }
            return false;
        }
        flush_dropped(&mut p);
        p.events.push_back(event);
        !std::mem::replace(&mut p.scheduled, true)
    }

    /// Queues the client's last event (even when the queue is full), after
    /// which the listeners are cleared. Returns `true` like [`Queue::push`].
    pub(super) fn close(&self, last: Option<Arc<FlexEvent>>) -> bool {
        let mut p = self.lock();
        if std::mem::replace(&mut p.closed, true) {
            return false;
        }
        flush_dropped(&mut p);
        p.events.extend(last);
        !std::mem::replace(&mut p.scheduled, true)
    }

    /// Delivers up to [`BATCH`] events, on a pool thread. Returns `true` when
    /// more wait (the queue must be scheduled again).
    pub(super) fn drain(&self) -> bool {
        let batch: Vec<Arc<FlexEvent>> = {
            let mut p = self.lock();
            flush_dropped(&mut p);
            let n = p.events.len().min(BATCH);
            p.events.drain(..n).collect()
        };
        for event in batch {
            self.listeners.deliver(&event);
        }
        let mut p = self.lock();
        if !p.events.is_empty() || p.dropped > 0 {
            return true;
        }
        if p.closed {
            // Stays "scheduled": nothing will schedule it again.
            drop(p);
            self.listeners.clear();
            tracing::debug!("event queue closed");
        } else {
            p.scheduled = false;
        }
        false
    }

    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Queues `EventsDropped` for the events dropped so far. Every event still
/// queued was queued before them, so it goes last.
fn flush_dropped(p: &mut Pending) {
    if p.dropped > 0 {
        let count = std::mem::take(&mut p.dropped);
        tracing::warn!(count, "events dropped because the listeners fell behind");
        p.events
            .push_back(Arc::new(FlexEvent::EventsDropped { count }));
    }
}
