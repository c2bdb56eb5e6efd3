//! [`FlexClient`]: the core client as a UniFFI object.

use std::sync::Arc;

use super::error::FlexSdkError;
use super::events::{Adapter, EventStream, FlexEventListener, ListenerHandle, ParticipantAdapter, TaskParticipantListener};
use super::runtime::{register, run, Foreign};
use super::workspace::Workspace;
use crate::{FlexEventKind, 
    ClientOptions, ConnectionState, JsonValue, RenewalState, Reservation, SessionTokens, Task, TaskParticipant, TokenInfo, Worker,
    WorkerInfo,
};

type Result<T> = std::result::Result<T, FlexSdkError>;

/// A connected Flex client for one agent. Releasing the last reference destroys it.
#[derive(Debug, uniffi::Object)]
pub struct FlexClient {
    core: crate::FlexClient,
}

impl Drop for FlexClient {
    fn drop(&mut self) {
        self.core.destroy();
    }
}

/// Validates the token, connects and loads the worker; resolves when the client is ready.
#[uniffi::export]
pub async fn create_client(token: String, options: ClientOptions) -> Result<Arc<FlexClient>> {
    let core = run(async move { crate::FlexClient::create(&token, options).await }).await?;
    let client = Arc::new(FlexClient { core });
    register(&client);
    Ok(client)
}

#[uniffi::export]
impl FlexClient {
    /// A snapshot of the worker, its activities, channels and active reservations.
    pub fn get_worker(&self) -> Result<Worker> {
        Ok(self.core.get_worker()?)
    }

    /// Sets the worker's activity; with `reject_pending_reservations` pending
    /// reservations are rejected first.
    pub async fn set_current_activity(&self, activity_sid: String, reject_pending_reservations: bool) -> Result<Worker> {
        let c = self.core.clone();
        run(async move { c.set_current_activity(&activity_sid, reject_pending_reservations).await }).await
    }

    /// Sets the worker's attributes (a JSON object); with `merge_existing` they
    /// are deep-merged into the current attributes, otherwise they replace them.
    pub async fn set_attributes(&self, attributes: JsonValue, merge_existing: bool) -> Result<Worker> {
        let c = self.core.clone();
        run(async move { c.set_attributes(attributes, merge_existing).await }).await
    }

    /// Accepts the task's pending reservation; resolves on `reservation.accepted`.
    pub async fn accept_task(&self, task_sid: String) -> Result<Reservation> {
        let c = self.core.clone();
        run(async move { c.accept_task(&task_sid).await }).await
    }

    /// Rejects the task's pending reservation, optionally moving the worker to
    /// `activity_sid`; resolves on `reservation.rejected`.
    #[uniffi::method(default(activity_sid = None))]
    pub async fn reject_task(&self, task_sid: String, activity_sid: Option<String>) -> Result<Reservation> {
        let c = self.core.clone();
        run(async move { c.reject_task(&task_sid, activity_sid.as_deref()).await }).await
    }

    /// Moves the task's accepted reservation to wrap-up; resolves on `reservation.wrapup`.
    pub async fn wrap_up_task(&self, task_sid: String) -> Result<Reservation> {
        let c = self.core.clone();
        run(async move { c.wrap_up_task(&task_sid).await }).await
    }

    /// Completes the task's reservation; resolves on `reservation.completed`.
    /// With a `reason` the task itself is completed with that reason.
    #[uniffi::method(default(reason = None))]
    pub async fn complete_task(&self, task_sid: String, reason: Option<String>) -> Result<Reservation> {
        let c = self.core.clone();
        run(async move { c.complete_task(&task_sid, reason.as_deref()).await }).await
    }

    /// Ends the task: an accepted reservation goes to wrap-up, a wrapping one is completed.
    pub async fn end_task(&self, task_sid: String) -> Result<Reservation> {
        let c = self.core.clone();
        run(async move { c.end_task(&task_sid).await }).await
    }

    /// Sets a task's attributes (a JSON object); with `merge_existing` they are
    /// deep-merged onto the task's attributes. Resolves with the updated task.
    pub async fn set_task_attributes(&self, task_sid: String, attributes: JsonValue, merge_existing: bool) -> Result<Task> {
        let c = self.core.clone();
        run(async move { c.set_task_attributes(&task_sid, attributes, merge_existing).await }).await
    }

