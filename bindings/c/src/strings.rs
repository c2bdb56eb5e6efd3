//! UTF-8 C strings in and out, and `flex_string_free`.

use std::ffi::{c_char, CStr, CString};

use flex_core::{FlexSdkError, Result};

use crate::ffi;

/// A C string from Rust text; an (impossible in JSON) interior NUL becomes U+FFFD.
pub(crate) fn to_cstring(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let text = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{fffd}");
        CString::new(text).unwrap_or_default()
    })
}

/// A caller-owned C string (free with `flex_string_free`).
pub(crate) fn into_raw(s: String) -> *mut c_char {
    to_cstring(s).into_raw()
}

/// Borrows a required UTF-8 string argument.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string alive for `'a`.
pub(crate) unsafe fn arg_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    if ptr.is_null() {
        return Err(FlexSdkError::invalid_params(format!(
            "{name} must not be NULL"
        )));
    }
    // SAFETY: guaranteed by the caller.
    unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .map_err(|_| FlexSdkError::invalid_params(format!("{name} is not valid UTF-8")))
}

/// Borrows an optional UTF-8 string argument (NULL is `None`).
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string alive for `'a`.
pub(crate) unsafe fn opt_str<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { arg_str(ptr, name) }.map(Some)
    }
}

/// Frees a string the SDK returned to the caller. NULL is ignored.
///
/// # Safety
/// `s` is NULL or an unfreed string returned by this library.
#[no_mangle]
pub unsafe extern "C" fn flex_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the string came from `CString::into_raw` and is freed once.
        ffi::infallible((), || drop(unsafe { CString::from_raw(s) }));
    }
}
