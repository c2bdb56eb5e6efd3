//! The UniFFI mapping of `flex-core` for Swift, Kotlin and Python.
//!
//! No SDK logic lives here: only the types and calls of `flex-core`, shaped for
//! UniFFI (JSON as strings, durations as milliseconds, one error type).

mod client;
mod codes;
mod configuration;
mod error;
mod events;
mod log;
mod options;
mod service;
mod sso;
mod tasks;
mod types;
mod workspace;

pub use client::FlexClient;
pub use error::FlexSdkError;
pub use events::{FlexEventListener, ListenerHandle, TaskParticipantListener};
pub use log::LogListener;
pub use options::ClientOptions;
pub use service::{ServiceOptions, SessionOptions};
pub use workspace::Workspace;

uniffi::setup_scaffolding!();

/// Validates the token, connects and loads the worker; resolves when the client is ready.
#[uniffi::export(async_runtime = "tokio")]
pub async fn create_client(token: String, options: ClientOptions) -> Result<std::sync::Arc<FlexClient>, FlexSdkError> {
    let core = flex_core::FlexClient::create(&token, options.into()).await?;
    Ok(FlexClient::new(core))
}

/// Sets the SDK log level (stderr); takes effect immediately, from any thread.
#[uniffi::export]
pub fn set_log_level(level: flex_core::LogLevel) {
    flex_core::logging::set_log_level(level);
}
