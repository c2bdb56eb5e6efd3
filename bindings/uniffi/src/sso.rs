//! Sign-in: the standalone SSO functions of flex-core and their records.

use flex_core::{AppType, AuthenticationConfig, LoginDetails, TokenData, TokenResponse};

use crate::error::FlexSdkError;
use crate::service::ServiceOptions;
use crate::types::JsonValue;

type Result<T> = std::result::Result<T, FlexSdkError>;

/// The kind of application signing in.
#[uniffi::remote(Enum)]
pub enum AppType {
    /// A browser single-page application (the default).
    SinglePageApp,
    /// A native mobile application.
    MobileApp,
}

/// One SSO configuration.
#[uniffi::remote(Record)]
pub struct AuthenticationConfig {
    pub account_sid: String,
    pub instance_sid: String,
    pub connection_name: String,
    pub client_id: String,
    pub active: bool,
    pub app_type: AppType,
    pub sso_profile_sid: String,
}

/// The login URL to open and the PKCE secrets to keep for `exchange_token`.
#[uniffi::remote(Record)]
pub struct LoginDetails {
    pub login_url: String,
    pub nonce: String,
    pub code_challenge: String,
    pub state: String,
    pub code_verifier: String,
}

/// A new access token and the refresh token that replaces the one used.
#[uniffi::remote(Record)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_info: Option<JsonValue>,
}

/// What the server says about a token.
#[uniffi::remote(Record)]
pub struct TokenData {
    pub valid: bool,
    pub roles: Vec<String>,
    pub expires_at: i64,
    pub expiration: String,
    pub identity: String,
    pub flex_user_sid: Option<String>,
    pub name_id: Option<String>,
    pub realm_user_id: Option<String>,
    pub worker_sid: Option<String>,
    pub flex_instance_sid: Option<String>,
    pub account_sid: String,
    pub permissions: Option<Vec<String>>,
}

/// Which SSO configurations to look up; empty fields are not filters.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct AuthenticationConfigParams {
    #[uniffi(default = None)]
    pub account_sid: Option<String>,
    #[uniffi(default = None)]
    pub instance_sid: Option<String>,
    #[uniffi(default = None)]
    pub runtime_domain: Option<String>,
    #[uniffi(default = None)]
    pub sso_profile_sid: Option<String>,
    #[uniffi(default = None)]
    pub app_type: Option<AppType>,
}

/// What `get_login_details` needs (SSO: `sso_profile_sid`; console: `is_console_login`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct LoginDetailsParams {
    pub client_id: String,
    #[uniffi(default = None)]
    pub sso_profile_sid: Option<String>,
    #[uniffi(default = false)]
    pub is_console_login: bool,
    #[uniffi(default = None)]
    pub account_sid: Option<String>,
    #[uniffi(default = None)]
    pub instance_sid: Option<String>,
    #[uniffi(default = None)]
    pub app_type: Option<AppType>,
    /// Where the browser returns with the code, e.g. a mobile app's own scheme.
    #[uniffi(default = None)]
    pub redirect_url: Option<String>,
}

/// What `exchange_token` needs.
#[derive(Clone, uniffi::Record)]
pub struct ExchangeTokenParams {
    pub code: String,
    pub code_verifier: String,
    pub nonce: String,
    #[uniffi(default = None)]
    pub sso_profile_sid: Option<String>,
    #[uniffi(default = false)]
    pub is_console_login: bool,
    #[uniffi(default = None)]
    pub account_sid: Option<String>,
    #[uniffi(default = None)]
    pub instance_sid: Option<String>,
    #[uniffi(default = None)]
    pub app_type: Option<AppType>,
}

/// What `refresh_token` needs.
#[derive(Clone, uniffi::Record)]
pub struct RefreshTokenParams {
    pub refresh_token: String,
    #[uniffi(default = None)]
    pub sso_profile_sid: Option<String>,
    #[uniffi(default = false)]
    pub is_console_login: bool,
    #[uniffi(default = None)]
    pub account_sid: Option<String>,
    #[uniffi(default = None)]
    pub instance_sid: Option<String>,
    #[uniffi(default = None)]
    pub app_type: Option<AppType>,
}

/// Looks up the SSO configurations (client ID, SSO profile).
#[uniffi::export(async_runtime = "tokio")]
pub async fn get_authentication_config(
    params: AuthenticationConfigParams,
    service: ServiceOptions,
) -> Result<Vec<AuthenticationConfig>> {
    let p = flex_core::AuthenticationConfigParams {
        account_sid: params.account_sid,
        instance_sid: params.instance_sid,
        runtime_domain: params.runtime_domain,
        sso_profile_sid: params.sso_profile_sid,
        app_type: params.app_type,
    };
    Ok(flex_core::get_authentication_config(&p, &service.into()).await?)
}

/// Builds the login URL and fresh PKCE secrets (synchronous).
#[uniffi::export]
pub fn get_login_details(params: LoginDetailsParams, service: ServiceOptions) -> Result<LoginDetails> {
    let p = flex_core::LoginDetailsParams {
        client_id: params.client_id,
        sso_profile_sid: params.sso_profile_sid,
        is_console_login: params.is_console_login,
        account_sid: params.account_sid,
        instance_sid: params.instance_sid,
        app_type: params.app_type,
        redirect_url: params.redirect_url,
    };
    Ok(flex_core::get_login_details(&p, &service.into())?)
}

/// Exchanges the callback's code for an access token and a refresh token.
#[uniffi::export(async_runtime = "tokio")]
pub async fn exchange_token(params: ExchangeTokenParams, service: ServiceOptions) -> Result<TokenResponse> {
    let p = flex_core::ExchangeTokenParams {
        code: params.code,
        code_verifier: params.code_verifier,
        nonce: params.nonce,
        sso_profile_sid: params.sso_profile_sid,
        is_console_login: params.is_console_login,
        account_sid: params.account_sid,
        instance_sid: params.instance_sid,
        app_type: params.app_type,
    };
    Ok(flex_core::exchange_token(&p, &service.into()).await?)
}

/// Trades a refresh token (single use) for a new access token and the next refresh token.
#[uniffi::export(async_runtime = "tokio")]
pub async fn refresh_token(params: RefreshTokenParams, service: ServiceOptions) -> Result<TokenResponse> {
    let p = flex_core::RefreshTokenParams {
        refresh_token: params.refresh_token,
        sso_profile_sid: params.sso_profile_sid,
        is_console_login: params.is_console_login,
        account_sid: params.account_sid,
        instance_sid: params.instance_sid,
        app_type: params.app_type,
    };
    Ok(flex_core::refresh_token(&p, &service.into()).await?)
}

/// Validates a token with the server and returns what it says about it.
#[uniffi::export(async_runtime = "tokio")]
pub async fn validate_token(account_sid: String, token: String, service: ServiceOptions) -> Result<TokenData> {
    Ok(flex_core::validate_token(&account_sid, &token, &service.into()).await?)
}
