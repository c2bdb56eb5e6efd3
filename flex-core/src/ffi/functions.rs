//! The standalone functions for the bindings: logging, sign-in and configuration.

use std::sync::Arc;

use super::error::FlexSdkError;
use super::runtime::{run, Foreign};
use crate::error::ErrorCode;
use crate::logging::LogRecord;
use crate::{
    AuthenticationConfig, AuthenticationConfigParams, ExchangeTokenParams, FeaturesConfig, JsonValue, LogLevel,
    LoginDetails, LoginDetailsParams, PublicConfig, PublicConfigQuery, RefreshTokenParams, ServiceOptions, TokenData,
    TokenResponse,
};

type Result<T> = std::result::Result<T, FlexSdkError>;

/// Sets the SDK log level (stderr and the log listener); takes effect at once, from any thread.
#[uniffi::export]
pub fn set_log_level(level: LogLevel) {
    crate::logging::set_log_level(level);
}

/// Receives the SDK's log records (secrets redacted), implemented in Swift,
/// Kotlin or Python; called on the SDK's log thread, in order.
#[uniffi::export(foreign)]
pub trait LogListener: Send + Sync {
    /// Called once per record.
    fn on_log(&self, record: LogRecord) -> std::result::Result<(), FlexSdkError>;
}

struct LogAdapter(Foreign<dyn LogListener>);

impl crate::logging::LogListener for LogAdapter {
    fn on_log(&self, record: LogRecord) {
        if let Some(listener) = self.0.get() {
            let _ = listener.on_log(record);
        }
    }
}

/// Sends every log record to `listener` (replacing any previous one) instead of stderr.
#[uniffi::export]
pub fn set_log_listener(listener: Arc<dyn LogListener>) {
    crate::logging::set_log_listener(Arc::new(LogAdapter(Foreign::new(listener))));
}

/// Removes the log listener; records go to stderr again.
#[uniffi::export]
pub fn remove_log_listener() {
    crate::logging::remove_log_listener();
}

/// Looks up the SSO configurations (client ID, SSO profile).
#[uniffi::export]
pub async fn get_authentication_config(params: AuthenticationConfigParams, service: ServiceOptions) -> Result<Vec<AuthenticationConfig>> {
    run(async move { crate::get_authentication_config(&params, &service).await }).await
}

/// Builds the login URL and fresh PKCE secrets (synchronous).
#[uniffi::export]
pub fn get_login_details(params: LoginDetailsParams, service: ServiceOptions) -> Result<LoginDetails> {
    Ok(crate::get_login_details(&params, &service)?)
}

/// Exchanges the callback's code for an access token and a refresh token.
#[uniffi::export]
pub async fn exchange_token(params: ExchangeTokenParams, service: ServiceOptions) -> Result<TokenResponse> {
    run(async move { crate::exchange_token(&params, &service).await }).await
}

/// Exchanges a refresh token for a new access token and the next refresh token.
#[uniffi::export]
pub async fn refresh_token(params: RefreshTokenParams, service: ServiceOptions) -> Result<TokenResponse> {
    run(async move { crate::refresh_token(&params, &service).await }).await
}

/// Asks the server whether a token is valid, and whose it is.
#[uniffi::export]
pub async fn validate_token(account_sid: String, token: String, service: ServiceOptions) -> Result<TokenData> {
    run(async move { crate::validate_token(&account_sid, &token, &service).await }).await
}

/// An account's public configuration (no token needed).
#[uniffi::export]
pub async fn get_public_config(query: PublicConfigQuery, service: ServiceOptions) -> Result<PublicConfig> {
    run(async move { crate::get_public_config(&query, &service).await }).await
}

/// The token's account configuration, as the server sent it.
#[uniffi::export(default(ui_version = None))]
pub async fn get_account_config(token: String, service: ServiceOptions, ui_version: Option<String>) -> Result<JsonValue> {
    run(async move { crate::get_account_config(&token, ui_version.as_deref(), &service).await }).await
}

/// Updates the account configuration with a JSON object; resolves with the new configuration.
#[uniffi::export]
pub async fn set_account_config(account_sid: String, token: String, config: JsonValue, service: ServiceOptions) -> Result<JsonValue> {
    let JsonValue::Object(config) = config else {
        return Err(FlexSdkError::of(ErrorCode::InvalidParams, "config must be a JSON object"));
    };
    run(async move { crate::set_account_config(&account_sid, &token, &config, &service).await }).await
}

/// The Flex features of the token's account.
#[uniffi::export(default(ui_version = None))]
pub async fn get_features_config(token: String, service: ServiceOptions, ui_version: Option<String>) -> Result<FeaturesConfig> {
    run(async move { crate::get_features_config(&token, ui_version.as_deref(), &service).await }).await
}
