//! Twilio Flex SDK core.
//!
//! [`FlexClient::create`] validates a Flex token, connects the TaskRouter
//! event-bridge socket and loads the agent's worker; the client then offers the
//! worker and task actions, keeps a live snapshot of the worker, and delivers
//! [`FlexEvent`]s to [`FlexListener`]s on a dedicated dispatcher thread.

#![warn(missing_docs)]

mod auth;
mod client;
mod config;
mod error;
mod events;
pub mod logging;
mod options;
mod signal;
mod task;
mod transport;
mod wire;
mod worker;

pub use auth::{SecretToken, TokenInfo};
pub use client::FlexClient;
pub use error::{ErrorCode, ErrorSeverity, FlexSdkError, Result};
pub use events::{ConnectionState, FlexEvent, FlexListener, ListenerHandle};
pub use options::{ClientOptions, LogLevel};
pub use task::{Reservation, ReservationStatus, Task, TaskStatus};
pub use worker::{Activity, Worker, WorkerChannel};
