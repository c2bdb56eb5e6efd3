//! [`FlexClient`]: the flex-core client as a UniFFI object.

use std::sync::Arc;

use flex_core::{ConnectionState, Reservation, TokenInfo, Worker};

use crate::error::{invalid_params, FlexSdkError};
use crate::events::{Adapter, FlexEventListener, ListenerHandle};

/// A connected Flex client for one agent. Dropping the last reference destroys it.
#[derive(Debug, uniffi::Object)]
pub struct FlexClient {
    core: flex_core::FlexClient,
}

impl FlexClient {
    pub(crate) fn new(core: flex_core::FlexClient) -> Arc<Self> {
        Arc::new(FlexClient { core })
    }
}

impl Drop for FlexClient {
    fn drop(&mut self) {
        self.core.destroy();
    }
}

type Result<T> = std::result::Result<T, FlexSdkError>;

#[uniffi::export(async_runtime = "tokio")]
impl FlexClient {
    /// A snapshot of the worker, its activities, channels and active reservations.
    pub fn get_worker(&self) -> Result<Worker> {
        Ok(self.core.get_worker()?)
    }

    /// Sets the worker's activity; with `reject_pending_reservations` pending
    /// reservations are rejected first.
    pub async fn set_current_activity(&self, activity_sid: String, reject_pending_reservations: bool) -> Result<Worker> {
        Ok(self.core.set_current_activity(&activity_sid, reject_pending_reservations).await?)
    }

    /// Sets the worker's attributes from a JSON object text; with `merge_existing`
    /// it is deep-merged into the current attributes, otherwise it replaces them.
    pub async fn set_attributes(&self, attributes_json: String, merge_existing: bool) -> Result<Worker> {
        let attributes = serde_json::from_str(&attributes_json)
            .map_err(|e| invalid_params(format!("attributes are not valid JSON: {e}")))?;
        Ok(self.core.set_attributes(attributes, merge_existing).await?)
    }

    /// Accepts the task's pending reservation; resolves on `reservation.accepted`.
    pub async fn accept_task(&self, task_sid: String) -> Result<Reservation> {
        Ok(self.core.accept_task(&task_sid).await?)
    }

    /// Rejects the task's pending reservation, optionally moving the worker to
    /// `activity_sid`; resolves on `reservation.rejected`.
    pub async fn reject_task(&self, task_sid: String, activity_sid: Option<String>) -> Result<Reservation> {
        Ok(self.core.reject_task(&task_sid, activity_sid.as_deref()).await?)
    }

    /// Moves the task's accepted reservation to wrap-up; resolves on `reservation.wrapup`.
    pub async fn wrap_up_task(&self, task_sid: String) -> Result<Reservation> {
        Ok(self.core.wrap_up_task(&task_sid).await?)
    }

    /// Completes the task's reservation; resolves on `reservation.completed`.
    pub async fn complete_task(&self, task_sid: String) -> Result<Reservation> {
        Ok(self.core.complete_task(&task_sid).await?)
    }

    /// Registers a listener for every event from now on; keep the handle to keep it registered.
    pub fn add_listener(&self, listener: Arc<dyn FlexEventListener>) -> Arc<ListenerHandle> {
        Arc::new(ListenerHandle(self.core.add_listener(Arc::new(Adapter(listener)))))
    }

    /// The state of the event connection.
    pub fn connection_state(&self) -> ConnectionState {
        self.core.connection_state()
    }

    /// Who the current token belongs to and when it expires.
    pub fn token_info(&self) -> TokenInfo {
        self.core.token_info()
    }

    /// Validates a new token, then uses it for every later request and connect.
    pub async fn update_token(&self, token: String) -> Result<()> {
        Ok(self.core.update_token(&token).await?)
    }

    /// Closes the connection and stops the client; emits `ClientDestroyed`.
    /// Idempotent; later calls fail with `InvalidState`.
    pub fn destroy(&self) {
        self.core.destroy();
    }
}
