//! [`FlexClient`]: creation, state, resync after reconnect, destroy.

mod create;
mod expiry;
mod handler;
mod load;
mod renew;
pub(crate) mod state;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use reqwest::Method;
use serde_json::{Map, Value};
use tokio::sync::watch;
use tokio::task::AbortHandle;

use crate::auth::{SessionTokens, TokenBroker, TokenInfo};
use crate::error::{FlexSdkError, Result};
use crate::events::{
    ConnectionState, Dispatcher, EventStream, FlexEventKind, Kinds, FlexEvent, FlexListener, ListenerHandle, Listeners, RenewalState,
};
use crate::options::ClientOptions;
use crate::transport::hosts::Hosts;
use crate::transport::http::Http;
use crate::transport::tunnel::{ApiVersion, Tunnel};
use crate::voice::{VoiceCall, VoiceState};
use crate::worker::Worker;
use state::State;

/// A connected Flex client for one agent. Cheap to clone (all clones share one session).
#[derive(Clone)]
pub struct FlexClient {
    pub(crate) inner: Arc<Inner>,
}

/// A task aborted when its handle is dropped (an action whose caller gave up).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Everything one client owns.
pub(crate) struct Inner {
    pub(crate) options: ClientOptions,
    pub(crate) hosts: Hosts,
    pub(crate) http: Http,
    pub(crate) tunnel: Tunnel,
    pub(crate) broker: TokenBroker,
    pub(crate) workspace_sid: String,
    pub(crate) worker_sid: String,
    pub(crate) state: Mutex<State>,
    pub(crate) connection: watch::Sender<ConnectionState>,
    /// Where the automatic token renewal stands.
    pub(crate) renewal: watch::Sender<RenewalState>,
    pub(crate) listeners: Arc<Listeners>,
    pub(crate) dispatcher: Dispatcher,
    pub(crate) destroyed: AtomicBool,
    pub(crate) shutdown: watch::Sender<bool>,
    pub(crate) expired: watch::Sender<bool>,
    pub(crate) tasks: Mutex<Vec<AbortHandle>>,
    /// The runtime the client was created on (its socket and background tasks run there).
    pub(crate) runtime: tokio::runtime::Handle,
    /// The voice device, when `ClientOptions::voice` is set (started after creation).
    pub(crate) voice: OnceLock<Arc<crate::voice::Device>>,
}

impl Inner {
    /// The local state, locked (never held across an await or a listener call).
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Emits events to the listeners and internal subscribers.
    pub(crate) fn emit_all(&self, events: Vec<FlexEvent>) {
        for e in events {
            self.dispatcher.emit(e);
        }
    }

    /// Moves to a connection state, emitting `ConnectionStateChanged` if it changed.
    pub(crate) fn set_connection(&self, state: ConnectionState) {
        if self.destroyed.load(Ordering::SeqCst) && state != ConnectionState::Disconnected {
            return;
        }
        if self
            .connection
            .send_if_modified(|s| std::mem::replace(s, state) != state)
        {
            tracing::info!(target: "flex_core::client", ?state, "connection state");
            self.dispatcher
                .emit(FlexEvent::ConnectionStateChanged { state });
        }
    }

    /// Fails with `InvalidState` once destroyed.
    pub(crate) fn check_alive(&self) -> Result<()> {
        if self.destroyed.load(Ordering::SeqCst) {
            Err(FlexSdkError::invalid_state("the client was destroyed"))
        } else {
            Ok(())
        }
    }

    /// A tunnelled TaskRouter call under this client's workspace.
    pub(crate) async fn taskrouter(
        &self,
        method: Method,
        path: &str,
        version: ApiVersion,
        params: Map<String, Value>,
    ) -> Result<Value> {
        let path = format!("Workspaces/{}/{path}", self.workspace_sid);
        self.tunnel
            .call(&self.broker, method, &path, version, params)
            .await
    }

    /// Runs an action inline when the caller is a task already; otherwise (a
    /// `block_on` thread, such as `#[tokio::main]`'s) as a task on the client's
    /// runtime, so that its request, the HTTP connection and the confirming
    /// event meet on the runtime's workers and the caller is woken once, at
    /// the end, instead of at every step. Dropping the future aborts the task.
    pub(crate) async fn on_runtime<T, F>(&self, fut: F) -> Result<T>
    where
        T: Send + 'static,
        F: std::future::Future<Output = Result<T>> + Send + 'static,
    {
        if tokio::task::try_id().is_some() {
            return fut.await;
        }
        let mut task = AbortOnDrop(self.runtime.spawn(fut));
        match (&mut task.0).await {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(FlexSdkError::invalid_state("the client's runtime shut down")),
        }
    }

    /// [`Inner::taskrouter`] when the response's payload is not needed.
    pub(crate) async fn taskrouter_ack(
        &self,
        method: Method,
        path: &str,
        version: ApiVersion,
        params: Map<String, Value>,
    ) -> Result<()> {
        let path = format!("Workspaces/{}/{path}", self.workspace_sid);
        self.tunnel
            .call_ack(&self.broker, method, &path, version, params)
            .await
    }

    /// Runs a background task on the client's runtime, aborted by destroy.
    pub(crate) fn spawn(
        &self,
        runtime: &tokio::runtime::Handle,
        fut: impl std::future::Future<Output = ()> + Send + 'static,
    ) {
        let handle = runtime.spawn(fut);
        self.tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(handle.abort_handle());
    }
}

