//! Session (automatic token renewal) settings of `flex_client_options`.

use std::ffi::c_char;
use std::sync::Arc;

use flex_core::{AppType, FlexSdkError, Secret};

use crate::error::flex_result;
use crate::options::{flex_client_options, set, update};
use crate::strings::opt_str;

/// The application type (`flex_client_options_set_app_type`).
pub type flex_app_type = u32;
/// A browser single-page application.
pub const FLEX_APP_TYPE_SINGLE_PAGE_APP: flex_app_type = 0;
/// A native mobile application.
pub const FLEX_APP_TYPE_MOBILE_APP: flex_app_type = 1;

/// Whether the client renews its token automatically (default false; needs a refresh token).
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_auto_update_token(
    options: *mut flex_client_options,
    value: bool,
) -> flex_result {
    unsafe { set(options, |o| session(o).auto_update_token = value) }
}

/// Sets the refresh token from `flex_exchange_token` (NULL clears it).
///
/// # Safety
/// `options` is live options; `token` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_refresh_token(
    options: *mut flex_client_options,
    token: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            session(o).refresh_token = opt_str(token, "token")?.map(|t| Arc::new(Secret::from(t)));
            Ok(())
        })
    }
}

/// Sets the SSO profile SID of an SSO session (NULL clears it).
///
/// # Safety
/// `options` is live options; `sid` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_sso_profile_sid(
    options: *mut flex_client_options,
    sid: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            session(o).sso_profile_sid = opt_str(sid, "sid")?.map(str::to_string);
            Ok(())
        })
    }
}

/// Console login instead of SSO, with the account and instance SIDs (either may be NULL).
///
/// # Safety
/// `options` is live options; the strings are NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_console_login(
    options: *mut flex_client_options,
    is_console_login: bool,
    account_sid: *const c_char,
    instance_sid: *const c_char,
) -> flex_result {
    unsafe {
        update(options, |o| {
            session(o).is_console_login = is_console_login;
            session(o).account_sid = opt_str(account_sid, "account_sid")?.map(str::to_string);
            session(o).instance_sid = opt_str(instance_sid, "instance_sid")?.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the application type sent with refreshes (`FLEX_APP_TYPE_*`).
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_app_type(
    options: *mut flex_client_options,
    app_type: flex_app_type,
) -> flex_result {
    unsafe {
        update(options, |o| {
            session(o).app_type = Some(match app_type {
                FLEX_APP_TYPE_SINGLE_PAGE_APP => AppType::SinglePageApp,
                FLEX_APP_TYPE_MOBILE_APP => AppType::MobileApp,
                other => return Err(FlexSdkError::invalid_params(format!("unknown app type {other}"))),
            });
            Ok(())
        })
    }
}

/// Renew when the token has this long left, in milliseconds (default 60000).
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_refresh_margin_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe { set(options, |o| session(o).refresh_margin_ms = ms) }
}

/// The longest pause between two expiry checks, in milliseconds (default 15000).
///
/// # Safety
/// `options` is live options.
#[no_mangle]
pub unsafe extern "C" fn flex_client_options_set_token_check_interval_ms(
    options: *mut flex_client_options,
    ms: u64,
) -> flex_result {
    unsafe { set(options, |o| session(o).check_interval_ms = ms) }
}

/// The options' session settings, created on first use.
fn session(o: &mut flex_core::ClientOptions) -> &mut flex_core::SessionOptions {
    o.session.get_or_insert_with(Default::default)
}
