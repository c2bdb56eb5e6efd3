//! The standalone sign-in and configuration functions (`flex_get_login_details`,
//! `flex_exchange_token`, …): parameters and results as JSON, endpoint settings
//! from optional `flex_client_options` (region, edge, endpoint override, request timeout).

use std::ffi::c_char;

use flex_core::{
    ClientOptions, FlexSdkError, PublicConfigQuery, Result, ServiceOptions,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::client::json_out;
use crate::error::flex_result;
use crate::ffi;
use crate::options::flex_client_options;
use crate::runtime::block_on;
use crate::strings::{arg_str, opt_str};

/// The endpoint settings of optional options.
///
/// # Safety
/// `options` is NULL or live options.
unsafe fn service(options: *const flex_client_options) -> ServiceOptions {
    // SAFETY: guaranteed by the caller.
    unsafe { options.as_ref() }.map_or_else(
        || ServiceOptions::from(&ClientOptions::default()),
        |o| ServiceOptions::from(&o.inner),
    )
}

/// Parses a required JSON parameter document.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string.
unsafe fn params<T: DeserializeOwned>(json: *const c_char) -> Result<T> {
    // SAFETY: guaranteed by the caller.
    let text = unsafe { arg_str(json, "params_json") }?;
    serde_json::from_str(text)
        .map_err(|e| FlexSdkError::invalid_params(format!("params_json is not valid: {e}")))
}

fn to_json(value: &impl Serialize) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| {
        FlexSdkError::new(flex_core::ErrorCode::UnexpectedError, format!("cannot encode: {e}"))
    })
}

/// Looks up the SSO configurations. `params_json`: `{"account_sid", "instance_sid",
/// "runtime_domain", "sso_profile_sid", "app_type": "SinglePageApp"|"MobileApp"}` (all
/// optional). Writes a JSON array of `{account_sid, instance_sid, connection_name,
/// client_id, active, app_type, sso_profile_sid}` to `*out_json` (free with `flex_string_free`).
///
/// # Safety
/// `options` is NULL or live options; `params_json` is a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_get_authentication_config(
    options: *const flex_client_options,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, p) = unsafe { (service(options), params(params_json)?) };
        let list = block_on(flex_core::get_authentication_config(&p, &service))?;
        out.write(to_json(&list)?)
    })
}

/// Builds the login URL and fresh PKCE secrets (no network). `params_json`:
/// `{"client_id", "sso_profile_sid", "is_console_login", "account_sid", "instance_sid",
/// "app_type", "redirect_url"}`. Writes `{login_url, nonce, code_challenge, state, code_verifier}`.
///
/// # Safety
/// As `flex_get_authentication_config`.
#[no_mangle]
pub unsafe extern "C" fn flex_get_login_details(
    options: *const flex_client_options,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, p) = unsafe { (service(options), params(params_json)?) };
        let details = flex_core::get_login_details(&p, &service)?;
        out.write(to_json(&details)?)
    })
}

/// Exchanges the callback's code. `params_json`: `{"code", "code_verifier", "nonce",
/// "sso_profile_sid" | "is_console_login", "account_sid", "instance_sid", "app_type"}`.
/// Writes `{access_token, refresh_token, token_info}`.
///
/// # Safety
/// As `flex_get_authentication_config`.
#[no_mangle]
pub unsafe extern "C" fn flex_exchange_token(
    options: *const flex_client_options,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, p) = unsafe { (service(options), params(params_json)?) };
        let tokens = block_on(flex_core::exchange_token(&p, &service))?;
        out.write(to_json(&tokens)?)
    })
}

/// Trades a refresh token (single use) for new tokens. `params_json`:
/// `{"refresh_token", "sso_profile_sid" | "is_console_login", "account_sid",
/// "instance_sid", "app_type"}`. Writes `{access_token, refresh_token, token_info}`.
///
/// # Safety
/// As `flex_get_authentication_config`.
#[no_mangle]
pub unsafe extern "C" fn flex_refresh_token(
    options: *const flex_client_options,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, p) = unsafe { (service(options), params(params_json)?) };
        let tokens = block_on(flex_core::refresh_token(&p, &service))?;
        out.write(to_json(&tokens)?)
    })
}