    /// The participants of the task's interaction channel.
    pub async fn get_task_participants(&self, task_sid: String) -> Result<Vec<TaskParticipant>> {
        let c = self.core.clone();
        run(async move { c.get_task_participants(&task_sid).await }).await
    }

    /// Registers a listener for one task's participant events; keep the handle to keep it registered.
    pub fn add_task_participant_listener(
        &self,
        task_sid: String,
        listener: Arc<dyn TaskParticipantListener>,
    ) -> Result<Arc<ListenerHandle>> {
        let adapter = Arc::new(ParticipantAdapter(Foreign::new(listener)));
        Ok(Arc::new(ListenerHandle(self.core.add_task_participant_listener(&task_sid, adapter)?)))
    }

    /// Supervisor: sets another worker's activity. 48920 without a supervisor or admin token.
    pub async fn set_worker_activity(&self, worker_sid: String, activity_sid: String, reject_pending_reservations: bool) -> Result<WorkerInfo> {
        let c = self.core.clone();
        run(async move { c.set_worker_activity(&worker_sid, &activity_sid, reject_pending_reservations).await }).await
    }

    /// Supervisor: sets another worker's attributes (a JSON object); with
    /// `merge_existing` they are deep-merged onto that worker's attributes.
    pub async fn set_worker_attributes(&self, worker_sid: String, attributes: JsonValue, merge_existing: bool) -> Result<WorkerInfo> {
        let c = self.core.clone();
        run(async move { c.set_worker_attributes(&worker_sid, attributes, merge_existing).await }).await
    }

    /// The workspace, for worker, queue and task queries.
    pub fn get_workspace(&self) -> Arc<Workspace> {
        Workspace::new(self.core.get_workspace())
    }

    /// Registers a listener for the events of these kinds (every kind when
    /// empty) from now on, plus `EventsDropped` and `ClientDestroyed`; keep the
    /// handle to keep it registered. Events no listener wants are never
    /// handed to the host language.
    #[uniffi::method(default(kinds = []))]
    pub fn add_listener(&self, listener: Arc<dyn FlexEventListener>, kinds: Vec<FlexEventKind>) -> Arc<ListenerHandle> {
        let adapter = Arc::new(Adapter(Foreign::new(listener)));
        Arc::new(ListenerHandle(self.core.add_listener_for(&kinds, adapter)))
    }

    /// The events of these kinds (every kind when empty) from now on, plus
    /// `EventsDropped` and `ClientDestroyed`, as a stream (see [`EventStream`]).
    #[uniffi::method(default(kinds = []))]
    pub fn events(&self, kinds: Vec<FlexEventKind>) -> Arc<EventStream> {
        Arc::new(EventStream(self.core.events_of(&kinds)))
    }

    /// The state of the event connection.
    pub fn connection_state(&self) -> ConnectionState {
        self.core.connection_state()
    }

    /// Where the automatic token renewal stands (`Off` without a session).
    pub fn renewal_state(&self) -> RenewalState {
        self.core.renewal_state()
    }

    /// Who the current token belongs to and when it expires.
    pub fn token_info(&self) -> TokenInfo {
        self.core.token_info()
    }

    /// The credentials in use now, for an app to persist; `TokenUpdated`
    /// carries the same after every change.
    pub fn token(&self) -> SessionTokens {
        self.core.token()
    }

    /// Validates a new token, then uses it for every later request and connect;
    /// a `refresh_token` replaces the one the automatic renewal uses next.
    #[uniffi::method(default(refresh_token = None))]
    pub async fn update_token(&self, token: String, refresh_token: Option<String>) -> Result<()> {
        let c = self.core.clone();
        run(async move { c.update_token(&token, refresh_token.as_deref()).await }).await
    }

    /// Closes the connection and stops the client; emits `ClientDestroyed`.
    /// Idempotent; later calls fail with `InvalidState`.
    pub fn destroy(&self) {
        self.core.destroy();
    }
}
