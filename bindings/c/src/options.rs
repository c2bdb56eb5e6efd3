//! `flex_client_options`: the settings of `flex_create_client` and of the
//! standalone sign-in and configuration functions.

use std::ffi::c_char;
use std::sync::Arc;

use flex_core::{AppType, ClientOptions, FlexSdkError, LogLevel, Result, Secret, ServiceOptions, SessionOptions};

use crate::ffi::{free_box, ffi_fn, infallible, FromC};
use crate::logging::flex_log_level;

/// Options for `flex_create_client`. Create with `flex_client_options_create`,
/// free with `flex_client_options_free`; not thread-safe (configure on one thread).
pub struct flex_client_options {
    inner: ClientOptions,
}

impl FromC<*const flex_client_options> for ClientOptions {
    unsafe fn from_c(raw: *const flex_client_options, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        let options: Option<&flex_client_options> = unsafe { FromC::from_c(raw, name) }?;
        Ok(options.map_or_else(ClientOptions::default, |o| o.inner.clone()))
    }
}

impl FromC<*const flex_client_options> for ServiceOptions {
    unsafe fn from_c(raw: *const flex_client_options, name: &str) -> Result<Self> {
        // SAFETY: guaranteed by the caller.
        Ok(ServiceOptions::from(&unsafe { ClientOptions::from_c(raw, name) }?))
    }
}

/// The application type (`flex_client_options_set_app_type`).
pub type flex_app_type = u32;
/// A browser single-page application.
pub const FLEX_APP_TYPE_SINGLE_PAGE_APP: flex_app_type = 0;
/// A native mobile application.
pub const FLEX_APP_TYPE_MOBILE_APP: flex_app_type = 1;

impl FromC<flex_app_type> for AppType {
    unsafe fn from_c(app_type: flex_app_type, _: &str) -> Result<Self> {
        match app_type {
            FLEX_APP_TYPE_SINGLE_PAGE_APP => Ok(AppType::SinglePageApp),
            FLEX_APP_TYPE_MOBILE_APP => Ok(AppType::MobileApp),
            other => Err(FlexSdkError::invalid_params(format!("unknown app type {other}"))),
        }
    }
}

/// New options with the defaults: Twilio's hosts, connect timeout 30 s,
/// request timeout 15 s, event timeout 10 s, heartbeat timeout 30 s, token
/// expiry warning 60 s, log level unchanged, set the worker offline if
/// disconnected, keep existing sessions. Free with `flex_client_options_free`.
#[no_mangle]
pub extern "C" fn flex_client_options_create() -> *mut flex_client_options {
    infallible(std::ptr::null_mut(), || Box::into_raw(Box::new(flex_client_options { inner: ClientOptions::default() })))
}

/// Frees options. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_free(options: *mut flex_client_options) {
    // SAFETY: the caller passes NULL or a pointer from `flex_client_options_create`, once.
    unsafe { free_box(options) }
}

