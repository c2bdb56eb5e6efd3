//! C ABI for the Twilio Flex SDK; cbindgen turns it into `include/flex_sdk.h`.
//!
//! Every entry point catches panics, reports failures as a [`flex_result`]
//! code plus a thread-local last error, and blocks on the library's own tokio
//! runtime. See `bindings/c/README.md` for ownership and threading rules.
//!
//! Glossary → C mapping:
//!
//! | glossary / flex-core            | C                                        |
//! |---------------------------------|------------------------------------------|
//! | `createClient` / `FlexClient::create` | `flex_create_client`               |
//! | `ClientOptions`                 | `flex_client_options_*`                  |
//! | `getWorker`                     | `flex_client_get_worker` (JSON)          |
//! | `setCurrentActivity`            | `flex_client_set_current_activity`       |
//! | `setAttributes`                 | `flex_client_set_attributes`             |
//! | `acceptTask`                    | `flex_client_accept_task`                |
//! | `rejectTask`                    | `flex_client_reject_task`                |
//! | `wrapUpTask`                    | `flex_client_wrap_up_task`               |
//! | `completeTask`                  | `flex_client_complete_task`              |
//! | `addListener` / `ListenerHandle.remove` | `flex_client_add_listener` / `flex_listener_handle_remove` |
//! | `connectionState`               | `flex_client_connection_state`           |
//! | `tokenInfo`                     | `flex_client_token_info` (JSON)          |
//! | `updateToken`                   | `flex_client_update_token`               |
//! | `destroy`                       | `flex_client_destroy` (+ `flex_client_free`) |
//! | `setLogLevel`                   | `flex_set_log_level`                     |
//! | log listener                    | `flex_set_log_listener`                  |
//! | `getLoginDetails`, `getAuthenticationConfig`, `exchangeToken`, `refreshToken`, `validateToken` | `flex_get_login_details`, `flex_get_authentication_config`, `flex_exchange_token`, `flex_refresh_token`, `flex_validate_token` (JSON) |
//! | `getPublicConfig`, `getAccountConfig`, `setAccountConfig`, `getFeaturesConfig` | `flex_get_public_config`, `flex_get_account_config`, `flex_set_account_config`, `flex_get_features_config` (JSON) |
//! | `ClientOptions.session`         | `flex_client_options_set_auto_update_token`, `…_refresh_token`, `…_sso_profile_sid`, `…_console_login`, `…_app_type`, `…_refresh_margin_ms`, `…_token_check_interval_ms` |
//! | `FlexSdkError`                  | `flex_last_error` + `flex_error_*`       |

#![allow(non_camel_case_types)]

pub mod auth;
pub mod client;
pub mod error;
pub mod event;
mod ffi;
mod json;
mod json_tasks;
pub mod listener;
pub mod log_listener;
pub mod logging;
pub mod options;
mod runtime;
pub mod session;
pub mod strings;
