//! `flex_client`: creation, state, token, listeners, destroy.

mod actions;
mod tasks;
mod workspace;

use std::ffi::{c_char, c_void};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use flex_core::{ClientOptions, FlexClient, FlexSdkError, Result};

use crate::event::{core_kind, flex_connection_state, flex_event_kind, flex_renewal_state};
use crate::ffi::{ffi_fn, free_box, infallible, Out, OutHandle, Put};
use crate::listener::{flex_event_callback, flex_listener_handle, flex_user_data_free, in_callback, CListener, Live, UserData};
use crate::options::flex_client_options;

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
    fn destroyed(&self) -> MutexGuard<'_, bool> {
        self.destroyed.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The core client, or `InvalidState` once `flex_client_destroy` ran.
    fn alive(&self) -> Result<&FlexClient> {
        if *self.destroyed() {
            return Err(FlexSdkError::invalid_state("the client was destroyed"));
        }
        Ok(&self.core)
    }

    /// Registers a C listener through `add` (given the listener), unless the client
    /// was destroyed; on failure `user_data` is not taken over.
    fn add_listener(
        &self,
        callback: flex_event_callback,
        user_data: *mut c_void,
        free_user_data: flex_user_data_free,
        out: OutHandle<flex_listener_handle>,
        add: impl FnOnce(Arc<CListener>) -> Result<flex_core::ListenerHandle>,
    ) -> Result<()> {
        let callback = callback.ok_or_else(|| FlexSdkError::invalid_params("callback must not be NULL"))?;
        let destroyed = self.destroyed();
        if *destroyed {
            return Err(FlexSdkError::invalid_state("the client was destroyed"));
        }
        let (listener, enabled) = CListener::new(callback, UserData(user_data, free_user_data), &self.live);
        out.set(flex_listener_handle { handle: add(Arc::new(listener))?, enabled });
        Ok(())
    }
}

