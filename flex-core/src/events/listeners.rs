//! The listener registry and [`ListenerHandle`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use super::FlexListener;

/// The registered listeners of one client.
#[derive(Default)]
pub(crate) struct Listeners {
    next_id: AtomicU64,
    list: Mutex<Vec<(u64, Arc<dyn FlexListener>)>>,
}

impl Listeners {
    /// Registers a listener and returns the handle that unregisters it.
    pub(crate) fn add(self: &Arc<Self>, listener: Arc<dyn FlexListener>) -> ListenerHandle {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.list).push((id, listener));
        ListenerHandle {
            id,
            registry: Arc::downgrade(self),
        }
    }

    /// A copy of the current list, so that no lock is held while listeners run.
    pub(crate) fn snapshot(&self) -> Vec<Arc<dyn FlexListener>> {
        lock(&self.list)
            .iter()
            .map(|(_, l)| Arc::clone(l))
            .collect()
    }

    /// Removes every listener.
    pub(crate) fn clear(&self) {
        lock(&self.list).clear();
    }

    fn remove(&self, id: u64) {
        lock(&self.list).retain(|(i, _)| *i != id);
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
    /// Unregisters the listener. Idempotent.
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
