//! Voice: the built-in Twilio Voice device (the PStream signalling client,
//! VOICE.md §1), its calls ([`VoiceCall`]) and media behind [`MediaEngine`].
//!
//! Enabled by `ClientOptions::voice`: the client then registers its device for
//! incoming calls when it is created, accepting a voice task dials that device
//! through the reservation's `conference` instruction, and the calls and the
//! device's state reach the listeners as [`crate::FlexEvent::VoiceCall`] and
//! [`crate::FlexEvent::VoiceStateChanged`].

mod accept;
mod call;
mod device;
mod errors;
mod media;
mod params;
mod signalling;
mod wire;

use std::collections::HashMap;

use serde::Serialize;

use crate::error::ErrorInfo;

pub(crate) use accept::conference_instruction;
pub use call::VoiceCall;
pub(crate) use device::Device;
pub use media::{MediaEngine, NullMediaEngine};

/// The frame and parameter parsers, for `crate::fuzzing`.
#[cfg(feature = "fuzzing")]
pub(crate) mod fuzzing {
    pub(crate) use super::params::custom_parameters;
    pub(crate) use super::wire::parse;
}

/// Where the voice device stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum VoiceState {
    /// Voice is not enabled (`ClientOptions::voice` is `None`).
    Off,
    /// Opening the signalling socket or waiting for `connected`.
    Connecting,
    /// Authenticated, not (yet) registered for incoming calls.
    Connected,
    /// Registered: incoming calls reach this device.
    Registered,
    /// The signalling socket was lost; reconnecting with backoff (calls with a
    /// reconnect token are kept).
    Reconnecting,
    /// The server refused the token; nothing is retried until a new token.
    Denied,
    /// Closed for good (the client was destroyed, or the server closed the stream).
    Disconnected,
}

/// Where a call stands (the Voice SDK's `call.status()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// Incoming, not accepted yet.
    Pending,
    /// Up.
    Open,
    /// Its signalling was lost; it is resumed on the next socket.
    Reconnecting,
    /// Ended (disconnected, rejected, canceled or failed).
    Closed,
}

/// A snapshot of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoiceCallInfo {
    /// `CA…`.
    pub call_sid: String,
    /// Where the call stands.
    pub status: CallStatus,
    /// The caller: `parameters.From` (`from` is a keyword in Python).
    pub caller: Option<String>,
    /// The callee: `parameters.To`.
    pub callee: Option<String>,
    /// Every parameter of the incoming call (`CallSid`, `From`, `To`, `Params`, …).
    pub parameters: HashMap<String, String>,
    /// The custom parameters parsed from `parameters.Params`, e.g. `flex_session_identifier`.
    pub custom_parameters: HashMap<String, String>,
    /// Whether the local audio is muted.
    pub muted: bool,
}

/// What happened to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum VoiceCallEventKind {
    /// A call arrived on the device.
    Incoming,
    /// The call was accepted on this device (its answer was sent).
    Accepted,
    /// A pending call was withdrawn (the caller hung up, or another device took it).
    Canceled,
    /// This device rejected the pending call.
    Rejected,
    /// The call ended.
    Disconnected,
    /// The local audio was muted.
    Muted,
    /// The local audio was unmuted.
    Unmuted,
    /// The signalling was lost during the call; it is being resumed.
    Reconnecting,
    /// The call was resumed on a new signalling socket.
    Reconnected,
    /// A user-defined message was accepted by the server (`voice_event_sid` names it).
    MessageSent,
    /// A user-defined message arrived (`message`, `voice_event_sid`).
    MessageReceived,
    /// The call had an error (`error`).
    Error,
}

/// An event about a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoiceCallEvent {
    /// What happened.
    pub kind: VoiceCallEventKind,
    /// The call after it happened.
    pub call: VoiceCallInfo,
    /// The error, for `Error` and for a `Reconnecting` or `Disconnected` caused by one.
    pub error: Option<ErrorInfo>,
    /// The user-defined message, for `MessageSent`, `MessageReceived` and a message's `Error`.
    pub voice_event_sid: Option<String>,
    /// The message received, for `MessageReceived`.
    pub message: Option<VoiceCallMessage>,
}

/// A user-defined message received on a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VoiceCallMessage {
    /// The content.
    pub content: String,
    /// Its MIME type (e.g. `application/json`).
    pub content_type: String,
}