ffi_fn! {
    /// Creates a client (glossary `createClient`): validates `token`, connects the
    /// event socket and loads the worker; blocks until ready or until the connect
    /// timeout. `options` may be NULL (defaults). On success `*out_client` is a
    /// client to free with `flex_client_free`; on failure it is set to NULL.
    /// Errors: 48926 for a blank token, 48924 when the server is unreachable,
    /// 20101 for a token the server rejects (48920 when it lacks permissions).
    async fn flex_create_client(
        token: *const c_char => &str,
        options: *const flex_client_options => ClientOptions,
        out_client: *mut *mut flex_client => OutHandle<flex_client>,
    ) {
        let core = FlexClient::create(token, options).await?;
        out_client.set(flex_client { core, live: Arc::default(), destroyed: Mutex::new(false) });
        Ok(())
    }

    /// Writes the connection state (`FLEX_CONNECTION_*`) to `*out_state`.
    fn flex_client_connection_state(
        client: *const flex_client => &flex_client,
        out_state: *mut flex_connection_state => &mut flex_connection_state,
    ) {
        // flex-core declares the states in the order of `FLEX_CONNECTION_*`.
        *out_state = client.core.connection_state() as flex_connection_state;
        Ok(())
    }

    /// Writes where the automatic token renewal stands (`FLEX_RENEWAL_*`) to `*out_state`.
    fn flex_client_renewal_state(
        client: *const flex_client => &flex_client,
        out_state: *mut flex_renewal_state => &mut flex_renewal_state,
    ) {
        // flex-core declares the states in the order of `FLEX_RENEWAL_*`.
        *out_state = client.core.renewal_state() as flex_renewal_state;
        Ok(())
    }

    /// Writes who the current token belongs to as a caller-owned JSON string
    /// (`{"identity", "roles", "worker_sid", "account_sid", "flex_instance_sid",
    /// "flex_user_sid", "expires_at"}`) to `*out_json`; free it with `flex_string_free`.
    /// 48925 after `flex_client_destroy`.
    fn flex_client_token_info(client: *const flex_client => &flex_client, out_json: *mut *mut c_char => Out) {
        out_json.json(&client.alive()?.token_info())
    }

    /// Writes the credentials in use now as a caller-owned JSON string
    /// (`{"access_token", "refresh_token" (or null), "expires_at"}`) to `*out_json`,
    /// for an app to persist its session; `FLEX_EVENT_TOKEN_UPDATED` carries the
    /// same after every change. Free it with `flex_string_free`. 48925 after `flex_client_destroy`.
    fn flex_client_token(client: *const flex_client => &flex_client, out_json: *mut *mut c_char => Out) {
        out_json.json(&client.alive()?.token())
    }

    /// Validates a new token, then uses it for every later request and socket
    /// connect; emits `FLEX_EVENT_TOKEN_UPDATED`. A `refresh_token` (may be NULL)
    /// replaces the one the automatic renewal uses next. Blocks until validated.
    async fn flex_client_update_token(
        client: *const flex_client => &flex_client,
        token: *const c_char => &str,
        refresh_token: *const c_char => Option<String>,
    ) {
        client.core.update_token(token, refresh_token.as_deref()).await
    }

    /// Registers a listener for every event from now on. `callback` runs on the
    /// SDK delivery thread (a small process-wide pool, never the caller's), one event
    /// at a time, in order; it may call SDK functions, but later events wait for it.
    /// `free_user_data` (may be NULL) is called exactly once with `user_data`, after
    /// the last callback: when the listener is removed, or when the client is
    /// destroyed. `user_data` must be usable from the delivery threads.
    /// `*out_handle` keeps the listener; free it with `flex_listener_handle_free`.
    /// Fails with 48925 once the client is destroyed; on any failure `*out_handle`
    /// is NULL and `free_user_data` is not called.
    fn flex_client_add_listener(
        client: *const flex_client => &flex_client,
        callback: flex_event_callback,
        user_data: *mut c_void,
        free_user_data: flex_user_data_free,
        out_handle: *mut *mut flex_listener_handle => OutHandle<flex_listener_handle>,
    ) {
        client.add_listener(callback, user_data, free_user_data, out_handle, |l| Ok(client.core.add_listener(l)))
    }

    /// Registers a listener, as `flex_client_add_listener`, for the events of the
    /// `kinds_count` kinds in `kinds` only (every kind when `kinds_count` is 0),
    /// plus `FLEX_EVENT_EVENTS_DROPPED` and `FLEX_EVENT_CLIENT_DESTROYED`. Events
    /// no listener wants never reach the delivery threads. An unknown kind fails
    /// with 48926 (`kinds` may be NULL only when `kinds_count` is 0).
    fn flex_client_add_listener_for(
        client: *const flex_client => &flex_client,
        kinds: *const flex_event_kind,
        kinds_count: usize,
        callback: flex_event_callback,
        user_data: *mut c_void,
        free_user_data: flex_user_data_free,
        out_handle: *mut *mut flex_listener_handle => OutHandle<flex_listener_handle>,
    ) {
        let kinds = match kinds_count {
            0 => Vec::new(),
            _ if kinds.is_null() => return Err(FlexSdkError::invalid_params("kinds must not be NULL")),
            // SAFETY: the caller passes `kinds_count` kinds at `kinds`.
            n => unsafe { std::slice::from_raw_parts(kinds, n) }.iter().map(|k| core_kind(*k)).collect::<Result<_>>()?,
        };
        client.add_listener(callback, user_data, free_user_data, out_handle, |l| Ok(client.core.add_listener_for(&kinds, l)))
    }
}

/// Closes the connection and stops every background task; listeners receive
/// `FLEX_EVENT_CLIENT_DESTROYED` last. Called outside a callback, it returns
/// once every listener's last callback and `user_data` destructor have run
/// (at most 10 s). Idempotent; later calls on the client fail with 48925.
/// NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn flex_client_destroy(client: *const flex_client) {
    // SAFETY: the caller passes NULL or a live client.
    if let Some(client) = unsafe { client.as_ref() } {
        infallible((), || {
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
#[no_mangle]
pub unsafe extern "C" fn flex_client_free(client: *mut flex_client) {
    // SAFETY: the caller passes NULL or a pointer from `flex_create_client`, once.
    unsafe {
        flex_client_destroy(client);
        free_box(client);
    }
}
