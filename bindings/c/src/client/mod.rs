//! `flex_client`: creation, state, token, listeners, destroy.

mod actions;
mod tasks;
mod workspace;

use std::ffi::{c_char, c_void};
use std::ptr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flex_core::{ClientOptions, FlexClient, FlexSdkError, Result};

use crate::error::flex_result;
use crate::event::{connection_state, flex_connection_state};
use crate::ffi::{self, arg, arg_mut};
use crate::json;
use crate::listener::{
    flex_event_callback, flex_listener_handle, flex_user_data_free, in_callback, CListener, Live,
};
use crate::options::flex_client_options;
use crate::runtime::block_on;
use crate::strings::{arg_str, into_raw};

/// How long `flex_client_destroy` waits for the listeners' last callbacks.
const DESTROY_WAIT: Duration = Duration::from_secs(10);

/// A connected Flex client for one agent. Thread-safe: every function may be
/// called from any thread, concurrently, except `flex_client_free`.
pub struct flex_client {
    core: FlexClient,
    live: Arc<Live>,
    destroyed: Mutex<bool>,
}

impl flex_client {
    fn destroyed(&self) -> std::sync::MutexGuard<'_, bool> {
        self.destroyed.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Borrows the client behind a required pointer.
///
/// # Safety
/// `client` is NULL or a live client.
pub(crate) unsafe fn core<'a>(client: *const flex_client) -> Result<&'a FlexClient> {
    // SAFETY: guaranteed by the caller.
    Ok(&unsafe { arg(client, "client") }?.core)
}

/// Writes a JSON document to a required string out-parameter.
///
/// # Safety
/// `out` is NULL or valid for writes.
pub(crate) unsafe fn write_json(out: *mut *mut c_char, value: serde_json::Value) -> Result<()> {
    // SAFETY: guaranteed by the caller.
    unsafe { json_out(out) }?.write(value)
}

/// A required JSON out-parameter, checked before any request is sent (so a NULL
/// never wastes a single-use code or refresh token), written after it succeeds.
pub(crate) struct JsonOut<'a>(&'a mut *mut c_char);

impl JsonOut<'_> {
    /// Writes the document; the caller frees it with `flex_string_free`.
    pub(crate) fn write(self, value: serde_json::Value) -> Result<()> {
        *self.0 = into_raw(value.to_string());
        Ok(())
    }
}

/// Checks a required JSON out-parameter; NULL is `InvalidParams`.
///
/// # Safety
/// `out` is NULL or valid for writes, with no other reference alive.
pub(crate) unsafe fn json_out<'a>(out: *mut *mut c_char) -> Result<JsonOut<'a>> {
    // SAFETY: guaranteed by the caller.
    Ok(JsonOut(unsafe { arg_mut(out, "out_json") }?))
}

/// Creates a client (glossary `createClient`): validates `token`, connects the
/// event socket and loads the worker; blocks until ready or until the connect
/// timeout. `options` may be NULL (defaults). On success `*out_client` is a
/// client to free with `flex_client_free`; on failure it is set to NULL.
/// Errors: 48926 for a blank token, 48924 when the server is unreachable,
/// 20101 for a token the server rejects (48920 when it lacks permissions).
///
/// # Safety
/// `token` is a NUL-terminated string; `options` is NULL or live options;
/// `out_client` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_create_client(
    token: *const c_char,
    options: *const flex_client_options,
    out_client: *mut *mut flex_client,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { arg_mut(out_client, "out_client") }?;
        *out = ptr::null_mut();
        let token = unsafe { arg_str(token, "token") }?;
        let options =
            unsafe { options.as_ref() }.map_or_else(ClientOptions::default, |o| o.inner.clone());
        let core = block_on(FlexClient::create(token, options))?;
        let client = flex_client {
            core,
            live: Arc::default(),
            destroyed: Mutex::new(false),
        };
        *out = Box::into_raw(Box::new(client));
        Ok(())
    })
}

