//! `flex_client_options`: the settings of `flex_create_client`.

use std::ffi::c_char;


use flex_core::{ClientOptions, Result};

use crate::error::flex_result;
use crate::ffi;
use crate::logging::{self, flex_log_level};
use crate::strings::opt_str;

/// Options for `flex_create_client`. Create with `flex_client_options_create`,
/// free with `flex_client_options_free`; not thread-safe (configure on one thread).
pub struct flex_client_options {
    pub(crate) inner: ClientOptions,
}

/// New options with the defaults: Twilio's hosts, connect timeout 30 s,
/// request timeout 15 s, event timeout 10 s, heartbeat timeout 30 s, token
/// expiry warning 60 s, log level unchanged, set the worker offline if
/// disconnected, keep existing sessions. Free with `flex_client_options_free`.
#[no_mangle]
pub extern "C" fn flex_client_options_create() -> *mut flex_client_options {
    ffi::infallible(std::ptr::null_mut(), || {
        Box::into_raw(Box::new(flex_client_options {
            inner: ClientOptions::default(),
        }))
    })
}

/// Frees options. NULL is ignored.
///
/// # Safety
/// `options` is NULL or an unfreed pointer from `flex_client_options_create`.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_free(options: *mut flex_client_options) {
    if !options.is_null() {
        // SAFETY: the pointer came from `Box::into_raw` and is freed once.
        ffi::infallible((), || drop(unsafe { Box::from_raw(options) }));
    }
}

/// Applies `set` to the options behind a required pointer.
pub(crate) unsafe fn update(
    options: *mut flex_client_options,
    set: impl FnOnce(&mut ClientOptions) -> Result<()>,
) -> flex_result {
    // SAFETY: the caller passes NULL or live options.
    ffi::call(|| set(&mut unsafe { ffi::arg_mut(options, "options") }?.inner))
}

/// Applies an infallible `set` to the options behind a required pointer.
pub(crate) unsafe fn set(
    options: *mut flex_client_options,
    set: impl FnOnce(&mut ClientOptions),
) -> flex_result {
    // SAFETY: the caller passes NULL or live options.
    unsafe {
        update(options, |o| {
            set(o);
            Ok(())
        })
    }
}

/// Sets one base URL used for every service instead of Twilio's hosts (e.g. a
/// local emulator `"http://127.0.0.1:PORT"`; plain http only on loopback). NULL resets.
///
/// # Safety
/// `options` is live options; `url` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_endpoint_override(
    options: *mut flex_client_options,
    url: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            o.endpoint_override = opt_str(url, "url")?.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the Twilio region (e.g. `"ie1"`); NULL means the default (us1).
///
/// # Safety
/// `options` is live options; `region` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_region(
    options: *mut flex_client_options,
    region: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            o.region = opt_str(region, "region")?.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the Twilio edge location (e.g. `"dublin"`); NULL means none.
///
/// # Safety
/// `options` is live options; `edge` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_edge(
    options: *mut flex_client_options,
    edge: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            o.edge = opt_str(edge, "edge")?.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the Flex UI version sent with the configuration request; NULL means none.
///
/// # Safety
/// `options` is live options; `version` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_ui_version(
    options: *mut flex_client_options,
    version: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            o.ui_version = opt_str(version, "version")?.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the longest `flex_create_client` may take, in milliseconds.
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_connect_timeout_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe { set(options, |o| o.connect_timeout_ms = ms) }
}

/// Sets the timeout of every HTTP request, in milliseconds.
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_request_timeout_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe { set(options, |o| o.request_timeout_ms = ms) }
}

/// Sets how long a task action waits for the event that confirms it, in milliseconds.
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_event_timeout_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe { set(options, |o| o.event_timeout_ms = ms) }
}

/// Sets after how long without any frame the socket is considered dead, in milliseconds.
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_heartbeat_timeout_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe { set(options, |o| o.heartbeat_timeout_ms = ms) }
}

/// Sets how long before the token expires `FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE` comes, in milliseconds.
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_token_expiry_warning_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe {
        set(options, |o| {
            o.token_expiry_warning_ms = ms
        })
    }
}

/// Sets the log level (`FLEX_LOG_LEVEL_*`) that creating the client applies.
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_log_level(
    options: *mut flex_client_options,
    level: flex_log_level,
) -> flex_result {
    unsafe {
        update(options, |o| {
            o.log_level = Some(logging::from_c(level)?);
            Ok(())
        })
    }
}

/// Whether the backend sets the worker offline when the socket disconnects (default true).
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_worker_offline_if_disconnected(
    options: *mut flex_client_options,
    value: bool,
) -> flex_result {
    unsafe { set(options, |o| o.set_worker_offline_if_disconnected = value) }
}

/// Whether the backend closes the worker's other sessions (default false).
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_close_existing_sessions(
    options: *mut flex_client_options,
    value: bool,
) -> flex_result {
    unsafe { set(options, |o| o.close_existing_sessions = value) }
}