/// Validates a token. Writes `{valid, roles, expires_at, expiration, identity,
/// flex_user_sid, name_id, realm_user_id, worker_sid, flex_instance_sid, account_sid, permissions}`.
///
/// # Safety
/// `options` is NULL or live options; `account_sid` and `token` are NUL-terminated strings; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_validate_token(
    options: *const flex_client_options,
    account_sid: *const c_char,
    token: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, account, token) =
            unsafe { (service(options), arg_str(account_sid, "account_sid")?, arg_str(token, "token")?) };
        let data = block_on(flex_core::validate_token(account, token, &service))?;
        out.write(to_json(&data)?)
    })
}

/// Reads a public configuration by account SID or by runtime domain (exactly one
/// non-NULL). Writes `{runtime_domain, public_attributes, account_sid}`.
///
/// # Safety
/// `options` is NULL or live options; the strings are NULL or NUL-terminated; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_get_public_config(
    options: *const flex_client_options,
    account_sid: *const c_char,
    runtime_domain: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, account, domain) = unsafe {
            (service(options), opt_str(account_sid, "account_sid")?, opt_str(runtime_domain, "runtime_domain")?)
        };
        let query = match (account, domain) {
            (Some(a), None) => PublicConfigQuery::AccountSid { account_sid: a.into() },
            (None, Some(d)) => PublicConfigQuery::RuntimeDomain { runtime_domain: d.into() },
            _ => {
                return Err(FlexSdkError::invalid_params(
                    "exactly one of account_sid and runtime_domain must be given",
                ))
            }
        };
        let config = block_on(flex_core::get_public_config(&query, &service))?;
        out.write(to_json(&config)?)
    })
}

/// Reads the account configuration (the server's JSON document). `ui_version` may be NULL.
///
/// # Safety
/// `options` is NULL or live options; `token` is NUL-terminated; `ui_version` is NULL or NUL-terminated; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_get_account_config(
    options: *const flex_client_options,
    token: *const c_char,
    ui_version: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, token, ui) =
            unsafe { (service(options), arg_str(token, "token")?, opt_str(ui_version, "ui_version")?) };
        let config = block_on(flex_core::get_account_config(token, ui, &service))?;
        out.write(config)
    })
}

/// Updates the account configuration with a JSON object of whitelisted keys
/// (an unknown key is 48926 naming it); writes the updated configuration.
///
/// # Safety
/// `options` is NULL or live options; the strings are NUL-terminated; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_set_account_config(
    options: *const flex_client_options,
    account_sid: *const c_char,
    token: *const c_char,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, account, token) =
            unsafe { (service(options), arg_str(account_sid, "account_sid")?, arg_str(token, "token")?) };
        let Value::Object(config) = (unsafe { params::<Value>(config_json) })? else {
            return Err(FlexSdkError::invalid_params("config_json must be a JSON object"));
        };
        let updated = block_on(flex_core::set_account_config(account, token, &config, &service))?;
        out.write(updated)
    })
}

/// Reads the Flex features: writes `{features: [{id, name, description, doc_url,
/// enabled, stage}], insights_active}`. `ui_version` may be NULL.
///
/// # Safety
/// As `flex_get_account_config`.
#[no_mangle]
pub unsafe extern "C" fn flex_get_features_config(
    options: *const flex_client_options,
    token: *const c_char,
    ui_version: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (service, token, ui) =
            unsafe { (service(options), arg_str(token, "token")?, opt_str(ui_version, "ui_version")?) };
        let features = block_on(flex_core::get_features_config(token, ui, &service))?;
        out.write(to_json(&features)?)
    })
}
