//! Result codes, the thread-local last error and the `flex_error` object.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, CString};
use std::ptr;
use std::sync::OnceLock;

use flex_core::{ErrorCode, ErrorSeverity, FlexSdkError};

use crate::ffi;
use crate::strings::to_cstring;

/// The status every fallible call returns: `FLEX_OK` (0) on success, otherwise
/// one of the official Flex SDK error codes (e.g. 48926 InvalidParams).
/// `flex_last_error()` then gives the details of the failure.
pub type flex_result = u32;

/// Success.
pub const FLEX_OK: flex_result = 0;
/// A bug or a panic inside the SDK (caught; the process goes on).
pub const FLEX_ERR_UNEXPECTED: flex_result = 48918;
/// The token does not grant access.
pub const FLEX_ERR_ACCESS_DENIED: flex_result = 48920;
/// A network failure or timeout.
pub const FLEX_ERR_NETWORK: flex_result = 48924;
/// The call is not valid now, e.g. the client was destroyed.
pub const FLEX_ERR_INVALID_STATE: flex_result = 48925;
/// An invalid argument: NULL where a value is required, invalid UTF-8 or JSON, an unknown SID.
pub const FLEX_ERR_INVALID_PARAMS: flex_result = 48926;
/// The worker has no reservation for the task that the action applies to.
pub const FLEX_ERR_TASK_RESERVATION_NOT_FOUND: flex_result = 48901;

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
    code: flex_result,
    severity: flex_severity,
    message: CString,
    details: Option<CString>,
    twilio_code: u32,
    http_status: u16,
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

fn severity(s: ErrorSeverity) -> flex_severity {
    match s {
        ErrorSeverity::Fatal => FLEX_SEVERITY_FATAL,
        ErrorSeverity::Error => FLEX_SEVERITY_ERROR,
        ErrorSeverity::Warning => FLEX_SEVERITY_WARNING,
        ErrorSeverity::Info => FLEX_SEVERITY_INFO,
    }
}

/// The error of the last failed call made on this thread, or NULL when the last
/// call succeeded. The caller owns the result: free it with `flex_error_free`.
#[no_mangle]
pub extern "C" fn flex_last_error() -> *mut flex_error {
    ffi::infallible(ptr::null_mut(), || {
        LAST.with(|l| l.borrow().clone())
            .map_or(ptr::null_mut(), |e| {
                Box::into_raw(Box::new(flex_error {
                    code: e.code.code(),
                    severity: severity(e.severity),
                    message: to_cstring(e.message),
                    details: e.details.map(to_cstring),
                    twilio_code: e.twilio_code.unwrap_or(0),
                    http_status: e.http_status.unwrap_or(0),
                }))
            })
    })
}

/// Frees an error from `flex_last_error`. NULL is ignored.
///
/// # Safety
/// `error` is NULL or an unfreed pointer from `flex_last_error`.
#[no_mangle]
pub unsafe extern "C" fn flex_error_free(error: *mut flex_error) {
    if !error.is_null() {
        // SAFETY: the caller passes a pointer from `Box::into_raw` exactly once.
        ffi::infallible((), || drop(unsafe { Box::from_raw(error) }));
    }
}

/// Reads a field of an error; `default` when `error` is NULL.
unsafe fn field<T>(error: *const flex_error, default: T, get: impl FnOnce(&flex_error) -> T) -> T {
    // SAFETY: the caller passes NULL or a live `flex_error`.
    match unsafe { error.as_ref() } {
        Some(e) => get(e),
        None => default,
    }
}

/// The error code (never `FLEX_OK`); `FLEX_OK` for NULL.
///
/// # Safety
/// `error` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn flex_error_code(error: *const flex_error) -> flex_result {
    unsafe { field(error, FLEX_OK, |e| e.code) }
}

/// The severity, one of `FLEX_SEVERITY_*`.
///
/// # Safety
/// `error` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn flex_error_severity(error: *const flex_error) -> flex_severity {
    unsafe { field(error, FLEX_SEVERITY_ERROR, |e| e.severity) }
}

/// A human-readable message, owned by the error (valid until `flex_error_free`).
///
/// # Safety
/// `error` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn flex_error_message(error: *const flex_error) -> *const c_char {
    unsafe { field(error, c"".as_ptr(), |e| e.message.as_ptr()) }
}

/// Extra detail (e.g. the server's own message) owned by the error, or NULL.
///
/// # Safety
/// `error` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn flex_error_details(error: *const flex_error) -> *const c_char {
    unsafe {
        field(error, ptr::null(), |e| {
            e.details.as_ref().map_or(ptr::null(), |d| d.as_ptr())
        })
    }
}

/// The Twilio error code of a server error body, or 0.
///
/// # Safety
/// `error` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn flex_error_twilio_code(error: *const flex_error) -> u32 {
    unsafe { field(error, 0, |e| e.twilio_code) }
}

/// The HTTP status of a failed request, or 0.
///
/// # Safety
/// `error` is NULL or a live error.
#[no_mangle]
pub unsafe extern "C" fn flex_error_http_status(error: *const flex_error) -> u16 {
    unsafe { field(error, 0, |e| e.http_status) }
}

/// Static NUL-terminated names and descriptions of every official code.
fn code_strings() -> &'static HashMap<u32, (CString, CString)> {
    static STRINGS: OnceLock<HashMap<u32, (CString, CString)>> = OnceLock::new();
    STRINGS.get_or_init(|| {
        ErrorCode::ALL
            .iter()
            .map(|c| {
                (
                    c.code(),
                    (
                        to_cstring(c.name().to_string()),
                        to_cstring(c.description().to_string()),
                    ),
                )
            })
            .collect()
    })
}

/// The official name of a code (e.g. `"InvalidParams"` for 48926), `"Ok"` for
/// `FLEX_OK`, NULL for an unknown code. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_code_name(code: flex_result) -> *const c_char {
    ffi::infallible(ptr::null(), || match code {
        FLEX_OK => c"Ok".as_ptr(),
        _ => code_strings()
            .get(&code)
            .map_or(ptr::null(), |(name, _)| name.as_ptr()),
    })
}

/// A short static description of a code (e.g. `"Invalid params"`), `"Success"`
/// for `FLEX_OK`, NULL for an unknown code. Static: never free it.
#[no_mangle]
pub extern "C" fn flex_code_description(code: flex_result) -> *const c_char {
    ffi::infallible(ptr::null(), || match code {
        FLEX_OK => c"Success".as_ptr(),
        _ => code_strings()
            .get(&code)
            .map_or(ptr::null(), |(_, d)| d.as_ptr()),
    })
}
