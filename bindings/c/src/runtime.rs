//! Blocking on the library runtime (flex-core's shared multi-thread runtime).

use std::future::Future;

use flex_core::Result;

/// Runs a future to completion on the library runtime, blocking the calling thread.
pub(crate) fn block_on<T>(future: impl Future<Output = Result<T>>) -> Result<T> {
    flex_core::shared_runtime()?.block_on(future)
}
