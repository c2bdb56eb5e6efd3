//! The standalone sign-in and configuration functions (`flex_get_login_details`,
//! `flex_exchange_token`, …): parameters and results as JSON, endpoint settings
//! from optional `flex_client_options` (region, edge, endpoint override, request timeout).

use std::ffi::c_char;

use flex_core::{FlexSdkError, PublicConfigQuery, ServiceOptions};
use serde_json::{Map, Value};

use crate::ffi::{ffi_fn, Json, Out, Put};
use crate::options::flex_client_options;

ffi_fn! {
    /// Looks up the SSO configurations. `params_json`: `{"account_sid", "instance_sid",
    /// "runtime_domain", "sso_profile_sid", "app_type": "SinglePageApp"|"MobileApp"}` (all
    /// optional). Writes a JSON array of `{account_sid, instance_sid, connection_name,
    /// client_id, active, app_type, sso_profile_sid}` to `*out_json` (free with `flex_string_free`).
    async fn flex_get_authentication_config(
        options: *const flex_client_options => ServiceOptions,
        params_json: *const c_char => Json<_>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::get_authentication_config(&params_json.0, &options).await?)
    }

    /// Builds the login URL and fresh PKCE secrets (no network). `params_json`:
    /// `{"client_id", "sso_profile_sid", "is_console_login", "account_sid", "instance_sid",
    /// "app_type", "redirect_url"}`. Writes `{login_url, nonce, code_challenge, state, code_verifier}`.
    fn flex_get_login_details(
        options: *const flex_client_options => ServiceOptions,
        params_json: *const c_char => Json<_>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::get_login_details(&params_json.0, &options)?)
    }

    /// Exchanges the callback's code. `params_json`: `{"code", "code_verifier", "nonce",
    /// "sso_profile_sid" | "is_console_login", "account_sid", "instance_sid", "app_type"}`.
    /// Writes `{access_token, refresh_token, token_info}`.
    async fn flex_exchange_token(
        options: *const flex_client_options => ServiceOptions,
        params_json: *const c_char => Json<_>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::exchange_token(&params_json.0, &options).await?)
    }

    /// Trades a refresh token (single use) for new tokens. `params_json`:
    /// `{"refresh_token", "sso_profile_sid" | "is_console_login", "account_sid",
    /// "instance_sid", "app_type"}`. Writes `{access_token, refresh_token, token_info}`.
    async fn flex_refresh_token(
        options: *const flex_client_options => ServiceOptions,
        params_json: *const c_char => Json<_>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::refresh_token(&params_json.0, &options).await?)
    }

    /// Validates a token. Writes `{valid, roles, expires_at, expiration, identity,
    /// flex_user_sid, name_id, realm_user_id, worker_sid, flex_instance_sid, account_sid, permissions}`.
    async fn flex_validate_token(
        options: *const flex_client_options => ServiceOptions,
        account_sid: *const c_char => &str,
        token: *const c_char => &str,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::validate_token(account_sid, token, &options).await?)
    }

    /// Reads a public configuration by account SID or by runtime domain (exactly one
    /// non-NULL). Writes `{runtime_domain, public_attributes, account_sid}`.
    async fn flex_get_public_config(
        options: *const flex_client_options => ServiceOptions,
        account_sid: *const c_char => Option<String>,
        runtime_domain: *const c_char => Option<String>,
        out_json: *mut *mut c_char => Out,
    ) {
        let query = match (account_sid, runtime_domain) {
            (Some(account_sid), None) => PublicConfigQuery::AccountSid { account_sid },
            (None, Some(runtime_domain)) => PublicConfigQuery::RuntimeDomain { runtime_domain },
            _ => return Err(FlexSdkError::invalid_params("exactly one of account_sid and runtime_domain must be given")),
        };
        out_json.json(&flex_core::get_public_config(&query, &options).await?)
    }

    /// Reads the account configuration (the server's JSON document). `ui_version` may be NULL.
    async fn flex_get_account_config(
        options: *const flex_client_options => ServiceOptions,
        token: *const c_char => &str,
        ui_version: *const c_char => Option<&str>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::get_account_config(token, ui_version, &options).await?)
    }

    /// Updates the account configuration with a JSON object of whitelisted keys
    /// (an unknown key is 48926 naming it); writes the updated configuration.
    async fn flex_set_account_config(
        options: *const flex_client_options => ServiceOptions,
        account_sid: *const c_char => &str,
        token: *const c_char => &str,
        config_json: *const c_char => Json<Map<String, Value>>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::set_account_config(account_sid, token, &config_json.0, &options).await?)
    }

    /// Reads the Flex features: writes `{features: [{id, name, description, doc_url,
    /// enabled, stage}], insights_active}`. `ui_version` may be NULL.
    async fn flex_get_features_config(
        options: *const flex_client_options => ServiceOptions,
        token: *const c_char => &str,
        ui_version: *const c_char => Option<&str>,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&flex_core::get_features_config(token, ui_version, &options).await?)
    }
}
