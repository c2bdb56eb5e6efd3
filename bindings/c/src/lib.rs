//! C ABI for the Twilio Flex SDK; cbindgen turns it into `include/flex_sdk.h`.
//!
//! Every entry point is defined with [`ffi::ffi_fn!`]: it checks its pointer
//! arguments, catches panics, blocks on the library's own tokio runtime and
//! reports failures as a `flex_result` code plus a thread-local last error.
//! Results are flex-core's types serialized to JSON with serde. See
//! `bindings/c/README.md` for the glossary mapping, ownership and threading rules.

#![allow(non_camel_case_types)]
// The header states the one safety rule of every function (see `cbindgen.toml`).
#![allow(clippy::missing_safety_doc)]

pub mod auth;
pub mod client;
pub mod error;
pub mod event;
mod ffi;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod listener;
pub mod logging;
pub mod options;
mod runtime;
