//! The library's tokio runtime: one multi-thread runtime, created on first use.

use std::future::Future;
use std::sync::OnceLock;

use flex_core::{FlexSdkError, Result};
use tokio::runtime::{Builder, Runtime};

static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();

/// Runs a future to completion on the library runtime, blocking the calling thread.
pub(crate) fn block_on<T>(future: impl Future<Output = Result<T>>) -> Result<T> {
    let runtime = RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("flex-sdk-runtime")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    match runtime {
        Ok(rt) => rt.block_on(future),
        Err(e) => Err(FlexSdkError::new(
            flex_core::ErrorCode::UnexpectedError,
            format!("cannot start the runtime: {e}"),
        )),
    }
}
