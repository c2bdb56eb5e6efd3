//! The listener registry and [`ListenerHandle`].
//!
//! Removal is synchronous: once [`ListenerHandle::remove`] returns, the listener
//! is not called again, and a call in progress on the dispatcher thread has
//! finished. A listener that removes itself (or another listener) from inside a
//! callback does not wait for itself: it is never called again either.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::thread::{self, ThreadId};

use super::{FlexEvent, FlexListener};

/// The registered listeners of one client.
#[derive(Default)]
pub(crate) struct Listeners {
    next_id: AtomicU64,
    list: Mutex<Vec<Arc<Entry>>>,
    /// The dispatcher thread, once it runs: removals made on it never wait.
    dispatcher: OnceLock<ThreadId>,
}

/// One registration: the listener and whether it may still be called.
pub(crate) struct Entry {
    id: u64,
    listener: Arc<dyn FlexListener>,
    gate: Mutex<Gate>,
    idle: Condvar,
}

#[derive(Clone, Copy)]
struct Gate {
    active: bool,
    in_call: bool,
}

impl Listeners {
    /// Registers a listener and returns the handle that unregisters it.
    pub(crate) fn add(self: &Arc<Self>, listener: Arc<dyn FlexListener>) -> ListenerHandle {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let entry = Arc::new(Entry {
            id,
            listener,
            gate: Mutex::new(Gate { active: true, in_call: false }),
            idle: Condvar::new(),
        });
        lock(&self.list).push(entry);
        ListenerHandle {
            id,
            registry: Arc::downgrade(self),
        }
    }

    /// Records the calling thread as the dispatcher thread.
    pub(crate) fn bind_dispatcher(&self) {
        let _ = self.dispatcher.set(thread::current().id());
    }

    /// A copy of the current list, so that no lock is held while listeners run.
    pub(crate) fn snapshot(&self) -> Vec<Arc<Entry>> {
        lock(&self.list).clone()
    }

    /// Removes every listener.
    pub(crate) fn clear(&self) {
        let entries = std::mem::take(&mut *lock(&self.list));
        for entry in entries {
            self.deactivate(&entry);
        }
    }

    fn remove(&self, id: u64) {
        let entry = {
            let mut list = lock(&self.list);
            let position = list.iter().position(|e| e.id == id);
            position.map(|i| list.remove(i))
        };
        if let Some(entry) = entry {
            self.deactivate(&entry);
        }
    }

    /// Stops further calls to the entry and, off the dispatcher thread, waits
    /// for a call in progress to return.
    fn deactivate(&self, entry: &Entry) {
        let on_dispatcher = self.dispatcher.get() == Some(&thread::current().id());
        let mut gate = lock(&entry.gate);
        gate.active = false;
        while gate.in_call && !on_dispatcher {
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
    pub(crate) fn deliver(&self, event: FlexEvent) -> bool {
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
    /// not running (unless this is called from inside that listener) and will
    /// not be called again.
    pub fn remove(&self) {
        if let Some(registry) = self.registry.upgrade() {
            registry.remove(self.id);
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
