//! Result codes, the thread-local last error and the `flex_error` object.
//!
//! The codes themselves are flex-core's `ErrorCode`, which cbindgen writes into
//! the header as `enum flex_code` (`FLEX_CODE_*`, see `cbindgen.toml`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::OnceLock;

use flex_core::{ErrorCode, FlexSdkError};

use crate::ffi::{free_box, infallible, to_cstring};

/// The status every fallible call returns: `FLEX_OK` (0) on success, otherwise
/// one of the `flex_code` values (e.g. `FLEX_CODE_INVALID_PARAMS`, 48926);
/// `flex_last_error()` then gives the details of the failure.
pub type flex_result = u32;

/// Success.
pub const FLEX_OK: flex_result = 0;

/// How bad an error is (`flex_error_severity` returns one of `FLEX_SEVERITY_*`).
pub type flex_severity = u32;
/// The client cannot go on.
pub const FLEX_SEVERITY_FATAL: flex_severity = 0;
/// The operation failed.
pub const FLEX_SEVERITY_ERROR: flex_severity = 1;
/// Something unexpected that did not fail the operation.
pub const FLEX_SEVERITY_WARNING: flex_severity = 2;
/// For information only.
pub const FLEX_SEVERITY_INFO: flex_severity = 3;

/// The details of a failed call (see `flex_last_error`). Free with `flex_error_free`.
pub struct flex_error {
    error: FlexSdkError,
    message: CString,
    details: Option<CString>,
}

thread_local! {
    static LAST: RefCell<Option<FlexSdkError>> = const { RefCell::new(None) };
}

/// Records the error of the current call on this thread and returns its code.
pub(crate) fn set_last(e: FlexSdkError) -> flex_result {
    let code = e.code.code();
    LAST.with(|l| *l.borrow_mut() = Some(e));
    code
}

/// Forgets the last error (the current call succeeded).
pub(crate) fn clear_last() {
    LAST.with(|l| *l.borrow_mut() = None);
}

/// The error of the last failed call made on this thread, or NULL when the last
/// call succeeded. The caller owns the result: free it with `flex_error_free`.
#[no_mangle]
pub extern "C" fn flex_last_error() -> *mut flex_error {
    infallible(ptr::null_mut(), || {
        LAST.with(|l| l.borrow().clone()).map_or(ptr::null_mut(), |error| {
            let message = to_cstring(error.message.clone());
            let details = error.details.clone().map(to_cstring);
            Box::into_raw(Box::new(flex_error { error, message, details }))
        })
    })
}

/// Frees an error from `flex_last_error`. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn flex_error_free(error: *mut flex_error) {
    // SAFETY: the caller passes NULL or a pointer from `flex_last_error`, once.
    unsafe { free_box(error) }
}

/// Reads a field of an error; `default` when `error` is NULL.
unsafe fn field<T>(error: *const flex_error, default: T, get: impl FnOnce(&flex_error) -> T) -> T {
    // SAFETY: the caller passes NULL or a live `flex_error`.
    unsafe { error.as_ref() }.map_or(default, get)
}

/// The error code (never `FLEX_OK`); `FLEX_OK` for NULL.
#[no_mangle]
pub unsafe extern "C" fn flex_error_code(error: *const flex_error) -> flex_result {
    unsafe { field(error, FLEX_OK, |e| e.error.code.code()) }
}

/// The severity, one of `FLEX_SEVERITY_*`.
#[no_mangle]
pub unsafe extern "C" fn flex_error_severity(error: *const flex_error) -> flex_severity {
    // flex-core declares the severities in the order of `FLEX_SEVERITY_*`.
    unsafe { field(error, FLEX_SEVERITY_ERROR, |e| e.error.severity as flex_severity) }
}

/// A human-readable message, owned by the error (valid until `flex_error_free`).
#[no_mangle]
pub unsafe extern "C" fn flex_error_message(error: *const flex_error) -> *const c_char {
    unsafe { field(error, c"".as_ptr(), |e| e.message.as_ptr()) }
}

/// Extra detail (e.g. the server's own message) owned by the error, or NULL.
#[no_mangle]
pub unsafe extern "C" fn flex_error_details(error: *const flex_error) -> *const c_char {
    unsafe { field(error, ptr::null(), |e| e.details.as_deref().map_or(ptr::null(), CStr::as_ptr)) }
}

/// The Twilio error code of a server error body, or 0.
#[no_mangle]
pub unsafe extern "C" fn flex_error_twilio_code(error: *const flex_error) -> u32 {
    unsafe { field(error, 0, |e| e.error.twilio_code.unwrap_or(0)) }
}

/// The HTTP status of a failed request, or 0.
#[no_mangle]
pub unsafe extern "C" fn flex_error_http_status(error: *const flex_error) -> u16 {
    unsafe { field(error, 0, |e| e.error.http_status.unwrap_or(0)) }
}

/// The static C name and description of an official code.
fn code_strings(code: flex_result) -> Option<&'static (CString, CString)> {
    static STRINGS: OnceLock<HashMap<u32, (CString, CString)>> = OnceLock::new();
    let strings = STRINGS.get_or_init(|| {
        let c = |s: &str| to_cstring(s.to_string());
        ErrorCode::ALL.iter().map(|e| (e.code(), (c(e.name()), c(e.description())))).collect()
    });
    strings.get(&code)
}

/// The official name of a code (e.g. `"InvalidParams"` for 48926), `"Ok"` for
/// `FLEX_OK`, NULL for an unknown code. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_code_name(code: flex_result) -> *const c_char {
    infallible(ptr::null(), || match code {
        FLEX_OK => c"Ok".as_ptr(),
        _ => code_strings(code).map_or(ptr::null(), |(name, _)| name.as_ptr()),
    })
}

/// A short static description of a code (e.g. `"Invalid params"`), `"Success"`
/// for `FLEX_OK`, NULL for an unknown code. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_code_description(code: flex_result) -> *const c_char {
    infallible(ptr::null(), || match code {
        FLEX_OK => c"Success".as_ptr(),
        _ => code_strings(code).map_or(ptr::null(), |(_, d)| d.as_ptr()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flex_core::ErrorSeverity as S;

    #[test]
    fn severities_match_the_c_constants() {
        let c = [FLEX_SEVERITY_FATAL, FLEX_SEVERITY_ERROR, FLEX_SEVERITY_WARNING, FLEX_SEVERITY_INFO];
        assert_eq!([S::Fatal, S::Error, S::Warning, S::Info].map(|s| s as flex_severity), c);
    }
}
