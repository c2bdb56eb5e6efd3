//! Parameters and results of the sign-in functions.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::Secret;

/// The kind of application signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AppType {
    /// A browser single-page application (the default).
    #[default]
    SinglePageApp,
    /// A native mobile application.
    MobileApp,
}

impl AppType {
    /// The wire value (`"SinglePageApp"`, `"MobileApp"`).
    pub fn as_str(self) -> &'static str {
        match self {
            AppType::SinglePageApp => "SinglePageApp",
            AppType::MobileApp => "MobileApp",
        }
    }

    /// Reads a wire value.
    pub(crate) fn parse(s: &str) -> Option<AppType> {
        match s {
            "SinglePageApp" => Some(AppType::SinglePageApp),
            "MobileApp" => Some(AppType::MobileApp),
            _ => None,
        }
    }
}

/// Which SSO configurations to look up (`get_authentication_config`); empty fields are not filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default)]
pub struct AuthenticationConfigParams {
    /// The account SID (`AC…`).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub account_sid: Option<String>,
    /// The Flex instance SID (`GO…`).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub instance_sid: Option<String>,
    /// The runtime domain; `.twil.io` (with `.stage`/`.dev` for those regions) is appended unless present.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub runtime_domain: Option<String>,
    /// The SSO profile SID.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sso_profile_sid: Option<String>,
    /// The application type (default `SinglePageApp`).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub app_type: Option<AppType>,
}

/// One SSO configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AuthenticationConfig {
    /// The account SID.
    pub account_sid: String,
    /// The Flex instance SID.
    pub instance_sid: String,
    /// The IdP connection name.
    pub connection_name: String,
    /// The client ID to pass to `get_login_details`.
    pub client_id: String,
    /// Whether this configuration is active.
    pub active: bool,
    /// The application type it is for.
    pub app_type: AppType,
    /// The SSO profile SID (the connection name, as the official SDK derives it).
    pub sso_profile_sid: String,
}

/// What `get_login_details` needs. SSO login needs `sso_profile_sid`; console
/// login (`is_console_login`) may name the account and instance instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default)]
pub struct LoginDetailsParams {
    /// The client ID from the authentication configuration.
    pub client_id: String,
    /// The SSO profile SID (SSO login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sso_profile_sid: Option<String>,
    /// Console login instead of SSO.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub is_console_login: bool,
    /// The account SID (console login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub account_sid: Option<String>,
    /// The Flex instance SID (console login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub instance_sid: Option<String>,
    /// The application type, sent when set.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub app_type: Option<AppType>,
    /// Where the browser returns with the code, e.g. a mobile app's own scheme;
    /// default `https://services{r}.twilio.com/v1/Flex/Authentication/Callback`.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub redirect_url: Option<String>,
}

/// The login URL to open and the PKCE secrets to keep for `exchange_token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LoginDetails {
    /// The URL to open in a browser.
    pub login_url: String,
    /// The nonce (keep it for `exchange_token`).
    pub nonce: String,
    /// base64url(SHA-256(code_verifier)).
    pub code_challenge: String,
    /// The state the callback must echo.
    pub state: String,
    /// The PKCE verifier (secret; keep it for `exchange_token`).
    pub code_verifier: Arc<Secret>,
}

/// What `exchange_token` needs: the code from the callback and the secrets from `get_login_details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default)]
pub struct ExchangeTokenParams {
    /// The authorization code from the callback.
    pub code: Arc<Secret>,
    /// The PKCE verifier from `get_login_details`.
    pub code_verifier: Arc<Secret>,
    /// The nonce from `get_login_details`.
    pub nonce: String,
    /// The SSO profile SID (SSO login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sso_profile_sid: Option<String>,
    /// Console login instead of SSO.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub is_console_login: bool,
    /// The account SID (console login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub account_sid: Option<String>,
    /// The Flex instance SID (console login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub instance_sid: Option<String>,
    /// The application type, sent when set.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub app_type: Option<AppType>,
}

/// What `refresh_token` needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default)]
pub struct RefreshTokenParams {
    /// The refresh token (single use: the answer carries the next one).
    pub refresh_token: Arc<Secret>,
    /// The SSO profile SID (SSO login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sso_profile_sid: Option<String>,
    /// Console login instead of SSO.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub is_console_login: bool,
    /// The account SID (console login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub account_sid: Option<String>,
    /// The Flex instance SID (console login).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub instance_sid: Option<String>,
    /// The application type, sent when set.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub app_type: Option<AppType>,
}

/// A new access token and the refresh token that replaces the one used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TokenResponse {
    /// The Flex access token.
    pub access_token: Arc<Secret>,
    /// The next refresh token.
    pub refresh_token: Arc<Secret>,
    /// The server's description of the token, when it sent one.
    pub token_info: Option<Value>,
}

