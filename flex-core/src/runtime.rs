//! [`shared_runtime`]: the one multi-thread tokio runtime of the bindings.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

use crate::error::{ErrorCode, FlexSdkError, Result};

/// The process-wide multi-thread runtime (two worker threads, named
/// `flex-sdk-runtime`) on which the bindings run every client's I/O; created on
/// first use. Its threads block `SIGPIPE`, so a peer that closes a connection
/// mid-write is an error (`EPIPE`) and never kills a host that did not ignore
/// the signal. A Rust application passes its own runtime instead: a client runs
/// on the runtime that creates it (Rust programs ignore `SIGPIPE` already).
pub fn shared_runtime() -> Result<&'static Runtime> {
    static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("flex-sdk-runtime")
            .on_thread_start(block_sigpipe)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    runtime
        .as_ref()
        .map_err(|e| FlexSdkError::new(ErrorCode::UnexpectedError, format!("cannot start the runtime: {e}")))
}

/// Blocks `SIGPIPE` on the calling thread: a write to a closed socket then
/// fails with `EPIPE` instead of raising the signal.
fn block_sigpipe() {
    #[cfg(unix)]
    // SAFETY: plain libc calls on a zeroed, then initialised, signal set of this thread.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
