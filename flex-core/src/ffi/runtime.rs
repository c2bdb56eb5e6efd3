//! The bindings' runtime: one multi-thread tokio runtime for every client's
//! I/O, and the shutdown gate that keeps Rust from calling into a host
//! language that is exiting.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use tokio::task::AbortHandle;

use super::client::FlexClient;
use super::error::FlexSdkError;
use crate::error::ErrorCode;

static CLOSED: AtomicBool = AtomicBool::new(false);
static CLIENTS: Mutex<Vec<Weak<FlexClient>>> = Mutex::new(Vec::new());
/// How many calls into the host language are running now (see [`HostCall`]).
static IN_HOST: Mutex<usize> = Mutex::new(0);
static HOST_IDLE: Condvar = Condvar::new();
/// How long [`shutdown`] waits for calls into the host that are running.
const HOST_CALLS_GRACE: Duration = Duration::from_secs(5);

thread_local! {
    /// How many [`HostCall`]s this thread is inside (a listener calling `shutdown`).
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Whether [`shutdown`] ran: from then on no callback, waker or destructor
/// reaches the host language.
pub(crate) fn closed() -> bool {
    CLOSED.load(Ordering::SeqCst)
}

/// Runs `future` on the shared runtime and resolves with its result; the
/// host's executor is woken only while the library is not shut down.
pub(crate) async fn run<T, F>(future: F) -> std::result::Result<T, FlexSdkError>
where
    T: Send + 'static,
    F: Future<Output = crate::Result<T>> + Send + 'static,
{
    if closed() {
        return Err(FlexSdkError::of(ErrorCode::InvalidState, "the SDK was shut down"));
    }
    let task = crate::shared_runtime()?.spawn(future);
    let _abort = AbortOnDrop(task.abort_handle());
    match Gated(task).await {
        Ok(result) => result.map_err(FlexSdkError::from),
        Err(e) => Err(FlexSdkError::of(ErrorCode::UnexpectedError, format!("the SDK task failed: {e}"))),
    }
}

/// A future whose wake-ups are dropped after [`shutdown`] (the host's
/// executor is woken through a [`HostCall`]).
pub(crate) struct Gated<F>(pub(crate) F);

/// Aborts the spawned task when the caller stops waiting for it.
struct AbortOnDrop(AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Gate(Waker);

impl Wake for Gate {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if let Some(_call) = HostCall::enter() {
            self.0.wake_by_ref();
        }
    }
}

impl<F: Future + Unpin> Future for Gated<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let waker = Waker::from(Arc::new(Gate(cx.waker().clone())));
        Pin::new(&mut self.0).poll(&mut Context::from_waker(&waker))
    }
}

/// A call into the host language in progress (a listener, a waker, a
/// release); [`shutdown`] waits for the running ones, and none starts after it.
pub(crate) struct HostCall(());

impl HostCall {
    /// Enters a call into the host, unless the SDK was shut down.
    pub(crate) fn enter() -> Option<HostCall> {
        let mut calls = IN_HOST.lock().unwrap_or_else(|p| p.into_inner());
        if closed() {
            return None;
        }
        *calls += 1;
        DEPTH.with(|d| d.set(d.get() + 1));
        Some(HostCall(()))
    }
}

impl Drop for HostCall {
    fn drop(&mut self) {
        *IN_HOST.lock().unwrap_or_else(|p| p.into_inner()) -= 1;
        DEPTH.with(|d| d.set(d.get() - 1));
        HOST_IDLE.notify_all();
    }
}

/// Remembers a live client, for [`shutdown`].
pub(crate) fn register(client: &Arc<FlexClient>) {
    let mut clients = CLIENTS.lock().unwrap_or_else(|p| p.into_inner());
    clients.retain(|c| c.strong_count() > 0);
    clients.push(Arc::downgrade(client));
}

/// Shuts the SDK down for a host that is exiting (Python registers it with
/// `atexit`): stops every callback into the host language, waits (up to 5 s)
/// for the ones running, destroys every live client and removes the log
/// listener. Idempotent; later calls fail with `InvalidState`.
#[uniffi::export]
pub fn shutdown() {
    {
        let _calls = IN_HOST.lock().unwrap_or_else(|p| p.into_inner());
        if CLOSED.swap(true, Ordering::SeqCst) {
            return;
        }
    }
    crate::logging::remove_log_listener();
    let clients = std::mem::take(&mut *CLIENTS.lock().unwrap_or_else(|p| p.into_inner()));
    for client in clients.iter().filter_map(Weak::upgrade) {
        client.destroy();
    }
    let own = DEPTH.with(Cell::get);
    let calls = IN_HOST.lock().unwrap_or_else(|p| p.into_inner());
    let _ = HOST_IDLE.wait_timeout_while(calls, HOST_CALLS_GRACE, |n| *n > own);
}

/// A foreign object (listener) that is released only while the host can take
/// the call: after [`shutdown`] it is leaked instead.
pub(crate) struct Foreign<T: ?Sized>(std::mem::ManuallyDrop<Arc<T>>);

impl<T: ?Sized> Foreign<T> {
    /// Wraps a foreign object.
    pub(crate) fn new(inner: Arc<T>) -> Self {
        Foreign(std::mem::ManuallyDrop::new(inner))
    }

    /// The object for one call, unless the SDK was shut down.
    pub(crate) fn get(&self) -> Option<Call<'_, T>> {
        HostCall::enter().map(|call| Call { object: &**self.0, _call: call })
    }
}

/// A foreign object borrowed for one call into the host (see [`HostCall`]).
pub(crate) struct Call<'a, T: ?Sized> {
    object: &'a T,
    _call: HostCall,
}

impl<T: ?Sized> std::ops::Deref for Call<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.object
    }
}

impl<T: ?Sized> Drop for Foreign<T> {
    fn drop(&mut self) {
        if let Some(_call) = HostCall::enter() {
            // SAFETY: dropped once, here.
            unsafe { std::mem::ManuallyDrop::drop(&mut self.0) }
        }
    }
}