impl FlexClient {
    /// Validates the token, loads the account configuration, connects the event
    /// socket and loads the worker; resolves when the client is ready, or fails
    /// within `options.connect_timeout`. Must be called inside a tokio runtime.
    pub async fn create(token: &str, options: ClientOptions) -> Result<FlexClient> {
        create::create(token, options).await
    }

    /// Who the current token belongs to and when it expires.
    pub fn token_info(&self) -> TokenInfo {
        self.inner.broker.info()
    }

    /// The state of the event connection.
    pub fn connection_state(&self) -> ConnectionState {
        *self.inner.connection.borrow()
    }

    /// Where the voice device stands (`Off` without `ClientOptions::voice`).
    pub fn voice_state(&self) -> VoiceState {
        self.inner.voice.get().map_or(VoiceState::Off, |d| d.state())
    }

    /// The calls on the voice device (pending, open or reconnecting).
    pub fn voice_calls(&self) -> Vec<VoiceCall> {
        self.inner.voice.get().map(|d| d.voice_calls()).unwrap_or_default()
    }

    /// The call with this SID on the voice device, if it is there.
    pub fn voice_call(&self, call_sid: &str) -> Option<VoiceCall> {
        self.voice_calls().into_iter().find(|c| c.call_sid() == call_sid)
    }

    /// Where the automatic token renewal stands (`Off` without a session).
    pub fn renewal_state(&self) -> RenewalState {
        *self.inner.renewal.borrow()
    }

    /// A snapshot of the worker, its activities, channels and active reservations.
    pub fn get_worker(&self) -> Result<Worker> {
        self.inner.check_alive()?;
        Ok(self.inner.state().worker())
    }

    /// Registers a listener for every event from now on; keep the handle to keep it registered.
    pub fn add_listener(&self, listener: Arc<dyn FlexListener>) -> ListenerHandle {
        self.inner.listeners.add(listener, Kinds::ALL)
    }

    /// Registers a listener for the events of these kinds (every kind when
    /// empty) from now on, plus `EventsDropped` and `ClientDestroyed`. Events
    /// no listener wants never reach the delivery threads.
    pub fn add_listener_for(&self, kinds: &[FlexEventKind], listener: Arc<dyn FlexListener>) -> ListenerHandle {
        self.inner.listeners.add(listener, Kinds::of(kinds))
    }

    /// Every event from now on as an [`EventStream`], handed over on the
    /// client's runtime as it is emitted (no delivery thread in between).
    pub fn events(&self) -> EventStream {
        self.inner.dispatcher.stream(Kinds::ALL)
    }

    /// The events of these kinds (every kind when empty) from now on, plus
    /// `EventsDropped` and `ClientDestroyed`, as an [`EventStream`].
    pub fn events_of(&self, kinds: &[FlexEventKind]) -> EventStream {
        self.inner.dispatcher.stream(Kinds::of(kinds))
    }

    /// Validates a new token, then uses it for every later request and socket
    /// connect; re-arms the expiry timers, emits `TokenUpdated`, and reopens a
    /// socket that expiry closed. A `refresh_token` replaces the one the
    /// automatic renewal uses next.
    pub async fn update_token(&self, token: &str, refresh_token: Option<&str>) -> Result<()> {
        create::update_token(&self.inner, token, refresh_token).await
    }

    /// The credentials in use now (access token, refresh token, expiry), for
    /// an app to persist; `TokenUpdated` carries the same after every change.
    pub fn token(&self) -> SessionTokens {
        self.inner.broker.session_tokens()
    }

    /// Closes the connection and stops every background task; emits
    /// `ClientDestroyed`. The voice device rejects its pending calls, hangs up
    /// the others and closes. Idempotent; later calls fail with `InvalidState`.
    pub fn destroy(&self) {
        let inner = &self.inner;
        if inner.destroyed.swap(true, Ordering::SeqCst) {
            return;
        }
        tracing::info!(target: "flex_core::client", "destroying client");
        if let Some(device) = inner.voice.get() {
            device.destroy();
        }
        inner.shutdown.send_replace(true);
        inner.set_connection(ConnectionState::Disconnected);
        inner
            .dispatcher
            .stop(Some(FlexEvent::ClientDestroyed));
        for task in inner
            .tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            task.abort();
        }
    }
}

impl std::fmt::Debug for FlexClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let info = self.inner.broker.info();
        f.debug_struct("FlexClient")
            .field("identity", &info.identity)
            .field("worker_sid", &self.inner.worker_sid)
            .field("workspace_sid", &self.inner.workspace_sid)
            .field("connection_state", &self.connection_state())
            .field("destroyed", &self.inner.destroyed.load(Ordering::SeqCst))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn client_and_its_futures_are_send() {
        assert_send_sync::<FlexClient>();
        assert_send(&FlexClient::create("t", ClientOptions::default()));
        // Only the types matter; nothing runs.
        let _ = |c: FlexClient| {
            assert_send(&c.accept_task("WT"));
            assert_send(&c.reject_task("WT", None));
            assert_send(&c.wrap_up_task("WT"));
            assert_send(&c.complete_task("WT", None));
            assert_send(&c.end_task("WT"));
            assert_send(&c.set_task_attributes("WT", Value::Null, false));
            assert_send(&c.get_task_participants("WT"));
            assert_send(&c.set_worker_activity("WK", "WA", false));
            assert_send(&c.set_worker_attributes("WK", Value::Null, false));
            assert_send(&c.get_workspace().fetch_workers_info(Default::default()));
            assert_send(&c.get_workspace().fetch_task("WT"));
            assert_send(&c.set_current_activity("WA", false));
            assert_send(&c.set_attributes(Value::Null, false));
            assert_send(&c.update_token("t", None));
        };
    }
}
