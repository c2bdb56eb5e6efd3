//! [`FlexClient`]: the flex-core client as a UniFFI object.

use std::sync::Arc;

use flex_core::{ConnectionState, Reservation, Task, TaskParticipant, TokenInfo, Worker, WorkerInfo};

use crate::error::{invalid_params, FlexSdkError};
use crate::events::{Adapter, FlexEventListener, ListenerHandle, ParticipantAdapter, TaskParticipantListener};
use crate::workspace::Workspace;

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

/// Parses attributes JSON text; malformed text is `InvalidParams`.
fn parse_json(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| invalid_params(format!("attributes are not valid JSON: {e}")))
}

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
        let attributes = parse_json(&attributes_json)?;
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
    /// With a `reason` the task itself is completed with that reason.
    #[uniffi::method(default(reason = None))]
    pub async fn complete_task(&self, task_sid: String, reason: Option<String>) -> Result<Reservation> {
        Ok(self.core.complete_task(&task_sid, reason.as_deref()).await?)
    }

    /// Ends the task: an accepted reservation goes to wrap-up, a wrapping one is completed.
    pub async fn end_task(&self, task_sid: String) -> Result<Reservation> {
        Ok(self.core.end_task(&task_sid).await?)
    }

    /// Sets a task's attributes from a JSON object text; with `merge_existing` it
    /// is deep-merged onto the task's attributes. Resolves with the updated task.
    pub async fn set_task_attributes(&self, task_sid: String, attributes_json: String, merge_existing: bool) -> Result<Task> {
        let attributes = parse_json(&attributes_json)?;
        Ok(self.core.set_task_attributes(&task_sid, attributes, merge_existing).await?)
    }

    /// The participants of the task's interaction channel.
    pub async fn get_task_participants(&self, task_sid: String) -> Result<Vec<TaskParticipant>> {
        Ok(self.core.get_task_participants(&task_sid).await?)
    }

    /// Registers a listener for one task's participant events; keep the handle to keep it registered.
    pub fn add_task_participant_listener(
        &self,
        task_sid: String,
        listener: Arc<dyn TaskParticipantListener>,
    ) -> Result<Arc<ListenerHandle>> {
        let handle = self.core.add_task_participant_listener(&task_sid, Arc::new(ParticipantAdapter(listener)))?;
        Ok(Arc::new(ListenerHandle(handle)))
    }

    /// Supervisor: sets another worker's activity. 48920 without a supervisor or admin token.
    pub async fn set_worker_activity(&self, worker_sid: String, activity_sid: String, reject_pending_reservations: bool) -> Result<WorkerInfo> {
        Ok(self.core.set_worker_activity(&worker_sid, &activity_sid, reject_pending_reservations).await?)
    }

    /// Supervisor: sets another worker's attributes from a JSON object text;
    /// with `merge_existing` it is deep-merged onto that worker's attributes.
    pub async fn set_worker_attributes(&self, worker_sid: String, attributes_json: String, merge_existing: bool) -> Result<WorkerInfo> {
        let attributes = parse_json(&attributes_json)?;
        Ok(self.core.set_worker_attributes(&worker_sid, attributes, merge_existing).await?)
    }

    /// The workspace, for worker, queue and task queries.
    pub fn get_workspace(&self) -> Arc<Workspace> {
        Workspace::new(self.core.get_workspace())
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
