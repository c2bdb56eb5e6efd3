//! Sign-in (API.md §3, PROTOCOL.md §3.6, §3.7, §4): SSO configuration, PKCE
//! login details, code exchange, refresh and validation. Standalone: no client needed.

mod authconfig;
mod login;
mod oauth;
mod types;
mod validate;

pub use authconfig::get_authentication_config;
pub use login::get_login_details;
pub use oauth::{exchange_token, refresh_token};
pub(crate) use oauth::refresh_with;
pub use types::{
    AppType, AuthenticationConfig, AuthenticationConfigParams, ExchangeTokenParams, LoginDetails,
    LoginDetailsParams, RefreshTokenParams, TokenResponse,
};
pub use validate::{validate_token, TokenData};
