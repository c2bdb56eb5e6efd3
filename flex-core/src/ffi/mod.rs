//! The UniFFI face of the SDK (feature `uniffi`): the objects, callback
//! adapters and functions that Swift, Kotlin and Python call. The records and
//! enums are the core's own types, which derive UniFFI where they are declared.
//!
//! UniFFI groups a library's interface by crate, so these objects live in the
//! crate that declares the types: one namespace (`flex_sdk`), one package per
//! language. Every async call runs on one shared multi-thread runtime
//! ([`runtime`]); listeners run on the core's delivery threads, never on a
//! runtime thread; after [`shutdown`] nothing calls into the host language.

mod client;
mod error;
mod events;
mod functions;
mod runtime;
mod workspace;

pub use client::FlexClient;
pub use error::FlexSdkError;
pub use events::{EventStream, FlexEventListener, ListenerHandle, TaskParticipantListener};
pub use functions::LogListener;
pub use runtime::shutdown;
pub use workspace::Workspace;