/// Writes the connection state (`FLEX_CONNECTION_*`) to `*out_state`.
///
/// # Safety
/// `client` is a live client; `out_state` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_connection_state(
    client: *const flex_client,
    out_state: *mut flex_connection_state,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let state = unsafe { core(client) }?.connection_state();
        *unsafe { arg_mut(out_state, "out_state") }? = connection_state(state);
        Ok(())
    })
}

/// Writes who the current token belongs to as a caller-owned JSON string
/// (`{"identity", "roles", "worker_sid", "account_sid", "flex_instance_sid",
/// "flex_user_sid", "expires_at"}`) to `*out_json`; free it with `flex_string_free`.
///
/// # Safety
/// `client` is a live client; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_token_info(
    client: *const flex_client,
    out_json: *mut *mut c_char,
) -> flex_result {
    // SAFETY: guaranteed by the caller.
    ffi::call(|| unsafe { write_json(out_json, json::token_info(&core(client)?.token_info())) })
}

/// Validates a new token, then uses it for every later request and socket
/// connect; emits `FLEX_EVENT_TOKEN_UPDATED`. Blocks until validated.
///
/// # Safety
/// `client` is a live client; `token` is a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_update_token(
    client: *const flex_client,
    token: *const c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, token) = unsafe { (core(client)?, arg_str(token, "token")?) };
        block_on(core.update_token(token, None))
    })
}

/// Registers a listener for every event from now on. `callback` runs on the
/// client's dispatcher thread (one per client, never the caller's), one event
/// at a time, in order; it may call SDK functions, but later events wait for it.
/// `free_user_data` (may be NULL) is called exactly once with `user_data`, after
/// the last callback: when the listener is removed, or when the client is
/// destroyed. `*out_handle` keeps the listener; free it with `flex_listener_handle_free`.
/// Fails with 48925 once the client is destroyed; on any failure `free_user_data` is not called.
///
/// # Safety
/// `client` is a live client; `user_data` must be usable from the dispatcher
/// thread; `out_handle` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_add_listener(
    client: *const flex_client,
    callback: flex_event_callback,
    user_data: *mut c_void,
    free_user_data: flex_user_data_free,
    out_handle: *mut *mut flex_listener_handle,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let client = unsafe { arg(client, "client") }?;
        let out = unsafe { arg_mut(out_handle, "out_handle") }?;
        *out = ptr::null_mut();
        let callback =
            callback.ok_or_else(|| FlexSdkError::invalid_params("callback must not be NULL"))?;
        let destroyed = client.destroyed();
        if *destroyed {
            return Err(FlexSdkError::invalid_state("the client was destroyed"));
        }
        let (listener, enabled) = CListener::new(callback, user_data, free_user_data, &client.live);
        let handle = client.core.add_listener(Arc::new(listener));
        *out = Box::into_raw(Box::new(flex_listener_handle { handle, enabled }));
        Ok(())
    })
}

/// Closes the connection and stops every background task; listeners receive
/// `FLEX_EVENT_CLIENT_DESTROYED` last. Called outside a callback, it returns
/// once every listener's last callback and `user_data` destructor have run
/// (at most 10 s). Idempotent; later calls on the client fail with 48925.
/// NULL is ignored.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn flex_client_destroy(client: *const flex_client) {
    // SAFETY: guaranteed by the caller.
    if let Some(client) = unsafe { client.as_ref() } {
        ffi::infallible((), || {
            *client.destroyed() = true;
            client.core.destroy();
            if !in_callback() {
                client.live.wait_idle(DESTROY_WAIT);
            }
        });
    }
}

/// Destroys the client (see `flex_client_destroy`) and frees it. NULL is
/// ignored. No other call on this client may be running or follow.
///
/// # Safety
/// `client` is NULL or an unfreed pointer from `flex_create_client`.
#[no_mangle]
pub unsafe extern "C" fn flex_client_free(client: *mut flex_client) {
    if !client.is_null() {
        // SAFETY: the pointer came from `Box::into_raw` and is freed once.
        unsafe { flex_client_destroy(client) };
        ffi::infallible((), || drop(unsafe { Box::from_raw(client) }));
    }
}
