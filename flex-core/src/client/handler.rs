//! The bridge between the socket loop and the client.

use std::sync::Weak;
use std::time::Duration;

use serde_json::Value;

use super::{load, Inner};
use crate::error::FlexSdkError;
use crate::events::{ConnectionState, FlexEvent};
use crate::transport::socket::{socket_url, SocketHandler};

/// Feeds socket frames into the client's state (holds the client weakly, so a
/// dropped client ends its socket).
pub(super) struct SocketBridge {
    pub(super) inner: Weak<Inner>,
}

impl SocketHandler for SocketBridge {
    fn url(&self) -> String {
        match self.inner.upgrade() {
            Some(inner) => socket_url(
                &inner.hosts.event_bridge_ws,
                inner.broker.token().expose(),
                inner.options.close_existing_sessions,
                inner.options.set_worker_offline_if_disconnected,
            ),
            None => String::new(),
        }
    }

    fn set_state(&self, state: ConnectionState) {
        if let Some(inner) = self.inner.upgrade() {
            inner.set_connection(state);
        }
    }

    async fn resync(&self) {
        if let Some(inner) = self.inner.upgrade() {
            load::resync(&inner).await;
        }
    }

    fn on_event(&self, event_type: &str, payload: Value) {
        if let Some(inner) = self.inner.upgrade() {
            tracing::debug!(target: "flex_core::socket", %event_type, "event");
            let events = inner.state().apply(event_type, &payload);
            inner.emit_all(events);
        }
    }

    fn connect_failed(&self, error: &FlexSdkError, retry_in: Option<Duration>) {
        if let Some(inner) = self.inner.upgrade() {
            if retry_in.is_none() {
                inner.set_connection(ConnectionState::Denied);
            }
            if inner.check_alive().is_ok() {
                inner.dispatcher.emit(FlexEvent::ConnectionError {
                    error: error.into(),
                    terminal: retry_in.is_none(),
                    retry_in_ms: retry_in.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
                });
            }
        }
    }
}
