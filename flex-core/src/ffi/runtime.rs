//! The bindings' runtime: one multi-thread tokio runtime for every client's
//! I/O, and the shutdown gate that keeps Rust from calling into a host
//! language that is exiting.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Wake, Waker};

use tokio::task::JoinHandle;

use super::client::FlexClient;
use super::error::FlexSdkError;
use crate::error::ErrorCode;

static CLOSED: AtomicBool = AtomicBool::new(false);
static CLIENTS: Mutex<Vec<Weak<FlexClient>>> = Mutex::new(Vec::new());

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
    match (Gated { task }).await {
        Ok(result) => result.map_err(FlexSdkError::from),
        Err(e) => Err(FlexSdkError::of(ErrorCode::UnexpectedError, format!("the SDK task failed: {e}"))),
    }
}

/// A spawned task whose wake-ups are dropped after [`shutdown`].
struct Gated<T> {
    task: JoinHandle<T>,
}

struct Gate(Waker);

impl Wake for Gate {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if !closed() {
            self.0.wake_by_ref();
        }
    }
}

impl<T> Future for Gated<T> {
    type Output = std::result::Result<T, tokio::task::JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let waker = Waker::from(Arc::new(Gate(cx.waker().clone())));
        Pin::new(&mut self.task).poll(&mut Context::from_waker(&waker))
    }
}

impl<T> Drop for Gated<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Remembers a live client, for [`shutdown`].
pub(crate) fn register(client: &Arc<FlexClient>) {
    let mut clients = CLIENTS.lock().unwrap_or_else(|p| p.into_inner());
    clients.retain(|c| c.strong_count() > 0);
    clients.push(Arc::downgrade(client));
}

/// Shuts the SDK down for a host that is exiting (Python registers it with
/// `atexit`): stops every callback into the host language, destroys every
/// live client and removes the log listener. Idempotent; later calls fail
/// with `InvalidState`.
#[uniffi::export]
pub fn shutdown() {
    if CLOSED.swap(true, Ordering::SeqCst) {
        return;
    }
    crate::logging::remove_log_listener();
    let clients = std::mem::take(&mut *CLIENTS.lock().unwrap_or_else(|p| p.into_inner()));
    for client in clients.iter().filter_map(Weak::upgrade) {
        client.destroy();
    }
}

/// A foreign object (listener) that is released only while the host can take
/// the call: after [`shutdown`] it is leaked instead.
pub(crate) struct Foreign<T: ?Sized>(std::mem::ManuallyDrop<Arc<T>>);

impl<T: ?Sized> Foreign<T> {
    /// Wraps a foreign object.
    pub(crate) fn new(inner: Arc<T>) -> Self {
        Foreign(std::mem::ManuallyDrop::new(inner))
    }

    /// The object, unless the SDK was shut down.
    pub(crate) fn get(&self) -> Option<&T> {
        (!closed()).then_some(&**self.0)
    }
}

impl<T: ?Sized> Drop for Foreign<T> {
    fn drop(&mut self) {
        if !closed() {
            // SAFETY: dropped once, here.
            unsafe { std::mem::ManuallyDrop::drop(&mut self.0) }
        }
    }
}
