//! The listener registry and [`ListenerHandle`].
//!
//! Removal is synchronous: once [`ListenerHandle::remove`] returns, the listener
//! is not called again, and a call in progress on a delivery thread has
//! finished. A listener that removes itself (or another listener of the same
//! client) from inside a callback does not wait for itself: it is never called
//! again either.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};

use super::kinds::Kinds;
use super::{FlexEvent, FlexListener};

thread_local! {
    /// The registry whose listeners this thread is calling right now, if any.
    static DELIVERING: Cell<*const Listeners> = const { Cell::new(std::ptr::null()) };
}

/// The registered listeners of one client.
#[derive(Default)]
pub(crate) struct Listeners {
    next_id: AtomicU64,
    list: Mutex<Vec<Arc<Entry>>>,
    /// The kinds some listener wants ([`Kinds::bits`]), kept with `list`.
    wanted: AtomicU64,
}

/// One registration: the listener, the kinds it wants, and whether it may still be called.
struct Entry {
    id: u64,
    listener: Arc<dyn FlexListener>,
    kinds: Kinds,
    gate: Mutex<Gate>,
    idle: Condvar,
}

#[derive(Clone, Copy)]
struct Gate {
    active: bool,
    in_call: bool,
}

impl Listeners {
    /// Registers a listener for events of these kinds and returns the handle
    /// that unregisters it.
    pub(crate) fn add(self: &Arc<Self>, listener: Arc<dyn FlexListener>, kinds: Kinds) -> ListenerHandle {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let entry = Arc::new(Entry {
            id,
            listener,
            kinds,
            gate: Mutex::new(Gate { active: true, in_call: false }),
            idle: Condvar::new(),
        });
        let mut list = lock(&self.list);
        list.push(entry);
        self.update_wanted(&list);
        drop(list);
        ListenerHandle {
            id,
            registry: Arc::downgrade(self),
        }
    }

    /// Whether some listener wants events of this kind.
    pub(crate) fn want(&self, event: &FlexEvent) -> bool {
        Kinds::from_bits(self.wanted.load(Ordering::Acquire)).contains(event.kind())
    }

    fn update_wanted(&self, list: &[Arc<Entry>]) {
        let wanted = list.iter().fold(Kinds::NONE, |all, e| all.union(e.kinds));
        self.wanted.store(wanted.bits(), Ordering::Release);
    }

    /// Calls every listener that wants the event's kind, in registration
    /// order, with no lock held; a panicking listener is logged and the others still run.
    pub(crate) fn deliver(&self, event: &FlexEvent) {
        let kind = event.kind();
        let snapshot = lock(&self.list).clone();
        let outer = DELIVERING.replace(self);
        for entry in snapshot.iter().filter(|e| e.kinds.contains(kind)) {
            if !entry.deliver(event.clone()) {
                tracing::error!("an event listener panicked; the other listeners still run");
            }
        }
        DELIVERING.set(outer);
    }

    /// Removes every listener.
    pub(crate) fn clear(&self) {
        let entries = std::mem::take(&mut *lock(&self.list));
        self.wanted.store(Kinds::NONE.bits(), Ordering::Release);
        for entry in entries {
            self.deactivate(&entry, true);
        }
    }

    fn remove(&self, id: u64, wait: bool) {
        let entry = {
            let mut list = lock(&self.list);
            let position = list.iter().position(|e| e.id == id);
            let entry = position.map(|i| list.remove(i));
            self.update_wanted(&list);
            entry
        };
        if let Some(entry) = entry {
            self.deactivate(&entry, wait);
        }
    }

    /// Stops further calls to the entry and, when `wait` is set and this thread
    /// is not delivering this client's event right now, waits for a call in
    /// progress to return.
    fn deactivate(&self, entry: &Entry, wait: bool) {
        let delivering_here = std::ptr::eq(DELIVERING.get(), self);
        let mut gate = lock(&entry.gate);
        gate.active = false;
        while wait && gate.in_call && !delivering_here {
            gate = entry
                .idle
                .wait(gate)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

impl Entry {
    /// Calls the listener unless it was removed; no lock is held during the call.
    /// Returns `false` when the listener panicked.
    fn deliver(&self, event: FlexEvent) -> bool {
        {
            let mut gate = lock(&self.gate);
            if !gate.active {
                return true;
            }
            gate.in_call = true;
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.listener.on_event(event)
        }));
        lock(&self.gate).in_call = false;
        self.idle.notify_all();
        outcome.is_ok()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a listener registered; removing it (or dropping the handle) unregisters it.
#[must_use = "dropping the handle removes the listener"]
pub struct ListenerHandle {
    id: u64,
    registry: Weak<Listeners>,
}

impl ListenerHandle {
    /// Unregisters the listener. Idempotent. When it returns, the listener is
    /// not running (unless this is called from inside one of the client's
    /// listeners) and will not be called again.
    pub fn remove(&self) {
        if let Some(registry) = self.registry.upgrade() {
            registry.remove(self.id, true);
        }
    }

    /// Unregisters the listener without waiting for a call in progress (which
    /// may still finish after this returns): for callers that must not block,
    /// such as a stream closed from the host's cancellation handler.
    pub fn detach(&self) {
        if let Some(registry) = self.registry.upgrade() {
            registry.remove(self.id, false);
        }
    }
}

impl Drop for ListenerHandle {
    fn drop(&mut self) {
        self.remove();
    }
}

impl std::fmt::Debug for ListenerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListenerHandle")
            .field("id", &self.id)
            .finish()
    }
}