/// Defines setters `name(options, value: CType => RustType)` that run `|o, value| body` on the options.
macro_rules! setters {
    ($($(#[$m:meta])* fn $name:ident($value:ident: $raw:ty $(=> $conv:ty)?) |$o:ident| $body:expr;)*) => {
        ffi_fn! {$(
            $(#[$m])*
            fn $name(options: *mut flex_client_options => &mut flex_client_options, $value: $raw $(=> $conv)?) {
                let $o = &mut options.inner;
                $body;
                Ok(())
            }
        )*}
    };
}

setters! {
    /// Sets one base URL used for every service instead of Twilio's hosts (e.g. a
    /// local emulator `"http://127.0.0.1:PORT"`; plain http only on loopback). NULL resets.
    fn flex_client_options_set_endpoint_override(url: *const c_char => Option<String>) |o| o.endpoint_override = url;
    /// Sets the Twilio region (e.g. `"ie1"`); NULL means the default (us1).
    fn flex_client_options_set_region(region: *const c_char => Option<String>) |o| o.region = region;
    /// Sets the Twilio edge location (e.g. `"dublin"`); NULL means none.
    fn flex_client_options_set_edge(edge: *const c_char => Option<String>) |o| o.edge = edge;
    /// Sets the Flex UI version sent with the configuration request; NULL means none.
    fn flex_client_options_set_ui_version(version: *const c_char => Option<String>) |o| o.ui_version = version;
    /// Sets the longest `flex_create_client` may take, in milliseconds.
    fn flex_client_options_set_connect_timeout_ms(ms: u64) |o| o.connect_timeout_ms = ms;
    /// Sets the timeout of every HTTP request, in milliseconds.
    fn flex_client_options_set_request_timeout_ms(ms: u64) |o| o.request_timeout_ms = ms;
    /// Sets how long a task action waits for the event that confirms it, in milliseconds.
    fn flex_client_options_set_event_timeout_ms(ms: u64) |o| o.event_timeout_ms = ms;
    /// Sets after how long without any frame the socket is considered dead, in milliseconds.
    fn flex_client_options_set_heartbeat_timeout_ms(ms: u64) |o| o.heartbeat_timeout_ms = ms;
    /// Sets how long before the token expires `FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE` comes, in milliseconds.
    fn flex_client_options_set_token_expiry_warning_ms(ms: u64) |o| o.token_expiry_warning_ms = ms;
    /// Sets how many events may wait for the client's listeners before newer ones are
    /// dropped and reported with `FLEX_EVENT_EVENTS_DROPPED` (default 10000; 0 is refused at create).
    fn flex_client_options_set_event_queue_capacity(capacity: u32) |o| o.event_queue_capacity = capacity;
    /// Sets the log level (`FLEX_LOG_LEVEL_*`) that creating the client applies.
    fn flex_client_options_set_log_level(level: flex_log_level => LogLevel) |o| o.log_level = Some(level);
    /// Whether the backend sets the worker offline when the socket disconnects (default true).
    fn flex_client_options_set_worker_offline_if_disconnected(value: bool) |o| o.set_worker_offline_if_disconnected = value;
    /// Whether the backend closes the worker's other sessions (default false).
    fn flex_client_options_set_close_existing_sessions(value: bool) |o| o.close_existing_sessions = value;
    /// Whether the client renews its token automatically (default false; needs a refresh token).
    fn flex_client_options_set_auto_update_token(value: bool) |o| session(o).auto_update_token = value;
    /// Sets the refresh token from `flex_exchange_token` (NULL clears it).
    fn flex_client_options_set_refresh_token(token: *const c_char => Option<String>) |o| session(o).refresh_token = token.map(|t| Arc::new(Secret::new(t)));
    /// Sets the SSO profile SID of an SSO session (NULL clears it).
    fn flex_client_options_set_sso_profile_sid(sid: *const c_char => Option<String>) |o| session(o).sso_profile_sid = sid;
    /// Sets the application type sent with refreshes (`FLEX_APP_TYPE_*`).
    fn flex_client_options_set_app_type(app_type: flex_app_type => AppType) |o| session(o).app_type = Some(app_type);
    /// Renew when the token has this long left, in milliseconds (default 60000).
    fn flex_client_options_set_refresh_margin_ms(ms: u64) |o| session(o).refresh_margin_ms = ms;
    /// The longest pause between two expiry checks, in milliseconds (default 15000).
    fn flex_client_options_set_token_check_interval_ms(ms: u64) |o| session(o).check_interval_ms = ms;
}

ffi_fn! {
    /// Console login instead of SSO, with the account and instance SIDs (either may be NULL).
    fn flex_client_options_set_console_login(
        options: *mut flex_client_options => &mut flex_client_options,
        is_console_login: bool,
        account_sid: *const c_char => Option<String>,
        instance_sid: *const c_char => Option<String>,
    ) {
        let session = session(&mut options.inner);
        (session.is_console_login, session.account_sid, session.instance_sid) = (is_console_login, account_sid, instance_sid);
        Ok(())
    }
}

/// The options' session settings, created on first use.
fn session(o: &mut ClientOptions) -> &mut SessionOptions {
    o.session.get_or_insert_with(SessionOptions::default)
}
