//! The frame of every entry point ([`ffi_fn!`]): argument conversion with NULL
//! checks ([`FromC`]), the panic boundary, the runtime and the last error.

use std::any::Any;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use flex_core::{ErrorCode, FlexSdkError, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{clear_last, flex_result, set_last, FLEX_OK};

/// Defines `#[no_mangle]` entry points returning `flex_result`. Each parameter
/// `name: CType => RustType` is converted with [`FromC`] (NULL checks included)
/// before the body runs; a parameter without `=>` is passed as is. The body
/// returns `Result<()>`; an `async fn` body runs on the library runtime.
macro_rules! ffi_fn {
    () => {};
    ($(#[$m:meta])* async fn $name:ident($($args:tt)*) $body:block $($rest:tt)*) => {
        $crate::ffi::ffi_fn!(@ $(#[$m])* $name($($args)*) { $crate::runtime::block_on(async move $body) });
        $crate::ffi::ffi_fn!($($rest)*);
    };
    ($(#[$m:meta])* fn $name:ident($($args:tt)*) $body:block $($rest:tt)*) => {
        $crate::ffi::ffi_fn!(@ $(#[$m])* $name($($args)*) $body);
        $crate::ffi::ffi_fn!($($rest)*);
    };
    (@ $(#[$m:meta])* $name:ident($($arg:ident: $raw:ty $(=> $conv:ty)?),* $(,)?) $body:block) => {
        $(#[$m])*
        #[no_mangle]
        pub unsafe extern "C" fn $name($($arg: $raw),*) -> $crate::error::flex_result {
            $crate::ffi::call(|| {
                // SAFETY: the C caller passes pointers as the header documents.
                $($(let $arg: $conv = unsafe { $crate::ffi::FromC::from_c($arg, stringify!($arg)) }?;)?)*
                $body
            })
        }
    };
}
pub(crate) use ffi_fn;

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
        let message = format!("panic in the Flex SDK: {}", panic_message(&*panic));
        Err(FlexSdkError::new(ErrorCode::UnexpectedError, message))
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

/// Frees a `Box` from `Box::into_raw`; NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or an unfreed pointer from `Box::into_raw`.
pub(crate) unsafe fn free_box<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: guaranteed by the caller.
        infallible((), || drop(unsafe { Box::from_raw(ptr) }));
    }
}

fn null(name: &str) -> FlexSdkError {
    FlexSdkError::invalid_params(format!("{name} must not be NULL"))
}

/// A C argument converted to Rust; a NULL where a value is required, invalid
/// UTF-8 or JSON is `InvalidParams` naming the parameter.
pub(crate) trait FromC<Raw>: Sized {
    /// Converts `raw`, the parameter called `name`.
    ///
    /// # Safety
    /// Pointers are NULL or valid for the call (strings NUL-terminated).
    unsafe fn from_c(raw: Raw, name: &str) -> Result<Self>;
}

impl<T> FromC<*const T> for &T {
    unsafe fn from_c(raw: *const T, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        unsafe { raw.as_ref() }.ok_or_else(|| null(name))
    }
}

impl<T> FromC<*const T> for Option<&T> {
    unsafe fn from_c(raw: *const T, _: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        Ok(unsafe { raw.as_ref() })
    }
}

impl<T> FromC<*mut T> for &mut T {
    unsafe fn from_c(raw: *mut T, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        unsafe { raw.as_mut() }.ok_or_else(|| null(name))
    }
}

impl FromC<*const c_char> for &str {
    unsafe fn from_c(raw: *const c_char, name: &str) -> Result<Self> {
        if raw.is_null() {
            return Err(null(name));
        }
        // SAFETY: guaranteed by the caller.
        unsafe { CStr::from_ptr(raw) }
            .to_str()
            .map_err(|_| FlexSdkError::invalid_params(format!("{name} is not valid UTF-8")))
    }
}

impl FromC<*const c_char> for Option<&str> {
    unsafe fn from_c(raw: *const c_char, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        (!raw.is_null()).then(|| unsafe { <&str>::from_c(raw, name) }).transpose()
    }
}

impl FromC<*const c_char> for Option<String> {
    unsafe fn from_c(raw: *const c_char, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        Ok(unsafe { Option::<&str>::from_c(raw, name) }?.map(str::to_string))
    }
}

/// A JSON document argument parsed into `T`.
pub(crate) struct Json<T>(pub T);

impl<T: DeserializeOwned> FromC<*const c_char> for Json<T> {
    unsafe fn from_c(raw: *const c_char, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        let text = unsafe { <&str>::from_c(raw, name) }?;
        serde_json::from_str(text)
            .map(Json)
            .map_err(|e| FlexSdkError::invalid_params(format!("{name} is not valid: {e}")))
    }
}

impl<T: DeserializeOwned> FromC<*const c_char> for Option<Json<T>> {
    unsafe fn from_c(raw: *const c_char, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        (!raw.is_null()).then(|| unsafe { Json::from_c(raw, name) }).transpose()
    }
}

impl FromC<u64> for Duration {
    unsafe fn from_c(ms: u64, _: &str) -> Result<Self> {
        Ok(Duration::from_millis(ms))
    }
}

/// A JSON string out-parameter, written only on success (free with `flex_string_free`).
pub(crate) struct Out<'a>(&'a mut *mut c_char);

impl<'a> FromC<*mut *mut c_char> for Out<'a> {
    unsafe fn from_c(raw: *mut *mut c_char, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        unsafe { <&mut _>::from_c(raw, name) }.map(Out)
    }
}

impl<'a> FromC<*mut *mut c_char> for Option<Out<'a>> {
    unsafe fn from_c(raw: *mut *mut c_char, _: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        Ok(unsafe { raw.as_mut() }.map(Out))
    }
}

/// Writes a value as JSON to a required or optional (skipped when NULL) [`Out`].
pub(crate) trait Put {
    /// Serializes `value` into the out-parameter.
    fn json(self, value: &impl Serialize) -> Result<()>;
}

impl Put for Out<'_> {
    fn json(self, value: &impl Serialize) -> Result<()> {
        let text = serde_json::to_string(value)
            .map_err(|e| FlexSdkError::new(ErrorCode::UnexpectedError, format!("cannot encode: {e}")))?;
        *self.0 = to_cstring(text).into_raw();
        Ok(())
    }
}

impl Put for Option<Out<'_>> {
    fn json(self, value: &impl Serialize) -> Result<()> {
        self.map_or(Ok(()), |out| out.json(value))
    }
}

/// A handle out-parameter, set to NULL as soon as it is checked.
pub(crate) struct OutHandle<'a, T>(&'a mut *mut T);

impl<'a, T> FromC<*mut *mut T> for OutHandle<'a, T> {
    unsafe fn from_c(raw: *mut *mut T, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { <&mut *mut T>::from_c(raw, name) }?;
        *out = std::ptr::null_mut();
        Ok(OutHandle(out))
    }
}

impl<T> OutHandle<'_, T> {
    /// Hands `value` to the caller, who frees it with the type's `*_free`.
    pub(crate) fn set(self, value: T) {
        *self.0 = Box::into_raw(Box::new(value));
    }
}

/// A C string from Rust text; an (impossible in JSON) interior NUL becomes U+FFFD.
pub(crate) fn to_cstring(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let text = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{fffd}");
        CString::new(text).unwrap_or_default()
    })
}

/// Frees a string the SDK returned to the caller. NULL is ignored.
///
/// # Safety
/// `s` is NULL or an unfreed string returned by this library.
#[no_mangle]
pub unsafe extern "C" fn flex_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the string came from `CString::into_raw` and is freed once.
        infallible((), || drop(unsafe { CString::from_raw(s) }));
    }
}
