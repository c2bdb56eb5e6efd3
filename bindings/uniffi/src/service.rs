//! [`ServiceOptions`] and [`SessionOptions`]: flex-core's endpoint and session
//! options with durations in milliseconds and defaults.

use std::time::Duration;

use flex_core::AppType;

/// Where the standalone functions reach Twilio (or an emulator); every field
/// is defaulted, so `ServiceOptions(endpoint_override = url)` is enough.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ServiceOptions {
    /// The Twilio region (e.g. `"ie1"`); none means the default (us1).
    #[uniffi(default = None)]
    pub region: Option<String>,
    /// The Twilio edge location, for the services that support edges.
    #[uniffi(default = None)]
    pub edge: Option<String>,
    /// One base URL for every service instead of the Twilio hosts (an emulator).
    #[uniffi(default = None)]
    pub endpoint_override: Option<String>,
    /// The timeout of every HTTP request, in milliseconds.
    #[uniffi(default = 15000)]
    pub request_timeout_ms: u64,
}

impl From<ServiceOptions> for flex_core::ServiceOptions {
    fn from(o: ServiceOptions) -> Self {
        flex_core::ServiceOptions {
            region: o.region,
            edge: o.edge,
            endpoint_override: o.endpoint_override,
            request_timeout: Duration::from_millis(o.request_timeout_ms),
        }
    }
}

/// Automatic token renewal (inside `ClientOptions.session`); off by default.
#[derive(Clone, PartialEq, uniffi::Record)]
pub struct SessionOptions {
    /// Renew the token automatically (needs `refresh_token`).
    #[uniffi(default = false)]
    pub auto_update_token: bool,
    /// The refresh token from `exchange_token` (rotated at every renewal).
    #[uniffi(default = None)]
    pub refresh_token: Option<String>,
    /// The SSO profile SID (SSO login).
    #[uniffi(default = None)]
    pub sso_profile_sid: Option<String>,
    /// Console login instead of SSO.
    #[uniffi(default = false)]
    pub is_console_login: bool,
    /// The account SID (console login).
    #[uniffi(default = None)]
    pub account_sid: Option<String>,
    /// The Flex instance SID (console login).
    #[uniffi(default = None)]
    pub instance_sid: Option<String>,
    /// The application type sent with the refresh.
    #[uniffi(default = None)]
    pub app_type: Option<AppType>,
    /// Renew when the token has this long left, in milliseconds.
    #[uniffi(default = 60000)]
    pub refresh_margin_ms: u64,
    /// The longest pause between two expiry checks, in milliseconds.
    #[uniffi(default = 15000)]
    pub check_interval_ms: u64,
}

impl std::fmt::Debug for SessionOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        flex_core::SessionOptions::from(self.clone()).fmt(f)
    }
}

impl From<SessionOptions> for flex_core::SessionOptions {
    fn from(o: SessionOptions) -> Self {
        flex_core::SessionOptions {
            auto_update_token: o.auto_update_token,
            refresh_token: o.refresh_token,
            sso_profile_sid: o.sso_profile_sid,
            is_console_login: o.is_console_login,
            account_sid: o.account_sid,
            instance_sid: o.instance_sid,
            app_type: o.app_type,
            refresh_margin: Duration::from_millis(o.refresh_margin_ms),
            check_interval: Duration::from_millis(o.check_interval_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_flex_core() {
        let service = ServiceOptions { region: None, edge: None, endpoint_override: None, request_timeout_ms: 15000 };
        assert_eq!(flex_core::ServiceOptions::from(service), flex_core::ServiceOptions::default());
        let session = SessionOptions {
            auto_update_token: false,
            refresh_token: None,
            sso_profile_sid: None,
            is_console_login: false,
            account_sid: None,
            instance_sid: None,
            app_type: None,
            refresh_margin_ms: 60000,
            check_interval_ms: 15000,
        };
        assert_eq!(flex_core::SessionOptions::from(session), flex_core::SessionOptions::default());
    }
}
