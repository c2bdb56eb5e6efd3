//! The panic boundary and argument checks shared by every entry point.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use flex_core::{ErrorCode, FlexSdkError, Result};

use crate::error::{clear_last, flex_result, set_last, FLEX_OK};

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic")
}

/// Runs a fallible entry point: catches panics, records the last error, returns the code.
pub(crate) fn call(f: impl FnOnce() -> Result<()>) -> flex_result {
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        Err(FlexSdkError::new(
            ErrorCode::UnexpectedError,
            format!("panic in the Flex SDK: {}", panic_message(&*panic)),
        ))
    });
    match outcome {
        Ok(()) => {
            clear_last();
            FLEX_OK
        }
        Err(e) => set_last(e),
    }
}

/// Runs an entry point that cannot fail: a panic yields `fallback`.
pub(crate) fn infallible<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// Borrows a required pointer argument; NULL is `InvalidParams`.
///
/// # Safety
/// `ptr` is NULL or valid for reads for `'a`.
pub(crate) unsafe fn arg<'a, T>(ptr: *const T, name: &str) -> Result<&'a T> {
    // SAFETY: guaranteed by the caller.
    unsafe { ptr.as_ref() }
        .ok_or_else(|| FlexSdkError::invalid_params(format!("{name} must not be NULL")))
}

/// Mutably borrows a required pointer argument; NULL is `InvalidParams`.
///
/// # Safety
/// `ptr` is NULL or valid for writes for `'a`, with no other reference alive.
pub(crate) unsafe fn arg_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T> {
    // SAFETY: guaranteed by the caller.
    unsafe { ptr.as_mut() }
        .ok_or_else(|| FlexSdkError::invalid_params(format!("{name} must not be NULL")))
}

/// Writes `make()` through an out-parameter when it is not NULL (`make` is not called otherwise).
///
/// # Safety
/// `out` is NULL or valid for writes.
pub(crate) unsafe fn write_opt<T>(out: *mut T, make: impl FnOnce() -> T) {
    if !out.is_null() {
        // SAFETY: guaranteed by the caller.
        unsafe { out.write(make()) };
    }
}
