//! Listeners: C callbacks with `user_data` and its destructor, and `flex_listener_handle`.

use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use flex_core::{FlexEvent, FlexListener, ListenerHandle, TaskParticipantEvent, TaskParticipantListener};

use crate::event::{describe, flex_event};
use crate::ffi::{free_box, infallible, to_cstring};

/// Receives one event on an SDK delivery thread. `event` and its
/// strings are valid only during the call; must not throw (C++) or unwind.
pub type flex_event_callback = Option<unsafe extern "C" fn(event: *const flex_event, user_data: *mut c_void)>;

/// Releases a listener's `user_data`; called exactly once, after the last callback.
pub type flex_user_data_free = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// A caller's `user_data`, released with its destructor when this is dropped.
pub(crate) struct UserData(pub(crate) *mut c_void, pub(crate) flex_user_data_free);

// SAFETY: the C contract requires `user_data` to be usable from the thread that calls back.
unsafe impl Send for UserData {}
// SAFETY: Rust never touches `user_data`; only the one calling-back thread passes it on.
unsafe impl Sync for UserData {}

impl Drop for UserData {
    fn drop(&mut self) {
        if let Some(free) = self.1 {
            // SAFETY: the caller's destructor for its own `user_data`, run once.
            unsafe { free(self.0) };
        }
    }
}

thread_local! {
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside a listener callback (a delivery thread).
pub(crate) fn in_callback() -> bool {
    IN_CALLBACK.with(Cell::get)
}

/// Counts a client's listeners that still hold their `user_data`.
#[derive(Default)]
pub(crate) struct Live {
    count: Mutex<usize>,
    idle: Condvar,
}

impl Live {
    fn count(&self) -> MutexGuard<'_, usize> {
        self.count.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits (at most `limit`) until every listener has been released.
    pub(crate) fn wait_idle(&self, limit: Duration) {
        drop(self.idle.wait_timeout_while(self.count(), limit, |n| *n > 0));
    }
}

/// One listener counted in [`Live`] while it exists.
struct Counted(Arc<Live>);

impl Drop for Counted {
    fn drop(&mut self) {
        *self.0.count() -= 1;
        self.0.idle.notify_all();
    }
}

/// A C listener registered on a client; `user_data` is released before it stops being counted.
pub(crate) struct CListener {
    callback: unsafe extern "C" fn(*const flex_event, *mut c_void),
    enabled: Arc<AtomicBool>,
    user_data: UserData,
    _counted: Counted,
}

impl CListener {
    /// A listener counted in `live`, enabled until its handle is removed.
    pub(crate) fn new(
        callback: unsafe extern "C" fn(*const flex_event, *mut c_void),
        user_data: UserData,
        live: &Arc<Live>,
    ) -> (CListener, Arc<AtomicBool>) {
        *live.count() += 1;
        let enabled = Arc::new(AtomicBool::new(true));
        let counted = Counted(Arc::clone(live));
        (CListener { callback, enabled: Arc::clone(&enabled), user_data, _counted: counted }, enabled)
    }
}

impl FlexListener for CListener {
    fn on_event(&self, event: FlexEvent) {
        if !self.enabled.load(Ordering::SeqCst) {
            return;
        }
        let (kind, payload) = describe(&event);
        let json = to_cstring(payload);
        IN_CALLBACK.with(|c| c.set(true));
        // SAFETY: the C caller registered a valid callback; the event outlives the call.
        unsafe { (self.callback)(&flex_event { kind, json: json.as_ptr() }, self.user_data.0) };
        IN_CALLBACK.with(|c| c.set(false));
    }
}

impl TaskParticipantListener for CListener {
    fn on_participant_event(&self, event: TaskParticipantEvent) {
        self.on_event(FlexEvent::TaskParticipant { event });
    }
}

/// Keeps a listener registered (`flex_client_add_listener`). Free with
/// `flex_listener_handle_free`, which also removes the listener.
pub struct flex_listener_handle {
    pub(crate) handle: ListenerHandle,
    pub(crate) enabled: Arc<AtomicBool>,
}

/// Removes the listener: no callback starts after this returns (one already
/// running may still finish). Its `user_data` destructor runs once no callback
/// runs any more: right away, or on the delivery thread after the running
/// callback returns. Idempotent; NULL is ignored. The handle stays valid.
#[no_mangle]
pub unsafe extern "C" fn flex_listener_handle_remove(handle: *const flex_listener_handle) {
    // SAFETY: the caller passes NULL or a live handle.
    if let Some(h) = unsafe { handle.as_ref() } {
        infallible((), || {
            h.enabled.store(false, Ordering::SeqCst);
            h.handle.remove();
        });
    }
}

/// Removes the listener (as `flex_listener_handle_remove`) and frees the handle.
/// NULL is ignored. Valid before or after the client is destroyed or freed.
#[no_mangle]
pub unsafe extern "C" fn flex_listener_handle_free(handle: *mut flex_listener_handle) {
    // SAFETY: the caller passes NULL or a handle from `flex_client_add_listener`, once.
    unsafe {
        flex_listener_handle_remove(handle);
        free_box(handle);
    }
}
