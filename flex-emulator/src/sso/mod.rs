//! Simulated Flex SSO (PROTOCOL.md §3.6, §3.7, §4): authentication config, an
//! authorize endpoint with a built-in identity provider, the OAuth token
//! endpoint (PKCE authorization codes, rotating refresh tokens, a maximum
//! session lifetime) and the `fail-refresh` test hook.

mod authorize;
mod oauth;
mod setup;
mod store;

use axum::routing::{get, post};
use axum::Router;

use crate::server::App;
pub use store::Sso;

/// The SSO routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/v1/Flex/Authentication/Config",
            get(setup::authentication_config),
        )
        .route("/v1/Flex/Authorize", get(authorize::authorize))
        .route("/v1/Flex/Authentication/Callback", get(authorize::callback))
        .route("/v1/Flex/OAuth/Tokens", post(oauth::tokens))
        .route("/_emulator/fail-refresh", post(setup::fail_refresh))
}
