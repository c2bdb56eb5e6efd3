//! [`shared_runtime`]: the one multi-thread tokio runtime of the bindings.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

use crate::error::{ErrorCode, FlexSdkError, Result};

/// The process-wide multi-thread runtime (two worker threads, named
/// `flex-sdk-runtime`) on which the bindings run every client's I/O; created on
/// first use. A Rust application passes its own runtime instead: a client runs
/// on the runtime that creates it.
pub fn shared_runtime() -> Result<&'static Runtime> {
    static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("flex-sdk-runtime")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    runtime
        .as_ref()
        .map_err(|e| FlexSdkError::new(ErrorCode::UnexpectedError, format!("cannot start the runtime: {e}")))
}
