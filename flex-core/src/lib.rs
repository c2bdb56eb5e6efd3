//! Twilio Flex SDK core.
//!
//! [`create_client`] (also [`FlexClient::create`]) validates a Flex token, connects the TaskRouter
//! event-bridge socket and loads the agent's worker; the client then offers the
//! worker and task actions, keeps a live snapshot of the worker, and delivers
//! [`FlexEvent`]s to [`FlexListener`]s from a small process-wide pool of delivery threads.

#![warn(missing_docs)]

#[macro_use]
mod record;

mod auth;
mod client;
mod config;
#[cfg(feature = "uniffi")]
pub mod ffi;
mod error;
mod events;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod logging;
mod options;
mod service;
mod participants;
mod runtime;
mod signal;
mod sso;
mod supervisor;
mod task;
mod transport;
mod voice;
mod wire;
mod worker;
mod workspace;

pub use auth::{Secret, SessionTokens, TokenInfo};
pub use client::FlexClient;
pub use config::{
    get_account_config, get_features_config, get_public_config, set_account_config, Feature,
    FeaturesConfig, PublicConfig, PublicConfigQuery,
};
pub use error::{ErrorCode, ErrorInfo, ErrorSeverity, FlexSdkError, Result};
pub use events::{
    ConnectionState, EventStream, FlexEvent, FlexEventKind, FlexListener, ListenerHandle, RenewalState,
    EVENT_STREAM_CAPACITY,
};
pub use options::{ClientOptions, LogLevel, SessionOptions, VoiceOptions};
pub use runtime::shared_runtime;
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("flex_sdk");

/// A JSON value; the bindings carry it as JSON text and map it to each
/// language's own JSON type (`uniffi.toml`).
#[cfg(feature = "uniffi")]
pub type JsonValue = serde_json::Value;

#[cfg(feature = "uniffi")]
uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |value| value.to_string(),
    try_lift: |text| Ok(serde_json::from_str(&text)?),
});
pub use participants::{
    ParticipantError, ParticipantEventKind, ParticipantType, RoutingProperties, TaskParticipant,
    TaskParticipantEvent, TaskParticipantListener,
};
pub use service::ServiceOptions;
pub use sso::{
    exchange_token, get_authentication_config, get_login_details, refresh_token, validate_token,
    AppType, AuthenticationConfig, AuthenticationConfigParams, ExchangeTokenParams, LoginDetails,
    LoginDetailsParams, RefreshTokenParams, TokenData, TokenResponse,
};
pub use voice::{
    CallStatus, MediaEngine, NullMediaEngine, VoiceCall, VoiceCallEvent, VoiceCallEventKind,
    VoiceCallInfo, VoiceCallMessage, VoiceState,
};
pub use task::{Reservation, ReservationStatus, Task, TaskStatus, TaskTransfer, Transfers};
pub use worker::{Activity, Worker, WorkerChannel};
pub use workspace::{TaskQueue, TaskQueuesFilter, WorkerInfo, WorkersFilter, Workspace};

/// Creates a ready client for `token` (the glossary's `createClient`); the
/// same as [`FlexClient::create`].
pub async fn create_client(token: &str, options: ClientOptions) -> Result<FlexClient> {
    FlexClient::create(token, options).await
}
