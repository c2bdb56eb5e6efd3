//! Entry points for the fuzz targets (`fuzz/`, feature `fuzzing`): one-line
//! wrappers around crate-private parsers, not part of the public API.

use reqwest::StatusCode;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::client::state::State;
use crate::transport::{socket, tunnel};
use crate::{FlexEvent, Result, TokenInfo, Worker};

/// Decodes an event-bridge text frame: `None` for heartbeats, else `(event_type, payload)`.
pub fn parse_text_frame(text: &str) -> Option<(String, Value)> { socket::parse_frame(&Message::text(text)) }

/// Decodes an event-bridge binary frame (UTF-8 JSON, like a text frame).
pub fn parse_binary_frame(bytes: &[u8]) -> Option<(String, Value)> { socket::parse_frame(&Message::binary(bytes.to_vec())) }

/// Reads an `init` payload: `(worker_sid, workspace_sid, token_lifetime_ms)`.
pub fn parse_init(payload: &Value) -> (Option<String>, Option<String>, Option<i64>) { let f = socket::parse_init(payload); (f.worker_sid, f.workspace_sid, f.token_lifetime_ms) }

/// A tunnel response's payload, as a tunnelled call reads it (`None` for an invalid HTTP status).
pub fn tunnel_payload(status: u16, body: &[u8]) -> Option<Result<Value>> { StatusCode::from_u16(status).ok().map(|s| tunnel::payload_of(s, body, "fuzz")) }

/// Whether a tunnel response acknowledges a call whose payload is not needed.
pub fn tunnel_ack(status: u16, body: &[u8]) -> Option<Result<()>> { StatusCode::from_u16(status).ok().map(|s| tunnel::ack_of(s, body, "fuzz")) }

/// A list page's items and the next page's `(parameter, cursor)`, if any.
pub type Page = (Vec<Value>, Option<(&'static str, String)>);

/// One page of a tunnelled list.
pub fn tunnel_page(page: Value) -> Result<Page> { tunnel::page_of(page, "fuzz") }

/// The account SID hint a JWT-shaped token carries in `sub`.
pub fn account_sid_hint(token: &str) -> Option<String> { crate::auth::account_sid_hint(token) }

/// Parses a `Tokens/Info` answer for the account `account_sid`.
pub fn parse_token_info(body: &Value, account_sid: &str) -> Result<TokenInfo> { crate::auth::parse_info(body, account_sid) }

/// A date as epoch seconds, epoch milliseconds or ISO 8601, to epoch seconds.
pub fn time_from_value(v: &Value) -> Option<i64> { crate::auth::time_from_value(v) }

/// Deep-merges worker attributes: `patch` into `base`.
pub fn deep_merge(base: &mut Value, patch: Value) { crate::worker::merge::deep_merge(base, patch) }

/// The client's view of its worker and reservations, to apply socket events to.
#[derive(Debug)]
pub struct ClientState(State);

impl ClientState {
    /// A state for the worker a `GET Worker` payload describes, with no reservations.
    pub fn new(worker: &Value) -> Result<ClientState> { crate::worker::wire::parse_worker(worker).map(|w| ClientState(State::new(w, Vec::new(), Vec::new(), Vec::new()))) }

    /// Applies one socket event; the events the client would emit.
    pub fn apply(&mut self, event_type: &str, payload: &Value) -> Vec<FlexEvent> { self.0.apply(event_type, payload) }

    /// A full snapshot of the worker, its channels and its active reservations.
    pub fn worker(&self) -> Worker { self.0.worker() }
}

/// Decodes a voice signalling (PStream) server frame; its debug form.
pub fn parse_voice_frame(text: &str) -> String { format!("{:?}", crate::voice::fuzzing::parse(text)) }

/// The custom parameters of a call's `Params` query string.
pub fn voice_custom_parameters(params: &str) -> std::collections::HashMap<String, String> { crate::voice::fuzzing::custom_parameters(params) }
