//! [`EventStream`]: a client's events read with `next().await`, fed as each
//! event is emitted (no delivery thread in between), bounded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

use super::kinds::Kinds;
use super::FlexEvent;

/// How many events an [`EventStream`] holds for a reader that falls behind.
pub const EVENT_STREAM_CAPACITY: usize = 1024;

/// The client's events (all of them, or the kinds asked for) as a stream:
/// [`EventStream::next`] resolves with each event in order, and with `None`
/// once the client was destroyed (after `ClientDestroyed`) or the stream was
/// closed. Events are handed over as they are emitted, on the client's
/// runtime, with no delivery thread in between. It holds at most
/// [`EVENT_STREAM_CAPACITY`] events; when the reader falls further behind,
/// newer events are dropped and the reader gets `EventsDropped { count }`
/// where they were. Dropping the stream closes it.
#[derive(Debug)]
pub struct EventStream {
    feed: Arc<Feed>,
}

/// What the dispatcher pushes into and the stream reads from.
#[derive(Debug)]
pub(crate) struct Feed {
    kinds: Kinds,
    state: Mutex<State>,
    ready: Notify,
}

/// What [`Feed::push`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pushed {
    /// The feed is still open (the dispatcher keeps it).
    pub(crate) open: bool,
    /// An event was queued: the reader must be woken.
    pub(crate) wake: bool,
}

#[derive(Debug, Default)]
struct State {
    events: VecDeque<FlexEvent>,
    dropped: u64,
    ended: bool,
}

impl Feed {
    /// An open feed for these kinds.
    pub(crate) fn new(kinds: Kinds) -> Arc<Feed> {
        Arc::new(Feed { kinds, state: Mutex::default(), ready: Notify::new() })
    }

    /// Queues the event if the reader asked for its kind; `ClientDestroyed`
    /// is always queued and ends the feed. Does not wake the reader: the
    /// caller calls [`Feed::wake`] when told to, once it holds no lock (the
    /// reader's waker may call into a host language).
    pub(crate) fn push(&self, event: &FlexEvent) -> Pushed {
        let last = matches!(event, FlexEvent::ClientDestroyed);
        let mut s = self.lock();
        if s.ended {
            return Pushed { open: false, wake: false };
        }
        if !last && !self.kinds.contains(event.kind()) {
            return Pushed { open: true, wake: false };
        }
        if s.events.len() >= EVENT_STREAM_CAPACITY && !last {
            s.dropped += 1;
            if s.dropped == 1 {
                tracing::warn!(capacity = EVENT_STREAM_CAPACITY, "an event stream's reader fell behind; dropping events");
            }
            return Pushed { open: true, wake: false };
        }
        flush_dropped(&mut s);
        s.events.push_back(event.clone());
        s.ended = last;
        Pushed { open: !last, wake: true }
    }

    /// Wakes the reader (after a [`Feed::push`] that said so, or [`Feed::end`]).
    pub(crate) fn wake(&self) {
        self.ready.notify_one();
    }

    /// Ends the feed: the reader gets what is queued, then `None`. Call
    /// [`Feed::wake`] next, holding no lock.
    pub(crate) fn end(&self) {
        self.lock().ended = true;
    }

    async fn next(&self) -> Option<FlexEvent> {
        loop {
            {
                let mut s = self.lock();
                flush_dropped(&mut s);
                if let Some(event) = s.events.pop_front() {
                    return Some(event);
                }
                if s.ended {
                    return None;
                }
            }
            self.ready.notified().await;
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Queues `EventsDropped` for the events dropped since the last one.
fn flush_dropped(s: &mut State) {
    if s.dropped > 0 {
        let count = std::mem::take(&mut s.dropped);
        tracing::warn!(count, "events dropped because an event stream's reader fell behind");
        s.events.push_back(FlexEvent::EventsDropped { count });
    }
}

impl EventStream {
    pub(crate) fn new(feed: Arc<Feed>) -> EventStream {
        EventStream { feed }
    }

    /// The next event, in order; `None` once the stream ended.
    pub async fn next(&self) -> Option<FlexEvent> {
        self.feed.next().await
    }

    /// Ends the stream: `next()` returns what is queued, then `None`. Never
    /// blocks. Idempotent.
    pub fn close(&self) {
        self.feed.end();
        self.feed.wake();
    }

    /// The stream as a [`futures_util::Stream`], for its combinators.
    pub fn into_stream(self) -> impl futures_util::Stream<Item = FlexEvent> + Send {
        futures_util::stream::unfold(self, |s| async move { s.next().await.map(|e| (e, s)) })
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::FlexEventKind;

    #[tokio::test]
    async fn a_slow_reader_gets_every_event_in_order_and_a_count_of_what_was_dropped() {
        let stream = EventStream::new(Feed::new(Kinds::ALL));
        for _ in 0..EVENT_STREAM_CAPACITY + 5 {
            assert!(stream.feed.push(&FlexEvent::TokenExpired).open);
        }
        assert_eq!(stream.feed.push(&FlexEvent::ClientDestroyed), Pushed { open: false, wake: true });
        for _ in 0..EVENT_STREAM_CAPACITY {
            assert_eq!(stream.next().await, Some(FlexEvent::TokenExpired));
        }
        assert_eq!(stream.next().await, Some(FlexEvent::EventsDropped { count: 5 }));
        assert_eq!(stream.next().await, Some(FlexEvent::ClientDestroyed));
        assert_eq!(stream.next().await, None);
    }

    #[tokio::test]
    async fn next_waits_for_a_push() {
        let feed = Feed::new(Kinds::ALL);
        let stream = EventStream::new(Arc::clone(&feed));
        let reader = tokio::spawn(async move { stream.next().await });
        tokio::task::yield_now().await;
        assert!(feed.push(&FlexEvent::TokenExpired).wake);
        feed.wake();
        assert_eq!(reader.await.unwrap(), Some(FlexEvent::TokenExpired));
    }

    #[tokio::test]
    async fn only_the_kinds_asked_for_arrive_then_the_end() {
        let stream = EventStream::new(Feed::new(Kinds::of(&[FlexEventKind::TokenExpired])));
        let skipped = stream.feed.push(&FlexEvent::TokenAboutToExpire { expires_in_secs: 3 });
        assert_eq!(skipped, Pushed { open: true, wake: false });
        assert!(stream.feed.push(&FlexEvent::TokenExpired).wake);
        stream.feed.push(&FlexEvent::ClientDestroyed);
        assert_eq!(stream.next().await, Some(FlexEvent::TokenExpired));
        assert_eq!(stream.next().await, Some(FlexEvent::ClientDestroyed));
        assert_eq!(stream.next().await, None);
    }

    #[tokio::test]
    async fn a_closed_stream_ends_and_the_feed_says_so() {
        let stream = EventStream::new(Feed::new(Kinds::ALL));
        stream.feed.push(&FlexEvent::TokenExpired);
        stream.close();
        assert!(!stream.feed.push(&FlexEvent::TokenExpired).open);
        assert_eq!(stream.next().await, Some(FlexEvent::TokenExpired));
        assert_eq!(stream.next().await, None);
    }
}
